"""Gradients over the op-info table (opinfo_table.py: one row per differentiable op or function, with
domain-respecting inputs of several shapes, broadcastable and 0-d ones included, and of both float dtypes).

Every row is driven through `theano.gradient.verify_grad` (our implementation), an R_op check (Rop against
the transpose of Lop, and against central finite differences in float64), and a few Hessian-vector products
through Rop-of-grad. Rows are batched: each (row, shape case) of a batch becomes one slice of one
concatenated output, so one verify_grad call checks a whole batch; a failure names its row and shapes.
A last test checks that the table covers every differentiable op.
"""
from __future__ import annotations

import zlib
from typing import Any, Callable, Sequence

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import GradientError, Lop, Rop, verify_grad
from theano.tensor import nnet
from theano.tensor.type import TensorType

from helpers import Cube
from opinfo_table import (ALL_ROWS, BATCHES, DISTINCT, DTYPES, S, U, Case, OpInfo, case_of_input, combined,
                          make_cases)


def _sym(value: np.ndarray) -> Any:
    return TensorType(str(value.dtype), tuple(s == 1 for s in value.shape))()


# --------------------------------------------------------------------------- verify_grad over every row


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch", list(BATCHES))
def test_verify_grad(batch: str, dtype: str) -> None:
    cases = make_cases(batch, dtype)
    if not cases:
        pytest.skip(f"the {batch} rows do not run in {dtype} (e.g. CTC: float32 only, as Theano's op)")
    rng = np.random.RandomState(zlib.crc32((batch + dtype + "proj").encode()))
    try:
        verify_grad(combined(cases), [v for c in cases for v in c.values], rng=rng)
    except GradientError as err:
        raise AssertionError("wrong gradient for %s (%s): %s" % (case_of_input(cases, err.arg), dtype, err)) from None


def test_verify_grad_batches_attribute_a_wrong_gradient_to_its_row() -> None:
    class WrongGradOp(Cube):  # Cube's signature, 2 x and a wrong gradient
        def perform(self, node, inputs, outputs):
            outputs[0][0] = 2 * inputs[0]

        def host_impl(self, node, x):
            return 2 * x

        def grad(self, inputs, grads):
            return [3 * grads[0]]

    good = OpInfo("good", T.exp, ((((3,),),)))
    bad = OpInfo("bad", WrongGradOp(), ((((2,),),)))
    rng = np.random.RandomState(0)
    cases = [Case(good, ((3,),), [rng.rand(3)]), Case(bad, ((2,),), [rng.rand(2)])]
    with pytest.raises(GradientError) as info:
        verify_grad(combined(cases), [c.values[0] for c in cases], rng=rng)
    assert case_of_input(cases, info.value.arg).row.name == "bad"


# --------------------------------------------------------------------------- R_op: against Lop and finite differences


def _cotangent(out: Any) -> Any:
    """A fixed, non-trivial cotangent with out's shape: cos(1.3 k + 0.4) over the flat positions k."""
    n = T.flatten(out).shape[0]
    u = T.cos(T.arange(n) * 1.3 + 0.4).reshape(out.shape, ndim=out.ndim)
    return T.patternbroadcast(T.cast(u, out.dtype), out.broadcastable)


def _rop_lop_function(cases: Sequence[Case]) -> tuple[Any, list[int]]:
    """One compiled function of (inputs, tangents) -> per case: output, Rop output, cotangent u, Lop outputs."""
    ins, tangents, outs, counts = [], [], [], []
    for case in cases:
        xs = [_sym(v) for v in case.values]
        vs = [_sym(v) for v in case.values]
        out = T.as_tensor_variable(case.row.fn(*xs))
        u = _cotangent(out)
        r = Rop(out, xs, vs)
        lops = Lop(out, xs, u, disconnected_inputs="ignore")
        ins += xs
        tangents += vs
        outs += [out, r, u] + list(lops)
        counts.append(3 + len(lops))
    f = theano.function(ins + tangents, outs, on_unused_input="ignore")
    return f, counts


def _split(values: Sequence[Any], counts: Sequence[int]) -> list[list[np.ndarray]]:
    out, k = [], 0
    for c in counts:
        out.append([np.asarray(v) for v in values[k:k + c]])
        k += c
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch", list(BATCHES))
def test_rop_matches_lop_and_finite_differences(batch: str, dtype: str) -> None:
    cases = [c for c in make_cases(batch, dtype) if c.row.rop]
    f, counts = _rop_lop_function(cases)
    rng = np.random.RandomState(zlib.crc32((batch + dtype + "rop").encode()))
    xs = [v for c in cases for v in c.values]
    vs = [rng.standard_normal(v.shape).astype(dtype) for v in xs]
    results = _split(f(*xs, *vs), counts)
    failures = []
    k = 0
    for case, res in zip(cases, results):
        n = len(case.values)
        out, r, u, lops = res[0], res[1], res[2], res[3:]
        v_case = vs[k:k + n]
        k += n
        if r.shape != out.shape or r.dtype != out.dtype:
            failures.append("%s: Rop gave %s %s for an output %s %s" % (case, r.dtype, r.shape, out.dtype, out.shape))
            continue
        # <u, J v> == <J^T u, v>
        lhs = float(np.sum(u.astype("float64") * r))
        rhs = float(sum(np.sum(lv.astype("float64") * vv) for lv, vv in zip(lops, v_case)))
        scale = float(np.sum(np.abs(u * r))) + float(sum(np.sum(np.abs(lv * vv)) for lv, vv in zip(lops, v_case)))
        tol = 1e-9 if dtype == "float64" else 2e-4
        if abs(lhs - rhs) > tol * (scale + 1e-3):
            failures.append("%s: <u, Rop> = %r but <Lop, v> = %r" % (case, lhs, rhs))
    if dtype == "float64":
        h = 1e-6
        plus = _split(f(*[x + h * v for x, v in zip(xs, vs)], *vs), counts)
        minus = _split(f(*[x - h * v for x, v in zip(xs, vs)], *vs), counts)
        for case, res, p, m in zip(cases, results, plus, minus):
            fd = (p[0] - m[0]) / (2 * h)
            if not np.allclose(res[1], fd, rtol=1e-5, atol=1e-6):
                failures.append("%s: Rop %r but finite differences %r" % (case, res[1], fd))
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- second order: Hessian-vector products

X6 = np.random.RandomState(42).uniform(-1, 1, size=(6, 4))
Y6 = np.array([0, 2, 1, 1, 0, 2], dtype="int64")
W3 = np.random.RandomState(43).uniform(0.5, 1.5, size=(6,))


def _mlp_loss(p: Any) -> Any:
    """784-512-512-10 in miniature: 4-5-3 tanh MLP, softmax + NLL by advanced indexing (packed parameters)."""
    w1, b1 = p[:20].reshape((4, 5)), p[20:25]
    w2, b2 = p[25:40].reshape((5, 3)), p[40:43]
    prob = nnet.softmax(T.dot(T.tanh(T.dot(X6, w1) + b1), w2) + b2)
    return -T.mean(T.log(prob)[T.arange(6), Y6])


HVP_ROWS: list[tuple[str, Callable[[Any], Any], int, Any]] = [
    ("mlp_nll", _mlp_loss, 43, S(0.1, 0.8)),
    ("xent_softmax_1hot_with_bias", lambda p: T.mean(nnet.crossentropy_softmax_argmax_1hot_with_bias(
        T.dot(X6, p[:12].reshape((4, 3))), p[12:15], Y6)[0]), 15, S(0.1, 0.8)),
    ("categorical_crossentropy_1hot", lambda p: T.mean(nnet.categorical_crossentropy(
        nnet.softmax(T.dot(X6, p.reshape((4, 3)))), Y6)), 12, S(0.1, 0.8)),
    ("softmax_with_bias", lambda p: T.sum(nnet.softmax_with_bias(p[:6].reshape((2, 3)), p[6:9]) ** 2 * W3.reshape((2, 3))),
     9, S(0.1, 1.0)),
    ("logsumexp", lambda p: T.log(T.sum(T.exp(p.reshape((2, 3))), axis=1)).sum() * 2, 6, S(0.2, 1.5)),
    ("logsoftmax", lambda p: T.sum(nnet.logsoftmax(p.reshape((2, 3))) * W3.reshape((2, 3))), 6, S(0.1, 1.0)),
    ("prod_no_zeros", lambda p: T.prod(p, no_zeros_in_input=True), 5, S(0.5, 1.5)),
    ("prod_axis_no_zeros", lambda p: T.sum(T.prod(p.reshape((2, 3)), axis=1, no_zeros_in_input=True) ** 2), 6,
     S(0.5, 1.5)),
    ("cumprod", lambda p: T.sum(T.cumprod(p) * W3[:5]), 5, S(0.5, 1.5)),
    ("sort", lambda p: T.sum(T.sort(p) ** 3 * W3), 6, DISTINCT),
    ("max_axis", lambda p: T.sum(T.max(p.reshape((2, 3)), axis=1) ** 2), 6, DISTINCT),
    ("pow_exp_sin", lambda p: T.sum(p ** 3 + T.exp(p) * T.sin(p) + T.sqrt(p * p + 1)), 4, S(0.2, 1.5)),
    ("dot_gram", lambda p: T.sum(T.dot(p.reshape((2, 3)), p.reshape((2, 3)).T) ** 2), 6, S(0.2, 1.5)),
    ("batched_dot", lambda p: T.sum(T.batched_dot(p[:12].reshape((2, 2, 3)), p[12:].reshape((2, 3, 2))) ** 2),
     24, S(0.2, 1.0)),
    ("inc_subtensor", lambda p: T.sum(T.inc_subtensor(T.sqr(p)[[0, 2, 0]], T.exp(p[1:4])) ** 2), 5, S(0.2, 1.0)),
    ("set_subtensor", lambda p: T.sum(T.set_subtensor(T.sqr(p)[1:3], T.tanh(p[:2])) ** 3), 5, S(0.2, 1.0)),
    ("repeat_vector", lambda p: T.sum(T.repeat(p, np.array([1, 2, 0, 3])) ** 3 * W3), 4, S(0.2, 1.0)),
    ("join_split", lambda p: T.sum(T.concatenate(T.split(T.tanh(p), [2, 3], 2)[::-1]) ** 2 * W3[:5]), 5,
     S(0.2, 1.0)),
    ("sigmoid_softplus_erf", lambda p: T.sum(nnet.sigmoid(p) * nnet.softplus(p) + T.erf(p) ** 2), 4, U(-2, 2)),
    ("var_std", lambda p: T.var(p) + T.std(p.reshape((2, 3)), axis=1).sum(), 6, S(0.2, 1.5)),
]


def test_hessian_vector_products_through_rop_of_grad() -> None:
    """H v = Rop(grad(cost), x, v), against Lop(grad(cost), x, v) (H is symmetric) and finite differences of
    the gradient, for losses whose gradient graphs contain the gradient ops (SoftmaxGrad,
    CrossentropySoftmax1HotWithBiasDx, CrossentropyCategorical1HotGrad, AdvancedIncSubtensor1, ...)."""
    rng = np.random.RandomState(7)
    ins, outs, points = [], [], []
    for name, cost, n, domain in HVP_ROWS:
        x, v = T.dvector(name), T.dvector(name + "_v")
        g = theano.gradient.grad(cost(x), x)
        ins += [x, v]
        outs += [g, Rop(g, x, v), Lop(g, x, v)]
        points += [domain(rng, (n,)), rng.standard_normal(n)]
    f = theano.function(ins, outs)
    h = 1e-5
    base = f(*points)
    shifted = [p + h * points[i + 1] if i % 2 == 0 else p for i, p in enumerate(points)]
    plus = f(*shifted)
    shifted = [p - h * points[i + 1] if i % 2 == 0 else p for i, p in enumerate(points)]
    minus = f(*shifted)
    failures = []
    for k, (name, _, n, _) in enumerate(HVP_ROWS):
        hv, hv_lop = base[3 * k + 1], base[3 * k + 2]
        fd = (plus[3 * k] - minus[3 * k]) / (2 * h)
        if not np.allclose(hv, fd, rtol=1e-5, atol=1e-6):
            failures.append("%s: Hv %r, finite differences %r" % (name, hv, fd))
        if not np.allclose(hv, hv_lop, rtol=1e-9, atol=1e-10):
            failures.append("%s: Rop(grad) %r != Lop(grad) %r" % (name, hv, hv_lop))
        if not np.any(hv):
            failures.append("%s: zero Hessian-vector product (the row checks nothing)" % name)
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- coverage of the table

# concrete Op classes that are not differentiable (integer/bool outputs, shape bookkeeping, compile-time
# copies, gradient-shaping ops whose gradient is wrong on purpose, or no gradient as in Theano 1.0.5)
NOT_DIFFERENTIABLE = {
    "Shape", "Shape_i", "ARange", "Argmax", "All", "Any", "NonzeroCount", "Nonzero", "ArgSortOp", "MaskCount",
    "Eye", "Tri", "ProdWithoutZeros", "CAReduce", "CAReduceDtype", "Mean", "DeepCopyOp", "OutputGuard",
    "ConsiderConstant", "ZeroGrad", "UndefinedGrad", "DisconnectedGrad", "GradClip", "GradScale",
    "HostCheck",  # only in shape graphs (int64 bounds checks for the host shape program)
    "Assert",  # an identity on its value, like OutputGuard (its gradient passes through: test_runtime_checks.py)
    "BatchShard",  # issue 15: the data-parallel minibatch marker, an identity (sharding_cases.py trains through it)
}
# --- issue 10: linear algebra (no gradient in Theano 1.0.5; the *Grad ops are gradients, not differentiated)
NOT_DIFFERENTIABLE |= {"Eig", "QRFull", "QRIncomplete", "SVD", "lstsq", "TensorInv", "TensorSolve",
                       "EighGrad", "CholeskyGrad", "EigvalshGrad", "ExpmGrad"}
# --- issue 10: random streams (no gradient through sampling, as Theano) and user ops (as_op: no grad unless given)
NOT_DIFFERENTIABLE |= {"mrg_uniform", "mrg_uniform_base", "mrg_uniform_prefix", "DotModulo", "FromFunctionOp"}
# theano.typed_list's ops, slices, AllocEmpty and T.default: no gradient, as in Theano. The FFT ops have gradients,
# checked by verify_grad in tests/frontend/test_fft_utils.py and Theano's own test_fft.py / test_fourier.py
NOT_DIFFERENTIABLE |= {"Append", "Count", "Extend", "GetItem", "Index", "Insert", "Length", "ListKey", "MakeList",
                       "Remove", "Reverse", "MakeSlice", "SliceBounds", "AllocEmpty", "Default", "Fourier", "RFFTOp", "IRFFTOp"}
NOT_DIFFERENTIABLE |= {"RandomFunction"}  # raw_random's numpy draws: no gradient through sampling, as Theano
NOT_DIFFERENTIABLE |= {"COp"}  # theano.gof.COp: the base of users' ops with C code in files (no op of its own)
# --- issue 10: extra_ops, sort/topk and missing T.* names (integer-valued or without a gradient in Theano 1.0.5)
NOT_DIFFERENTIABLE |= {"Bartlett", "Choose", "Unique", "UniqueCount", "UnravelIndex", "RavelMultiIndex",
                       "SearchsortedOp", "NonnegativeCheck", "ChooseCheck"}
# --- issue 10: pooling (PoolGrad: the abstract base of the pooling gradients; MaxPoolRop: no gradient in Theano 1.0.5)
NOT_DIFFERENTIABLE |= {"PoolGrad", "MaxPoolRop"}
NOT_DIFFERENTIABLE |= {"ScanSteps", "ScanTripCheck"}  # --- issue 11: integer trip counts of a scan
# theano.tensor.io (a file read, MPI transfers) and the deprecated Tile op: no gradient in Theano 1.0.5 (Tile's grad
# raises NotImplementedError there too; T.tile has its own gradient, covered by the "tile" row)
NOT_DIFFERENTIABLE |= {"LoadFromDisk", "MPIRecv", "MPIRecvWait", "MPISend", "MPISendWait", "Tile"}
NOT_DIFFERENTIABLE |= {"Raise"}  # theano.raise_op.Raise: raises when run; no gradient, as in Theano 1.0.5
# --- issue 15: jax_op wraps a user's JAX function: verify_grad in tests/lowering/test_interop.py checks its gradient
# (JaxVJP, jax.vjp; first order only); JaxOutputShape computes integer shapes
NOT_DIFFERENTIABLE |= {"JaxOp", "JaxVJP", "JaxOutputShape"}
# --- nnet leftovers: SparseBlockOuter has no gradient in Theano 1.0.5 (it is SparseBlockGemv's); the sandbox
# multinomial ops give zero gradients, as Theano's (no gradient through sampling)
NOT_DIFFERENTIABLE |= {"SparseBlockOuter", "MultinomialFromUniform", "ChoiceFromUniform",
                       "MultinomialWOReplacementFromUniform"}
NOT_DIFFERENTIABLE |= {"GemmRelated"}  # theano.tensor.blas: the abstract base of Gemm, Dot22 and Dot22Scalar
# table rows whose gradient is not defined (as in Theano 1.0.5), or that are complex-valued (Theano refuses
# complex gradients: "grad illegally returned an integer-valued variable"), bool- or integer-valued
SCALAR_NOT_DIFFERENTIABLE = {
    "tri_gamma", "chi2sf", "gammainc", "gammaincc", "gammau", "gammal", "conj", "ultra_fast_sigmoid",
    "real", "imag", "angle", "complex", "complex_from_polar",
    "lt", "gt", "le", "ge", "eq", "neq", "isnan", "isinf", "and_", "or_", "xor", "invert", "int_div",
}


def _row_graph_ops(rows: Sequence[OpInfo]) -> tuple[set[str], set[str]]:
    """The Op class names and elemwise scalar-op names in the forward graphs of the rows."""
    from theano.frontend.graph import toposort

    classes, scalars = set(), set()
    for row in rows:
        dtype = "float64" if "float64" in row.dtypes else row.dtypes[0]
        xs = [TensorType(dtype, tuple(d == 1 for d in shp))() for shp in row.shapes[0]]
        for node in toposort([T.as_tensor_variable(row.fn(*xs))]):
            classes.add(type(node.op).__name__)
            if hasattr(node.op, "scalar_op"):
                scalars.add(node.op.scalar_op.name)
    return classes, scalars


def _concrete_op_class_names() -> set[str]:
    """Every concrete Op class defined in theano.frontend (abstract bases start with _ or Base)."""
    import importlib
    import pkgutil

    import theano.frontend
    from theano.frontend.graph import Op

    for m in pkgutil.walk_packages(theano.frontend.__path__, "theano.frontend."):
        importlib.import_module(m.name)
    names, stack = set(), list(Op.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        # sparse ops (theano.frontend.sparse) take scipy.sparse values: their gradients are checked with
        # sparse verify_grad in test_sparse_ops.py, as Theano's sparse tests do
        if cls.__module__.startswith("theano.frontend.") and not cls.__module__.startswith("theano.frontend.sparse") \
                and not cls.__name__.startswith(("_", "Base")):
            names.add(cls.__name__)
    return names


def test_the_table_covers_every_differentiable_op() -> None:
    from theano.frontend.ops.elemwise_table import SCALAR_OPS

    classes, scalars = _row_graph_ops(ALL_ROWS)
    missing = _concrete_op_class_names() - NOT_DIFFERENTIABLE - classes
    assert not missing, "differentiable ops without a row: %s" % sorted(missing)
    missing_scalars = set(SCALAR_OPS) - SCALAR_NOT_DIFFERENTIABLE - scalars
    assert not missing_scalars, "elementwise ops without a row: %s" % sorted(missing_scalars)
