"""Build a generator spec into a Theano graph with the public API only.

This one file runs under the real Theano 1.0.5 (the oracle) and under theano-xla, so both
sides build the very same graph from the same spec.  It imports only ``numpy``, ``theano``,
``theano.tensor`` and ``theano.tensor.nnet`` (no test helpers, nothing of theano-xla).
"""
from __future__ import annotations

import hashlib

import numpy as np
import theano
import theano.tensor as T
from theano.tensor import nnet


def input_value(inp: dict) -> np.ndarray:
    """The seeded value of one input (numpy's legacy RandomState stream is frozen)."""
    rng = np.random.RandomState(inp["seed"])
    shape = tuple(inp["shape"])
    dt = inp["dtype"]
    if dt.startswith("float"):
        v = rng.standard_normal(shape) * 1.5
    elif dt == "bool":
        v = rng.randint(0, 2, size=shape)
    elif dt == "uint8":
        v = rng.randint(0, 10, size=shape)
    else:
        v = rng.randint(-5, 6, size=shape)
    return np.asarray(v).astype(dt)


def values_digest(values: list) -> str:
    """A short digest of input values, so both sides can check they fed the same numbers."""
    h = hashlib.sha1()
    for v in values:
        h.update(str(v.dtype).encode() + str(v.shape).encode() + np.ascontiguousarray(v).tobytes())
    return h.hexdigest()[:16]


def _index(idx: list) -> tuple:
    out = []
    for d in idx:
        if "i" in d:
            out.append(d["i"])
        elif "a" in d:
            out.append(d["a"])
        else:
            out.append(slice(*d["s"]))
    return tuple(out)


def _reduce(name):
    def f(a, axis=None, keepdims=False):
        axis = tuple(axis) if isinstance(axis, list) else axis
        return getattr(T, name)(a, axis=axis, keepdims=keepdims)
    return f


_UNARY = {
    "exp": T.exp, "tanh": T.tanh, "sin": T.sin, "cos": T.cos, "sqr": T.sqr, "abs": abs,
    "neg": lambda a: -a, "sqrt_abs": lambda a: T.sqrt(abs(a)),
    "log_abs1": lambda a: T.log(abs(a) + 1), "log1p_abs": lambda a: T.log1p(abs(a)),
    "expm1": T.expm1, "erf": T.erf, "sgn": T.sgn, "floor": T.floor, "ceil": T.ceil,
    "round_even": lambda a: T.round(a, mode="half_to_even"), "sigmoid": nnet.sigmoid,
    "softplus": nnet.softplus, "relu": nnet.relu, "inv": T.inv, "invert": T.invert,
    "transpose": lambda a: a.T, "zeros_like": T.zeros_like, "ones_like": T.ones_like,
    "softmax": nnet.softmax,
}
_BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "true_div": T.true_div, "int_div": lambda a, b: a // b, "mod": lambda a, b: a % b,
    "pow_sq": lambda a, b: abs(a) ** T.sqr(b), "maximum": T.maximum, "minimum": T.minimum,
    "lt": T.lt, "gt": T.gt, "le": T.le, "ge": T.ge, "eq": T.eq, "neq": T.neq,
    "and": lambda a, b: a & b, "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b,
    "dot": T.dot, "batched_dot": T.batched_dot,
}
_CONST = {
    "add_c": lambda a, c: a + c, "mul_c": lambda a, c: a * c, "sub_c": lambda a, c: a - c,
    "rsub_c": lambda a, c: c - a, "maximum_c": lambda a, c: T.maximum(a, c),
}
_OTHER = {
    "cast": lambda a, dtype: T.cast(a, dtype),
    "clip": lambda a, lo, hi: T.clip(a, lo, hi),
    "switch": lambda c, a, b: T.switch(c, a, b),
    "getitem": lambda a, idx: a[_index(idx)],
    "set_subtensor": lambda a, y, idx: T.set_subtensor(a[_index(idx)], y),
    "inc_subtensor": lambda a, y, idx: T.inc_subtensor(a[_index(idx)], y),
    "tensordot": lambda a, b, axes: T.tensordot(a, b, axes=axes),
    "reshape": lambda a, shape: a.reshape(tuple(shape)),
    "dimshuffle": lambda a, pattern: a.dimshuffle(*pattern),
    "flatten": lambda a, ndim: a.flatten(ndim),
    "concatenate": lambda *args, axis: T.concatenate(list(args), axis=axis),
    "stack": lambda *args, axis: T.stack(list(args), axis=axis),
    "shape_i": lambda a, i: a.shape[i],
    "reshape_sym": lambda a: a.reshape((a.shape[0], -1)),
    "arange_shape": lambda a: T.arange(a.shape[0]),
    "alloc_shape": lambda a, v: T.alloc(T.cast(v, a.dtype), *[a.shape[i] for i in range(a.ndim)]),
    "categorical_crossentropy": lambda a, target: nnet.categorical_crossentropy(
        nnet.softmax(a), T.constant(np.asarray(target, dtype="int64"))),
    "binary_crossentropy": lambda a, target: nnet.binary_crossentropy(
        nnet.sigmoid(a), T.constant(np.asarray(target, dtype=a.dtype))),
}
for _name in ("sum", "prod", "max", "min", "mean", "var", "std", "argmax", "argmin", "all", "any"):
    _OTHER[_name] = _reduce(_name)


def apply_op(op: str, args: list, kw: dict):
    """One spec node applied with the public API."""
    if op in _UNARY:
        return _UNARY[op](*args)
    if op in _BINARY:
        return _BINARY[op](*args)
    if op in _CONST:
        return _CONST[op](args[0], kw["c"])
    return _OTHER[op](*args, **kw)


def build(spec: dict) -> tuple[list, list, list, list]:
    """(input variables, input values, forward outputs, gradient outputs) of a spec.

    The gradient outputs are ``T.grad`` of the sum of the float forward outputs with respect to
    every float input (empty when the spec asks for none or no output is float).
    """
    ins = [T.tensor(dtype=i["dtype"], broadcastable=tuple(i["bcast"]), name=i["name"])
           for i in spec["inputs"]]
    vals = [input_value(i) for i in spec["inputs"]]
    vars_ = list(ins)
    for op, refs, kw in spec["nodes"]:
        vars_.append(apply_op(op, [vars_[k] for k in refs], kw))
    outs = [vars_[k] for k in spec["outputs"]]
    grads: list = []
    if spec["grad"]:
        floats = [o for o in outs if o.dtype.startswith("float")]
        wrt = [v for v in ins if v.dtype.startswith("float")]
        if floats and wrt:
            cost = floats[0].sum()
            for o in floats[1:]:
                cost = cost + o.sum()
            grads = theano.grad(cost, wrt, disconnected_inputs="ignore")
    return ins, vals, outs, grads


def printed(outs: list) -> dict:
    """debugprint / pp / min_informative_str texts of the forward outputs (errors as text)."""
    res = {}
    for key, fn in (("debugprint", lambda: theano.printing.debugprint(outs, file="str")),
                    ("pp", lambda: "\n".join(theano.printing.pp(o) for o in outs)),
                    ("min_informative_str",
                     lambda: "\n".join(theano.printing.min_informative_str(o) for o in outs))):
        try:
            res[key] = fn()
        except Exception as e:  # recorded and compared like a value
            res[key] = "!error %s" % type(e).__name__
    return res
