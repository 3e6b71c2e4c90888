"""Sparse indexing (frontend/sparse/indexing.py, lowering/rules/sparse_indexing.py): values against scipy.sparse,
Theano 1.0.5's dispatch and errors, gradients with verify_grad (as Theano's verify_grad_sparse does it), the
sparse gradient of x[ilist] (theano.sparse_grad), and the minibatch idiom on a sparse shared design matrix."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse as S
from theano import tensor as T
from theano.gradient import verify_grad
from theano.sparse.basic import (ConstructSparseFromList, GetItem2d, GetItem2Lists, GetItemList, GetItemListGrad,
                                 GetItemScalar)


def _rand(shape: tuple, density: float, fmt: str, seed: int = 0) -> sp.spmatrix:
    return sp.random(*shape, density=density, format=fmt, random_state=seed)


def _ops(f) -> list:
    return [type(n.op).__name__ for n in f.maker.fgraph.toposort()]


def _verify_grad_sparse(op, pt: list, rng_seed: int = 0) -> None:
    """Theano's verify_grad_sparse(structured=False): sparse inputs enter dense (csr/csc_from_dense), a sparse
    output leaves dense."""
    formats = [p.format if sp.issparse(p) else None for p in pt]
    dense = [p.toarray() if sp.issparse(p) else p for p in pt]

    def fun(*args):
        ins = [S.SparseFromDense(f)(a) if f else a for a, f in zip(args, formats)]
        out = op(*ins)
        return S.DenseFromSparse(structured=False)(out) if isinstance(out.type, S.SparseType) else out
    verify_grad(fun, dense, rng=np.random.RandomState(rng_seed))


# ----------------------------------------------------------------------------- values

@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_get_item_list_rows_with_repeats_and_negatives(fmt):
    m = _rand((7, 6), 0.4, fmt, seed=1)
    x = S.matrix(fmt, "x", dtype="float64")
    rows = [0, 3, 3, 6, -1]
    y = x[rows]
    assert isinstance(y.owner.op, GetItemList) and y.type == x.type
    f = theano.function([x], y)
    out = f(m)
    ref = m[rows]
    assert out.format == fmt and out.shape == ref.shape and np.array_equal(out.toarray(), ref.toarray())
    out.check_format(full_check=True)  # indptr/indices consistent, as scipy builds them
    v = T.ivector("v")
    g = theano.function([x, v], S.get_item_list(x, v))  # the op takes an integer vector variable too
    assert np.array_equal(g(m, np.array([5, 0], "int32")).toarray(), m[[5, 0]].toarray())


def test_get_item_list_out_of_range_is_an_index_error():
    x = S.csr_matrix("x")
    f = theano.function([x], x[[0, 4]])
    with pytest.raises(IndexError, match=r"index \(4\) out of range"):
        f(_rand((4, 5), 0.5, "csr"))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_get_item_2lists_is_a_dense_vector_of_entries(fmt):
    m = _rand((4, 5), 0.6, fmt, seed=2)
    x = S.matrix(fmt, "x", dtype="float64")
    y = x[[0, 0, 1, 3], [0, 1, 2, 4]]
    assert isinstance(y.owner.op, GetItem2Lists)
    assert y.type == T.TensorType(theano.config.floatX, (False,))  # Theano's output is tensor.vector()
    out = theano.function([x], y)(m)
    assert np.allclose(out, np.asarray(m[[0, 0, 1, 3], [0, 1, 2, 4]]).ravel())
    f1 = theano.function([x], x[[0, 5], [0, 3]])
    f2 = theano.function([x], x[[0, 3], [0, 5]])
    with pytest.raises(IndexError):
        f1(m)
    with pytest.raises(IndexError):
        f2(m)


def test_get_item_2lists_sums_duplicate_entries_as_scipy():
    m = sp.csr_matrix((np.array([1.0, 2.0, 5.0]), np.array([1, 1, 0]), np.array([0, 2, 3])), shape=(2, 2))
    x = S.csr_matrix("x", dtype="float64")
    assert np.allclose(theano.function([x], x[[0, 1, 0], [1, 0, 0]])(m), [3.0, 5.0, 0.0])


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_get_item_2d_slices_with_symbolic_bounds_and_steps(fmt):
    m = sp.csr_matrix(np.random.RandomState(3).binomial(1, 0.5, (30, 27)).astype("float64")).asformat(fmt)
    x = S.matrix(fmt, "x", dtype="float64")
    a, b, c, d, e, k = T.iscalars("a", "b", "c", "d", "e", "k")
    f = theano.function([x, a, b, c, d, e, k], x[a:b:e, c:d:k])
    assert isinstance(f.maker.fgraph.outputs[0].owner.op, GetItem2d)
    for args in [(1, 5, 10, 15, 2, 3), (20, 2, 3, 25, -3, 2), (-5, 100, -40, 7, 1, -1), (3, 3, 0, 27, 1, 1)]:
        out, ref = f(m, *args), m[args[0]:args[1]:args[4], args[2]:args[3]:args[5]]
        assert out.format == fmt and out.shape == ref.shape, args
        assert np.array_equal(out.toarray(), ref.toarray()), args
    cases = {"x[a:b]": (lambda: x[a:b], lambda: m[4:9]), "x[:a, :b]": (lambda: x[:a, :b], lambda: m[:4, :9]),
             "x[:, a:]": (lambda: x[:, a:], lambda: m[:, 4:]), "x[1:10:2, 10:20]": (lambda: x[1:10:2, 10:20],
                                                                                     lambda: m[1:10:2, 10:20])}
    for name, (sym, ref) in cases.items():
        inputs = [x] + [v for v in (a, b) if v in theano.gof.graph.inputs([sym()])]
        out = theano.function(inputs, sym(), on_unused_input="ignore")(m, *[4, 9][:len(inputs) - 1])
        assert np.array_equal(out.toarray(), ref().toarray()), name


def test_get_item_scalar_and_shared_matrices():
    m = sp.csc_matrix(np.random.RandomState(4).binomial(1, 0.5, (9, 10)).astype("float64"))
    x = S.csc_matrix("x", dtype="float64")
    a, b = T.iscalars("a", "b")
    y = x[a, b]
    assert isinstance(y.owner.op, GetItemScalar) and y.type == T.dscalar
    f = theano.function([x, a, b], y)
    assert all(f(m, i, j) == m[i, j] for i, j in [(2, 3), (8, 9), (-1, -2), (0, 0)])
    assert theano.function([x], x[5, 4])(m) == m[5, 4]
    with pytest.raises(IndexError, match=r"row index \(9\) out of range"):
        f(m, 9, 0)
    sx = theano.shared(m)
    assert theano.function([a, b], sx[a, b])(7, 1) == m[7, 1]
    assert np.array_equal(theano.function([a], sx[:, a:])(4).toarray(), m[:, 4:].toarray())


def test_getitem_dispatch_and_errors_as_theano():
    x = S.csr_matrix("x")
    a, b, c = T.iscalars("a", "b", "c")
    assert isinstance(x[1, 2].owner.op, GetItemScalar)
    assert isinstance(x[[1], [2]].owner.op, GetItem2Lists)
    assert isinstance(x[1:3].owner.op, GetItem2d) and isinstance(x[1:3, 0:1].owner.op, GetItem2d)
    with pytest.raises(NotImplementedError, match="Theano has no sparse vector"):
        x[a:b, c]
    with pytest.raises(NotImplementedError):
        x[3]
    with pytest.raises(ValueError, match="Advanced indexing is not implemented for sparse matrices"):
        x[T.ivector("l"), a:b]
    with pytest.raises(ValueError, match="Impossible to index into a sparse matrix with slice where start="):
        x[T.fscalar("f"):]
    with pytest.raises(ValueError, match="Impossible to index into a sparse matrix with slice where start="):
        x[:, [1, 3, 4]:]


def test_get_item_2d_infer_shape_matches_the_result():
    m = _rand((12, 9), 0.3, "csr", seed=5)
    x = S.csr_matrix("x", dtype="float64")
    a, e = T.iscalars("a", "e")
    y = x[a::e, 2:7]
    f = theano.function([x, a, e], S.dense_from_sparse(y).shape)
    assert tuple(f(m, 1, 3)) == m[1::3, 2:7].shape == (4, 5)


# ----------------------------------------------------------------------------- gradients

@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_get_item_list_grad(fmt):
    m = _rand((4, 5), 0.6, fmt, seed=6)
    _verify_grad_sparse(lambda x: S.get_item_list(x, np.asarray([0, 1, 3])), [m])
    _verify_grad_sparse(lambda x: S.get_item_list(x, np.asarray([2, 0, 2])), [m])  # a repeated row
    x = S.matrix(fmt, "x", dtype="float64")
    g = theano.grad(S.sp_sum(x[[1, 1, 3]], sparse_grad=True), x)
    assert isinstance(g.owner.op, GetItemListGrad) and g.type == x.type


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_get_item_2lists_grad(fmt):
    m = _rand((4, 5), 0.6, fmt, seed=7)
    _verify_grad_sparse(lambda x: S.get_item_2lists(x, np.asarray([0, 1, 3]), np.asarray([2, 3, 0])), [m])
    # a position read twice: the gradient adds (Theano 1.0.5 assigns, the last write wins: a wrong gradient)
    x = S.matrix(fmt, "x", dtype="float64")
    y = x[[1, 1], [2, 2]]
    gy = T.dvector("gy")
    g = theano.function([x, gy], S.dense_from_sparse(theano.grad(None, x, known_grads={y: gy})))
    out = g(m, np.array([3.0, 7.0]))
    assert out[1, 2] == 10.0 and np.count_nonzero(out) == 1
    _verify_grad_sparse(lambda x: S.get_item_2lists(x, np.asarray([1, 0, 1]), np.asarray([2, 3, 2])), [m])


def test_sparse_grad_of_a_row_lookup_is_construct_sparse_from_list():
    m, v = T.dmatrix("m"), T.ivector("v")
    assert isinstance(theano.grad(m[v].sum(), m).owner.op, T.AdvancedIncSubtensor1)  # dense by default
    for sub in (theano.sparse_grad(m[v]), T.AdvancedSubtensor1(sparse_grad=True)(m, v)):
        g = theano.grad((sub ** 2).sum(), m)
        assert isinstance(g.owner.op, ConstructSparseFromList) and g.type == S.csc_dmatrix
    f = theano.function([m, v], theano.grad((theano.sparse_grad(m[v]) ** 2).sum(), m))
    vm = np.random.RandomState(8).rand(5, 4)
    vv = np.array([3, 0, 3, 1], "int32")
    out = f(vm, vv)
    ref = np.zeros_like(vm)
    np.add.at(ref, vv, 2 * vm[vv])
    assert sp.isspmatrix_csc(out) and np.allclose(out.toarray(), ref)
    shared_v = theano.shared(np.random.RandomState(9).randint(0, 5, 10))
    verify_grad(lambda mm: theano.sparse_grad(mm[shared_v]), [vm], rng=np.random.RandomState(0))
    w = T.dvector("w")
    with pytest.raises(TypeError, match="ndim != 2"):
        theano.grad(theano.sparse_grad(w[v]).sum(), w)


def test_construct_sparse_from_list_values_and_errors():
    x, vals, il = T.dmatrix("x"), T.dmatrix("vals"), T.ivector("il")
    out = S.construct_sparse_from_list(x, vals, il)
    f = theano.function([x, vals, il], out)
    xv, vv = np.zeros((5, 3)), np.arange(6.0).reshape(2, 3)
    r = f(xv, vv, np.array([4, 1], "int32"))
    ref = np.zeros((5, 3))
    ref[[4, 1]] = vv
    assert sp.isspmatrix_csc(r) and r.shape == (5, 3) and np.allclose(r.toarray(), ref)
    with pytest.raises(TypeError, match="index must be integers"):
        S.construct_sparse_from_list(x, vals, T.dvector())
    with pytest.raises(TypeError, match="index must be vector"):
        S.construct_sparse_from_list(x, vals, T.imatrix())
    with pytest.raises(TypeError, match="cannot create a sparse matrix with 1 dimensions"):
        S.construct_sparse_from_list(T.dvector(), vals, il)
    with pytest.raises(TypeError, match="cannot create a sparse matrix from values with 3 ndim"):
        S.construct_sparse_from_list(x, T.dtensor3(), il)


# ----------------------------------------------------------------------------- the minibatch idiom

def test_minibatch_givens_on_a_sparse_shared_design_matrix_compiles_once_per_bucket():
    rng = np.random.RandomState(10)
    n, d, bs = 400, 50, 40
    X = sp.random(n, d, density=0.1, format="csr", random_state=11)
    y = rng.rand(n)
    X_shared, y_shared = theano.shared(X, name="X"), theano.shared(y, name="y")
    w = theano.shared(np.zeros(d), name="w")
    x, t, i = S.csr_matrix("x", dtype="float64"), T.dvector("t"), T.lscalar("i")
    err = S.structured_dot(x, w.dimshuffle(0, "x")).flatten() - t
    cost = (err ** 2).mean()
    gw = theano.grad(cost, w)
    train = theano.function([i], cost, updates=[(w, w - 0.1 * gw)],
                            givens={x: X_shared[i * bs:(i + 1) * bs], t: y_shared[i * bs:(i + 1) * bs]})
    w_ref = np.zeros(d)
    Xd = X.toarray()
    nnz = [X[k * bs:(k + 1) * bs].nnz for k in range(n // bs)]
    for k in range(n // bs):
        c = train(k)
        xb, tb = Xd[k * bs:(k + 1) * bs], y[k * bs:(k + 1) * bs]
        e = xb @ w_ref - tb
        assert np.isclose(c, (e ** 2).mean())
        w_ref = w_ref - 0.1 * (2 * xb.T @ e / bs)
    assert np.allclose(w.get_value(), w_ref)
    from theano.lowering.sparse_values import nnz_bucket
    assert len(set(nnz)) > 1  # the batches differ in nnz ...
    assert train.n_compilations == len({nnz_bucket(z) for z in nnz})  # ... and compile once per bucket
    before = train.n_compilations
    for k in range(n // bs):  # a second epoch compiles nothing
        train(k)
    assert train.n_compilations == before
    # set_value installs a new matrix: its structure (a host mirror of indptr) is read again
    X2 = sp.random(n, d, density=0.1, format="csr", random_state=12)
    X_shared.set_value(X2)
    f = theano.function([i], S.dense_from_sparse(X_shared[i * bs:(i + 1) * bs]))
    assert np.array_equal(f(3), X2[3 * bs:4 * bs].toarray())


def test_slice_of_an_updated_shared_matrix_reads_the_new_structure():
    m = sp.csr_matrix(np.eye(6))
    W = theano.shared(m, name="W")
    grow = theano.function([], [], updates=[(W, S.add(W, S.csr_from_dense(T.constant(np.ones((6, 6))))))])
    a = T.lscalar("a")
    f = theano.function([a], S.dense_from_sparse(W[a:a + 2]))
    assert np.array_equal(f(1), np.eye(6)[1:3])
    grow()
    assert np.array_equal(f(1), (np.eye(6) + 1)[1:3])
