"""Every concrete op class, and every row of the elementwise table, runs on a small input through the whole
pipeline (`theano.function` with FAST_RUN and with optimizer=None) and returns what an independent numpy
reference (numpy_reference.py) computes: same dtype, shape and value. An op without a reference is listed in
NO_REFERENCE with its reason, so the list can only shrink."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import theano.gradient as G
import theano.tensor as T
from theano.frontend.graph import ancestors
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_table import SCALAR_OPS
from theano.tensor import nnet

from helpers import householder_qr, runs_on_cpu, vector_signs
from numpy_reference import SCALAR_REFERENCE, check_against_reference, check_named_outputs
from test_every_op_lowers import CONCRETE, OP_CLASSES
from every_op_values import RNG, Example, _iv, _m, _x
from every_op_examples_nnet import NNET_EXAMPLES


def _unary(build: Callable[[Any], Any], value: np.ndarray | None = None) -> Callable[[], Example]:
    """An example f(x) for a float64 matrix x."""
    def make() -> Example:
        x = _x()
        out = build(x)
        return [x], out if isinstance(out, list) else [out], [_m() if value is None else value]
    return make


def _labels() -> tuple[Any, np.ndarray]:
    return T.ivector("y"), np.array([0, 2, 1, 2], dtype="int32")


def _crossentropy_forward() -> Example:
    x, b, (y, yv) = T.dmatrix("x"), T.dvector("b"), _labels()
    return [x, b, y], list(nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)), [_m((4, 3)), _m((3,)), yv]


def _crossentropy_dx() -> Example:
    dy, sm, (y, yv) = T.dvector("dy"), T.dmatrix("sm"), _labels()
    smv = np.exp(_m((4, 3)))
    return ([dy, sm, y], [nnet.crossentropy_softmax_1hot_with_bias_dx(dy, sm, y)],
            [_m((4,)), smv / smv.sum(axis=1, keepdims=True), yv])


def _categorical() -> Example:
    p, (y, yv) = T.dmatrix("p"), _labels()
    cost = nnet.crossentropy_categorical_1hot(p, y)
    return [p, y], [cost, T.grad(T.sum(cost), p)], [RNG.uniform(0.1, 0.9, size=(4, 3)), yv]


def _advanced_inc(set_: bool) -> Example:
    x, i, j, v = _x(), _iv("i"), _iv("j"), T.dvector("v")
    fn = T.set_subtensor if set_ else T.inc_subtensor
    return [x, i, j, v], [fn(x[i, j], v), x[i, j] * 2], [_m(), np.array([0, 2, 0]), np.array([1, 3, 1]), _m((3,))]


def _inc1() -> Example:
    x, i, v = _x(), _iv(), T.dmatrix("v")
    return ([x, i, v], [T.inc_subtensor(x[i], v), T.set_subtensor(x[i[:2]], v[:2]), x[i] + 1],
            [_m(), np.array([2, 0, 2]), _m((3, 4))])


def _boolean() -> Example:
    x, mask = _x(), T.bmatrix("mask")
    maskv = (RNG.uniform(size=(3, 4)) > 0.5).astype("int8")
    return [x, mask], [x[mask.nonzero()], x[T.gt(x, 0)], T.set_subtensor(x[T.gt(x, 0)], 0.5),
                       T.inc_subtensor(x[T.gt(x, 0.2)], 1.0)], [_m(), maskv]


def _mask_count() -> Example:
    x, mask = _x(), T.bmatrix("mask")
    out = OP_CLASSES["MaskCount"](0)(mask, x.shape[0], x.shape[1])
    return [x, mask], [out], [_m(), (RNG.uniform(size=(3, 4)) > 0.5).astype("int8")]


def _scalars(*names: str) -> list:
    return [T.lscalar(n) for n in names]


def _eye_tri() -> Example:
    n, m, k = _scalars("n", "m", "k")
    return [n, m, k], [T.eye(n, m, k), T.tri(n, m, k)], [3, 4, 1]


def _shapes() -> Example:
    x, n = _x(), T.lscalar("n")
    outs = [x.shape, OP_CLASSES["Shape_i"](1)(x), x.reshape((n, -1)), T.specify_shape(x, (3, 4)) * 2,
            T.alloc(x[0], n, 4)]
    return [x, n], outs, [_m(), 2]


def _make_vector() -> Example:
    a, b = T.dscalar("a"), T.dscalar("b")
    return [a, b], [T.stack([a, b]) * 2], [1.5, -2.0]


def _arange() -> Example:
    n = T.lscalar("n")
    return [n], [T.arange(n), T.arange(1, n, 2)], [7]


def _subtensors() -> Example:
    x, i, v = _x(), T.lscalar("i"), T.dvector("v")
    return ([x, i, v], [x[1:3, ::-1], x[i], x[-1, i:], T.inc_subtensor(x[1:3, 0], v[:2]),
                        T.set_subtensor(x[i, 1:], v[:3])], [_m(), 2, _m((4,))])


def _reductions() -> Example:
    x = _x()
    cls = OP_CLASSES
    maximum, add = SCALAR_OPS["maximum"], SCALAR_OPS["add"]
    outs = [T.sum(x, axis=1), T.prod(x, axis=0), cls["Mean"]((0,))(x), cls["CAReduce"](maximum, (1,))(x),
            cls["CAReduceDtype"](add, (0,))(x), cls["ProdWithoutZeros"](axis=(0,))(T.set_subtensor(x[0, 0], 0.0)),
            T.all(T.gt(x, -0.5), axis=0), T.any(T.gt(x, 0.9), axis=1), T.sum(x)]
    return [x], outs, [_m()]


def _argmax() -> Example:
    x = _x()
    return [x], list(T.max_and_argmax(x, axis=1)) + [OP_CLASSES["Argmax"]((0,))(x), T.argmax(x)], [_m()]


def _extra() -> Example:
    x, r = _x(), _iv("r")
    return ([x, r], [T.cumsum(x, axis=1), T.cumprod(x, axis=0), T.repeat(x, r, axis=0), T.sort(x, axis=1),
                     T.argsort(x, axis=0)], [_m(), np.array([1, 0, 2])])


def _nonzero() -> Example:
    x = _x()
    y = T.gt(x, 0)
    return [x], [T.nonzero(y, return_matrix=True), OP_CLASSES["NonzeroCount"]()(y)], [_m()]


def _grad_ops() -> Example:
    x = _x()
    return [x], [G.zero_grad(x) * 2, G.disconnected_grad(x) + 1, G.consider_constant(x) - 1,
                 G.grad_clip(x, -1, 1) * 3, G.grad_scale(x, 2.0) + 2, G.undefined_grad(x) * 4], [_m()]


def _identities() -> Example:
    x = _x()
    cls = OP_CLASSES
    return [x], [cls["DeepCopyOp"]()(x), cls["ViewOp"]()(x) + 1, cls["OutputGuard"]()(x) * 2,
                 cls["HostCheck"]("bounds", 1)(x, T.constant(3), T.constant(4)) - 1,
                 cls["Assert"]()(x, T.lt(x.sum(), 1e6)) + 3, cls["BatchShard"]("x")(x) * 5], [_m()]


def _layout() -> Example:
    x, v, r = _x(), T.dvector("v"), T.drow("r")
    return ([x, v, r], [x.dimshuffle(1, "x", 0), T.unbroadcast(r, 0) + 1, T.concatenate([x, x[:, :2]], axis=1),
                        *T.split(x, [1, 3], 2, axis=1), x.diagonal(1), T.diag(v)],
            [_m(), _m((3,)), _m((1, 4))])


def _dots() -> Example:
    a, b, v = _x(), T.dmatrix("b"), T.dvector("v")
    t, u = T.dtensor3("t"), T.dtensor3("u")
    return ([a, b, v, t, u], [T.dot(a, b), T.dot(a, v), T.batched_dot(t, u)],
            [_m(), _m((4, 2)), _m((4,)), _m((2, 3, 4)), _m((2, 4, 5))])


def _softmaxes() -> Example:
    x, b, dy = _x(), T.dvector("b"), T.dmatrix("dy")
    sm = nnet.softmax(x)
    return ([x, b, dy], [sm, nnet.softmax_with_bias(x, b), nnet.logsoftmax(x), OP_CLASSES["SoftmaxGrad"]()(dy, sm)],
            [_m(), _m((4,)), _m()])


EXAMPLES: dict[str, Callable[[], Example]] = {
    "ARange": _arange, "AdvancedBooleanIncSubtensor": _boolean, "AdvancedBooleanSubtensor": _boolean,
    "AdvancedIncSubtensor": lambda: _advanced_inc(False), "AdvancedIncSubtensor1": _inc1,
    "AdvancedSubtensor": lambda: _advanced_inc(True), "AdvancedSubtensor1": _inc1,
    "All": _reductions, "Alloc": _shapes, "AllocDiag": _layout, "Any": _reductions, "ArgSortOp": _extra,
    "Argmax": _argmax, "BatchedDot": _dots, "CAReduce": _reductions, "CAReduceDtype": _reductions,
    "ConsiderConstant": _grad_ops, "CrossentropyCategorical1Hot": _categorical,
    "CrossentropyCategorical1HotGrad": _categorical, "CrossentropySoftmax1HotWithBiasDx": _crossentropy_dx,
    "CrossentropySoftmaxArgmax1HotWithBias": _crossentropy_forward, "CumOp": _extra, "DeepCopyOp": _identities,
    "DimShuffle": _layout, "DisconnectedGrad": _grad_ops, "Dot": _dots, "Elemwise": _unary(T.exp),
    "ExtractDiag": _layout, "Eye": _eye_tri, "GradClip": _grad_ops, "GradScale": _grad_ops,
    "HostCheck": _identities, "Assert": _identities, "BatchShard": _identities, "IncSubtensor": _subtensors, "Join": _layout, "LogSoftmax": _softmaxes,
    "MakeVector": _make_vector, "MaskCount": _mask_count, "MaxAndArgmax": _argmax, "Mean": _reductions,
    "Nonzero": _nonzero, "NonzeroCount": _nonzero, "OutputGuard": _identities, "Prod": _reductions,
    "ProdWithoutZeros": _reductions, "Rebroadcast": _layout, "RepeatOp": _extra, "Reshape": _shapes,
    "Shape": _shapes, "Shape_i": _shapes, "Softmax": _softmaxes, "SoftmaxGrad": _softmaxes,
    "SoftmaxWithBias": _softmaxes, "SortOp": _extra, "SpecifyShape": _shapes, "Split": _layout,
    "Subtensor": _subtensors, "Sum": _reductions, "Tri": _eye_tri, "UndefinedGrad": _grad_ops,
    "ViewOp": _identities, "ZeroGrad": _grad_ops,
}

EXAMPLES.update(NNET_EXAMPLES)  # convolutions, neighbours, batch norm, conv3d2d, block-sparse, multinomial


# --- issue 10: linear algebra
def _spd(n: int = 3) -> np.ndarray:
    a = _m((n, n))
    return a @ a.T + n * np.eye(n)


def _nlinalg() -> Example:
    from theano.sandbox.linalg import psd
    from theano.tensor import nlinalg

    x, s, a, r = _x(), T.dmatrix("s"), T.dtensor4("a"), T.dmatrix("r")
    outs = [nlinalg.matrix_inverse(s), nlinalg.pinv(x), nlinalg.det(s), nlinalg.eig(s)[0], *nlinalg.eigh(s),
            *nlinalg.eigh(s, "U"), *nlinalg.qr(x.T), nlinalg.qr(x, "r"), *nlinalg.qr(x, "raw"),
            *nlinalg.svd(x), nlinalg.svd(x, 0, 0), nlinalg.tensorinv(s, 1), nlinalg.tensorinv(a),
            nlinalg.tensorsolve(a, r), psd(s) * 2]
    return [x, s, a, r], outs, [_m(), _spd(), _spd(6).reshape(2, 3, 2, 3), _m((2, 3))]


def _nlinalg_grads() -> Example:
    from theano.tensor import nlinalg

    # w, v are inputs (numpy's eigh of s), not eigh(s) in the graph: EighGrad of fixed gv depends on the signs of
    # the eigenvectors, which a GPU's eigh (cuSOLVER) may choose otherwise than numpy's (LAPACK)
    s, w, v, gw, gv = T.dmatrix("s"), T.dvector("w"), T.dmatrix("v"), T.dvector("gw"), T.dmatrix("gv")
    a, y = T.dmatrix("a"), T.dmatrix("y")
    sv = _spd()
    wv, vv = np.linalg.eigh(sv)
    return ([s, w, v, gw, gv, a, y], [OP_CLASSES["EighGrad"]("L")(s, w, v, gw, gv), *nlinalg.lstsq()(a, y, -1.0)],
            [sv, wv, vv, _m((3,)), _m((3, 3)), _m((4, 3)), _m((4, 2))])


def _slinalg() -> Example:
    from theano.tensor import slinalg

    s, b, a, g = T.dmatrix("s"), T.dmatrix("b"), T.dmatrix("a"), T.dmatrix("g")
    chol = slinalg.cholesky(s)
    outs = [chol, slinalg.Cholesky(lower=False)(s), OP_CLASSES["CholeskyGrad"]()(s, chol, g),
            slinalg.solve(s, b), slinalg.solve_lower_triangular(chol, b), slinalg.solve_upper_triangular(chol.T, b),
            slinalg.eigvalsh(a + a.T, s), *OP_CLASSES["EigvalshGrad"]()(a + a.T, s, T.ones_like(b[:, 0])),
            slinalg.expm(a), OP_CLASSES["ExpmGrad"]()(a, g)]
    return [s, b, a, g], outs, [_spd(), _m((3, 3)), _m((3, 3)), _m((3, 3))]


EXAMPLES.update({name: _nlinalg for name in ("MatrixInverse", "MatrixPinv", "Det", "Eig", "Eigh", "QRFull",
                                             "QRIncomplete", "SVD", "TensorInv", "TensorSolve")})
EXAMPLES.update({"EighGrad": _nlinalg_grads, "lstsq": _nlinalg_grads, "Hint": _nlinalg})
EXAMPLES.update({name: _slinalg for name in ("Cholesky", "CholeskyGrad", "Solve", "Eigvalsh", "EigvalshGrad",
                                             "Expm", "ExpmGrad")})

# concrete op classes without a numpy-referenced example yet, each with its reason (this list may only shrink)
NO_REFERENCE: dict[str, str] = {}



def _raw_random() -> Example:
    """numpy RandomState draws (theano.tensor.raw_random): the reference runs the same numpy methods."""
    from theano.tensor import raw_random

    r, low = raw_random.random_state_type(), T.dvector("low")
    r1, u = raw_random.uniform(r, None, low, 2.0)
    r2, n = raw_random.normal(r1, (2, 3))
    _, p = raw_random.permutation(r2, (2,), 4)
    _, m = raw_random.multinomial(r, (3,), 5, [0.25, 0.75])
    return [r, low], [u, n, p, m], [raw_random.random_state_type.filter(np.random.RandomState(3)), _m((4,))]


EXAMPLES["RandomFunction"] = _raw_random

# --- issue 10: extra_ops, sort/topk and missing T.* names
def _issue10_extra_ops() -> Example:
    from theano.tensor import extra_ops as E

    x, v, i, k, p = _x(), T.dvector("v"), _iv("i"), T.lscalar("k"), _iv("p")
    outs = [*T.topk_and_argtopk(x, 2, sorted=False), T.topk(x, k, axis=0, sorted=False), E.diff(x, axis=0),
            E.diff(v, n=2), E.bartlett(k + 3), E.cpu_contiguous(x) * 2, E.fill_diagonal(x, 7.0),
            E.fill_diagonal_offset(x, 5.0, 1), E.fill_diagonal_offset(x, 5.0, k), E.searchsorted(T.sort(v), x),
            E.searchsorted(v, x, side="right", sorter=T.argsort(v)), *E.unravel_index(i, (3, 4)),
            E.ravel_multi_index([i, i], (20, 20), mode="clip"), E.bincount(i, assert_nonneg=True),
            *E.Unique(True, True, True)(i), E.Unique(axis=0)(T.round(x * 2)), T.choose(i % 3, [v, v * 2, v + 1]),
            T.inverse_permutation(p), T.permute_row_elements(x, T.argsort(x), inverse=1),
            T.tensor_from_scalar(k) + 1, T.scalar_from_tensor(k) * 2, T.xlogx.xlogx(abs(x)),
            T.xlogx.xlogy0(abs(x), 2.0 + x), OP_CLASSES["ChooseCheck"]()(v, i % 3, T.constant(3)) * 2,
            OP_CLASSES["UniqueCount"](None)(i) + 1]
    return ([x, v, i, k, p], outs,
            [_m(), RNG.uniform(-1, 1, size=5), np.array([3, 0, 2, 1, 11]), np.array(-2), np.array([2, 0, 1, 4, 3])])


EXAMPLES.update({name: _issue10_extra_ops for name in (
    "TopKOp", "DiffOp", "Bartlett", "CpuContiguous", "FillDiagonal", "FillDiagonalOffset", "SearchsortedOp",
    "UnravelIndex", "RavelMultiIndex", "NonnegativeCheck", "Unique", "UniqueCount", "Choose", "PermuteRowElements",
    "TensorFromScalar", "ScalarFromTensor", "ChooseCheck")})
NO_REFERENCE_ISSUE10 = {
    "FromFunctionOp": "computes a user's own numpy function (as_op); tests/lowering/test_user_ops.py checks it",
}


NO_REFERENCE.update(NO_REFERENCE_ISSUE10)  # --- issue 10
# --- issue 11: control flow
NO_REFERENCE.update({name: "a loop over an inner graph, or JAX's autodiff of one: tests/frontend/test_scan.py checks "
                           "values against numpy loops and gradients against finite differences" for name in
                     ("Scan", "ScanSteps", "ScanTripCheck", "LoweredVJP", "LoweredJVP")})
NO_REFERENCE["MitMotScan"] = ("a Theano-layout loop from a Theano pickle: tests/frontend/test_theano_pickles_mitmot.py "
                               "checks it against a numpy loop and Theano's own values")



_RESULTS: dict[Callable[[], Example], str | None] = {}


def _solver_choices(outputs: list[Any]) -> Callable[[list, list], tuple[list, list]] | None:
    """Off the CPU: (got, want) -> (got, want) where what numpy leaves to LAPACK's choice is compared as numpy
    guarantees it (a GPU's solver, cuSOLVER, may choose otherwise; helpers.runs_on_cpu): the vectors of Eigh, QR
    and SVD up to their signs (each vector of got turned towards want's), and QR's 'raw' (h, tau) by the product
    QR they encode (in h's place, transposed) and |diag R| (in tau's). None when outputs hold none of these."""
    from theano.frontend.ops.nlinalg import SVD, Eigh, QRFull, QRIncomplete

    axes: dict[int, int] = {}  # output -> the axis its vectors run along (0: columns, 1: rows)
    raw: dict[Any, dict[int, int]] = {}  # a raw QR node -> {its output index: position in outputs}
    for k, var in enumerate(outputs):
        node = var.owner
        if node is None:
            continue
        op, i = node.op, node.outputs.index(var)
        if isinstance(op, Eigh) and i == 1:
            axes[k] = 0
        elif isinstance(op, (QRFull, QRIncomplete)) and op.mode == "raw":
            raw.setdefault(node, {})[i] = k
        elif isinstance(op, (QRFull, QRIncomplete)):
            axes[k] = 1 if op.mode == "r" or i == 1 else 0
        elif isinstance(op, SVD) and op.compute_uv and i != 1:
            axes[k] = 0 if i == 0 else 1
    if not axes and not raw:
        return None

    def canonical(got: list, want: list) -> tuple[list, list]:
        got, want = [np.asarray(g) for g in got], [np.asarray(w) for w in want]
        for k, axis in axes.items():
            got[k] = (got[k] * vector_signs(got[k], want[k], axis)).astype(got[k].dtype)
        for positions in raw.values():
            kh, kt = positions.get(0), positions.get(1)
            if kh is None or kt is None:
                continue
            for res in (got, want):
                q, r = householder_qr(res[kh], res[kt])
                res[kh], res[kt] = (q @ r).T.astype(res[kh].dtype), np.abs(np.diag(r)).astype(res[kt].dtype)
        return got, want
    return canonical


def _run_example(build: Callable[[], Example]) -> str | None:
    """Check one example against the reference once (several op classes share an example); the failure, if any."""
    if build not in _RESULTS:
        inputs, outputs, values = build()
        try:
            check_against_reference(inputs, outputs, values, rtol=1e-9, atol=1e-12,
                                    canonical=None if runs_on_cpu() else _solver_choices(outputs))
            _RESULTS[build] = None
        except AssertionError as exc:
            _RESULTS[build] = str(exc)
    return _RESULTS[build]


# theano.sandbox.rng_mrg: MRG31k3p against the exact-integer reference (tests/lowering/mrg_reference.py)
def _mrg() -> Example:
    from theano.frontend.ops.mrg import mrg_uniform_prefix
    from theano.sandbox import rng_mrg

    state, k = T.imatrix("state"), T.lscalar("k")
    a, s, m, a2, s2, m2 = T.lmatrix("A"), T.ivector("s"), T.iscalar("m"), T.lmatrix("A2"), T.ivector("s2"), T.iscalar("m2")
    outs = [*rng_mrg.mrg_uniform.new(state, 2, "float64", (3, 4)), rng_mrg.mrg_uniform.new(state, 1, "float32", (7,))[1],
            rng_mrg.mrg_uniform.new(state, 1, "float16", (5,))[1],
            *mrg_uniform_prefix(T.TensorType("float64", (False,)))(state, (9,), k),
            rng_mrg.DotModulo()(a, s, m, a2, s2, m2)]
    start = rng_mrg.MRG_RandomStreams(99).get_substream_rstates(3, "float64")
    big = RNG.randint(0, 2 ** 31 - 1, (3, 3)).astype("int64")
    return ([state, k, a, s, m, a2, s2, m2], outs,
            [start, np.int64(5), big, start[0, :3], np.int32(2147483647), big.T.copy(), start[0, 3:], np.int32(2147462579)])


EXAMPLES.update({"mrg_uniform": _mrg, "mrg_uniform_prefix": _mrg, "DotModulo": _mrg})


def test_every_concrete_op_has_an_example_or_a_reason() -> None:
    assert set(EXAMPLES) | set(NO_REFERENCE) == set(CONCRETE), set(CONCRETE) ^ (set(EXAMPLES) | set(NO_REFERENCE))
    assert not set(EXAMPLES) & set(NO_REFERENCE)


# Elementwise table rows: input values inside each function's domain (float64 unless said otherwise)
_POS = np.array([0.15, 0.5, 0.9, 1.7, 3.2])
_UNIT = np.array([-0.9, -0.4, 0.1, 0.55, 0.85])
_SIGNED = np.array([-2.5, -1.5, -0.7, 0.5, 2.5])
_INTS = (np.array([-7, -3, 5, 7, 9]), np.array([2, -2, 3, -4, 5]))
_COMPLEX = np.array([1 + 2j, -0.5 + 0.1j, -3 - 1j, 0.2 - 0.7j, 2j])
_DOMAIN: dict[str, tuple] = {
    "add": (_SIGNED, _POS, _UNIT), "mul": (_SIGNED, _POS, _UNIT), "sub": (_SIGNED, _POS),
    "true_div": (_SIGNED, _POS), "int_div": _INTS, "mod": _INTS, "and_": _INTS, "or_": _INTS, "xor": _INTS,
    "invert": _INTS[:1], "pow": (_POS, _SIGNED), "arctan2": (_SIGNED, _UNIT),
    "maximum": (_SIGNED, _UNIT), "minimum": (_SIGNED, _UNIT), "second": (_SIGNED, _POS),
    "switch": (np.array([1, 0, 1, 0, 0], dtype="int8"), _SIGNED, _POS), "clip": (_SIGNED, -_POS / 2, _POS),
    "arccosh": (1 + _POS,), "arcsin": (_UNIT,), "arccos": (_UNIT,), "arctanh": (_UNIT,), "erfinv": (_UNIT,),
    "erfcinv": (1 + _UNIT,), "gamma": (np.array([-1.5, -0.3, 0.5, 2.5, 4.0]),),
    "isnan": (np.array([np.nan, np.inf, -np.inf, 1.0, 0.0]),), "isinf": (np.array([np.nan, np.inf, -np.inf, 1.0, 0.0]),),
    "real": (_COMPLEX,), "imag": (_COMPLEX,), "angle": (_COMPLEX,), "conj": (_COMPLEX,),
    "complex": (_SIGNED, _POS), "complex_from_polar": (_POS, _SIGNED),
    "chi2sf": (_POS, np.array([1.0, 2.0, 0.0, 4.0, -1.0])), "psi": (np.array([0.0, 0.5, 1.0, 2.5, -1.5]),), "jv": (np.array([0.0, 1.0, 2.5, 3.0, 0.5]), _POS * 2),
    "iv": (np.array([0.0, 1.0, 2.5, 3.0, 0.5]), _POS * 2),
}
for _name in ("eq", "neq", "lt", "le", "gt", "ge"):
    _DOMAIN[_name] = (np.array([1.0, 2.0, 3.0, -1.0, 0.5]), np.array([1.0, 3.0, 2.0, -1.0, -0.5]))
for _name in ("abs_", "sgn", "neg", "round_half_away_from_zero", "round_half_to_even", "floor", "ceil", "trunc",
              "sinh", "cosh", "tanh", "arcsinh", "arctan", "sigmoid", "softplus", "ultra_fast_sigmoid", "erf", "erfc",
              "erfcx", "exp", "exp2", "expm1", "sin", "cos", "tan", "identity", "sqr", "inv", "j0", "j1", "i0", "i1",
              "deg2rad", "rad2deg"):
    _DOMAIN[_name] = (np.array([-2.5, -1.5, -0.7, 0.0, 0.5, 2.5, 0.3, 4.0, -3.2]),)
_TOLERANCE = {"ultra_fast_sigmoid": 1e-7}  # the approximation's constants are written to 15 digits


def test_every_elementwise_table_row_has_a_numpy_reference() -> None:
    assert sorted(set(SCALAR_OPS) - set(SCALAR_REFERENCE)) == []


def test_every_elementwise_table_row_computes_the_numpy_reference() -> None:
    """One function per mode computes every row (positive inputs unless _DOMAIN says otherwise)."""
    inputs, values, named = [], [], {}
    for name, sop in sorted(SCALAR_OPS.items()):
        args = _DOMAIN.get(name) or ((_POS,) if sop.nin == 1 else (_POS, _POS[::-1] + 0.3))
        xs = [T.TensorType(str(a.dtype), (False,))(f"{name}_{k}") for k, a in enumerate(args)]
        inputs += xs
        values += list(args)
        named[name] = Elemwise(sop)(*xs)
    check_named_outputs(inputs, named, values, rtol=_TOLERANCE)


# --- issue 10: pooling
def _pooling() -> Example:
    from theano.tensor.signal import pool

    x, gz, e = T.dtensor4("x"), T.dtensor4("gz"), T.dtensor4("e")
    y = pool.pool_2d(x, (2, 3), ignore_border=True, stride=(1, 2), pad=(1, 1))
    outs = [y, pool.pool_2d(x, (3, 2), ignore_border=False, mode="average_exc_pad"),
            pool.MaxPoolGrad(True)(x, y, gz, (2, 3), (1, 2), (1, 1)),
            pool.AveragePoolGrad(True, "average_inc_pad")(x, gz, (2, 3), (1, 2), (1, 1)),
            pool.DownsampleFactorMaxGradGrad(True)(x, y, e, (2, 3), (1, 2), (1, 1)),
            pool.MaxPoolRop(True)(x, e, (2, 3), (1, 2), (1, 1))]
    xv = RNG.randint(0, 4, size=(2, 1, 5, 6)).astype("float64")  # ties
    return [x, gz, e], outs, [xv, _m((2, 1, 6, 3)), _m((2, 1, 5, 6))]


EXAMPLES.update({"Pool": _pooling, "MaxPoolGrad": _pooling, "AveragePoolGrad": _pooling,
                 "DownsampleFactorMaxGradGrad": _pooling, "MaxPoolRop": _pooling})


def _op_from_graph() -> Example:
    """--- issue 11: an OpFromGraph of two outputs, nested in another, reading a shared variable."""
    import theano

    a, b = T.dmatrix("a"), T.dmatrix("b")
    s = theano.shared(np.full((4, 4), 0.5), name="s")
    inner = theano.OpFromGraph([a, b], [a * b + T.exp(a), T.dot(a, b) + s])
    c, d = inner(a, b)
    outer = theano.OpFromGraph([a, b], [c - d, inner(b, a)[0]])
    x, y = _x(), T.dmatrix("y")
    return [x, y], inner(x, y) + outer(x, y), [_m((4, 4)), _m((4, 4))]


EXAMPLES["OpFromGraph"] = _op_from_graph
# --- issue 11: ifelse
def _ifelse() -> Example:
    from theano.ifelse import ifelse

    x, c = _x(), T.iscalar("c")
    a, b = ifelse(c, [T.exp(x), x.sum()], [-x, x.max()])
    return [x, c], [a, b, ifelse(c - 1, x * 3.0, x + 1.0)], [_m(), np.int32(1)]


EXAMPLES["IfElse"] = _ifelse


# --- issue 12: theano.printing.Print (an identity that prints; what it prints is tests/lowering/test_debug_modes.py)
def _print_op() -> Example:
    x = _x()
    return [x], [OP_CLASSES["Print"]("x", attrs=("shape",))(x) * 2], [_m()]


EXAMPLES["Print"] = _print_op


# theano.tests.breakpoint.PdbBreakpoint with a condition that stays false (a true one is tests/lowering/test_gof_runtime.py)
def _pdb_breakpoint() -> Example:
    x = _x()
    mx, mn = OP_CLASSES["PdbBreakpoint"]("bp")(T.gt(x.sum(), 1e9), x, x.sum())
    return [x], [mx * 2, mn], [_m()]


EXAMPLES["PdbBreakpoint"] = _pdb_breakpoint
# --- issue 14: theano.sparse (values cross the boundary as scipy matrices; the references are scipy's)
NO_REFERENCE.update({name: "a sparse op: tests/frontend/test_sparse_ops.py checks its values against scipy.sparse"
                     for name in ("CSMProperties", "CSM", "CSMGrad", "DenseFromSparse", "SparseFromDense", "Transpose",
                                  "Neg", "MulSD", "StructuredDot", "StructuredDotGradCSC", "StructuredDotGradCSR",
                                  "SpSum", "ColScaleCSC", "RowScaleCSC", "AddSS", "AddSD", "SparseDot")})
# --- issue 14: sparse products, theano.sparse.opt's ops, sandbox sp2's random ops
NO_REFERENCE.update({name: "a sparse op: tests/frontend/test_sparse_products.py checks its values against scipy.sparse"
                     for name in ("TrueDot", "SamplingDot", "Usmm", "AddSD_ccode", "StructuredDotCSC", "StructuredDotCSR",
                                  "UsmmCscDense", "CSMGradC", "MulSDCSC", "MulSDCSR", "MulSVCSR", "StructuredAddSVCSR",
                                  "SamplingDotCSR")})
NO_REFERENCE.update({name: "random sparse draws (numpy's generator): tests/frontend/test_sparse_products.py checks "
                           "their structure, dtype and support" for name in ("Poisson", "Binomial", "Multinomial")})
# --- issue 14: sparse structure and pattern ops
NO_REFERENCE.update({name: "a sparse op: tests/frontend/test_sparse_struct.py checks scipy's exact arrays"
                     for name in ("Cast", "EqualSS", "EqualSD", "NotEqualSS", "NotEqualSD", "LessThanSS", "LessThanSD",
                                  "GreaterThanSS", "GreaterThanSD", "LessEqualSS", "LessEqualSD", "GreaterEqualSS",
                                  "GreaterEqualSD", "HStack", "VStack", "Remove0", "EnsureSortedIndices", "Diag",
                                  "SquareDiagonal", "AddSSData", "MulSS", "MulSV", "StructuredAddSV")})
# --- issue 15: jax_op
NO_REFERENCE.update({name: "computes a user's own JAX function (jax_op), its jax.vjp or its jax.eval_shape: "
                           "tests/lowering/test_interop.py checks them against JAX" for name in
                     ("JaxOp", "JaxVJP", "JaxOutputShape")})
NO_REFERENCE.update({name: "sparse indexing: tests/frontend/test_sparse_indexing.py checks it against scipy.sparse"
                     for name in ("GetItemList", "GetItemListGrad", "GetItem2Lists", "GetItem2ListsGrad", "GetItem2d",
                                  "GetItemScalar", "ConstructSparseFromList", "SparseSelectionCount")})


# --- theano.tensor.blas: the BLAS ops built directly (no rewrite produces them)
def _blas_ops() -> Example:
    from theano.tensor import blas, blas_scipy

    z, x, y, u, v, w = _x(), T.dmatrix("xm"), T.dmatrix("ym"), T.dvector("u"), T.dvector("v"), T.dvector("w")
    a, b = T.dscalar("a"), T.dscalar("b")
    outs = [blas.gemm_no_inplace(z, a, x, y, b), blas.gemm_inplace(z, a, x, y, b), blas.gemv_no_inplace(u, a, z, v, b),
            blas.ger(z, a, u, v), blas_scipy.scipy_ger_inplace(z, a, u, v), blas._dot22(x, y),
            blas._dot22scalar(x, y, a), blas.gemv_inplace(w, a, z.T, u, b)]
    return ([z, x, y, u, v, w, a, b], outs,
            [_m(), _m((3, 5)), _m((5, 4)), _m((3,)), _m((4,)), _m((4,)), np.float64(0.7), np.float64(-1.3)])


EXAMPLES.update({name: _blas_ops for name in ("Gemm", "Gemv", "Ger", "ScipyGer", "Dot22", "Dot22Scalar")})
# --- theano.typed_list (list values: Python lists of arrays at the boundary)
NO_REFERENCE.update({name: "a typed list op: tests/frontend/test_typed_list.py checks its values against Python's list "
                           "operations" for name in ("GetItem", "Append", "Extend", "Insert", "Remove", "Reverse",
                                                     "Index", "Count", "Length", "MakeList", "ListKey")})
NO_REFERENCE["MakeSlice"] = ("makes a Python slice, not an array: tests/frontend/test_typed_list.py checks the slices "
                             "it gives and indexing typed lists with them")
NO_REFERENCE["SliceBounds"] = ("reads a Python slice's bounds: tests/lowering/test_conformance_fixes.py checks x[slc] "
                               "against numpy for slices of every sign and None")
# --- tbasic: theano.tensor.fft / fourier, AllocEmpty, Default
NO_REFERENCE.update({name: "an FFT: tests/frontend/test_fft_utils.py checks it against numpy.fft"
                     for name in ("RFFTOp", "IRFFTOp", "Fourier")})
NO_REFERENCE.update({"AllocEmpty": "undefined values by definition (zeros here): tests/frontend/"
                                   "test_tensor_basic_followups.py checks its shape and dtype",
                     "Default": "its None semantics live at the call boundary: tests/frontend/"
                                "test_tensor_basic_followups.py checks them"})
# --- theano.tensor.nnet.ctc
NO_REFERENCE["ConnectionistTemporalClassification"] = (
    "a float32-only op (Theano's) with a dynamic-programming loss: tests/lowering/test_ctc.py checks costs and "
    "gradients against a numpy sum over every alignment and against Theano's warp-ctc expected values")
NO_REFERENCE["Raise"] = ("raises by design (theano.raise_op): tests/test_legacy_module_paths.py checks the error and "
                         "that an IfElse branch not taken raises nothing")


# --- Theano's deprecated Tile op: numpy.tile with len(reps) == ndim
def _tile() -> Example:
    x, r = _x(), T.lvector("r")
    outs = [OP_CLASSES["Tile"](2)(x, r), OP_CLASSES["Tile"](3)(T.shape_padleft(x), T.concatenate([[2], r]))]
    return [x, r], outs, [_m(), np.array([2, 3])]


EXAMPLES["Tile"] = _tile
# --- theano.tensor.io: no value inside a compiled program yet (their lowering rules raise a clear error)
NO_REFERENCE["LoadFromDisk"] = ("reads a file named by a Generic (string) input, which the compiled program cannot take "
                                "yet: tests/frontend/test_tensor_leftovers.py checks its graph and mmap_mode errors")
NO_REFERENCE.update({name: "an MPI op (mpi4py is not a dependency): tests/frontend/test_tensor_leftovers.py checks its "
                           "props and scheduling keys" for name in ("MPIRecv", "MPIRecvWait", "MPISend", "MPISendWait")})


# --- Theano's deprecated Flatten op (Theano 0.x/1.0 pickles hold it): numpy's reshape keeping outdim-1 dims
def _flatten_op() -> Example:
    x = T.tensor3("x")
    outs = [OP_CLASSES["Flatten"](1)(x), OP_CLASSES["Flatten"](2)(x), OP_CLASSES["Flatten"](3)(x)]
    return [x], outs, [np.arange(24.0).reshape(2, 3, 4)]


EXAMPLES["Flatten"] = _flatten_op


# Last in the module: the parametrisation reads EXAMPLES when this line runs, so every example above is in it.
@pytest.mark.filterwarnings("ignore:consider_constant")
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_op_computes_the_numpy_reference(name: str) -> None:
    inputs, outputs, values = EXAMPLES[name]()
    present = {type(v.owner.op).__name__ for v in ancestors(outputs) if v.owner is not None}
    assert name in present, f"the example of {name} does not contain it: {sorted(present)}"
    failure = _run_example(EXAMPLES[name])
    assert failure is None, failure
