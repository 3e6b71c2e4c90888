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
    "GradClip": _identity, "GradScale": _identity, "UndefinedGrad": _identity, "HostCheck": _identity,
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


def reference_op(node: Apply, values: Sequence[Any]) -> list[np.ndarray]:
    """The numpy outputs of one node, cast to the dtypes the graph declares."""
    name = type(node.op).__name__
    if name not in OP_REFERENCE and name != "Elemwise":
        raise NoReference(f"no numpy reference for the op class {name}")
    with np.errstate(all="ignore"):
        outs = _elemwise(node, values) if name == "Elemwise" else OP_REFERENCE[name](node.op, *values)
    return [np.asarray(v).astype(o.type.dtype) for v, o in zip(outs, node.outputs)]


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
                            rtol: float = 1e-7, atol: float = 1e-12) -> list[np.ndarray]:
    """Compile outputs with FAST_RUN and with optimizer=None, and assert each returns what the numpy reference
    computes from the unrewritten graph (dtype, shape, value); returns FAST_RUN's outputs."""
    with np.errstate(all="ignore"):
        want = evaluate(list(inputs), list(outputs), values)
        fast = theano.function(list(inputs), list(outputs), on_unused_input="ignore")(*values)
        slow = theano.function(list(inputs), list(outputs), mode=theano.Mode(optimizer=None),
                               on_unused_input="ignore")(*values)
    assert_matches(fast, want, rtol, atol, "FAST_RUN vs numpy")
    assert_matches(slow, want, rtol, atol, "optimizer=None vs numpy")
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


# --- issue 10: linear algebra (numpy.linalg / scipy.linalg, and Theano 1.0.5's perform formulas for the gradients)
def _eigh_grad(op: Any, x: Any, w: Any, v: Any, gw: Any, gv: Any) -> list[Any]:
    n = x.shape[0]
    g = sum(np.outer(v[:, k], v[:, k] * gw[k] + sum(v[:, m] * gv.T[k].dot(v[:, m]) / (w[k] - w[m])
                                                    for m in range(n) if m != k)) for k in range(n))
    if op.UPLO == "L":
        return [np.tril(g) + np.triu(g, 1).T]
    return [np.triu(g) + np.tril(g, -1).T]


def _cholesky_grad(op: Any, x: Any, L: Any, dz: Any) -> list[Any]:
    """Smith (1995), as Theano's CholeskyGrad.perform (lower factor)."""
    n = x.shape[0]
    F = np.tril(dz).astype("float64")
    for k in range(n - 1, -1, -1):
        for j in range(k + 1, n):
            for i in range(j, n):
                F[i, k] -= F[i, j] * L[j, k]
                F[j, k] -= F[i, j] * L[i, k]
        for j in range(k + 1, n):
            F[j, k] /= L[k, k]
            F[k, k] -= L[j, k] * F[j, k]
        F[k, k] /= 2 * L[k, k]
    return [F]


def _solve(op: Any, a: Any, b: Any) -> list[Any]:
    import scipy.linalg as sl

    if op.A_structure in ("lower_triangular", "upper_triangular"):
        return [sl.solve_triangular(a, b, lower=op.A_structure == "lower_triangular")]
    return [sl.solve(a, b)]


def _eigvalsh_grad(op: Any, a: Any, b: Any, gw: Any) -> list[Any]:
    import scipy.linalg as sl

    w, v = sl.eigh(a, b, lower=op.lower)
    tri0, tri1 = (np.tril, lambda m: np.triu(m, 1)) if op.lower else (np.triu, lambda m: np.tril(m, -1))
    ga, gb = v.dot(np.diag(gw).dot(v.T)), -v.dot(np.diag(gw * w).dot(v.T))
    return [tri0(ga) + tri1(ga).T, tri0(gb) + tri1(gb).T]


def _expm_grad(op: Any, a: Any, ga: Any) -> list[Any]:
    """Theano's ExpmGrad.perform (Kalbfleisch and Lawless 1985, eq. 3.4)."""
    import scipy.linalg as sl

    w, V = sl.eig(a, right=True)
    U = sl.inv(V).T
    exp_w = np.exp(w)
    X = np.subtract.outer(exp_w, exp_w) / np.subtract.outer(w, w)
    np.fill_diagonal(X, exp_w)
    return [np.real(U.dot(V.T.dot(ga).dot(U) * X).dot(V.T))]


def _lstsq(op: Any, a: Any, b: Any, rcond: Any) -> list[Any]:
    x, resid, rank, s = np.linalg.lstsq(a, b, rcond=float(rcond))
    return [x, resid, np.array(rank), s]


def _tensorinv(op: Any, a: Any) -> list[Any]:
    return [np.linalg.tensorinv(a, op.ind)]


def _cholesky(op: Any, x: Any) -> list[Any]:
    import scipy.linalg as sl

    return [sl.cholesky(x, lower=op.lower)]


def _eigvalsh(op: Any, a: Any, b: Any = None) -> list[Any]:
    import scipy.linalg as sl

    return [sl.eigvalsh(a, b, lower=op.lower)]


def _expm(op: Any, a: Any) -> list[Any]:
    import scipy.linalg as sl

    return [sl.expm(a)]


OP_REFERENCE.update({
    "MatrixInverse": lambda op, x: [np.linalg.inv(x)], "MatrixPinv": lambda op, x: [np.linalg.pinv(x)],
    "Det": lambda op, x: [np.linalg.det(x)], "Eig": lambda op, x: [np.real(r) for r in np.linalg.eig(x)],
    "Eigh": lambda op, x: list(np.linalg.eigh(x, op.UPLO)), "EighGrad": _eigh_grad,
    "QRFull": lambda op, x: list(np.linalg.qr(x, op.mode)), "QRIncomplete": lambda op, x: [np.linalg.qr(x, op.mode)],
    "SVD": lambda op, x: (list(np.linalg.svd(x, bool(op.full_matrices), True)) if op.compute_uv
                          else [np.linalg.svd(x, bool(op.full_matrices), False)]),
    "lstsq": _lstsq, "TensorInv": _tensorinv,
    "TensorSolve": lambda op, a, b: [np.linalg.tensorsolve(a, b, op.axes)],
    "Cholesky": _cholesky, "CholeskyGrad": _cholesky_grad, "Solve": _solve, "Eigvalsh": _eigvalsh,
    "EigvalshGrad": _eigvalsh_grad, "Expm": _expm, "ExpmGrad": _expm_grad, "Hint": _identity,
})


# --- issue 10: pooling
def _pool_windows(op: Any, shape: tuple, ws: Any, stride: Any, pad: Any, outs: tuple | None = None) -> tuple:
    """Per pooled dimension, per window: (lo, hi) in unpadded coordinates without padding, and the size of the
    window clipped to the padded image; and the number of windows (Theano 1.0.5's Pool.out_shape)."""
    nd = op.ndim
    wins, counts = [], []
    for d in range(nd):
        length, w, s, p = shape[-nd + d], int(ws[d]), int(stride[d]), int(pad[d])
        v = length + 2 * p
        if outs is not None:
            n = outs[d]
        elif op.ignore_border:
            n = max(0, (v - w) // s + 1)
        else:
            n = (v - 1) // s + 1 if s >= w else max(0, (v - 1 - w + s) // s) + 1
        dim = []
        for i in range(n):
            start, end = i * s, min(i * s + w, v)
            dim.append((max(start, p) - p, min(end, length + p) - p, end - start))
        wins.append(dim)
        counts.append(n)
    return wins, tuple(counts)


def _pool_region(wins: list, r: tuple) -> tuple:
    return tuple(slice(wins[d][r[d]][0], wins[d][r[d]][1]) for d in range(len(r)))


def _pool_positions(wins: list, r: tuple) -> Any:
    import itertools
    return itertools.product(*[range(wins[d][r[d]][0], wins[d][r[d]][1]) for d in range(len(r))])


def _pool(op: Any, x: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad)
    nd = op.ndim
    z = np.zeros(x.shape[:-nd] + outs, dtype="float64")
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            patch = x[k][_pool_region(wins, r)]
            if op.mode == "max":
                z[k][r] = patch.max()
            elif op.mode == "sum":
                z[k][r] = patch.sum()
            elif op.mode == "average_exc_pad":
                z[k][r] = patch.sum() / patch.size
            else:
                z[k][r] = patch.sum() / np.prod([wins[d][r[d]][2] for d in range(nd)])
    return [z]


def _max_pool_grad(op: Any, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    nd = op.ndim
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad, maxout.shape[-nd:])
    gx = np.zeros(x.shape)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            for c in _pool_positions(wins, r):
                if x[k][c] == maxout[k][r]:
                    gx[k][c] += gz[k][r]
    return [gx]


def _max_pool_gradgrad(op: Any, x: Any, maxout: Any, ggx: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    nd = op.ndim
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad, maxout.shape[-nd:])
    ggz = np.zeros(maxout.shape)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            for c in _pool_positions(wins, r):
                if x[k][c] == maxout[k][r]:
                    ggz[k][r] += ggx[k][c]
    return [ggz]


def _average_pool_grad(op: Any, x: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    nd = op.ndim
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad, gz.shape[-nd:])
    gx = np.zeros(x.shape)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            if op.mode == "sum":
                div = 1
            elif op.mode == "average_exc_pad":
                div = np.prod([wins[d][r[d]][1] - wins[d][r[d]][0] for d in range(nd)])
            else:
                div = np.prod([wins[d][r[d]][2] for d in range(nd)])
            gx[k][_pool_region(wins, r)] += gz[k][r] / div
    return [gx]


def _max_pool_rop(op: Any, x: Any, ev: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad)
    nd = op.ndim
    z = np.zeros(x.shape[:-nd] + outs)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            best = max(_pool_positions(wins, r), key=lambda c: (x[k][c], -np.ravel_multi_index(c, x.shape[-nd:])))
            z[k][r] = ev[k][best]
    return [z]


OP_REFERENCE.update({
    "Pool": _pool, "MaxPoolGrad": _max_pool_grad, "DownsampleFactorMaxGradGrad": _max_pool_gradgrad,
    "AveragePoolGrad": _average_pool_grad, "MaxPoolRop": _max_pool_rop,
})
