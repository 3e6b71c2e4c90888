"""An independent numpy evaluator of our graphs, the reference the lowering and rewrite tests compare with.

Each op class (and each elementwise scalar op) maps to a numpy/scipy function written here from the op's
documented semantics (Theano 1.0.5's docstrings and `perform`s); nothing here calls our lowering, our host
evaluator or an op's own `perform`/`host_impl`, so a wrong lowering rule cannot agree with itself. Values are
computed in numpy's own precision and cast to the dtype the graph declares for each output (as Theano's
`perform` stores them), so the comparison checks both the dtype and the value of what `theano.function` returns.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import numpy as np
import scipy.special as sp
import scipy.stats

import theano
from theano.frontend.graph import Apply, Constant, Type, Variable, io_toposort

from ctc_reference import CTC_REFERENCE
from linalg_reference import LINALG_REFERENCE
from mrg_reference import MRG_REFERENCE
from nnet_reference import NNET_REFERENCE, NNET_SCALAR_REFERENCE
from pool_reference import POOL_REFERENCE


class NoReference(LookupError):
    """An op (or scalar op) the reference has no numpy function for: the test must list it explicitly."""


def _round_half_away(x: Any) -> Any:
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def _ultra_fast_sigmoid(x: Any) -> Any:
    """Theano's piecewise tanh approximation (nnet/sigm.py, UltraFastScalarSigmoid.st_impl)."""
    h = 0.5 * np.asarray(x, dtype=np.float64)
    a = np.abs(h)
    z = np.where(a < 1.7, 1.5 * a / (1 + a), np.where(a < 3, 0.935409070603099 + 0.0458812946797165 * (a - 1.7),
                                                       0.99505475368673))
    return 0.5 * (np.sign(h) * z + 1.0)


# scalar op name -> numpy function of the (broadcast) input arrays
SCALAR_REFERENCE: dict[str, Callable[..., Any]] = {
    "add": lambda *xs: functools.reduce(np.add, xs), "mul": lambda *xs: functools.reduce(np.multiply, xs),
    "sub": np.subtract, "true_div": np.true_divide, "int_div": np.floor_divide, "mod": np.mod,
    "neg": np.negative, "inv": lambda x: 1.0 / x, "sqr": lambda x: x * x, "sqrt": np.sqrt, "pow": np.power,
    "abs_": np.abs, "sgn": np.sign, "maximum": np.maximum, "minimum": np.minimum,
    "exp": np.exp, "exp2": np.exp2, "expm1": np.expm1, "log": np.log, "log2": np.log2, "log10": np.log10,
    "log1p": np.log1p, "sin": np.sin, "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin, "arccos": np.arccos,
    "arctan": np.arctan, "arctan2": np.arctan2, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh,
    "arcsinh": np.arcsinh, "arccosh": np.arccosh, "arctanh": np.arctanh, "deg2rad": np.deg2rad,
    "rad2deg": np.rad2deg, "ceil": np.ceil, "floor": np.floor, "trunc": np.trunc,
    "round_half_to_even": np.round, "round_half_away_from_zero": _round_half_away,
    "eq": np.equal, "neq": np.not_equal, "lt": np.less, "le": np.less_equal, "gt": np.greater,
    "ge": np.greater_equal, "and_": np.bitwise_and, "or_": np.bitwise_or, "xor": np.bitwise_xor,
    "invert": np.invert, "isnan": np.isnan, "isinf": np.isinf,
    "identity": lambda x: x, "second": lambda a, b: np.broadcast_to(b, np.broadcast(a, b).shape),
    "switch": lambda c, a, b: np.where(c, a, b),
    "clip": lambda x, lo, hi: np.where(x < lo, lo, np.where(x > hi, hi, x)),  # Theano's order: lo wins over hi
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)), "softplus": lambda x: np.logaddexp(0.0, x),
    "ultra_fast_sigmoid": _ultra_fast_sigmoid,
    "erf": sp.erf, "erfc": sp.erfc, "erfcx": sp.erfcx, "erfinv": sp.erfinv, "erfcinv": sp.erfcinv,
    "gamma": sp.gamma, "gammaln": sp.gammaln, "psi": sp.psi, "tri_gamma": lambda x: sp.polygamma(1, x),
    "chi2sf": lambda x, k: scipy.stats.chi2.sf(x, k), "gammainc": sp.gammainc, "gammaincc": sp.gammaincc,
    "gammau": lambda k, x: sp.gammaincc(k, x) * sp.gamma(k), "gammal": lambda k, x: sp.gammainc(k, x) * sp.gamma(k),
    "j0": sp.j0, "j1": sp.j1, "jv": sp.jv, "iv": sp.iv, "i0": sp.i0, "i1": sp.i1,
    "real": np.real, "imag": np.imag, "angle": np.angle, "conj": np.conj,
    "complex": lambda a, b: a + 1j * b, "complex_from_polar": lambda r, t: r * np.exp(1j * t),
}


def scalar_reference(name: str) -> Callable[..., Any]:
    """The numpy function of a scalar op; casts (`convert_to_<dtype>`) are the identity before the output cast."""
    if name.startswith("convert_to_"):
        return lambda x: x
    if name not in SCALAR_REFERENCE:
        raise NoReference(f"no numpy reference for the scalar op {name!r}")
    return SCALAR_REFERENCE[name]


def _axis(axis: Any) -> Any:
    return None if axis is None else tuple(axis)


def _index_values(idx_list: Sequence[Any], values: Sequence[Any]) -> tuple:
    """Theano's idx_list template (a Type entry takes the next input) filled with the input values."""
    it = iter(values)

    def one(e: Any) -> Any:
        return int(next(it)) if isinstance(e, Type) else e

    return tuple(slice(one(e.start), one(e.stop), one(e.step)) if isinstance(e, slice) else one(e) for e in idx_list)


def _advanced_key(idx_list: Sequence[Any] | None, values: Sequence[Any]) -> tuple:
    """The advanced ops' idx_list: 'index' takes the next input (array, scalar or mask); slices and None as is."""
    if idx_list is None:
        return tuple(values)
    it = iter(values)
    return tuple(next(it) if e == "index" else e for e in idx_list)


def _inc(x: Any, y: Any, key: Any, set_: bool, accumulate: bool) -> Any:
    out = np.array(x, copy=True)
    if set_:
        out[key] = y
    elif accumulate:
        np.add.at(out, key, y)
    else:
        out[key] += y
    return out


def _softmax(x: Any) -> Any:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _dimshuffle(op: Any, x: Any) -> Any:
    kept = [d for d in op.new_order if d != "x"]
    dropped = tuple(i for i in range(x.ndim) if i not in kept)
    y = np.transpose(x.reshape([s for i, s in enumerate(x.shape) if i not in dropped]) if dropped else x,
                     [sorted(kept).index(d) for d in kept])
    return y.reshape([1 if d == "x" else x.shape[d] for d in op.new_order])


def _max_and_argmax(op: Any, x: Any) -> list[Any]:
    axes = tuple(range(x.ndim)) if op.axis is None else tuple(op.axis)
    rest = [i for i in range(x.ndim) if i not in axes]
    moved = np.transpose(x, rest + list(axes)).reshape([x.shape[i] for i in rest] + [-1])
    return [np.max(x, axis=axes), np.argmax(moved, axis=-1)]


def _crossentropy_softmax_argmax(x: Any, b: Any, y: Any) -> list[Any]:
    sm = _softmax(x + b)
    rows = np.arange(len(y))
    return [-np.log(sm[rows, y]), sm, np.argmax(x + b, axis=1)]


def _crossentropy_dx(dy: Any, sm: Any, y: Any) -> Any:
    dx = dy[:, None] * sm
    dx[np.arange(len(y)), y] -= dy
    return dx


def _crossentropy_1hot_grad(g: Any, coding: Any, y: Any) -> Any:
    out = np.zeros_like(coding)
    rows = np.arange(len(y))
    out[rows, y] = -g / coding[rows, y]
    return out


def _split(op: Any, x: Any, axis: Any, splits: Any) -> list[Any]:
    return np.split(x, np.cumsum(splits)[:-1], axis=int(axis))


def _reduce(fn: Callable[..., Any]) -> Callable[..., list[Any]]:
    return lambda op, x: [fn(x, axis=_axis(op.axis))]


def _careduce(op: Any, x: Any) -> list[Any]:
    ufunc = {"add": np.add, "mul": np.multiply, "maximum": np.maximum, "minimum": np.minimum,
             "and_": np.bitwise_and, "or_": np.bitwise_or, "xor": np.bitwise_xor}[op.scalar_op.name]
    axes = range(x.ndim) if op.axis is None else op.axis
    acc = getattr(op, "acc_dtype", None)
    for a in sorted(axes, reverse=True):
        x = ufunc.reduce(x, axis=a, dtype=acc) if acc is not None else ufunc.reduce(x, axis=a)
    return [x]


def _elemwise(node: Apply, xs: Sequence[Any]) -> list[Any]:
    """A scalar op over the inputs; a float result is computed from integer inputs in its own float dtype (as
    Theano's impls do with sig='f'), not in the float16 numpy picks for int8."""
    name = node.op.scalar_op.name
    out = np.dtype(node.outputs[0].type.dtype)
    if out.kind in "fc" and name not in ("switch", "second"):
        xs = [x.astype(out) if x.dtype.kind in "biu" else x for x in xs]
    return [scalar_reference(name)(*xs)]


def _identity(op: Any, x: Any, *rest: Any) -> list[Any]:
    return [x]


# op class name -> numpy function (op, *input values) -> list of output values
OP_REFERENCE: dict[str, Callable[..., list[Any]]] = {
    "DimShuffle": lambda op, x: [_dimshuffle(op, x)],
    "Rebroadcast": _identity, "SpecifyShape": _identity, "ViewOp": _identity, "DeepCopyOp": _identity,
    "OutputGuard": _identity, "ZeroGrad": _identity, "DisconnectedGrad": _identity, "ConsiderConstant": _identity,
    "GradClip": _identity, "GradScale": _identity, "UndefinedGrad": _identity, "HostCheck": _identity, "Assert": _identity,
    "BatchShard": _identity, "PdbBreakpoint": lambda op, cond, *monitored: list(monitored),
    "Shape": lambda op, x: [np.array(x.shape)], "Shape_i": lambda op, x: [np.array(x.shape[op.i])],
    "MakeVector": lambda op, *xs: [np.array(xs)], "Reshape": lambda op, x, s: [np.reshape(x, tuple(s))],
    "Alloc": lambda op, v, *s: [np.broadcast_to(v, tuple(int(d) for d in s)).copy()],
    "ARange": lambda op, a, b, c: [np.arange(a, b, c)],
    "Eye": lambda op, n, m, k: [np.eye(int(n), int(m), int(k))], "Tri": lambda op, n, m, k: [np.tri(int(n), int(m), int(k))],
    "ExtractDiag": lambda op, x: [np.diagonal(x, op.offset, op.axis1, op.axis2)],
    "AllocDiag": lambda op, d: [np.diag(d, op.offset)],
    "Join": lambda op, axis, *xs: [np.concatenate(xs, axis=int(axis))], "Split": _split,
    "Sum": _reduce(np.sum), "Prod": _reduce(np.prod), "All": _reduce(np.all), "Any": _reduce(np.any),
    "ProdWithoutZeros": lambda op, x: [np.prod(np.where(x == 0, 1, x), axis=_axis(op.axis))],
    "Mean": _reduce(np.mean), "CAReduce": _careduce, "CAReduceDtype": _careduce,
    "MaxAndArgmax": _max_and_argmax, "Argmax": lambda op, x: _max_and_argmax(op, x)[1:],
    "Dot": lambda op, a, b: [np.dot(a, b)], "BatchedDot": lambda op, a, b: [np.einsum("bij,bjk->bik", a, b)
                                                                             if a.ndim == 3 else np.einsum("bi,bi->b", a, b)],
    "Softmax": lambda op, x: [_softmax(x)], "SoftmaxWithBias": lambda op, x, b: [_softmax(x + b)],
    "LogSoftmax": lambda op, x: [np.log(_softmax(x))],
    "SoftmaxGrad": lambda op, dy, sm: [(dy - (dy * sm).sum(axis=-1, keepdims=True)) * sm],
    "CrossentropySoftmaxArgmax1HotWithBias": lambda op, x, b, y: _crossentropy_softmax_argmax(x, b, y),
    "CrossentropySoftmax1HotWithBiasDx": lambda op, dy, sm, y: [_crossentropy_dx(dy, sm, y)],
    "CrossentropyCategorical1Hot": lambda op, c, y: [-np.log(c[np.arange(len(y)), y])],
    "CrossentropyCategorical1HotGrad": lambda op, g, c, y: [_crossentropy_1hot_grad(g, c, y)],
    "Subtensor": lambda op, x, *i: [x[_index_values(op.idx_list, i)]],
    "IncSubtensor": lambda op, x, y, *i: [_inc(x, y, _index_values(op.idx_list, i), op.set_instead_of_inc, False)],
    "AdvancedSubtensor1": lambda op, x, i: [x[i]],
    "AdvancedIncSubtensor1": lambda op, x, y, i: [_inc(x, y, i, op.set_instead_of_inc, True)],
    "AdvancedSubtensor": lambda op, x, *i: [x[_advanced_key(op.idx_list, i)]],
    "AdvancedBooleanSubtensor": lambda op, x, *i: [x[_advanced_key(op.idx_list, i)]],
    "AdvancedIncSubtensor": lambda op, x, y, *i: [_inc(x, y, _advanced_key(op.idx_list, i), op.set_instead_of_inc, True)],
    "AdvancedBooleanIncSubtensor": lambda op, x, y, *i: [_inc(x, y, _advanced_key(op.idx_list, i),
                                                              op.set_instead_of_inc, True)],
    "CumOp": lambda op, x: [(np.cumsum if op.mode == "add" else np.cumprod)(x, axis=op.axis)],
    "RepeatOp": lambda op, x, r: [np.repeat(x, r, axis=op.axis)],
    "SortOp": lambda op, x, a: [np.sort(x, axis=int(a))],
    "ArgSortOp": lambda op, x, a: [np.argsort(x, axis=int(a), kind="stable")],
    "Nonzero": lambda op, x: [np.array(np.nonzero(x)).reshape(x.ndim, -1)],
    "NonzeroCount": lambda op, x: [np.array(np.count_nonzero(x))],
    "MaskCount": lambda op, mask, *dims: [np.array(np.count_nonzero(mask))],
}


# --- issue 10: extra_ops, sort/topk and missing T.* names
def _topk(op: Any, x: np.ndarray, k: np.ndarray) -> list:
    k = int(k)
    order = np.argsort(x, axis=op.axis, kind="stable")
    n = x.shape[op.axis]
    idx = np.take(order, range(n - k, n) if k > 0 else range(-k), axis=op.axis)
    outs = [np.take_along_axis(x, idx, axis=op.axis), idx]
    return [o for o, flag in zip(outs, (op.return_values, op.return_indices)) if flag]


def _fill_diagonal_offset(a: np.ndarray, val: np.ndarray, offset: np.ndarray) -> list:
    out = a.copy()
    for i in range(a.shape[0]):
        j = i + int(offset)
        if 0 <= j < a.shape[1]:
            out[i, j] = val
    return [out]


def _fill_diagonal(a: np.ndarray, val: np.ndarray) -> list:
    out = a.copy()
    for i in range(min(a.shape)):
        out[(i,) * a.ndim] = val
    return [out]


def _permute_rows(x: np.ndarray, y: np.ndarray, inverse: np.ndarray) -> list:
    x2, y2 = np.atleast_2d(x), np.atleast_2d(y)
    rows = max(len(x2), len(y2))
    out = np.empty((rows, x2.shape[-1]), dtype=x.dtype)
    for r in range(rows):
        xr, yr = x2[r % len(x2)], y2[r % len(y2)]
        for i in range(len(yr)):
            if int(inverse):
                out[r, yr[i]] = xr[i]
            else:
                out[r, i] = xr[yr[i]]
    return [out.reshape(np.broadcast_shapes(x.shape, y.shape))]


def _unique(op: Any, x: np.ndarray) -> list:
    outs = np.unique(x.ravel() if op.axis is None else x, return_index=op.return_index,
                     return_inverse=op.return_inverse, return_counts=op.return_counts, axis=op.axis)
    return [outs] if not isinstance(outs, tuple) else [outs[0]] + [o.ravel() for o in outs[1:]]


def _bartlett(m: int) -> np.ndarray:
    n = np.arange(m)
    return 1 - np.abs(2 * n / (m - 1) - 1) if m > 1 else np.ones(max(m, 0))


OP_REFERENCE.update({
    "TopKOp": _topk,
    "DiffOp": lambda op, x: [np.diff(x, n=op.n, axis=op.axis)],
    "Bartlett": lambda op, m: [_bartlett(int(m))],
    "CpuContiguous": lambda op, x: [x],
    "FillDiagonal": lambda op, a, v: _fill_diagonal(a, v),
    "FillDiagonalOffset": lambda op, a, v, k: _fill_diagonal_offset(a, v, k),
    "SearchsortedOp": lambda op, x, v, *s: [np.searchsorted(x if not s else x[s[0]], v, side=op.side)],
    "UnravelIndex": lambda op, i, d: list(np.unravel_index(i, tuple(d))),  # C order always, as Theano 1.0.5
    "RavelMultiIndex": lambda op, *a: [np.ravel_multi_index(a[:-1], tuple(a[-1]), mode=op.mode, order=op.order)],
    "NonnegativeCheck": lambda op, x: [x],
    "Unique": _unique,
    "UniqueCount": lambda op, x: [np.array(len(set(x.ravel().tolist())) if op.axis is None
                                           else len({tuple(r.ravel()) for r in np.moveaxis(x, op.axis, 0)}))],
    "Choose": lambda op, a, *c: [np.choose(a, c[0] if len(c) == 1 else c, mode=op.mode)],
    "ChooseCheck": lambda op, v, a, n: [v],
    "PermuteRowElements": lambda op, x, y, inv: _permute_rows(x, y, inv),
    "TensorFromScalar": lambda op, s: [s],
    "Print": lambda op, x: [x],  # prints, returns its input
    "Tile": lambda op, x, reps: [np.tile(x, tuple(int(r) for r in reps))],
    "ScalarFromTensor": lambda op, s: [s],
    "Flatten": lambda op, x: [np.reshape(x, x.shape[:op.outdim - 1] + (-1,))],
})


def reference_op(node: Apply, values: Sequence[Any]) -> list[np.ndarray]:
    """The numpy outputs of one node, cast to the dtypes the graph declares."""
    name = type(node.op).__name__
    if name not in OP_REFERENCE and name != "Elemwise":
        raise NoReference(f"no numpy reference for the op class {name}")
    with np.errstate(all="ignore"):
        outs = _elemwise(node, values) if name == "Elemwise" else OP_REFERENCE[name](node.op, *values)
    return [list(v) if getattr(o.type, "is_typed_list", False) else  # a typed list: a Python list
            v.astype(o.type.dtype) if hasattr(v, "getnnz") else np.asarray(v).astype(o.type.dtype)  # scipy.sparse
            for v, o in zip(outs, node.outputs)]


def _leaf_value(v: Variable) -> np.ndarray:
    """The value of a graph leaf that is not an input: a constant's data or a shared variable's value."""
    if isinstance(v, Constant):
        return np.asarray(v.data)
    if getattr(v, "get_value", None) is not None:
        return np.asarray(v.get_value())
    raise ValueError(f"{v} is neither an input, a constant nor a shared variable")


def evaluate(inputs: Sequence[Variable], outputs: Sequence[Variable], values: Sequence[Any]) -> list[np.ndarray]:
    """The outputs of the (unrewritten) graph, node by node in numpy (a loop over the topological order)."""
    env: dict[Variable, Any] = {v: np.asarray(x, dtype=v.type.dtype) for v, x in zip(inputs, values)}
    for node in io_toposort(list(inputs), list(outputs)):
        args = [env[v] if v in env else env.setdefault(v, _leaf_value(v)) for v in node.inputs]
        env.update(zip(node.outputs, reference_op(node, args)))
    return [env[v] if v in env else _leaf_value(v) for v in outputs]


def assert_matches(got: Sequence[Any], want: Sequence[np.ndarray], rtol: float, atol: float, label: str) -> None:
    """Same dtype, same shape and close values (NaN where the reference has NaN), output by output."""
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype and g.shape == w.shape, (label, k, g.dtype, w.dtype, g.shape, w.shape)
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=f"{label}: output {k}")


def check_against_reference(inputs: Sequence[Variable], outputs: Sequence[Variable], values: Sequence[Any],
                            rtol: float = 1e-7, atol: float = 1e-12,
                            canonical: Callable[[list, list], tuple[list, list]] | None = None) -> list[np.ndarray]:
    """Compile outputs with FAST_RUN and with optimizer=None, and assert each returns what the numpy reference
    computes from the unrewritten graph (dtype, shape, value); returns FAST_RUN's outputs. `canonical(got, want)`,
    when given, maps both result lists to what is compared (where numpy's result is one of several valid ones)."""
    with np.errstate(all="ignore"):
        want = evaluate(list(inputs), list(outputs), values)
        fast = theano.function(list(inputs), list(outputs), on_unused_input="ignore")(*values)
        slow = theano.function(list(inputs), list(outputs), mode=theano.Mode(optimizer=None),
                               on_unused_input="ignore")(*values)
    for got, label in ((fast, "FAST_RUN vs numpy"), (slow, "optimizer=None vs numpy")):
        assert_matches(*(canonical(got, want) if canonical is not None else (got, want)), rtol, atol, label)
    return fast


def check_named_outputs(inputs: Sequence[Variable], named: dict[str, Variable], values: Sequence[Any],
                        rtol: float | dict[str, float] = 1e-9, atol: float = 1e-12) -> None:
    """check_against_reference for many outputs compiled as one function per mode (one compilation, not one per
    output); every mismatch is reported with the output's name. `rtol` may be given per name."""
    names, outputs = list(named), list(named.values())
    with np.errstate(all="ignore"):
        want = evaluate(list(inputs), outputs, values)
        got = {"FAST_RUN": theano.function(list(inputs), outputs, on_unused_input="ignore")(*values),
               "optimizer=None": theano.function(list(inputs), outputs, mode=theano.Mode(optimizer=None),
                                                 on_unused_input="ignore")(*values)}
    failures = []
    for k, name in enumerate(names):
        tol = rtol.get(name, 1e-9) if isinstance(rtol, dict) else rtol
        for mode, outs in got.items():
            try:
                assert_matches(outs[k:k + 1], want[k:k + 1], tol, atol, f"{name}, {mode} vs numpy")
            except AssertionError as exc:
                failures.append(str(exc))
    assert not failures, "\n".join(failures)


# --- issue 10: convolution (conv_reference.py: loops over output windows)
def _conv_gradinputs_ref(op: Any, kern: Any, top: Any, shape: Any) -> list[Any]:
    import conv_reference

    return [conv_reference.grad_inputs(kern, top, [int(s) for s in shape], **conv_reference.op_params(op))]


def _conv_gradweights_ref(op: Any, img: Any, top: Any, shape: Any) -> list[Any]:
    import conv_reference

    return [conv_reference.grad_weights(img, top, [int(s) for s in shape], **conv_reference.op_params(op))]


def _conv_forward_ref(op: Any, img: Any, kern: Any) -> list[Any]:
    import conv_reference

    if type(op).__name__ == "ConvOp":
        return [conv_reference.forward(img, kern, border_mode=op.out_mode, subsample=(op.dx, op.dy))]
    return [conv_reference.forward(img, kern, **conv_reference.op_params(op))]


for _name in ("AbstractConv", "AbstractConv2d", "AbstractConv3d", "ConvOp", "CorrMM", "Corr3dMM"):
    OP_REFERENCE[_name] = _conv_forward_ref
for _name in ("AbstractConv_gradInputs", "AbstractConv2d_gradInputs", "AbstractConv3d_gradInputs", "CorrMM_gradInputs",
              "Corr3dMM_gradInputs"):
    OP_REFERENCE[_name] = _conv_gradinputs_ref
for _name in ("AbstractConv_gradWeights", "AbstractConv2d_gradWeights", "AbstractConv3d_gradWeights",
              "CorrMM_gradWeights", "Corr3dMM_gradWeights"):
    OP_REFERENCE[_name] = _conv_gradweights_ref
# --- issue 10: pooling and linear algebra (their own modules)
def _random_function_ref(op: Any, words: np.ndarray, shape: np.ndarray, *args: Any) -> list[Any]:
    """raw_random's RandomFunction: numpy's method (or the op's function) on the RandomState the state words
    hold (624 MT19937 keys, pos, has_gauss, the cached gaussian), then its state words."""
    rs = np.random.RandomState(0)
    rs.set_state(("MT19937", words[:624], int(words[624]), int(words[625]), float(words[626:628].view(np.float64)[0])))
    sample = op.exec_fn(rs, *args, None if shape.size == 0 else tuple(shape))
    _, keys, pos, has_gauss, cached = rs.get_state()
    return [np.concatenate([keys, [pos, has_gauss], np.array([cached]).view(np.uint32)]).astype(np.uint32),
            np.asarray(sample).reshape(np.shape(sample) or (1,) * op.outtype.ndim)]


OP_REFERENCE["RandomFunction"] = _random_function_ref
OP_REFERENCE.update(POOL_REFERENCE)
OP_REFERENCE.update(LINALG_REFERENCE)
OP_REFERENCE.update(MRG_REFERENCE)  # theano.sandbox.rng_mrg's MRG31k3p
OP_REFERENCE.update(CTC_REFERENCE)  # theano.tensor.nnet.ctc
SCALAR_REFERENCE.update({
    "scalar_xlogx": lambda x: np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, x))),
    "scalar_xlogy0": lambda x, y: np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y))),
})
# --- issue 10: nnet extras, neighbours, batch norm; conv3d2d, block-sparse products, multinomial (nnet_reference.py)
OP_REFERENCE.update(NNET_REFERENCE)
SCALAR_REFERENCE.update(NNET_SCALAR_REFERENCE)
# --- issue 11: OpFromGraph computes its inner graph (evaluated node by node, like the outer one)
OP_REFERENCE["OpFromGraph"] = lambda op, *values: evaluate(op.local_inputs, op.local_outputs, values)

# --- issue 11: ifelse (the then-values when the condition is non-zero, else the else-values)
OP_REFERENCE["IfElse"] = lambda op, c, *v: list(v[:op.n_outs] if c != 0 else v[op.n_outs:])

# --- issue 14: sparse ops (scipy.sparse values), for the theano.sparse.opt rewrite examples
def _scipy_format(fmt: str) -> Any:
    import scipy.sparse

    return getattr(scipy.sparse, fmt + "_matrix")


OP_REFERENCE.update({
    "SparseFromDense": lambda op, x: [_scipy_format(op.format)(np.atleast_2d(x))],
    "DenseFromSparse": lambda op, x: [x.toarray()],
    "CSM": lambda op, d, i, p, s: [_scipy_format(op.format)((d, i, p), shape=tuple(int(k) for k in s))],
    "CSMProperties": lambda op, x: [x.data, x.indices, x.indptr, np.asarray(x.shape, "int32")],
    "Remove0": lambda op, x: [_scipy_format(x.format)(x.toarray())],
})


# --- theano.tensor.blas: Gemm, Gemv, Ger, Dot22, Dot22Scalar (BLAS's formulas, written out)
OP_REFERENCE.update({
    "Gemm": lambda op, z, a, x, y, b: [b * z + a * np.dot(x, y)],
    "Gemv": lambda op, y, alpha, A, x, beta: [beta * y + alpha * np.dot(A, x)],
    "Ger": lambda op, A, alpha, x, y: [A + alpha * np.outer(x, y)],
    "ScipyGer": lambda op, A, alpha, x, y: [A + alpha * np.outer(x, y)],
    "Dot22": lambda op, x, y: [np.dot(x, y)], "Dot22Scalar": lambda op, x, y, a: [a * np.dot(x, y)],
})


# --- theano.typed_list: Python's list operations, for the typed_list.opt rewrite example
def _list_insert(x: list, i: Any, y: Any) -> list:
    out = list(x)
    out.insert(int(i), y)
    return [out]


OP_REFERENCE.update({
    "MakeList": lambda op, *xs: [[np.array(x) for x in xs]],
    "Append": lambda op, x, y: [list(x) + [y]],
    "Extend": lambda op, x, y: [list(x) + list(y)],
    "Insert": lambda op, x, i, y: _list_insert(x, i, y),
    "Reverse": lambda op, x: [list(x)[::-1]],
    "Length": lambda op, x: [np.asarray(len(x), "int64")],
    "GetItem": lambda op, x, i: [list(x[i]) if isinstance(i, slice) else x[int(i)]],
})
