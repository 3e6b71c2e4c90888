"""tensor.nnet.blocksparse: SparseBlockGemv / SparseBlockOuter / sparse_block_dot against numpy loops."""
from __future__ import annotations

import numpy as np
import pytest

import theano
from theano import tensor
from theano.tensor.nnet.blocksparse import (SparseBlockGemv, SparseBlockOuter, sparse_block_dot,
                                            sparse_block_gemv, sparse_block_outer)


def gemv_numpy(o, W, h, iIdx, oIdx):
    o = o.copy()
    for b in range(o.shape[0]):
        for j in range(o.shape[1]):
            for i in range(h.shape[1]):
                o[b, j, :] += np.dot(h[b, i], W[iIdx[b, i], oIdx[b, j]])
    return o


def outer_numpy(o, x, y, xIdx, yIdx, alpha=1.0):
    o = o.copy()
    for b in range(x.shape[0]):
        for i in range(xIdx.shape[1]):
            for j in range(yIdx.shape[1]):
                o[xIdx[b, i], yIdx[b, j]] += alpha * np.outer(x[b, i], y[b, j])
    return o


def data(rng, dtype="float64"):
    W = rng.randn(8, 7, 6, 5).astype(dtype)
    h = rng.randn(2, 4, 6).astype(dtype)
    iIdx = np.vstack([rng.permutation(8)[:4] for _ in range(2)]).astype("int32")
    b = rng.randn(7, 5).astype(dtype)
    oIdx = np.vstack([rng.permutation(7)[:3] for _ in range(2)]).astype("int32")
    return W, h, iIdx, b, oIdx


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sparse_block_dot_and_gemv_values(dtype: str) -> None:
    rng = np.random.RandomState(0)
    W_val, h_val, iIdx_val, b_val, oIdx_val = data(rng, dtype)
    W, h, b = tensor.tensor4(dtype=dtype), tensor.tensor3(dtype=dtype), tensor.matrix(dtype=dtype)
    iIdx, oIdx = tensor.imatrix(), tensor.imatrix()
    out = sparse_block_dot(W, h, iIdx, b, oIdx)
    assert isinstance(out.owner.op, SparseBlockGemv) and out.dtype == dtype
    f = theano.function([W, h, iIdx, b, oIdx], out)
    got = f(W_val, h_val, iIdx_val, b_val, oIdx_val)
    ref = gemv_numpy(b_val.take(oIdx_val, axis=0), W_val, h_val, iIdx_val, oIdx_val)
    assert got.dtype == dtype and got.shape == (2, 3, 5)
    np.testing.assert_allclose(got, ref, rtol=1e-5 if dtype == "float32" else 1e-12, atol=1e-5)


def test_sparse_block_dot_without_batch() -> None:
    rng = np.random.RandomState(1)
    W_val, h_val, iIdx_val, b_val, oIdx_val = data(rng)
    W, h, b = tensor.tensor4(), tensor.matrix(), tensor.matrix()
    iIdx, oIdx = tensor.ivector(), tensor.ivector()
    f = theano.function([W, h, iIdx, b, oIdx], sparse_block_dot(W, h, iIdx, b, oIdx))
    got = f(W_val, h_val[0], iIdx_val[0], b_val, oIdx_val[0])
    ref = gemv_numpy(b_val.take(oIdx_val[:1], axis=0), W_val, h_val[:1], iIdx_val[:1], oIdx_val[:1])
    np.testing.assert_allclose(got, ref)


def test_sparse_block_outer_accumulates_repeated_blocks() -> None:
    rng = np.random.RandomState(2)
    o_val = rng.randn(3, 4, 6, 5)
    x_val, y_val = rng.randn(2, 4, 6), rng.randn(2, 3, 5)
    xIdx_val = np.array([[0, 0, 1, 2], [2, 2, 2, 0]], dtype="int32")   # repeated blocks add up
    yIdx_val = np.array([[3, 3, 1], [0, 1, 1]], dtype="int32")
    o, x, y = tensor.tensor4(), tensor.tensor3(), tensor.tensor3()
    xIdx, yIdx, alpha = tensor.imatrix(), tensor.imatrix(), tensor.scalar()
    f = theano.function([o, x, y, xIdx, yIdx], sparse_block_outer(o, x, y, xIdx, yIdx))
    np.testing.assert_allclose(f(o_val, x_val, y_val, xIdx_val, yIdx_val),
                               outer_numpy(o_val, x_val, y_val, xIdx_val, yIdx_val))
    g = theano.function([o, x, y, xIdx, yIdx, alpha], SparseBlockOuter()(o, x, y, xIdx, yIdx, alpha))
    np.testing.assert_allclose(g(o_val, x_val, y_val, xIdx_val, yIdx_val, 0.5),
                               outer_numpy(o_val, x_val, y_val, xIdx_val, yIdx_val, 0.5))


def test_gradients() -> None:
    rng = np.random.RandomState(3)
    W_val, h_val, iIdx_val, b_val, oIdx_val = data(rng)
    iIdx, oIdx = tensor.constant(iIdx_val), tensor.constant(oIdx_val)
    theano.gradient.verify_grad(lambda b, h, W: sparse_block_dot(W, h, iIdx, b, oIdx),
                                [b_val, h_val, W_val], rng=rng)
    theano.gradient.verify_grad(lambda b, h, W: sparse_block_gemv(b.take(oIdx, axis=0), W, h, iIdx, oIdx),
                                [b_val, h_val, W_val], rng=rng)


def test_infer_shape_and_errors() -> None:
    W, h, b = tensor.tensor4(), tensor.tensor3(), tensor.matrix()
    iIdx, oIdx = tensor.imatrix(), tensor.imatrix()
    out = sparse_block_dot(W, h, iIdx, b, oIdx)
    f = theano.function([W, h, iIdx, b, oIdx], out.shape)
    rng = np.random.RandomState(4)
    assert tuple(f(*data(rng))) == (2, 3, 5)
    with pytest.raises(TypeError, match="4D"):
        sparse_block_gemv(tensor.tensor3(), tensor.tensor3(), h, iIdx, oIdx)
    with pytest.raises(TypeError, match="integers"):
        sparse_block_gemv(tensor.tensor3(), W, h, tensor.matrix(), oIdx)
    assert str(sparse_block_gemv) == "SparseBlockGemv{inplace=False}"
