"""Sparse products with a sparse result or a fused form (true_dot, structured_dot of two sparse matrices,
sampling_dot, usmm), theano.dot's dispatch, theano.sparse.opt's ops and rewrites: values against scipy.sparse,
types against Theano 1.0.5, gradients with verify_grad as Theano's sparse tests do it."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse as S
import theano.sparse.opt as SO
from theano import tensor as T
from theano.gradient import verify_grad


def _rand(shape: tuple, density: float, fmt: str, seed: int = 0, dtype: str = "float64") -> sp.spmatrix:
    m = sp.random(*shape, density=density, format=fmt, random_state=seed)
    return m.astype(dtype)


def _ops(f) -> list:
    return [type(n.op) for n in f.maker.fgraph.toposort()]


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "complex128"])
def test_true_dot_of_two_sparse_matrices_is_scipys_product(fmt, dtype):
    x, y = S.matrix(fmt, "x", dtype=dtype), S.matrix(fmt, "y", dtype=dtype)
    out = S.true_dot(x, y)
    assert isinstance(out.owner.op, S.TrueDot) and out.type == S.SparseType(fmt, dtype)
    f = theano.function([x, y], out)
    xv, yv = _rand((10, 8), 0.2, fmt, 1, dtype) * 3, _rand((8, 12), 0.2, fmt, 2, dtype) * 3
    got, want = f(xv, yv), xv @ yv
    assert got.format == fmt and got.dtype == np.dtype(dtype) and got.shape == (10, 12)
    np.testing.assert_allclose(got.toarray(), want.toarray(), rtol=1e-5)
    assert got.nnz == want.nnz  # scipy's product keeps no exact zeros, nor does ours


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_true_dot_sparse_dense_and_dense_sparse(fmt):
    x, d = S.matrix(fmt, "x"), T.dmatrix("d")
    xv, dv = _rand((6, 5), 0.4, fmt, 3), np.random.RandomState(0).randn(5, 4)
    got = theano.function([x, d], S.true_dot(x, d))(xv, dv)
    assert got.format == fmt and np.allclose(got.toarray(), xv @ dv)
    left = np.random.RandomState(1).randn(3, 6)
    q = T.dmatrix("q")
    out = S.true_dot(q, x)  # through transposes: the result has x.T's format transposed back
    got = theano.function([q, x], out)(left, xv)
    assert np.allclose(got.toarray(), left @ xv.toarray())


def test_true_dot_errors_as_theano():
    with pytest.raises(NotImplementedError):
        S.true_dot(S.csr_matrix("x", dtype="float32"), S.csr_matrix("y"))
    with pytest.raises(TypeError):
        S.TrueDot()(T.dmatrix(), S.csr_matrix())
    with pytest.raises(TypeError):
        S.true_dot(T.dmatrix(), T.dmatrix())
    assert S.TrueDot(True) == S.TrueDot(False)  # grad_preserves_dense is not a prop


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_true_dot_gradient_regular_and_grad_preserves_dense(fmt):
    xv, yv = _rand((5, 4), 0.5, fmt, 5).toarray(), _rand((4, 3), 0.5, fmt, 6).toarray()
    from_dense = S.csr_from_dense if fmt == "csr" else S.csc_from_dense

    to_dense = S.DenseFromSparse(structured=False)  # Theano's verify_grad_sparse(structured=False)

    def ss(a, b):
        return to_dense(S.true_dot(from_dense(a), from_dense(b)))
    verify_grad(ss, [xv, yv], rng=np.random.RandomState(0))

    def sd(a, b):
        return to_dense(S.true_dot(from_dense(a), b))
    verify_grad(sd, [xv, np.random.RandomState(3).randn(4, 3)], rng=np.random.RandomState(0))

    x, d = S.matrix(fmt, "x"), T.dmatrix("d")
    cost = S.sp_sum(S.true_dot(x, d))
    assert isinstance(T.grad(cost, d).type, T.TensorType)
    assert S.basic._is_sparse_variable(T.grad(S.sp_sum(S.true_dot(x, d, grad_preserves_dense=False)), d))


@pytest.mark.parametrize("fa,fb", [("csr", "csr"), ("csc", "csc"), ("csr", "csc"), ("csc", "csr")])
def test_structured_dot_and_theano_dot_of_two_sparse_matrices(fa, fb):
    a, b = S.matrix(fa, "a"), S.matrix(fb, "b", dtype="float32")
    out = theano.dot(a, b)
    assert isinstance(out.owner.op, S.StructuredDot) and out.type == S.SparseType(fa, "float64")
    av, bv = _rand((7, 9), 0.3, fa, 7), _rand((9, 4), 0.3, fb, 8, "float32")
    got = theano.function([a, b], out)(av, bv)
    assert got.format == fa and got.dtype == np.float64
    np.testing.assert_allclose(got.toarray(), (av @ bv).toarray(), rtol=1e-6)


def test_theano_dot_dispatches_through_dot_methods():
    x, m = S.csr_matrix("x"), T.dmatrix("m")
    assert isinstance(theano.dot(x, m).owner.op, S.StructuredDot)
    assert theano.dot(x, m).type == T.dmatrix().type
    right = theano.dot(m, x)  # dense . sparse: (x.T . m.T).T, as Theano
    assert isinstance(right.owner.inputs[0].owner.op, S.StructuredDot)
    assert not isinstance(theano.dot(m, m).owner.op, S.StructuredDot)
    with pytest.raises(NotImplementedError, match="Dot failed"):
        theano.dot(np.ones(2), np.ones(2))
    with pytest.raises(T.AsTensorError if hasattr(T, "AsTensorError") else TypeError):
        T.dot(x, m)  # theano.tensor.dot does not take sparse operands


def test_sampling_dot_values_pattern_and_gradient():
    rng = np.random.RandomState(0)
    a, b, p = T.dmatrix("a"), T.dmatrix("b"), S.csr_matrix("p")
    out = S.sampling_dot(a, b, p)
    assert out.type == p.type
    av, bv = rng.randn(4, 3), rng.randn(5, 3)
    pv = sp.csr_matrix(rng.binomial(1, 0.4, (4, 5)).astype("float64") * 2)
    got = theano.function([a, b, p], out)(av, bv, pv)
    assert got.format == "csr" and np.allclose(got.toarray(), pv.multiply(av @ bv.T).toarray())
    assert got.nnz == pv.nnz  # p's pattern
    with pytest.raises(ValueError, match="sampling_dot"):
        theano.function([a, b, p], out)(av, rng.randn(6, 3), pv)

    def helper(x, y):
        return S.DenseFromSparse(structured=False)(S.sampling_dot(x, y, pv))
    verify_grad(helper, [av, bv], rng=np.random.RandomState(1))


@pytest.mark.parametrize("fx,fy", [("csr", "dense"), ("csc", "dense"), ("dense", "csr"), ("csc", "csr")])
def test_usmm_is_alpha_x_dot_y_plus_z(fx, fy):
    rng = np.random.RandomState(2)

    def var(fmt, name):
        return T.dmatrix(name) if fmt == "dense" else S.matrix(fmt, name)

    def val(fmt, shape, seed):
        return rng.randn(*shape) if fmt == "dense" else _rand(shape, 0.3, fmt, seed)
    x, y, alpha, z = var(fx, "x"), var(fy, "y"), T.fscalar("alpha"), T.fmatrix("z")
    out = S.usmm(alpha, x, y, z)
    assert out.dtype == "float64" and out.broadcastable == (False, False) and str(out.owner.op) == "Usmm{no_inplace}"
    xv, yv, zv = val(fx, (6, 5), 1), val(fy, (5, 4), 2), rng.randn(6, 4).astype("float32")
    got = theano.function([alpha, x, y, z], out)(np.float32(1.5), xv, yv, zv)
    prod = xv @ yv
    np.testing.assert_allclose(got, 1.5 * (prod.toarray() if sp.issparse(prod) else prod) + zv, rtol=1e-6)
    with pytest.raises(TypeError):
        S.usmm(alpha, T.dmatrix(), T.dmatrix(), z)


def test_opt_ops_on_raw_arrays_match_scipy():
    rng = np.random.RandomState(3)
    A = _rand((4, 5), 0.6, "csc", 9, "float32")
    B = rng.rand(5, 2).astype("float32")
    tv = T.as_tensor_variable
    res = SO.sd_csc(tv(A.data), tv(A.indices), tv(A.indptr), tv(np.int32(4)), tv(B)).eval()
    np.testing.assert_allclose(res, A @ B, rtol=1e-6)
    R = A.tocsr()
    np.testing.assert_allclose(SO.sd_csr(tv(R.data), tv(R.indices), tv(R.indptr), tv(B)).eval(), R @ B, rtol=1e-6)
    Z = rng.rand(4, 2).astype("float32")
    alpha = tv(np.ones((1, 1), "float32") * 2)
    got = SO.usmm_csc_dense(alpha, tv(A.data), tv(A.indices), tv(A.indptr), tv(np.int32(4)), tv(B), tv(Z)).eval()
    np.testing.assert_allclose(got, 2 * (A @ B) + Z, rtol=1e-6)
    assert str(SO.usmm_csc_dense_inplace) == "UsmmCscDense{inplace}"
    D = rng.rand(4, 5).astype("float32")
    for M, op in ((A, SO.mul_s_d_csc), (R, SO.mul_s_d_csr)):
        data = op(tv(M.data), tv(M.indices), tv(M.indptr), tv(D)).eval()
        np.testing.assert_allclose(data, M.multiply(D).tocsr().data if M is R else M.multiply(D).tocsc().data,
                                   rtol=1e-6)
    v = rng.rand(5).astype("float32")
    np.testing.assert_allclose(SO.mul_s_v_csr(tv(R.data), tv(R.indices), tv(R.indptr), tv(v)).eval(),
                               R.data * v[R.indices], rtol=1e-6)
    np.testing.assert_allclose(SO.structured_add_s_v_csr(tv(R.data), tv(R.indices), tv(R.indptr), tv(v)).eval(),
                               R.data + v[R.indices], rtol=1e-6)
    x, y = rng.rand(4, 3).astype("float32"), rng.rand(5, 3).astype("float32")
    zd, zi, zp = SO.sampling_dot_csr(tv(x), tv(y), tv(R.data), tv(R.indices), tv(R.indptr), tv(np.int32(5)))
    got = sp.csr_matrix((zd.eval(), zi.eval(), zp.eval()), shape=(4, 5))
    np.testing.assert_allclose(got.toarray(), R.multiply(x @ y.T).toarray(), rtol=1e-5)


def test_addsd_ccode_and_csm_grad_c():
    m = _rand((3, 4), 0.5, "csr", 11)
    x, y = S.csr_matrix("x"), T.dmatrix("y")
    yv = np.random.RandomState(4).rand(3, 4)
    out = SO.AddSD_ccode(format="csr")(x, y)
    assert str(out.owner.op) == "AddSD_ccode{csr}"
    assert np.allclose(theano.function([x, y], out)(m, yv), m.toarray() + yv)
    tv = T.as_tensor_variable
    shape = tv(np.asarray(m.shape, "int32"))
    got = SO.csm_grad_c(tv(m.data), tv(m.indices), tv(m.indptr), shape, tv(m.data * 2), tv(m.indices),
                        tv(m.indptr), shape).eval()
    assert np.allclose(got, m.data * 2)


def test_local_csm_properties_csm_removes_the_round_trip():
    data, ind, ptr, shape = T.dvector(), T.ivector(), T.ivector(), T.ivector()
    mode = theano.compile.mode.get_default_mode().including("specialize", "local_csm_properties_csm")
    for CS, cast in ((S.CSC, sp.csc_matrix), (S.CSR, sp.csr_matrix)):
        f = theano.function([data, ind, ptr, shape], S.csm_properties(CS(data, ind, ptr, shape)), mode=mode)
        assert not any(issubclass(c, (S.CSM, S.CSMProperties)) for c in _ops(f))
        v = cast(_rand((10, 40), 0.1, "csr", 12))
        outs = f(v.data, v.indices, v.indptr, np.asarray(v.shape, "int32"))
        assert np.array_equal(outs[0], v.data) and np.array_equal(outs[2], v.indptr)
    f = theano.function([data, ind, ptr, shape], S.csm_properties(S.CSR(data, ind, ptr, shape)),
                        mode=mode.excluding("local_csm_properties_csm"))
    assert S.CSMProperties in _ops(f)


def test_local_dense_from_sparse_sparse_from_dense():
    m = T.dmatrix()
    for op in (S.csr_from_dense, S.csc_from_dense):
        f = theano.function([m], S.dense_from_sparse(op(m)))
        assert len(f.maker.fgraph.apply_nodes) == 1  # the deep copy only
        assert np.array_equal(f([[1, 2], [3, 4]]), [[1, 2], [3, 4]])
        f = theano.function([m], S.dense_from_sparse(op(m)), mode=theano.compile.mode.get_default_mode().excluding(
            "local_dense_from_sparse_sparse_from_dense"))
        assert S.SparseFromDense in _ops(f)


def test_local_usmm_is_not_run_without_blas_as_in_theano():
    from theano.passes import pipeline, sparse_rewrites
    x, y, a = S.csr_matrix("x"), T.dmatrix("y"), T.dscalar("a")
    z = T.dmatrix("z")
    mode = theano.compile.mode.get_default_mode().excluding("fusion")
    f = theano.function([a, x, y, z], z - a * S.dot(x, y), mode=mode)
    assert _ops(f)[0] is S.Dot and S.Usmm not in _ops(f)  # Theano 1.0.5 without BLAS: Dot, DimShuffle, mul, sub
    xv, yv, zv = _rand((4, 5), 0.4, "csr", 13), np.random.RandomState(5).rand(5, 3), np.ones((4, 3))
    np.testing.assert_allclose(f(1.5, xv, yv, zv), zv - 1.5 * (xv @ yv))
    assert {r.name for r in pipeline.all_rules()}.isdisjoint(r.name for r in sparse_rewrites.UNREGISTERED_RULES)
    assert SO.local_usmm.name == "local_usmm" and "cxx_only" in SO.local_mul_s_d.tags


def test_sandbox_sp2_random_ops_draw_from_numpys_generator():
    from theano.sparse.sandbox import sp2
    for fmt in ("csr", "csc"):
        x = S.matrix(fmt, "x")
        f = theano.function([x], sp2.poisson(x))
        xv = _rand((6, 7), 0.5, fmt, 14) * 4
        np.random.seed(0)
        first = f(xv)
        np.random.seed(0)
        again = f(xv)
        assert first.format == fmt and first.dtype == xv.dtype and first.shape == xv.shape
        assert np.array_equal(first.toarray(), again.toarray())  # np.random.seed reproduces the draws, as Theano
        assert np.all(first.data != 0) and np.allclose(np.floor(first.data), first.data)  # zeros removed
        assert set(zip(*first.nonzero())) <= set(zip(*xv.nonzero()))
    n, p, shape = T.lscalar(), T.dscalar(), T.lvector()
    for fmt in ("csr", "csc"):
        f = theano.function([n, p, shape], sp2.Binomial(fmt, "float32")(n, p, shape))
        got = f(5, 0.25, np.asarray([3, 5], "int64"))
        assert got.format == fmt and got.dtype == np.float32 and got.shape == (3, 5)
        assert np.all((got.toarray() >= 0) & (got.toarray() <= 5))
        assert f(5, 0.25, np.asarray([2, 9], "int64")).shape == (2, 9)
    pv = sp.csr_matrix(np.asarray([[0.0, 0.5, 0.0, 0.5], [0.1, 0.2, 0.3, 0.4], [0.0, 1.0, 0.0, 0.0]]))
    pm, k = S.csr_matrix(), T.lvector()
    got = theano.function([pm, k], sp2.multinomial(k, pm))(pv, np.asarray([1, 2, 3], "int64"))
    assert np.array_equal(np.asarray(got.sum(axis=1)).ravel(), [1, 2, 3]) and got[2, 1] == 3
    with pytest.raises(ValueError, match="number of row"):
        theano.function([pm, k], sp2.multinomial(k, pm))(pv, np.asarray([1, 2], "int64"))
