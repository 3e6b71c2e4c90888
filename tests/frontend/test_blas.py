"""Dot, BatchedDot and the products built on them (dot, tensordot, batched_dot, batched_tensordot, outer).

Types, printed names and error messages are Theano 1.0.5's (baked); values are compared with numpy;
gradients with central finite differences along random directions; shapes through each op's infer_shape.
"""
from functools import partial

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.ops.blas import BatchedDot, Dot

import helpers
from helpers import check_infer_shape, sym_like as _sym

RNG = np.random.RandomState(1234)


# this file's tolerances: values to atol 1e-10, gradients to rtol 1e-4 and atol 1e-6
check_grad = partial(helpers.check_grad, rtol=1e-4, atol=1e-6, value_atol=1e-10)


# --------------------------------------------------------------------------------------- types, names

DOT_TYPES = [  # (a, b, Theano 1.0.5 output type, op printed)
    (T.bmatrix, T.fmatrix, "TensorType(float32, matrix)", "dot"),
    (T.ivector, T.lvector, "TensorType(int64, scalar)", "dot"),
    (T.fvector, T.dmatrix, "TensorType(float64, vector)", "dot"),
    (lambda: T.matrix(dtype="int8"), lambda: T.matrix(dtype="uint8"), "TensorType(int16, matrix)", "dot"),
    (T.row, T.matrix, "TensorType(float64, row)", "dot"),
    (T.matrix, T.col, "TensorType(float64, col)", "dot"),
    (T.row, T.col, "TensorType(float64, (True, True))", "dot"),
    (T.bvector, T.fscalar, "TensorType(float32, vector)", "Elemwise{mul,no_inplace}"),
    (T.tensor3, T.matrix, "TensorType(float64, 3D)", "Reshape{3}"),
    (lambda: T.tensor3(dtype="float32"), lambda: T.tensor4(dtype="float32"), "TensorType(float32, 5D)", "Reshape{5}"),
    (T.vector, T.tensor3, "TensorType(float64, matrix)", "Reshape{2}"),
    (T.bmatrix, T.bvector, "TensorType(int8, vector)", "dot"),
]


@pytest.mark.parametrize("a,b,out_type,op_name", DOT_TYPES)
def test_dot_types_match_theano(a, b, out_type, op_name):
    z = T.dot(a(), b())
    assert str(z.type) == out_type
    assert str(z.owner.op) == op_name


def test_printed_names_and_identity():
    assert str(Dot()) == "dot" and Dot() == Dot() and hash(Dot()) == hash(Dot())
    assert str(BatchedDot()) == "BatchedDot"
    x, y = T.matrix("x"), T.matrix("y")
    assert str(x.dot(y).owner.op) == "dot" and str((x @ y).owner.op) == "dot"


def test_other_product_types_match_theano():
    cases = [
        (T.outer(T.fvector(), T.dvector()), "TensorType(float64, matrix)"),
        (T.tensordot(T.tensor3(), T.tensor3()), "TensorType(float64, matrix)"),
        (T.tensordot(T.tensor3(), T.matrix(), [[1, 2], [1, 0]]), "TensorType(float64, vector)"),
        (T.tensordot(T.vector(), T.vector(), 0), "TensorType(float64, matrix)"),
        (T.tensordot(T.matrix(), T.vector(), 1), "TensorType(float64, vector)"),
        (T.tensordot(T.matrix(), T.matrix(), [[0, 1], [1, 0]]), "TensorType(float64, scalar)"),
        (T.batched_dot(T.tensor3(), T.tensor3()), "TensorType(float64, 3D)"),
        (T.batched_dot(T.fmatrix(), T.tensor3()), "TensorType(float64, matrix)"),
        (T.batched_dot(T.matrix(), T.matrix()), "TensorType(float64, vector)"),
        (T.batched_dot(T.matrix(), T.vector()), "TensorType(float64, matrix)"),
        (T.batched_dot(T.tensor4(), T.tensor3()), "TensorType(float64, 4D)"),
        (T.batched_tensordot(T.tensor4(), T.tensor3(), [[2, 3], [1, 2]]), "TensorType(float64, matrix)"),
        (T.batched_tensordot(T.tensor3(), T.tensor3(), 1), "TensorType(float64, 3D)"),
    ]
    for var, expected in cases:
        assert str(var.type) == expected
    z = T.batched_dot(T.imatrix(), T.tensor3())
    assert str(z.owner.op) == "BatchedDot"
    assert str(z.owner.inputs[0].owner.op) == "Elemwise{Cast{float64}}"
    assert str(T.batched_dot(T.vector(), T.matrix()).owner.op) == "Elemwise{mul,no_inplace}"


def test_errors_match_theano():
    with pytest.raises(TypeError, match=r"theano.tensor.Dot: input 0 \(0-indexed\) must have ndim of 1 or 2, 3 given. "
                                        r"Consider calling theano.tensor.dot instead."):
        Dot()(T.tensor3(), T.matrix())
    with pytest.raises(TypeError, match="2 arguments required, 3 given"):
        Dot()(T.matrix(), T.matrix(), T.matrix())
    with pytest.raises(TypeError, match=r"BatchedDot: input 1 \(0-indexed\) must have ndim of 2 or 3, 4 given"):
        BatchedDot()(T.tensor3(), T.tensor4())
    with pytest.raises(ValueError, match=r"axes can not be larger than the dimension of a \(a.ndim=2, axes=3\)"):
        T.tensordot(T.matrix(), T.matrix(), 3)
    with pytest.raises(ValueError, match="Axes elements must have the same length."):
        T.tensordot(T.matrix(), T.matrix(), [[0], [0, 1]])
    with pytest.raises(ValueError, match=r"axes\[0\] contains dimensions greater than or equal to a.ndim "
                                         r"\(a.ndim=2, max\(axes\[0\]\)=3\)."):
        T.tensordot(T.matrix(), T.matrix(), [[3], [1]])
    with pytest.raises(ValueError, match=r"Axes should be an integer or a list/tuple of len 2 \(\[\[1\], \[1\], \[1\]\] "
                                         r"was provided\)"):
        T.tensordot(T.matrix(), T.matrix(), [[1], [1], [1]])
    with pytest.raises(TypeError, match="a must have at least one"):
        T.batched_dot(T.scalar(), T.matrix())


def test_shape_mismatch_raises_value_error():
    x, y = T.matrix("x"), T.matrix("y")
    f = theano.function([x, y], T.dot(x, y))
    with pytest.raises(ValueError, match="not aligned"):
        f(np.ones((2, 3)), np.ones((4, 2)))


# ---------------------------------------------------------------------------------------------- values

def _arr(*shape):
    return RNG.randn(*shape)


SHAPES = {0: (), 1: (4,), 2: (3, 4), 3: (2, 3, 4), 4: (2, 2, 3, 4)}
BSHAPES = {0: (), 1: (4,), 2: (4, 5), 3: (2, 4, 5), 4: (2, 2, 4, 3)}


def test_dot_values_all_ndim_combinations():
    syms, vals, outs, refs = [], [], [], []
    for na in range(5):
        for nb in range(5):
            a, b = _arr(*SHAPES[na]), _arr(*BSHAPES[nb])
            sa, sb = _sym(a), _sym(b)
            syms += [sa, sb]
            vals += [a, b]
            outs.append(T.dot(sa, sb))
            refs.append(np.dot(a, b))
    res = theano.function(syms, outs)(*vals)
    for got, ref in zip(res, refs):
        assert got.shape == np.shape(ref)
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def test_dot_mixed_dtypes_cast_to_output_dtype():
    a8, u8 = T.matrix(dtype="int8"), T.matrix(dtype="uint8")
    f32, f64, bm = T.fmatrix(), T.dmatrix(), T.matrix(dtype="bool")
    A = RNG.randint(-9, 9, (3, 4)).astype("int8")
    U = RNG.randint(0, 200, (4, 2)).astype("uint8")
    F = RNG.randn(3, 4).astype("float32")
    D = RNG.randn(4, 2)
    B = RNG.rand(3, 3) > 0.5
    res = theano.function([a8, u8, f32, f64, bm], [T.dot(a8, u8), T.dot(f32, f64), T.dot(a8, f32.T), T.dot(bm, bm),
                                                 T.dot(f32, f32.T)])(A, U, F, D, B)
    assert res[0].dtype == np.int16
    np.testing.assert_array_equal(res[0], np.dot(A.astype("int16"), U.astype("int16")))
    assert res[1].dtype == np.float64
    np.testing.assert_allclose(res[1], np.dot(F.astype("float64"), D), rtol=1e-12)
    assert res[2].dtype == np.float32
    np.testing.assert_allclose(res[2], np.dot(A.astype("float32"), F.T), rtol=1e-5)
    assert res[3].dtype == np.bool_
    np.testing.assert_array_equal(res[3], np.dot(B, B))
    assert res[4].dtype == np.float32
    np.testing.assert_allclose(res[4], np.dot(F, F.T), rtol=1e-5)


def test_tensordot_values():
    a, b = _arr(2, 3, 4), _arr(3, 4, 5)
    c, d = _arr(2, 3, 4), _arr(5, 6, 4, 3)
    sa, sb, sc, sd = _sym(a), _sym(b), _sym(c), _sym(d)
    cases = [(sa, sb, 2, a, b), (sa, sb, 1, a, _arr(4, 5)), (sa, sb, 0, a, b), (sc, sd, [[1, 2], [3, 2]], c, d),
             (sc, sd, [[2], [2]], c, d), (sc, sd, [[-1], [-2]], c, d), (sa, sb, [[1], [0]], a, b)]
    outs, vals, syms, refs = [], [], [], []
    for x, y, axes, xv, yv in cases:
        x2, y2 = _sym(xv), _sym(yv)
        syms += [x2, y2]
        vals += [xv, yv]
        outs.append(T.tensordot(x2, y2, axes))
        refs.append(np.tensordot(xv, yv, axes))
    res = theano.function(syms, outs)(*vals)
    for got, ref in zip(res, refs):
        assert got.shape == ref.shape
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def _np_batched_dot(a, b):
    return np.stack([np.dot(a[i], b[i]) for i in range(a.shape[0])])


def test_batched_dot_and_batched_tensordot_values():
    pairs = [(_arr(3, 2, 4), _arr(3, 4, 5)), (_arr(3, 4), _arr(3, 4, 5)), (_arr(3, 2, 4), _arr(3, 4)),
             (_arr(3, 4), _arr(3, 4)), (_arr(3), _arr(3, 4)), (_arr(3, 4), _arr(3)), (_arr(3, 2, 2, 4), _arr(3, 4, 5))]
    syms, vals, outs, refs = [], [], [], []
    for a, b in pairs:
        sa, sb = _sym(a), _sym(b)
        syms += [sa, sb]
        vals += [a, b]
        outs.append(T.batched_dot(sa, sb))
        if a.ndim == 1:
            refs.append(a.reshape((-1,) + (1,) * (b.ndim - 1)) * b)
        elif b.ndim == 1:
            refs.append(a * b.reshape((-1,) + (1,) * (a.ndim - 1)))
        else:
            refs.append(_np_batched_dot(a, b))
    x, y = _arr(2, 3, 4, 5), _arr(2, 5, 4, 6)
    sx, sy = _sym(x), _sym(y)
    syms += [sx, sy]
    vals += [x, y]
    outs.append(T.batched_tensordot(sx, sy, [[2, 3], [2, 1]]))
    refs.append(np.stack([np.tensordot(x[i], y[i], [[1, 2], [1, 0]]) for i in range(2)]))
    res = theano.function(syms, outs)(*vals)
    for got, ref in zip(res, refs):
        assert got.shape == ref.shape
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def test_batched_dot_batch_mismatch_raises():
    x, y = T.tensor3("x"), T.tensor3("y")
    f = theano.function([x, y], T.batched_dot(x, y))
    with pytest.raises((TypeError, ValueError), match="same size in axis 0"):
        f(np.ones((2, 3, 4)), np.ones((3, 4, 5)))


def test_outer_values():
    x, y, m = T.vector("x"), T.fvector("y"), T.matrix("m")
    X, Y, M = _arr(3), RNG.randn(4).astype("float32"), _arr(2, 2)
    res = theano.function([x, y, m], [T.outer(x, y), T.outer(m, x)])(X, Y, M)
    np.testing.assert_allclose(res[0], np.outer(X, Y), rtol=1e-12)
    np.testing.assert_allclose(res[1], np.outer(M, X), rtol=1e-12)


# ------------------------------------------------------------------------------------- gradients, R_op

@pytest.mark.parametrize("na,nb", [(1, 1), (1, 2), (2, 1), (2, 2), (3, 2), (2, 3), (1, 3), (3, 1), (0, 2)])
def test_dot_grad_finite_differences(na, nb):
    a, b = _arr(*SHAPES[na]), _arr(*BSHAPES[nb])
    check_grad(T.dot, np.dot, [a, b])


def test_dot_grad_keeps_broadcast_pattern():
    x, y = T.row("x"), T.matrix("y")
    gx, gy = T.grad(T.sum(T.dot(x, y)), [x, y])
    assert gx.broadcastable == (True, False) and gy.broadcastable == (False, False)
    v = T.vector("v")
    gv = T.grad(T.dot(v, v), v)
    assert gv.type == v.type


@pytest.mark.parametrize("shapes", [((3, 2, 4), (3, 4, 5)), ((3, 4), (3, 4, 5)), ((3, 2, 4), (3, 4)), ((3, 4), (3, 4))])
def test_batched_dot_grad_finite_differences(shapes):
    a, b = _arr(*shapes[0]), _arr(*shapes[1])
    check_grad(T.batched_dot, _np_batched_dot, [a, b])


def test_tensordot_grad_finite_differences():
    c, d = _arr(2, 3, 4), _arr(4, 2, 3)
    check_grad(lambda x, y: T.tensordot(x, y, [[1, 2], [2, 0]]), lambda x, y: np.tensordot(x, y, [[1, 2], [2, 0]]),
               [c, d])


def test_dot_r_op():
    x, y, dx, dy = T.matrix("x"), T.matrix("y"), T.matrix("dx"), T.matrix("dy")
    z = T.dot(x, y)
    both, = z.owner.op.R_op([x, y], [dx, dy])
    only_x, = z.owner.op.R_op([x, y], [dx, None])
    assert z.owner.op.R_op([x, y], [None, None]) == [None]
    b = T.tensor3("b")
    bz = T.batched_dot(b, b)
    bdir, = bz.owner.op.R_op([b, b], [b, None])
    X, Y, DX, DY, B = _arr(2, 3), _arr(3, 4), _arr(2, 3), _arr(3, 4), _arr(2, 3, 3)
    res = theano.function([x, y, dx, dy, b], [both, only_x, bdir])(X, Y, DX, DY, B)
    np.testing.assert_allclose(res[0], DX @ Y + X @ DY, rtol=1e-12)
    np.testing.assert_allclose(res[1], DX @ Y, rtol=1e-12)
    np.testing.assert_allclose(res[2], _np_batched_dot(B, B), rtol=1e-12)


# ------------------------------------------------------------------------------------------- infer_shape

@pytest.mark.parametrize("sa,sb", [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)), ((1, 4), (4, 1))])
def test_dot_infer_shape(sa, sb):
    values = [_arr(*sa), _arr(*sb)]
    syms = [_sym(v) for v in values]
    out = check_infer_shape(Dot()(*syms), syms, values)
    assert out.shape == np.dot(np.ones(sa), np.ones(sb)).shape


@pytest.mark.parametrize("sa,sb", [((3, 2, 4), (3, 4, 5)), ((3, 4), (3, 4, 5)), ((3, 2, 4), (3, 4)), ((3, 4), (3, 4))])
def test_batched_dot_infer_shape(sa, sb):
    values = [_arr(*sa), _arr(*sb)]
    syms = [_sym(v) for v in values]
    out = check_infer_shape(BatchedDot()(*syms), syms, values)
    assert out.shape == _np_batched_dot(np.ones(sa), np.ones(sb)).shape


def test_tensordot_output_shape():
    x, y = T.tensor3("x"), T.tensor4("y")
    z = T.tensordot(x, y, [[1, 2], [3, 2]])
    f = theano.function([x, y], [z, z.shape])
    out, shp = f(_arr(2, 3, 4), _arr(5, 6, 4, 3))
    assert out.shape == (2, 5, 6) and tuple(shp) == (2, 5, 6)
