"""The first sparse ops through theano.function: the scipy boundary, nnz buckets, shared sparse values, and the
ops' values and gradients against scipy.sparse / numpy."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse as S
from theano import tensor as T
from theano.gradient import verify_grad


def _rand(shape: tuple, density: float, fmt: str, seed: int = 0) -> sp.spmatrix:
    return sp.random(*shape, density=density, format=fmt, random_state=seed)


def _same(a: sp.spmatrix, b: sp.spmatrix) -> bool:
    return a.format == b.format and a.dtype == b.dtype and a.shape == b.shape and abs(a - b).sum() == 0


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_identity_round_trip_keeps_scipy_arrays(fmt):
    x = S.matrix(fmt, "x")
    f = theano.function([x], x)
    m = _rand((5, 7), 0.3, fmt)
    out = f(m)
    assert type(out) is type(m) and _same(out, m)
    assert np.array_equal(out.indptr, m.indptr) and np.array_equal(out.indices, m.indices)
    explicit_zero = sp.csr_matrix((np.array([0.0, 2.0]), np.array([1, 0]), np.array([0, 1, 2])), shape=(2, 2))
    if fmt == "csr":
        assert f(explicit_zero).nnz == 2  # stored zeros are kept, as scipy (and Theano) keep them


def test_a_new_nnz_inside_a_bucket_does_not_recompile():
    x = S.csr_matrix("x")
    f = theano.function([x], S.dense_from_sparse(x))
    for seed, density in enumerate([0.2, 0.25, 0.3]):  # 7, 9, 10 stored entries: one bucket (16)
        m = _rand((5, 7), density, "csr", seed)
        assert m.nnz <= 16 and np.allclose(f(m), m.toarray())
    assert f.n_compilations == 1
    big = _rand((5, 7), 0.9, "csr")  # another bucket: one more compilation
    assert np.allclose(f(big), big.toarray()) and f.n_compilations == 2


def test_bad_sparse_argument_names_the_input():
    x = S.csr_matrix("x")
    f = theano.function([x], S.neg(x))
    with pytest.raises(NotImplementedError, match="Bad input argument .* at index 0 .*Expected float64 dtype but got"):
        f(sp.csr_matrix(np.ones((2, 2), dtype="float32")))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_dense_sparse_conversions_transpose_neg(fmt):
    x = S.matrix(fmt, "x")
    y = T.dmatrix("y")
    m = _rand((4, 6), 0.4, fmt)
    f = theano.function([x], [S.dense_from_sparse(x), S.transpose(x), -x, x.T.toarray()])
    dense, tr, ng, trd = f(m)
    assert np.array_equal(dense, m.toarray()) and np.array_equal(trd, m.toarray().T)
    assert tr.format == {"csr": "csc", "csc": "csr"}[fmt] and _same(tr, m.T.asformat(tr.format))
    assert _same(ng, -m)
    d = np.array([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]])
    for conv, want in ((S.csr_from_dense, sp.csr_matrix(d)), (S.csc_from_dense, sp.csc_matrix(d))):
        got = theano.function([y], conv(y))(d)
        assert _same(got, want) and np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices,
                                                                                               want.indices)


def test_csm_properties_and_csm():
    x = S.csr_matrix("x")
    m = _rand((5, 3), 0.5, "csr")
    data, indices, indptr, shape = theano.function([x], list(S.csm_properties(x)))(m)
    assert np.array_equal(indptr, m.indptr) and np.array_equal(shape, [5, 3]) and shape.dtype == np.int32
    # padded to the bucket inside the program, sliced to nnz at the boundary: scipy's arrays exactly
    assert np.array_equal(data, m.data) and np.array_equal(indices, m.indices)
    d, i, p, s = S.csm_properties(x)
    y = S.CSM("csr")(d * 2, i, p, s)
    assert _same(theano.function([x], y)(m), 2 * m)
    # a CSM whose shape is a graph input: the host shape program gives the static shape
    vd, vi, vp, vs = T.dvector(), T.ivector(), T.ivector(), T.ivector()
    g = theano.function([vd, vi, vp, vs], S.CSC(vd, vi, vp, vs))
    got = g(np.array([1.0, 2.0]), np.array([0, 2], "int32"), np.array([0, 1, 1, 2], "int32"), np.array([3, 3], "int32"))
    assert _same(got, sp.csc_matrix((np.array([1.0, 2.0]), np.array([0, 2]), np.array([0, 1, 1, 2])), shape=(3, 3)))


def test_sp_ones_like_zeros_like_and_mul_s_d():
    x = S.csr_matrix("x")
    y = T.dmatrix("y")
    m = _rand((4, 5), 0.4, "csr")
    dense = np.arange(20.0).reshape(4, 5)
    ones, zeros, prod, scaled = theano.function([x, y], [S.sp_ones_like(x), S.sp_zeros_like(x), x * y,
                                                         S.mul_s_d(x, T.constant(3.0))])(m, dense)
    assert _same(ones, (m != 0).astype("float64").tocsr())
    assert zeros.nnz == 0 and zeros.shape == m.shape
    assert np.allclose(prod.toarray(), m.multiply(dense).toarray()) and prod.nnz == m.nnz
    assert _same(scaled, 3 * m)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_structured_dot_values_and_structured_gradient(fmt):
    x = S.matrix(fmt, "x")
    y = T.dmatrix("y")
    m = _rand((6, 5), 0.35, fmt, seed=3)
    b = np.random.RandomState(0).rand(5, 4)
    out = S.structured_dot(x, y)
    assert out.type == T.dmatrix().type
    gx, gy = theano.grad((out ** 2).sum(), [x, y])
    assert gx.type == x.type
    val, gxv, gyv = theano.function([x, y], [out, gx, gy])(m, b)
    assert np.allclose(val, m @ b)
    full = 2 * (m @ b) @ b.T  # the dense gradient; the structured one keeps m's pattern
    assert np.allclose(gxv.toarray(), (m != 0).multiply(full).toarray())
    assert np.allclose(gyv, m.T @ (2 * (m @ b)))


def test_structured_dot_dense_left_operand():
    x = S.csr_matrix("x")
    q = T.dmatrix("q")
    m = _rand((6, 5), 0.35, "csr", seed=4)
    left = np.random.RandomState(1).rand(3, 6)
    assert np.allclose(theano.function([q, x], S.structured_dot(q, x))(left, m), left @ m)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_verify_grad_through_the_data_of_a_sparse_matrix(fmt):
    # Theano's verify_grad_sparse(structured=True): the sparse input is rebuilt from its data with CSM
    m = _rand((5, 4), 0.5, fmt, seed=5)
    b = np.random.RandomState(2).rand(4, 3)
    csm = S.CSR if fmt == "csr" else S.CSC

    def fun(data, dense):
        return S.structured_dot(csm(data, m.indices, m.indptr, np.asarray(m.shape, "int32")), dense)
    verify_grad(fun, [m.data.copy(), b], rng=np.random.RandomState(0))

    def through_dense(data):
        return S.dense_from_sparse(S.neg(S.transpose(csm(data, m.indices, m.indptr, np.asarray(m.shape, "int32")))))
    verify_grad(through_dense, [m.data.copy()], rng=np.random.RandomState(0))


def test_shared_sparse_matrix_with_updates_stays_on_the_device():
    m = _rand((8, 5), 0.3, "csr", seed=6)
    w = theano.shared(m, name="W")
    step = theano.function([], S.dense_from_sparse(w), updates=[(w, S.mul_s_d(w, T.constant(0.5)))])
    before = type(w._value)
    first = step()
    assert np.allclose(first, m.toarray()) and _same(w.get_value(), 0.5 * m)
    assert type(w._value) is before and not sp.issparse(w._value)  # device arrays, no scipy per call
    step()
    assert _same(w.get_value(), 0.25 * m) and step.n_compilations == 1


def test_logistic_regression_sgd_step_with_a_shared_csr_design_matrix():
    rng = np.random.RandomState(0)
    X = _rand((64, 30), 0.1, "csr", seed=7)
    labels = (rng.rand(64) > 0.5).astype("float64")
    data = theano.shared(X, name="X")
    w = theano.shared(np.zeros((30, 1)), name="w")
    yv = T.dvector("y")
    p = T.nnet.sigmoid(S.structured_dot(data, w))[:, 0]
    cost = T.nnet.binary_crossentropy(p, yv).mean()
    gw = theano.grad(cost, w)
    train = theano.function([yv], cost, updates=[(w, w - 0.5 * gw)])
    ww = np.zeros((30, 1))
    for _ in range(3):
        pr = 1 / (1 + np.exp(-(X @ ww)[:, 0]))
        want = -(labels * np.log(pr) + (1 - labels) * np.log(1 - pr)).mean()
        assert np.allclose(train(labels), want)
        ww = ww - 0.5 * (X.T @ (pr - labels))[:, None] / 64
    assert np.allclose(w.get_value(), ww)


def test_sparse_constants_lower_and_evaluate():
    c = S.as_sparse_variable(sp.csc_matrix(np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 0.0]])))
    dense = np.arange(6.0).reshape(3, 2)
    assert np.allclose(theano.function([], S.mul_s_d(c, dense))().toarray(), c.data.multiply(dense).toarray())
    assert np.allclose(S.structured_dot(c, np.ones((2, 1))).eval(), c.data @ np.ones((2, 1)))
    x = S.csr_matrix("x")
    assert np.array_equal(S.dense_from_sparse(x).eval({x: sp.eye(3, format="csr")}), np.eye(3))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_structured_elementwise_keep_the_pattern(fmt):
    x = S.matrix(fmt, "x")
    m = _rand((5, 4), 0.5, fmt, seed=8)
    outs = theano.function([x], [S.structured_sigmoid(x), S.structured_exp(x), S.structured_pow(x, 3),
                                 S.structured_add(x, 2.0), S.structured_minimum(x, 0.5), S.sqrt(x), S.sin(x),
                                 S.sqr(x)])(m)
    refs = [1 / (1 + np.exp(-m.data)), np.exp(m.data), m.data ** 3, m.data + 2, np.minimum(m.data, 0.5),
            np.sqrt(m.data), np.sin(m.data), m.data ** 2]
    for got, ref in zip(outs, refs):
        assert got.format == fmt and np.array_equal(got.indices, m.indices) and np.allclose(got.data, ref)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sp_sum_col_scale_row_scale(fmt):
    x = S.matrix(fmt, "x")
    m = _rand((5, 4), 0.5, fmt, seed=9)
    total, cols, rows, cs, rs = theano.function([x], [S.sp_sum(x), S.sp_sum(x, 0), S.sp_sum(x, 1),
                                                      S.col_scale(x, np.arange(4.0)), S.row_scale(x, np.arange(5.0))])(m)
    assert np.allclose(total, m.sum()) and np.allclose(cols, m.sum(0).A1) and np.allclose(rows, m.sum(1).A1)
    assert cs.format == fmt and np.allclose(cs.toarray(), m.toarray() * np.arange(4.0))
    assert rs.format == fmt and np.allclose(rs.toarray(), m.toarray() * np.arange(5.0)[:, None])
    for axis in (None, 0, 1):
        structured = theano.function([x], theano.grad(S.sp_sum(x, axis, sparse_grad=True).sum(), x))(m)
        dense = theano.function([x], theano.grad(S.sp_sum(x, axis, sparse_grad=False).sum(), x))(m)
        assert _same(structured, (m != 0).astype("float64").asformat(fmt))
        assert np.allclose(dense.toarray(), np.ones(m.shape))


def test_verify_grad_of_structured_elementwise_and_sums():
    m = _rand((4, 5), 0.5, "csr", seed=10)
    shape = np.asarray(m.shape, "int32")

    def fun(data):
        x = S.CSR(data, m.indices, m.indptr, shape)
        return S.sp_sum(S.structured_sigmoid(x), axis=0, sparse_grad=True) + S.sp_sum(S.row_scale(x, np.arange(4.0)))
    verify_grad(fun, [m.data.copy() + 0.5], rng=np.random.RandomState(0))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_add_sub_mul_of_sparse_and_dense(fmt):
    x, y, d = S.matrix(fmt, "x"), S.matrix(fmt, "y"), T.dmatrix("d")
    a, b = _rand((5, 4), 0.4, fmt, seed=11), _rand((5, 4), 0.5, fmt, seed=12)
    dense = np.random.RandomState(3).rand(5, 4)
    ss, diff, sd, ds, prod = theano.function([x, y, d], [x + y, x - y, x + d, d + x, x * y])(a, b, dense)
    assert ss.format == fmt and ss.has_sorted_indices and np.allclose(ss.toarray(), (a + b).toarray())
    assert np.allclose(diff.toarray(), (a - b).toarray())
    assert np.allclose(sd, a.toarray() + dense) and np.allclose(ds, a.toarray() + dense)
    assert np.allclose(prod.toarray(), a.multiply(b).toarray())
    f = theano.function([x, y], x + y)
    for seed in range(3):  # new nnz in the same buckets: one compilation
        f(_rand((5, 4), 0.3, fmt, seed), _rand((5, 4), 0.35, fmt, seed + 5))
    assert f.n_compilations == 1


def test_shapes_of_sparse_variables():
    x = S.csr_matrix("x")
    f = theano.function([x], [x.shape, T.zeros(x.shape) + S.dense_from_sparse(x), S.sp_sum(x, 0).shape])
    shp, dense, sum_shape = f(sp.eye(3, 5, format="csr"))
    assert list(shp) == [3, 5] and np.array_equal(dense, np.eye(3, 5)) and list(sum_shape) == [5]
    w = theano.shared(sp.eye(4, 6, format="csc"))
    assert np.array_equal(theano.function([], T.arange(w.shape[1]))(), np.arange(6))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_dot_gives_dense_results(fmt):
    x, y = S.matrix(fmt, "x"), S.matrix(fmt, "y")
    d, v = T.dmatrix("d"), T.dvector("v")
    a, b = _rand((5, 4), 0.5, fmt, seed=13), _rand((4, 3), 0.5, fmt, seed=14)
    dense, vec, left = np.random.RandomState(4).rand(4, 3), np.arange(4.0), np.random.RandomState(5).rand(2, 5)
    outs = theano.function([x, y, d, v], [S.dot(x, d), S.dot(x, v), S.dot(x, y)])(a, b, dense, vec)
    assert np.allclose(outs[0], a @ dense) and np.allclose(outs[1], a @ vec) and np.allclose(outs[2], (a @ b).toarray())
    lt = T.dmatrix("lt")
    assert np.allclose(theano.function([lt, x], S.dot(lt, x))(left, a), left @ a)
    assert str(S.dot(x, d).owner.op) == "SparseDot" and S.Dot is type(S.dot(x, d).owner.op)
    gd = theano.function([x, d], theano.grad(S.dot(x, d).sum(), d))(a, dense)
    assert np.allclose(gd, a.T @ np.ones((5, 3)))


def test_add_s_s_stores_only_nonzero_sums_as_scipy():
    # scipy's x + y (Theano's AddSS.perform) drops explicit zeros and entries that cancel
    a = sp.csr_matrix(np.array([[1., 0, 2], [0, 3, 0]]))
    b = sp.csr_matrix(np.array([[-1., 0, 0], [0, 1, 5]]))
    a0 = a.copy()
    a0.data[1] = 0.0  # an explicit zero
    x, y = S.csr_matrix(), S.csr_matrix()
    f = theano.function([x, y], x + y)
    for p, q in [(a, b), (a0, b), (b, a0)]:
        got, want = f(p, q), p + q
        assert np.array_equal(got.data, want.data) and np.array_equal(got.indices, want.indices)
        assert np.array_equal(got.indptr, want.indptr)
