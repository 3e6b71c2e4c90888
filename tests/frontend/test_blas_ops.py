"""theano.tensor.blas's ops built directly (Gemm, Gemv, Ger, Dot22, Dot22Scalar, blas_scipy's ScipyGer): values
against numpy in every dtype Theano allows, shapes (empty ones too), make_node errors and printing as Theano 1.0.5
gives them (recorded from the oracle), shape errors at call time, and the inplace flavours never writing into the
caller's arrays. Their gradients are verify_grad rows of tests/frontend/opinfo_table.py (batch "blas"), their
precision policy is tests/lowering/test_matmul_precision.py (case "blas_ops")."""
from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gof import InconsistencyError
from theano.printing import pp
from theano.tensor import blas, blas_scipy
from theano.tensor.blas import (Dot22, Dot22Scalar, Gemm, Gemv, Ger, _dot22, _dot22scalar, gemm_inplace,
                                gemm_no_inplace, gemv_inplace, gemv_no_inplace, ger, ger_destructive)

DTYPES = ["float32", "float64", "complex64", "complex128"]
RNG = np.random.RandomState(1234)


def _rand(shape, dtype):
    out = RNG.uniform(-1, 1, size=shape)
    if dtype.startswith("complex"):
        out = out + 1j * RNG.uniform(-1, 1, size=shape)
    return np.asarray(out, dtype=dtype)


def _tol(dtype):
    return {"rtol": 1e-4, "atol": 1e-5} if dtype in ("float32", "complex64") else {"rtol": 1e-10, "atol": 1e-12}


# --------------------------------------------------------------------------- names, props, printing


def test_names_props_and_printing_match_theano():
    assert [str(op) for op in (gemm_inplace, gemm_no_inplace, gemv_inplace, gemv_no_inplace, ger, ger_destructive,
                               _dot22, _dot22scalar, blas_scipy.scipy_ger_inplace)] == [
        "Gemm{inplace}", "Gemm{no_inplace}", "Gemv{inplace}", "Gemv{no_inplace}", "Ger{non-destructive}",
        "Ger{destructive}", "Dot22", "Dot22Scalar", "ScipyGer{destructive}"]
    assert Gemm(True) == gemm_inplace and Gemm(False) == gemm_no_inplace and gemm_inplace != gemm_no_inplace
    assert hash(Gemv(True)) == hash(gemv_inplace) and Ger(False) == ger
    assert blas_scipy.ScipyGer(True) != Ger(True)  # another class, as in Theano
    assert blas.gemm is gemm_no_inplace and blas.gemv is gemv_no_inplace and blas.have_fblas
    assert gemm_inplace.destroy_map == {0: [0]} and gemv_inplace.destroy_map == {0: [0]}
    assert ger_destructive.destroy_map == {0: [0]} and not gemm_no_inplace.destroy_map
    for op in (gemm_inplace, gemv_no_inplace, ger_destructive, _dot22, _dot22scalar):
        assert pickle.loads(pickle.dumps(op)) == op and copy.deepcopy(op) == op
    assert pickle.loads(pickle.dumps(gemm_inplace)).destroy_map == {0: [0]}
    X, Y, Z = T.matrices("XYZ")
    a, b = T.scalars("ab")
    x, y = T.vector("x"), T.vector("y")
    assert pp(gemm_no_inplace(Z, a, X, Y, b)) == "gemm_no_inplace(Z, a, X, Y, b)"
    assert pp(gemm_inplace(Z, a, X, Y, b)) == "gemm_inplace(Z, a, X, Y, b)"
    assert pp(gemv_no_inplace(y, a, X, x, b)) == "Gemv{no_inplace}(y, a, X, x, b)"
    assert pp(ger(X, a, y, x)) == "Ger{non-destructive}(X, a, y, x)"
    assert pp(_dot22(X, Y)) == "Dot22(X, Y)" and pp(_dot22scalar(X, Y, a)) == "Dot22Scalar(X, Y, a)"


def test_output_types_follow_theano():
    a = T.scalar()
    assert gemv_no_inplace(T.vector(), T.fscalar(), T.matrix(), T.vector(), T.iscalar()).type == T.dvector
    assert gemv_no_inplace(T.row().dimshuffle(1), a, T.matrix(), T.vector(), a).type == T.dvector
    assert ger(T.row(), a, T.vector(), T.vector()).type == T.drow
    assert _dot22(T.row(), T.col()).type == T.TensorType("float64", (True, True))
    assert _dot22scalar(T.row(), T.col(), a).type == T.TensorType("float64", (True, True))
    assert gemm_no_inplace(T.row(), a, T.row(), T.matrix(), a).type == T.drow
    assert _dot22scalar(T.cmatrix(), T.cmatrix(), T.cscalar()).type == T.cmatrix
    # Python numbers become constants of the smallest exact float dtype, as Theano's autocast does
    assert gemm_no_inplace(T.fmatrix(), 1.0, T.fmatrix(), T.fmatrix(), 0.5).type == T.fmatrix


# --------------------------------------------------------------------------- make_node errors (Theano 1.0.5's)

X_, Y_, Z_ = T.matrices("XYZ")
A_, B_ = T.scalars("ab")
ERRORS = [
    (gemm_no_inplace, ([1.], 1., [1.], [1.], 1.), TypeError, Gemm.E_rank),
    (gemm_no_inplace, (Z_, T.fscalar(), X_, Y_, B_), TypeError, Gemm.E_mixed),
    (gemm_no_inplace, (T.imatrix(), T.iscalar(), T.imatrix(), T.imatrix(), T.iscalar()), TypeError, Gemm.E_float),
    (gemm_no_inplace, (Z_, X_, X_, Y_, B_), TypeError, Gemm.E_scalar),
    (gemm_no_inplace, (Z_, A_, X_, Y_), TypeError, "Wrong number of inputs for Gemm{no_inplace} (expected 5, got 4)"),
    (gemm_inplace, (Z_, A_, Z_, Y_, B_), InconsistencyError, Gemm.E_z_uniq),
    (gemm_inplace, (Z_, A_, X_, Z_.T, B_), InconsistencyError, Gemm.E_z_uniq),
    (_dot22, (X_, T.fmatrix()), TypeError, "dtype mismatch to Dot22"),
    (_dot22scalar, (X_, Y_, T.fscalar()), TypeError, "Dot22Scalar requires matching dtypes"),
    (_dot22scalar, (X_, Y_, T.vector()), TypeError, Gemm.E_scalar),
    (_dot22scalar, (T.imatrix(), T.imatrix(), T.iscalar()), TypeError, "Dot22Scalar requires float or complex args"),
    (gemv_no_inplace, (T.fvector(), A_, X_, T.vector(), B_), TypeError, "Gemv requires matching dtypes"),
    (gemv_no_inplace, (T.vector(), A_, T.vector(), T.vector(), B_), TypeError, "gemv requires matrix for A"),
    (gemv_no_inplace, (T.vector(), A_, X_, X_, B_), TypeError, "gemv requires vector for x"),
    (gemv_no_inplace, (X_, A_, X_, T.vector(), B_), TypeError, "gemv requires vector for y"),
    (ger, (X_, A_, T.fvector(), T.vector()), TypeError, "ger requires matching dtypes"),
    (ger, (X_, X_, T.vector(), T.vector()), TypeError, "ger requires scalar alpha"),
    (ger, (T.vector(), A_, T.vector(), T.vector()), TypeError, "ger requires matrix for A"),
    (ger, (X_, A_, X_, T.vector()), TypeError, "ger requires vector for x"),
    (ger, (X_, A_, T.vector(), X_), TypeError, "ger requires vector for y"),
    (ger, (T.imatrix(), T.iscalar(), T.ivector(), T.ivector()), TypeError, "only float and complex types supported"),
]


@pytest.mark.parametrize("case", range(len(ERRORS)))
def test_make_node_errors_are_theanos(case):
    op, args, exc, first = ERRORS[case]
    with pytest.raises(exc) as info:
        op(*args)
    assert info.value.args[0] == first
    if first in (Gemm.E_rank, Gemm.E_mixed, Gemm.E_float, Gemm.E_scalar, Gemm.E_z_uniq):
        assert info.value.args[0] is first  # Theano's tests compare with `is`


def test_dot22_refuses_non_float_or_non_matrix_with_the_variable():
    v, i = T.vector(), T.imatrix()
    for args, bad in (((X_, v), v), ((i, i), i)):
        with pytest.raises(TypeError) as info:
            _dot22(*args)
        assert info.value.args == (bad,)


def test_gemm_no_inplace_accepts_aliased_inputs():
    f = theano.function([Z_, A_, B_], gemm_no_inplace(Z_, A_, Z_, Z_.T, B_))
    z = _rand((3, 3), "float64")
    np.testing.assert_allclose(f(z, 2.0, 0.5), 0.5 * z + 2.0 * z.dot(z.T))


def test_gemv_refuses_a_scale_of_another_kind():
    with pytest.raises(TypeError, match="gemv requires alpha of the kind of y"):
        gemv_no_inplace(T.ivector(), T.dscalar(), T.imatrix(), T.ivector(), T.iscalar())
    with pytest.raises(TypeError, match="gemv requires scalar beta"):
        gemv_no_inplace(T.vector(), A_, X_, T.vector(), T.vector())


# --------------------------------------------------------------------------- values


GEMM_SHAPES = [((3, 4), (3, 5), (5, 4)), ((0, 4), (0, 5), (5, 4)), ((3, 0), (3, 5), (5, 0)),
               ((3, 4), (3, 0), (0, 4)), ((0, 0), (0, 0), (0, 0))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", [gemm_inplace, gemm_no_inplace], ids=str)
def test_gemm_values_and_callers_arrays_untouched(op, dtype):
    z, a, x, y, b = (T.matrix(dtype=dtype), T.scalar(dtype=dtype), T.matrix(dtype=dtype), T.matrix(dtype=dtype),
                     T.scalar(dtype=dtype))
    f = theano.function([z, a, x, y, b], op(z, a, x, y, b))
    for zs, xs, ys in GEMM_SHAPES:
        for av, bv in ((1.0, 0.0), (1.0, 1.0), (-1.0, -1.0), (0.0, 0.6), (0.5, -1.5)):
            zv, xv, yv = _rand(zs, dtype), _rand(xs, dtype), _rand(ys, dtype)
            kept = zv.copy()
            out = f(zv, np.asarray(av, dtype), xv, yv, np.asarray(bv, dtype))
            assert out.dtype == dtype and out.shape == zs
            np.testing.assert_allclose(out, bv * kept + av * xv.dot(yv), **_tol(dtype))
            np.testing.assert_array_equal(zv, kept)  # the inplace flavour computes out of place


@pytest.mark.parametrize("dtype", DTYPES)
def test_gemv_ger_dot22_values(dtype):
    y, a, A, x, b = (T.vector(dtype=dtype), T.scalar(dtype=dtype), T.matrix(dtype=dtype), T.vector(dtype=dtype),
                     T.scalar(dtype=dtype))
    outs = [gemv_no_inplace(y, a, A, x, b), gemv_inplace(x, a, A.T, y, b), ger(A, a, y, x), ger_destructive(A, a, y, x),
            blas_scipy.scipy_ger_no_inplace(A, a, y, x), _dot22(A, A.T), _dot22scalar(A.T, A, a)]
    f = theano.function([y, a, A, x, b], outs)
    for m, n in ((3, 4), (0, 4), (3, 0), (0, 0), (1, 1)):
        yv, Av, xv = _rand((m,), dtype), _rand((m, n), dtype), _rand((n,), dtype)
        av, bv = np.asarray(0.7, dtype), np.asarray(-1.25, dtype)
        kept = [v.copy() for v in (yv, Av, xv)]
        expected = [bv * yv + av * Av.dot(xv), bv * xv + av * Av.T.dot(yv), Av + av * np.outer(yv, xv),
                    Av + av * np.outer(yv, xv), Av + av * np.outer(yv, xv), Av.dot(Av.T), av * Av.T.dot(Av)]
        for got, want in zip(f(yv, av, Av, xv, bv), expected):
            assert got.dtype == dtype and got.shape == want.shape
            np.testing.assert_allclose(got, want, **_tol(dtype))
        for v, k in zip((yv, Av, xv), kept):
            np.testing.assert_array_equal(v, k)


def test_gemv_casts_its_scales_to_the_vectors_dtype():
    y, A, x = T.fvector(), T.fmatrix(), T.fvector()
    f = theano.function([y, A, x], gemv_no_inplace(y, 0.1, A, x, np.float64(0.25)))
    yv, Av, xv = _rand((3,), "float32"), _rand((3, 2), "float32"), _rand((2,), "float32")
    out = f(yv, Av, xv)
    assert out.dtype == "float32"
    np.testing.assert_allclose(out, 0.25 * yv + 0.1 * Av.dot(xv), rtol=1e-5)


def test_beta_zero_does_not_read_the_accumulator_and_alpha_zero_adds_nothing():
    # BLAS's contract: with beta == 0, C / y is not read (NaN there does not reach the result); with alpha == 0 the
    # product is not added (an Inf in A does not make NaN)
    z, a, x, y, b = T.dmatrix(), T.dscalar(), T.dmatrix(), T.dmatrix(), T.dscalar()
    f = theano.function([z, a, x, y, b], gemm_no_inplace(z, a, x, y, b))
    zv, xv, yv = np.full((2, 2), np.nan), _rand((2, 3), "float64"), _rand((3, 2), "float64")
    np.testing.assert_allclose(f(zv, 2.0, xv, yv, 0.0), 2.0 * xv.dot(yv))
    xv[0, 0] = np.inf
    zv = _rand((2, 2), "float64")
    np.testing.assert_allclose(f(zv, 0.0, xv, yv, 3.0), 3.0 * zv)
    v, A, w = T.dvector(), T.dmatrix(), T.dvector()
    g = theano.function([v, A, w], gemv_no_inplace(v, 1.5, A, w, 0.0))
    Av, wv = _rand((2, 3), "float64"), _rand((3,), "float64")
    np.testing.assert_allclose(g(np.full(2, np.nan), Av, wv), 1.5 * Av.dot(wv))


def test_shape_mismatches_raise_value_errors_and_keep_shared_values():
    z, a, x, y, b = T.dmatrix(), T.dscalar(), T.dmatrix(), T.dmatrix(), T.dscalar()
    f = theano.function([z, a, x, y, b], gemm_no_inplace(z, a, x, y, b))
    with pytest.raises(ValueError, match="not aligned"):
        f(np.ones((2, 2)), 1.0, np.ones((2, 3)), np.ones((2, 2)), 1.0)
    with pytest.raises(ValueError, match="Shape mismatch: x has 2 rows but z has 3 rows"):
        f(np.ones((3, 2)), 1.0, np.ones((2, 3)), np.ones((3, 2)), 1.0)
    with pytest.raises(ValueError, match="Shape mismatch: y has 2 cols but z has 4 cols"):
        f(np.ones((2, 4)), 1.0, np.ones((2, 3)), np.ones((3, 2)), 1.0)
    s = theano.shared(np.ones(3))
    v, A = T.dvector(), T.dmatrix()
    g = theano.function([A, v], [], updates=[(s, gemv_no_inplace(s, 1.0, A, v, 1.0))])
    with pytest.raises(ValueError, match="Incompatible shapes for gemv"):
        g(np.ones((3, 4)), np.ones(5))
    np.testing.assert_array_equal(s.get_value(), np.ones(3))
    h = theano.function([A, v], ger(A, np.float64(1.0), v, v))
    with pytest.raises(ValueError, match=r"Shape mismatch: A.shape\[1\] != y.shape\[0\]"):
        h(np.ones((3, 4)), np.ones(3))
    k = theano.function([x, y], _dot22(x, y))
    with pytest.raises(ValueError, match="not aligned"):
        k(np.ones((2, 3)), np.ones((2, 3)))


def test_infer_shape_needs_no_product():
    x, y, z, A = T.dmatrix(), T.dmatrix(), T.dmatrix(), T.dmatrix()
    a, b = T.dscalar(), T.dscalar()
    u, v = T.dvector(), T.dvector()
    outs = [gemm_no_inplace(z, a, x, y, b), gemv_no_inplace(u, a, A, v, b), ger(A, a, u, v), _dot22(x, y),
            _dot22scalar(x, y, a)]
    from theano.tests.unittest_tools import inferred_shapes
    f = theano.function([x, y, z, A, a, b, u, v], inferred_shapes([x, y, z, A, a, b, u, v], outs),
                        on_unused_input="ignore")
    assert not any(isinstance(n.op, (Gemm, Gemv, Ger, Dot22, Dot22Scalar)) for n in f.maker.fgraph.toposort())
    vals = [_rand(s, "float64") for s in ((2, 3), (3, 4), (2, 4), (5, 6))] + [np.float64(1), np.float64(2),
                                                                             _rand((5,), "float64"), _rand((6,), "float64")]
    assert [tuple(s) for s in f(*vals)] == [(2, 4), (5,), (5, 6), (2, 4), (2, 4)]


def test_updates_through_gemm_on_slices_of_a_shared_tensor():
    # Theano's t_gemm.test_non_contiguous, second half: gemm on strided slices, written back by set_subtensor
    C, A, B = (_rand((4, 4, 3), "float64") for _ in range(3))
    tz, tx, ty = theano.shared(C.copy()), theano.shared(A.transpose(1, 0, 2).copy()), theano.shared(B)
    expected = C.copy()
    for i in range(3):
        zi = gemm_no_inplace(tz[:, :, i], T.constant(0.5, dtype="float64"), tx[:, :, i], ty[:, :, i],
                             T.constant(-1.0, dtype="float64"))
        g = theano.function([], zi, updates=[(tz, T.set_subtensor(tz[:, :, i], zi))])
        for _ in range(2):
            expected[:, :, i] = -expected[:, :, i] + 0.5 * A.transpose(1, 0, 2)[:, :, i].dot(B[:, :, i])
            g()
            np.testing.assert_allclose(tz.get_value()[:, :, i], expected[:, :, i])


def test_dot_graphs_theano_rewrote_into_gemm_compute_their_values():
    # what Theano's test_factorised_scalar / test_gemm_opt0 compiled into one Gemm: here one dot_general, fused
    a, b = T.dmatrix(), T.dmatrix()
    s = theano.shared(np.ones((5, 5)))
    av, bv = _rand((5, 5), "float64"), _rand((5, 5), "float64")
    lr1, lr2, l2 = T.constant(0.01), T.constant(2.0), T.constant(0.0001)
    for upd, ref in [(lr1 * T.dot(a, b) + l2 * lr2 * s, lambda S: .01 * av.dot(bv) + .0002 * S),
                     (lr1 * (T.dot(a, b) - l2 * s), lambda S: .01 * (av.dot(bv) - .0001 * S)),
                     (s - lr1 * (s * .0002 + T.dot(a, b)), lambda S: S - .01 * (S * .0002 + av.dot(bv)))]:
        before = s.get_value()
        theano.function([a, b], updates=[(s, upd)])(av, bv)
        np.testing.assert_allclose(s.get_value(), ref(before))


# --------------------------------------------------------------------------- Theano's rewrite helpers


def test_gemm_canonicalize_and_factor():
    X, Y, Z = T.matrices("XYZ")
    a, b, c = T.scalars("abc")
    assert blas._gemm_canonicalize(X + Y + Z, 1.0, [], 0) == [(1.0, X), (1.0, Y), (1.0, Z)]
    can = blas._gemm_canonicalize(a * X + Y - b * Z * c, 1.0, [], 0)
    assert can[0] == (a, X) and can[1] == (1.0, Y) and can[2][1] is Z
    assert can[2][0].owner.op == T.mul and can[2][0].owner.inputs[0].owner.op == T.neg
    assert blas._factor_canonicalized([(1.0, X), (1.0, X)]) == [(2.0, X)]
    assert blas._gemm_canonicalize(T.tensor3() + 1, 1.0, [], 0)[0].ndim == 3  # not 1-d/2-d: the term itself
    long_sum = X
    for _ in range(3000):  # iterative: no recursion per nested add
        long_sum = long_sum + Y
    assert len(blas._gemm_canonicalize(long_sum, 1.0, [], 0)) == 3001


def test_as_scalar_and_real_checks():
    a = T.dscalar()
    assert blas._as_scalar(a) is a and blas._as_scalar(a.dimshuffle("x", "x")) is a
    assert blas._as_scalar(T.matrix()) is None
    i = blas._as_scalar(T.iscalar())
    assert i.dtype == theano.config.floatX
    assert blas._is_real_matrix(T.matrix().T) and not blas._is_real_matrix(T.dvector().dimshuffle("x", 0))
    assert blas._is_real_vector(T.fvector()) and not blas._is_real_vector(T.cvector())
    assert blas.res_is_a(T.sqrt(a + a), T.sqrt) and not blas.res_is_a(a, T.sqrt)
