"""Correctness of the fast paths of the sparse products and the scipy boundary (benchmarks/sparse_logreg.py times
them): the unmasked csr product, the csc product masked inside the gather, gather_source's copy of a computed
operand, the one-pass from_scipy and the table lookup of nnz_bucket, each against the plain formulation."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse as S
from theano import tensor as T
from theano.lowering.device import x64_scope
from theano.lowering.rules.sparse import _sparse_times_dense, gather_source
from theano.lowering.sparse_values import MIN_BUCKET, SparseArrays, from_scipy, nnz_bucket


def _loop_bucket(nnz: int) -> int:
    """nnz_bucket as first written: grow from MIN_BUCKET by 1.25x, rounded up to a multiple of 16."""
    bucket = MIN_BUCKET
    while bucket < nnz:
        bucket = -(-int(bucket * 1.25) // 16) * 16
    return bucket


def test_nnz_bucket_table_equals_the_growth_loop():
    for nnz in [0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 20480, 22208, 22209, 10**6, 2 * 10**8]:
        assert nnz_bucket(nnz) == _loop_bucket(nnz), nnz
    rng = np.random.RandomState(0)
    for nnz in rng.randint(0, 10**7, 200):
        assert nnz_bucket(int(nnz)) == _loop_bucket(int(nnz))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_from_scipy_pads_once_with_each_slots_major(fmt, dtype):
    m = sp.random(9, 13, density=0.3, format=fmt, dtype=dtype, random_state=1)
    m.indptr = m.indptr.astype(np.int64)  # scipy may hand int64 index arrays: converted to int32
    sa = from_scipy(m)
    cap = nnz_bucket(m.nnz)
    assert sa.data.shape == sa.indices.shape == sa.major.shape == (cap,) and sa.data.dtype == dtype
    assert sa.indices.dtype == sa.indptr.dtype == sa.major.dtype == np.int32
    assert np.array_equal(sa.data[:m.nnz], m.data) and not sa.data[m.nnz:].any()
    assert np.array_equal(sa.indices[:m.nnz], m.indices) and not sa.indices[m.nnz:].any()
    n_major = m.shape[0] if fmt == "csr" else m.shape[1]
    expected = np.full(cap, n_major, np.int32)
    expected[:m.nnz] = np.repeat(np.arange(n_major), np.diff(m.indptr))
    assert np.array_equal(sa.major, expected) and np.array_equal(sa.indptr, m.indptr)
    empty = from_scipy(sp.csr_matrix((3, 4)))
    assert empty.capacity == MIN_BUCKET and (empty.major == 3).all()


def _with_garbage_padding(m: sp.spmatrix, garbage: float) -> SparseArrays:
    """m's padded arrays with nonfinite data and arbitrary indices in the padded slots (as structured ops leave
    them: log of a padded 0 is -inf); the products must read only the stored slots."""
    sa = from_scipy(m)
    data, indices = sa.data.copy(), sa.indices.copy()
    data[m.nnz:] = garbage
    n_minor = m.shape[1] if m.format == "csr" else m.shape[0]
    indices[m.nnz:] = np.arange(sa.capacity - m.nnz) % n_minor
    return SparseArrays(jnp.asarray(data), jnp.asarray(indices), jnp.asarray(sa.indptr), m.format, m.shape,
                        jnp.asarray(sa.major))


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("ncols", [None, 1, 3])
@pytest.mark.parametrize("garbage", [np.nan, -np.inf, 7.0])
def test_unmasked_products_ignore_the_padded_slots(fmt, ncols, garbage):
    m = sp.random(11, 8, density=0.35, format=fmt, random_state=2)
    assert nnz_bucket(m.nnz) > m.nnz  # there are padded slots
    rng = np.random.RandomState(3)
    b = rng.randn(8) if ncols is None else rng.randn(8, ncols)
    if ncols is None:
        b[-1] = np.inf  # a padded slot's clipped gather may read the last row: it must not reach the result
    with x64_scope():
        got = np.asarray(_sparse_times_dense(_with_garbage_padding(m, garbage), jnp.asarray(b), "float64"))
    dense = m.toarray()
    expected = dense @ np.where(np.isfinite(b), b, 0.0)
    if ncols is None:  # the stored entries of the last column (positive) meet the inf
        expected = np.where(dense[:, -1] != 0, np.inf, expected)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_gather_source_copies_only_computed_operands_with_fewer_rows_than_slots():
    x = T.dvector("x")
    src = jnp.arange(4.0)
    assert gather_source(src, 10, x) is src  # a graph input: a buffer already
    assert gather_source(src, 3, x.exp()) is src  # more rows than slots: nothing recomputed per slot
    with x64_scope():
        copied = jax.jit(lambda v: gather_source(v * 2 + 1, 10, x.exp()))(src)
        text = jax.jit(lambda v: gather_source(v * 2 + 1, 10, x.exp())).lower(src).as_text()
    assert "scatter" in text and np.array_equal(np.asarray(copied), np.arange(4.0) * 2 + 1)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sgd_step_through_theano_equals_numpy(fmt):
    """structured_dot forward (csr: unmasked) and its gradient (a csc product whose gathered operand is the
    loss's gradient, copied by gather_source), and dot of the same, against numpy."""
    m = sp.random(40, 30, density=0.1, format=fmt, random_state=4)
    labels = (np.random.RandomState(5).rand(40) > 0.5).astype("float64")
    w0 = np.random.RandomState(6).randn(30, 1) * 0.1
    for product in (S.structured_dot, S.dot):
        X = S.matrix(fmt, "X")
        y = T.dvector("y")
        w = theano.shared(w0.copy(), name="w")
        p = T.nnet.sigmoid(product(S.structured_exp(X), w)[:, 0])
        cost = T.nnet.binary_crossentropy(p, y).mean()
        f = theano.function([X, y], cost, updates=[(w, w - 0.5 * T.grad(cost, w))])
        c = f(m, labels)
        e = m.copy()
        e.data = np.exp(e.data)  # structured: only the stored entries (padded slots hold exp(0) = 1 here)
        pe = 1 / (1 + np.exp(-(e @ w0)[:, 0]))
        np.testing.assert_allclose(c, -np.mean(labels * np.log(pe) + (1 - labels) * np.log(1 - pe)), rtol=1e-10)
        grad = e.T @ ((pe - labels) / len(labels))[:, None]
        np.testing.assert_allclose(w.get_value(), w0 - 0.5 * grad, rtol=1e-10)


def test_shared_capacity_first_value_unpadded_then_kept_while_it_fits():
    def matrix(nnz: int, seed: int) -> sp.csr_matrix:
        rng = np.random.RandomState(seed)
        flat = rng.choice(60 * 50, nnz, replace=False)
        return sp.csr_matrix((rng.rand(nnz) + 0.5, (flat // 50, flat % 50)), shape=(60, 50))

    first = matrix(1000, 0)
    X = theano.shared(first, name="X")
    assert X._value.capacity == 1008  # nnz rounded up to 16: no bucket padding
    w = theano.shared(np.linspace(-1, 1, 50)[:, None], name="w")
    f = theano.function([], S.structured_dot(X, w)[:, 0])
    np.testing.assert_allclose(f(), first @ w.get_value()[:, 0], rtol=1e-12)
    for nnz, seed in [(900, 1), (1008, 2), (820, 3)]:  # fits with at most 25% padding: same program
        m = matrix(nnz, seed)
        X.set_value(m)
        assert X._value.capacity == 1008
        np.testing.assert_allclose(f(), m @ w.get_value()[:, 0], rtol=1e-12)
        assert sp.csr_matrix(X.get_value() - m).nnz == 0 and X.get_value().nnz == nnz
    assert f.n_compilations == 1
    for nnz, seed in [(1009, 4), (700, 5)]:  # does not fit / too much padding: its nnz bucket, one compilation each
        m = matrix(nnz, seed)
        X.set_value(m)
        assert X._value.capacity == nnz_bucket(nnz)
        np.testing.assert_allclose(f(), m @ w.get_value()[:, 0], rtol=1e-12)
    assert f.n_compilations == 3
