"""Creation, joining and layout ops: printed names and dtypes (Theano 1.0.5, baked), values vs numpy,
value-dependent shapes and recompilation, gradients by finite differences, errors."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.config import config

from helpers import central_differences

RNG = np.random.RandomState(42)


def _vars():
    return dict(x=T.matrix("x"), v=T.vector("v"), n=T.lscalar("n"), i=T.iscalar("i"), a=T.dscalar("a"),
                b=T.dscalar("b"), r=T.row("r"), c=T.col("c"), t3=T.tensor3("t3"), u8=T.scalar("u8", dtype="uint8"),
                f32=T.fscalar("f32"), b8=T.bscalar("b8"))


# (expression, printed op, type, broadcastable) -- from Theano 1.0.5
PRINTED = [
    ("T.alloc(a, 3, 4)", "Alloc", "TensorType(float64, matrix)", (False, False)),
    ("T.alloc(a, 1, n)", "Alloc", "TensorType(float64, row)", (True, False)),
    ("T.alloc(0., n, 3)", "Alloc", "TensorType(float32, matrix)", (False, False)),
    ("T.alloc(np.int8(2), n)", "Alloc", "TensorType(int8, vector)", (False,)),
    ("T.alloc(r, 5, 3)", "Alloc", "TensorType(float64, matrix)", (False, False)),
    ("T.alloc(v, 1, 1)", "Alloc", "TensorType(float64, (True, True))", (True, True)),
    ("T.alloc(a, T.shape_i(r, 0), 3)", "Alloc", "TensorType(float64, row)", (True, False)),
    ("T.zeros((n, 3))", "Alloc", "TensorType(float64, matrix)", (False, False)),
    ("T.zeros((x.shape[0], 3), dtype='int32')", "Alloc", "TensorType(int32, matrix)", (False, False)),
    ("T.zeros((1, 3))", "Alloc", "TensorType(float64, row)", (True, False)),
    ("T.zeros(x.shape, dtype='int8')", "Alloc", "TensorType(int8, matrix)", (False, False)),
    ("T.ones((n,))", "Alloc", "TensorType(float64, vector)", (False,)),
    ("T.ones(3)", "Alloc", "TensorType(float64, vector)", (False,)),
    ("T.ones((2,), dtype='bool')", "Alloc", "TensorType(bool, vector)", (False,)),
    ("T.concatenate([x, x], axis=1)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.join(0, v, v)", "Join", "TensorType(float64, vector)", (False,)),
    ("T.join(-1, x, x)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.join(0, r, r)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.join(1, r, r)", "Join", "TensorType(float64, row)", (True, False)),
    ("T.join(1, r, c)", "Join", "TensorType(float64, row)", (True, False)),
    ("T.join(0, T.bvector(), T.fvector())", "Join", "TensorType(float32, vector)", (False,)),
    ("T.join(0, T.bvector(), T.wvector())", "Join", "TensorType(int16, vector)", (False,)),
    ("T.join(i, r, r)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.stack([a, b])", "MakeVector{dtype='float64'}", "TensorType(float64, vector)", (False,)),
    ("T.stack([a, n])", "MakeVector{dtype='float64'}", "TensorType(float64, vector)", (False,)),
    ("T.stack([n, i])", "MakeVector{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.stack([1, 2])", "MakeVector{dtype='int8'}", "TensorType(int8, vector)", (False,)),
    ("T.stack([1, 2.5])", "MakeVector{dtype='float32'}", "TensorType(float32, vector)", (False,)),
    ("T.stack([b8, f32])", "MakeVector{dtype='float32'}", "TensorType(float32, vector)", (False,)),
    ("T.stack([v, v])", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.stack([v, v], axis=1)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.stack([r, r], axis=1)", "Join", "TensorType(float64, (True, False, False))", (True, False, False)),
    ("T.stack([x, x], axis=-1)", "Join", "TensorType(float64, 3D)", (False, False, False)),
    ("T.stacklists([[a, a], [a, a]])", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.horizontal_stack(x, x)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.vertical_stack(x, x)", "Join", "TensorType(float64, matrix)", (False, False)),
    ("T.arange(n)", "ARange{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.arange(i)", "ARange{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.arange(3)", "ARange{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.arange(0., 1., .1)", "ARange{dtype='float64'}", "TensorType(float64, vector)", (False,)),
    ("T.arange(a)", "ARange{dtype='float64'}", "TensorType(float64, vector)", (False,)),
    ("T.arange(1, n, 2)", "ARange{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.arange(u8)", "ARange{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.arange(f32)", "ARange{dtype='float32'}", "TensorType(float32, vector)", (False,)),
    ("T.arange(b8)", "ARange{dtype='int64'}", "TensorType(int64, vector)", (False,)),
    ("T.arange(5, dtype='float32')", "ARange{dtype='float32'}", "TensorType(float32, vector)", (False,)),
    ("T.arange(0.5)", "ARange{dtype='float32'}", "TensorType(float32, vector)", (False,)),
    ("T.arange(f32, T.dscalar())", "ARange{dtype='float64'}", "TensorType(float64, vector)", (False,)),
    ("T.arange(i, dtype='int32')", "ARange{dtype='int32'}", "TensorType(int32, vector)", (False,)),
    ("T.eye(3)", "Eye{dtype='float64'}", "TensorType(float64, matrix)", (False, False)),
    ("T.eye(n, dtype='int32')", "Eye{dtype='int32'}", "TensorType(int32, matrix)", (False, False)),
    ("T.eye(n, 3, 1)", "Eye{dtype='float64'}", "TensorType(float64, matrix)", (False, False)),
    ("T.eye(n, n, i)", "Eye{dtype='float64'}", "TensorType(float64, matrix)", (False, False)),
    ("T.identity_like(x)", "Eye{dtype='float64'}", "TensorType(float64, matrix)", (False, False)),
    ("T.tri(3)", "Tri{dtype='float64'}", "TensorType(float64, matrix)", (False, False)),
    ("T.tri(n, 4, 1, dtype='int32')", "Tri{dtype='int32'}", "TensorType(int32, matrix)", (False, False)),
    ("T.tril(x)", "Elemwise{mul,no_inplace}", "TensorType(float64, matrix)", (False, False)),
    ("T.diagonal(x)", "ExtractDiag{offset=0, axis1=0, axis2=1, view=False}", "TensorType(float64, vector)", (False,)),
    ("T.diagonal(x, 1)", "ExtractDiag{offset=1, axis1=0, axis2=1, view=False}", "TensorType(float64, vector)", (False,)),
    ("x.diagonal()", "ExtractDiag{offset=0, axis1=0, axis2=1, view=False}", "TensorType(float64, vector)", (False,)),
    ("T.diagonal(t3, 0, 1, 2)", "ExtractDiag{offset=0, axis1=1, axis2=2, view=False}", "TensorType(float64, matrix)",
     (False, False)),
    ("T.diag(v)", "AllocDiag{offset=0, axis1=0, axis2=1}", "TensorType(float64, matrix)", (False, False)),
    ("T.diag(x, 1)", "ExtractDiag{offset=1, axis1=0, axis2=1, view=False}", "TensorType(float64, vector)", (False,)),
    ("T.AllocDiag(1)(v)", "AllocDiag{offset=1, axis1=0, axis2=1}", "TensorType(float64, matrix)", (False, False)),
    ("x.trace()", "Sum{acc_dtype=float64}", "TensorType(float64, scalar)", ()),
    ("T.flatten(x)", "Reshape{1}", "TensorType(float64, vector)", (False,)),
    ("T.flatten(t3, 2)", "Reshape{2}", "TensorType(float64, matrix)", (False, False)),
    ("x.flatten(2)", "Reshape{2}", "TensorType(float64, matrix)", (False, False)),
    ("T.flatten(r)", "Reshape{1}", "TensorType(float64, vector)", (False,)),
    ("T.flatten(c, 2)", "Rebroadcast{?,1}", "TensorType(float64, col)", (False, True)),
    ("T.flatten(a)", "Rebroadcast{1}", "TensorType(float64, (True,))", (True,)),
    ("T.split(x, [2, 3], 2, axis=1)[0]", "Split{2}", "TensorType(float64, matrix)", (False, False)),
    ("T.split(v, T.lvector(), 3)[2]", "Split{3}", "TensorType(float64, vector)", (False,)),
    ("T.swapaxes(x, 0, 1).owner.inputs[0]", None, "TensorType(float64, matrix)", (False, False)),
    ("T.cumsum(x)", "CumOp{None, add}", "TensorType(float64, vector)", (False,)),
    ("T.cumsum(x, axis=0)", "CumOp{0, add}", "TensorType(float64, matrix)", (False, False)),
    ("T.cumprod(x, 1)", "CumOp{1, mul}", "TensorType(float64, matrix)", (False, False)),
    ("T.cumsum(x, -1)", "CumOp{-1, add}", "TensorType(float64, matrix)", (False, False)),
    ("T.CumsumOp(0)(x)", "CumOp{0, add}", "TensorType(float64, matrix)", (False, False)),
    ("T.CumprodOp()(x)", "CumOp{None, mul}", "TensorType(float64, vector)", (False,)),
    ("T.cumsum(T.bvector())", "CumOp{None, add}", "TensorType(int8, vector)", (False,)),
    ("T.cumsum(T.vector(dtype='bool'))", "CumOp{None, add}", "TensorType(bool, vector)", (False,)),
    ("T.sort(x)", "SortOp{quicksort, None}", "TensorType(float64, matrix)", (False, False)),
    ("T.sort(x, None)", "SortOp{quicksort, None}", "TensorType(float64, vector)", (False,)),
    ("T.sort(T.ivector())", "SortOp{quicksort, None}", "TensorType(int32, vector)", (False,)),
    ("T.argsort(x)", "ArgSortOp{quicksort, None}", "TensorType(int64, matrix)", (False, False)),
    ("T.argsort(r)", "ArgSortOp{quicksort, None}", "TensorType(int64, row)", (True, False)),
    ("T.argsort(x, None)", "ArgSortOp{quicksort, None}", "TensorType(int64, vector)", (False,)),
    ("T.repeat(x, 2, axis=0)", "Reshape{2}", "TensorType(float64, matrix)", (False, False)),
    ("T.repeat(x, 2)", "Reshape{1}", "TensorType(float64, vector)", (False,)),
    ("T.repeat(v, T.lvector(), axis=0)", "RepeatOp{axis=0}", "TensorType(float64, vector)", (False,)),
    ("T.repeat(x, T.lvector())", "RepeatOp{axis=None}", "TensorType(float64, vector)", (False,)),
    ("T.repeat(x, T.lvector(), axis=1)", "RepeatOp{axis=1}", "TensorType(float64, matrix)", (False, False)),
    ("T.tile(x, (2, 3))", "Reshape{2}", "TensorType(float64, matrix)", (False, False)),
    ("T.tile(v, 3)", "Reshape{1}", "TensorType(float64, vector)", (False,)),
    ("T.tile(r, (2, 1))", "Reshape{2}", "TensorType(float64, matrix)", (False, False)),
    ("T.nonzero(x, return_matrix=True)", "Nonzero", "TensorType(int64, matrix)", (False, False)),
]


@pytest.mark.parametrize("expr,op_name,type_str,bcast", PRINTED, ids=[p[0] for p in PRINTED])
def test_printed_op_type_and_pattern(expr, op_name, type_str, bcast):
    env = dict(_vars(), T=T, np=np)
    out = eval(expr, env)
    if op_name is not None:
        assert str(out.owner.op) == op_name
    assert str(out.type) == type_str
    assert out.broadcastable == bcast


def test_squeeze_swapaxes_are_dimshuffles():
    x, t3 = T.matrix(), T.tensor3()
    s = T.squeeze(T.TensorType("float64", (True, False, True))())
    assert s.broadcastable == (False,) and s.owner.op.new_order == (1,)
    assert T.squeeze(x).owner.op.new_order == (0, 1)
    assert T.swapaxes(t3, 0, -1).owner.op.new_order == (2, 1, 0)
    assert x.swapaxes(0, 1).owner.op.new_order == (1, 0)
    assert T.shape_padleft(x, 2).broadcastable == (True, True, False, False)
    assert T.shape_padright(x).broadcastable == (False, False, True)
    assert T.shape_padaxis(x, -1).owner.op.new_order == (0, 1, "x")


def test_stack_deprecated_interface_warns():
    a, b = T.dscalars("a", "b")
    with pytest.warns(DeprecationWarning, match="stack\\(\\*tensors\\) interface is deprecated"):
        out = T.stack(a, b)
    assert str(out.owner.op) == "MakeVector{dtype='float64'}"


# --------------------------------------------------------------------------- values

def test_values_against_numpy():
    x, v, a = T.matrix("x"), T.vector("v"), T.dscalar("a")
    t3 = T.tensor3("t3")
    X = RNG.randn(3, 4)
    V = np.array([3.0, -1.0, 2.0, 0.0])
    T3 = RNG.randn(2, 3, 4)
    cases = [
        (T.alloc(a, 2, 3), np.full((2, 3), 1.5)),
        (T.alloc(v, 2, 4), np.broadcast_to(V, (2, 4))),
        (T.zeros((2, 3), dtype="int32"), np.zeros((2, 3), "int32")),
        (T.ones(3), np.ones(3)),
        (T.zeros(x.shape), np.zeros((3, 4))),
        (T.concatenate([x, x], axis=1), np.concatenate([X, X], axis=1)),
        (T.concatenate([x, x], axis=-2), np.concatenate([X, X], axis=0)),
        (T.stack([v, v], axis=1), np.stack([V, V], axis=1)),
        (T.stack([a, a * 2]), np.array([1.5, 3.0])),
        (T.horizontal_stack(x, x), np.hstack([X, X])),
        (T.vertical_stack(x, x), np.vstack([X, X])),
        (T.eye(3, 4, 1), np.eye(3, 4, 1)),
        (T.eye(4, 3, -2, dtype="int8"), np.eye(4, 3, -2, dtype="int8")),
        (T.identity_like(x), np.eye(3, 4)),
        (T.tri(3, 4, 1, dtype="int32"), np.tri(3, 4, 1, dtype="int32")),
        (T.tril(x, -1), np.tril(X, -1)),
        (T.triu(x, 1), np.triu(X, 1)),
        (T.diagonal(x, 1), np.diagonal(X, 1)),
        (T.diagonal(x, -2), np.diagonal(X, -2)),
        (T.diagonal(t3, 1, 1, 2), np.diagonal(T3, 1, 1, 2)),
        (T.diagonal(t3, 0, 2, 0), np.diagonal(T3, 0, 2, 0)),
        (T.diag(v, 1), np.diag(V, 1)),
        (T.diag(v, -2), np.diag(V, -2)),
        (x.trace(), np.trace(X)),
        (T.flatten(x), X.ravel()),
        (T.flatten(t3, 2), T3.reshape(2, -1)),
        (t3.flatten(3), T3),
        (T.cumsum(x), np.cumsum(X)),
        (T.cumsum(x, axis=0), np.cumsum(X, axis=0)),
        (T.cumprod(x, -1), np.cumprod(X, axis=-1)),
        (T.sort(x), np.sort(X)),
        (T.sort(x, 0), np.sort(X, 0)),
        (T.sort(x, None), np.sort(X, None)),
        (T.argsort(v), np.argsort(V)),
        (T.argsort(x, None), np.argsort(X, None)),
        (T.repeat(x, 2, axis=1), np.repeat(X, 2, axis=1)),
        (T.repeat(x, 3), np.repeat(X, 3)),
        (T.tile(x, (2, 3)), np.tile(X, (2, 3))),
        (T.tile(v, (2, 1, 2)), np.tile(V, (2, 1, 2))),
        (T.swapaxes(t3, 0, 2), np.swapaxes(T3, 0, 2)),
        (T.split(x, [1, 3], 2, axis=1)[1], X[:, 1:]),
    ]
    f = theano.function([x, v, a, t3], [c[0] for c in cases], on_unused_input="ignore")
    results = f(X, V, 1.5, T3)
    for (var, expected), got in zip(cases, results):
        assert got.dtype == var.dtype, (var, got.dtype)
        assert got.shape == expected.shape, (var, got.shape, expected.shape)
        np.testing.assert_allclose(got, expected, rtol=1e-12, err_msg=str(var.owner.op))


def test_discrete_values():
    bv, boolv = T.bvector("bv"), T.vector("boolv", dtype="bool")
    f = theano.function([bv, boolv], [T.cumsum(bv), T.cumsum(boolv), T.cumprod(boolv), T.sort(bv), T.join(0, bv, bv)])
    B = np.array([3, -1, 2], "int8")
    cs, bsum, bprod, srt, joined = f(B, np.array([False, True, True]))
    assert cs.dtype == "int8" and list(cs) == [3, 2, 4]
    assert bsum.dtype == "bool" and list(bsum) == [False, True, True]
    assert list(bprod) == [False, False, False]
    assert list(srt) == [-1, 2, 3] and srt.dtype == "int8"
    assert list(joined) == [3, -1, 2, 3, -1, 2]


def test_arange_values_and_lengths():
    start, stop, step = T.dscalars("start", "stop", "step")
    f = theano.function([start, stop, step], T.arange(start, stop, step))
    for args in [(0.0, 1.0, 0.1), (1.0, 10.0, 3.0), (10.0, 1.0, -3.0), (5.0, 1.0, 1.0), (0.5, 2.0, 0.25)]:
        np.testing.assert_allclose(f(*args), np.arange(*args), rtol=1e-12)
        assert f(*args).shape == np.arange(*args).shape
    i, j, k = T.lscalars("i", "j", "k")
    g = theano.function([i, j, k], T.arange(i, j, k))
    for args in [(1, 10, 3), (10, 1, -3), (5, 1, 1), (-4, 4, 2), (0, 7, 7)]:
        got = g(*args)
        assert got.dtype == "int64"
        np.testing.assert_array_equal(got, np.arange(*args))
    const = theano.function([], [T.arange(0.0, 1.0, 0.1), T.arange(1, 10, 3), T.arange(5, dtype="float32")])()
    np.testing.assert_allclose(const[0], np.arange(0.0, 1.0, 0.1))
    np.testing.assert_array_equal(const[1], [1, 4, 7])
    assert const[2].dtype == "float32" and list(const[2]) == [0, 1, 2, 3, 4]


def test_alloc_dynamic_fill_value_and_runtime_broadcast_error():
    a, n = T.dscalar("a"), T.lscalar("n")
    v = T.vector("v")
    f = theano.function([a, n], T.alloc(a, n, 2))
    np.testing.assert_array_equal(f(2.5, 3), np.full((3, 2), 2.5))
    np.testing.assert_array_equal(f(-1.0, 3), np.full((3, 2), -1.0))
    assert f.n_compilations == 1
    g = theano.function([v, n], T.alloc(v, n, 4))
    np.testing.assert_array_equal(g(np.arange(4.0), 2), np.broadcast_to(np.arange(4.0), (2, 4)))
    with pytest.raises(ValueError, match="broadcast"):
        g(np.arange(3.0), 2)


# --------------------------------------------------------------------------- symbolic shapes, recompilation

def test_zeros_with_symbolic_shape_recompiles_per_distinct_shape():
    n = T.lscalar("n")
    x = T.matrix("x")
    f = theano.function([n], T.zeros((n, 3)))
    for k in (2, 3, 2, 3, 2):
        out = f(k)
        assert out.shape == (k, 3) and out.dtype == config.floatX and not out.any()
    assert f.n_compilations == 2
    g = theano.function([x], T.ones((x.shape[0] * 2, x.shape[1]), dtype="int32"))
    assert g(np.zeros((2, 5))).shape == (4, 5)
    assert g(np.zeros((3, 1))).shape == (6, 1)


def test_arange_symbolic_length_and_dynamic_start():
    n = T.lscalar("n")
    f = theano.function([n], T.arange(n))
    for k in (3, 5, 3, 0):
        np.testing.assert_array_equal(f(k), np.arange(k))
    assert f.n_compilations == 3
    s = T.lscalar("s")
    g = theano.function([s], T.arange(s, s + 4))  # same length for every s: one compilation
    for k in (0, 7, -3, 100):
        np.testing.assert_array_equal(g(k), np.arange(k, k + 4))
    assert g.n_compilations == 1
    step = T.dscalar("step")
    h = theano.function([step], T.arange(0.0, 1.0, step))
    np.testing.assert_allclose(h(0.25), np.arange(0.0, 1.0, 0.25))
    np.testing.assert_allclose(h(0.5), np.arange(0.0, 1.0, 0.5))


def test_eye_symbolic_size_dynamic_k():
    n, k = T.lscalars("n", "k")
    f = theano.function([n, k], T.eye(n, n + 1, k))
    for nv, kv in [(3, 0), (3, 1), (3, -2), (4, 1)]:
        np.testing.assert_array_equal(f(nv, kv), np.eye(nv, nv + 1, kv))
    assert f.n_compilations == 2


def test_split_values_and_symbolic_sizes():
    v = T.vector("v")
    sizes = T.lvector("sizes")
    a, b, c = T.split(v, sizes, 3)
    f = theano.function([v, sizes], [a, b, c])
    V = np.arange(6.0)
    got = f(V, np.array([3, 2, 1]))
    for g, e in zip(got, np.split(V, [3, 5])):
        np.testing.assert_array_equal(g, e)
    got = f(V, np.array([0, 6, 0]))
    assert [g.shape for g in got] == [(0,), (6,), (0,)]
    with pytest.raises(ValueError, match="The splits sum to 5, expected 6"):
        f(V, np.array([3, 1, 1]))


def test_join_runtime_shape_mismatch_and_symbolic_axis():
    x, y = T.matrices("x", "y")
    f = theano.function([x, y], T.concatenate([x, y], axis=0))
    assert f(np.ones((2, 3)), np.ones((1, 3))).shape == (3, 3)
    with pytest.raises(ValueError, match="dimensions except for the concatenation axis must match"):
        f(np.ones((2, 3)), np.ones((1, 4)))
    i = T.lscalar("i")
    g = theano.function([x, i], T.join(i, x, x))  # a symbolic axis, as Theano
    assert g(np.ones((2, 2)), 0).shape == (4, 2) and g(np.ones((2, 2)), 1).shape == (2, 4)


def test_repeat_with_vector_of_counts():
    x = T.matrix("x")
    reps = T.lvector("reps")
    f = theano.function([x, reps], T.repeat(x, reps, axis=1))
    X = np.arange(6.0).reshape(2, 3)
    for r in ([1, 0, 2], [3, 3, 3], [1, 0, 2]):
        np.testing.assert_array_equal(f(X, np.array(r)), np.repeat(X, r, axis=1))
    assert f.n_compilations == 2
    g = theano.function([x, reps], T.repeat(x, reps))
    np.testing.assert_array_equal(g(X, np.arange(6)), np.repeat(X, np.arange(6)))


def test_nonzero_matrix_recompiles_per_count():
    x = T.matrix("x")
    f = theano.function([x], T.nonzero(x, return_matrix=True))
    X = np.array([[0.0, 1.0, 0.0], [2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(f(X), np.vstack(np.nonzero(X)))
    np.testing.assert_array_equal(f(X[::-1].copy()), np.vstack(np.nonzero(X[::-1])))
    assert f(np.zeros((2, 3))).shape == (2, 0)
    assert f.n_compilations == 2
    g = theano.function([x], T.nonzero(x > 1.5, return_matrix=True))  # a mask computed from the input
    np.testing.assert_array_equal(g(X), np.vstack(np.nonzero(X > 1.5)))


def test_get_vector_length_of_known_length_vectors():
    a = T.dscalar()
    assert T.get_vector_length(T.join(0, T.constant([1, 2]), T.constant([3]))) == 3
    assert T.get_vector_length(T.concatenate([T.stack([a, a]), T.constant([1.0])])) == 3
    assert T.get_vector_length(T.alloc(a, 3)) == 3
    assert T.get_vector_length(T.arange(3)) == 3
    assert T.get_vector_length(T.arange(1, 10, 3)) == 3
    assert T.get_vector_length(T.stack([a, a])) == 2
    with pytest.raises(ValueError):
        T.get_vector_length(T.join(0, T.vector(), T.constant([1.0])))
    with pytest.raises(ValueError):
        T.get_vector_length(T.arange(T.lscalar()))


# --------------------------------------------------------------------------- gradients

def _fd_check(build, values, eps=1e-6, atol=1e-6, input_types=None):
    """Compare T.grad of sum(build(*inputs) * W) with central finite differences."""
    ins = input_types or [T.TensorType("float64", (False,) * np.ndim(v))() for v in values]
    out = build(*ins)
    probe = theano.function(ins, out)
    W = RNG.randn(*np.shape(probe(*values)))
    cost = (out * W).sum()
    f = theano.function(ins, [cost] + T.grad(cost, ins))
    results = f(*values)
    for k in range(len(values)):
        num = central_differences(lambda *vs: f(*vs)[0], values, k, eps)
        np.testing.assert_allclose(results[1 + k], num, atol=atol, err_msg=f"gradient of input {k}")


X34 = RNG.randn(3, 4)
V4 = RNG.randn(4)

GRAD_CASES = [
    ("alloc", lambda v: T.alloc(v, 3, 4), [V4], None),
    ("alloc_row", lambda r: T.alloc(r, 2, 3, 4), [RNG.randn(1, 4)], [T.row()]),
    ("join0", lambda x, y: T.concatenate([x, y], axis=0), [X34, X34[:2]], None),
    ("join1", lambda x, y: T.concatenate([x, y], axis=1), [X34, X34[:, :1]], None),
    ("join_row", lambda r, x: T.concatenate([r, x], axis=0), [RNG.randn(1, 4), X34], [T.row(), T.matrix()]),
    ("stack", lambda x, y: T.stack([x, y], axis=1), [X34, X34 * 2], None),
    ("stack_scalars", lambda a, b: T.stack([a, b * a]), [np.array(1.5), np.array(-2.0)], None),
    ("split", lambda x: T.split(x, [1, 3], 2, axis=1)[1] * 2, [X34], None),
    ("split_both", lambda x: T.concatenate(T.split(x, [2, 1], 2, axis=0)[::-1]), [X34[:3]], None),
    ("diag0", lambda x: T.diagonal(x), [X34], None),
    ("diag1", lambda x: T.diagonal(x, 1), [X34], None),
    ("diag-1", lambda x: T.diagonal(x, -1), [X34], None),
    ("diag_tall", lambda x: T.diagonal(x, 2), [X34.T], None),
    ("allocdiag", lambda v: T.diag(v, 1), [V4], None),
    ("trace", lambda x: x.trace(), [X34[:, :3]], None),
    ("tril", lambda x: T.tril(x), [X34], None),
    ("arange", lambda a, s: T.arange(a, 5.0, s), [np.array(0.5), np.array(1.0)], None),
    ("repeat", lambda x: T.repeat(x, 2, axis=1), [X34], None),
    ("tile", lambda x: T.tile(x, (2, 3)), [X34], None),
    ("flatten", lambda x: T.flatten(x) * 2, [X34], None),
    ("cumsum", lambda x: T.cumsum(x, axis=1), [X34], None),
    ("cumsum_flat", lambda x: T.cumsum(x), [X34], None),
    ("cumprod", lambda x: T.cumprod(x, axis=0), [X34 + 2.0], None),
    ("sort", lambda x: T.sort(x, axis=1), [X34], None),
    ("roll", lambda x: T.roll(x, 1, axis=1), [X34], None),
]


@pytest.mark.parametrize("name,build,values,types", GRAD_CASES, ids=[c[0] for c in GRAD_CASES])
def test_gradients_by_finite_differences(name, build, values, types):
    _fd_check(build, values, input_types=types)


def test_discrete_gradients_are_zero():
    x = T.matrix("x")
    iv = T.ivector("iv")
    g_iv = T.grad(T.join(0, iv, iv).sum() * 1.0 + x.sum(), iv)
    g_x = T.grad((T.argsort(x) * x).sum(), x)  # argsort's output is integer: only the direct path counts
    f = theano.function([x, iv], [g_iv, g_x])
    giv, gx = f(np.array([[2.0, 1.0]]), np.array([1, 2], "int32"))
    assert giv.dtype == config.floatX and not giv.any()
    np.testing.assert_allclose(gx, [[1.0, 0.0]])


# --------------------------------------------------------------------------- errors

ERRORS = [
    ("T.concatenate([x, v])", TypeError, "Join\\(\\) can only join tensors with the same number of dimensions."),
    ("T.concatenate(x, x)", TypeError, "The 'tensors' argument must be either a tuple or a list"),
    ("T.join(0, a, a)", TypeError, "Join cannot handle arguments of dimension 0. For joining scalar values, see @stack"),
    ("T.join(0)", ValueError, "Cannot join an empty list of tensors"),
    ("T.join(2, x, x)", ValueError, 'Join argument "axis" is out of range \\(given input dimensions\\)'),
    ("T.join(-3, x, x)", IndexError, "Join axis -3 out of bounds \\[0, 2\\)"),
    ("T.join(T.dscalar(), x, x)", TypeError, "Axis could not be cast to an integer type"),
    ("T.stack([])", Exception, "tensors is empty"),
    ("T.stack([x, v])", TypeError, "can only join tensors with the same number of dimensions"),
    ("T.alloc(a, 2.0)", TypeError, "Shape arguments to Alloc must be integers, but argument 0 is not"),
    ("T.alloc(a, T.lvector())", TypeError, "Each shape dimension to Alloc must be a scalar"),
    ("T.alloc(x, 3)", TypeError, "The Alloc value to use has more dimensions than the specified dimensions"),
    ("T.zeros(n)", TypeError, "TensorType does not support iteration"),
    ("T.arange(v)", TypeError, "arange: stop must be a scalar"),
    ("T.arange(v, 3)", TypeError, "arange: start must be a scalar"),
    ("T.eye(v)", TypeError, "Eye: n must be a scalar"),
    ("T.diagonal(v)", ValueError, "ExtractDiag needs an input with 2 or more dimensions"),
    ("T.flatten(x, 0)", ValueError, "ndim 0 out of bound \\[1, 3\\)"),
    ("T.flatten(x, 3)", ValueError, "ndim 3 out of bound \\[1, 3\\)"),
    ("T.split(v, T.dvector(), 3)", TypeError, "splits must have type tensor.lvector"),
    ("T.cumsum(x, 2)", ValueError, "axis\\(=2\\) out of bounds"),
    ("T.CumOp(0, 'foo')", ValueError, 'CumOp: Unknown mode "foo"'),
    ("T.repeat(x, 2.0)", TypeError, "Shape arguments to Alloc must be integers, but argument 1 is not"),
    ("T.repeat(x, 2, axis=2)", ValueError, "Axis should not exceed x.ndim-1."),
    ("T.repeat(x, T.vector(dtype='uint64'))", TypeError, "are not supported by numpy.repeat"),
    ("T.tile(v, 2.0)", ValueError, "elements of reps must be integer dtype"),
    ("T.nonzero(a)", ValueError, "Nonzero only supports non-scalar arrays."),
    ("T.flatnonzero(a)", ValueError, "Nonzero only supports non-scalar arrays."),
    ("T.shape_padaxis(x, 5)", IndexError, "axis 5 is out of bounds \\[-3, 3\\)"),
    ("T.horizontal_stack(v, v)", TypeError, "horizontal_stack: argument 0 must be a matrix"),
]


@pytest.mark.parametrize("expr,exc,match", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_for_bad_arguments(expr, exc, match):
    env = dict(_vars(), T=T, np=np)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match=match):
            eval(expr, env)


# --------------------------------------------------------------------------- ops that use indexing (Subtensor)

def test_nonzero_family_and_roll_values():
    x = T.matrix("x")
    v = T.vector("v")
    X = np.array([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]])
    V = np.arange(5.0)
    nz = T.nonzero(x)
    outs = list(nz) + [T.flatnonzero(x), T.nonzero_values(x), T.roll(v, 2), T.roll(v, -7), T.roll(x, 1, axis=1),
                       T.roll(x, 1)]
    f = theano.function([x, v], outs)
    r0, r1, flat, vals, roll_a, roll_b, roll_c, roll_d = f(X, V)
    e0, e1 = np.nonzero(X)
    np.testing.assert_array_equal(r0, e0)
    np.testing.assert_array_equal(r1, e1)
    np.testing.assert_array_equal(flat, np.flatnonzero(X))
    np.testing.assert_array_equal(vals, X[np.nonzero(X)])
    np.testing.assert_array_equal(roll_a, np.roll(V, 2))
    np.testing.assert_array_equal(roll_b, np.roll(V, -7))
    np.testing.assert_array_equal(roll_c, np.roll(X, 1, axis=1))
    np.testing.assert_array_equal(roll_d, np.roll(X, 1))
    assert str(nz[0].owner.op) == "Subtensor{int64}"
    assert str(T.nonzero_values(x).owner.op) == "AdvancedSubtensor1"


def test_R_op_of_alloc_join_split_diag():
    x, ev = T.vectors("x", "ev")
    outs = [T.concatenate([T.alloc(x, 2, 3), T.alloc(x * 2, 1, 3)]), T.split(x, [1, 2], 2)[1],
            T.diagonal(T.alloc(x, 3, 3))]
    f = theano.function([x, ev], [theano.gradient.Rop(o, x, ev) for o in outs])
    E = np.array([1.0, -2.0, 0.5])
    r_join, r_split, r_diag = f(np.ones(3), E)
    np.testing.assert_allclose(r_join, np.vstack([E, E, 2 * E]))
    np.testing.assert_allclose(r_split, E[1:])
    np.testing.assert_allclose(r_diag, E)
