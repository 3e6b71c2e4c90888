"""tensor/nnet/blocksparse.py: block-sparse products (the hidden layers of hierarchical softmax models).

`SparseBlockGemv(o, W, h, iIdx, oIdx)`: o[b, j] + sum_i h[b, i] . W[iIdx[b, i], oIdx[b, j]] (batch, oWin, oSize).
`SparseBlockOuter(o, x, y, xIdx, yIdx, alpha)`: o with alpha * outer(x[b, i], y[b, j]) added at
[xIdx[b, i], yIdx[b, j]] (its gradient). `sparse_block_dot(W, h, iIdx, b, oIdx)`: the gemv with bias b[oIdx].
Their lowering gathers the blocks and contracts them in one batched product (lowering/rules/blocksparse.py).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Op, Variable

__all__ = ["SparseBlockGemv", "SparseBlockOuter", "sparse_block_gemv", "sparse_block_gemv_inplace",
           "sparse_block_outer", "sparse_block_outer_inplace", "sparse_block_dot"]


def _indices(v: Any, name: str) -> Variable:
    v = as_tensor_variable(v)
    if v.ndim != 2:
        raise TypeError(f'The {name} must be a 2D tensor')
    if v.dtype not in _dt.discrete_dtypes:
        raise TypeError(f'The {name} must be integers, got {v.type}')
    return v


class SparseBlockGemv(Op):
    """The dot product of chosen pieces of vectors and matrices, returning pieces of vectors:

        for b in range(batch): for j in range(oWin): for i in range(iWin):
            o[b, j, :] += dot(h[b, i], W[iIdx[b, i], oIdx[b, j]])
    """

    __props__ = ('inplace',)
    registered_opts: list = []

    def __init__(self, inplace: bool = False):
        # XLA arrays are immutable: the inplace flag is kept for equality and printing, nothing is overwritten
        self.inplace = inplace

    def make_node(self, o: Any, W: Any, h: Any, inputIdx: Any, outputIdx: Any) -> Apply:
        o, W, h = (as_tensor_variable(v) for v in (o, W, h))
        if o.ndim != 3:
            raise TypeError('The output o must be a 2D tensor')
        if W.ndim != 4:
            raise TypeError('The weight matrix W must be a 4D tensor')
        if h.ndim != 3:
            raise TypeError('The input h must be a 3D tensor')
        inputIdx = _indices(inputIdx, "input indices inputIdx")
        outputIdx = _indices(outputIdx, "output indices outputIdx")
        return Apply(self, [o, W, h, inputIdx, outputIdx], [o.type()])

    def infer_shape(self, node: Apply, input_shapes: list[tuple]) -> list[tuple]:
        return [input_shapes[0]]

    def grad(self, inputs: list[Variable], grads: list[Any]) -> list[Any]:
        o, W, h, inputIdx, outputIdx = inputs
        go = grads[0]
        Wgrad = SparseBlockOuter(self.inplace)(W.zeros_like(), h, go, inputIdx, outputIdx)
        hgrad = SparseBlockGemv(self.inplace)(h.zeros_like(), W.dimshuffle((1, 0, 3, 2)), go, outputIdx, inputIdx)
        return [go, Wgrad, hgrad,
                grad_undefined(self, 3, inputIdx, "grad of inputIdx makes no sense"),
                grad_undefined(self, 4, outputIdx, "grad of outputIdx makes no sense")]

    def host_impl(self, node: Apply, o: np.ndarray, W: np.ndarray, h: np.ndarray, iIdx: np.ndarray,
                  oIdx: np.ndarray) -> np.ndarray:
        o = o.copy()
        for b in range(o.shape[0]):
            for j in range(o.shape[1]):
                for i in range(h.shape[1]):
                    o[b, j, :] += np.dot(h[b, i], W[iIdx[b, i], oIdx[b, j]])
        return o


class SparseBlockOuter(Op):
    """Outer products of pieces of vectors added into a full block matrix (the gradient of SparseBlockGemv):

        for b in range(batch): for i in range(xWin): for j in range(yWin):
            o[xIdx[b, i], yIdx[b, j]] += alpha * outer(x[b, i], y[b, j])
    """

    __props__ = ('inplace',)
    registered_opts: list = []

    def __init__(self, inplace: bool = False):
        self.inplace = inplace

    def make_node(self, o: Any, x: Any, y: Any, xIdx: Any, yIdx: Any, alpha: Any = None) -> Apply:
        o, x, y = (as_tensor_variable(v) for v in (o, x, y))
        if o.ndim != 4:
            raise TypeError('The output o must be a 4D tensor')
        if x.ndim != 3 or y.ndim != 3:
            raise TypeError(f'The inputs x and y must be 3D tensors, got {x.type} and {y.type}')
        xIdx = _indices(xIdx, "x indices xIdx")
        yIdx = _indices(yIdx, "y indices yIdx")
        alpha = constant(np.asarray(1.0, dtype='float32')) if alpha is None else as_tensor_variable(alpha)
        if alpha.ndim != 0:
            raise TypeError(f'alpha must be a scalar, got {alpha.type}')
        return Apply(self, [o, x, y, xIdx, yIdx, alpha], [o.type()])

    def infer_shape(self, node: Apply, input_shapes: list[tuple]) -> list[tuple]:
        return [input_shapes[0]]

    def host_impl(self, node: Apply, o: np.ndarray, x: np.ndarray, y: np.ndarray, xIdx: np.ndarray,
                  yIdx: np.ndarray, alpha: np.ndarray) -> np.ndarray:
        o = o.copy()
        for b in range(x.shape[0]):
            for i in range(xIdx.shape[1]):
                for j in range(yIdx.shape[1]):
                    o[xIdx[b, i], yIdx[b, j]] += alpha * np.outer(x[b, i], y[b, j, :])
        return o


sparse_block_gemv = SparseBlockGemv(False)
sparse_block_gemv_inplace = SparseBlockGemv(True)
sparse_block_outer = SparseBlockOuter(False)
sparse_block_outer_inplace = SparseBlockOuter(True)


def sparse_block_dot(W: Any, h: Any, inputIdx: Any, b: Any, outputIdx: Any) -> Variable:
    """dot(W[i, j], h[i]) + b[j] over the chosen blocks (b[j] added once): (batch, oWin, oSize).

    W: (iBlocks, oBlocks, iSize, oSize); h: (batch, iWin, iSize) (or (iWin, iSize) without a batch);
    inputIdx: (batch, iWin); b: (oBlocks, oSize); outputIdx: (batch, oWin).
    """
    W, h, b = (as_tensor_variable(v) for v in (W, h, b))
    inputIdx, outputIdx = as_tensor_variable(inputIdx), as_tensor_variable(outputIdx)
    assert inputIdx.ndim == h.ndim - 1
    assert outputIdx.ndim == inputIdx.ndim
    if h.ndim == 2:
        h = h.dimshuffle('x', 0, 1)
        inputIdx = inputIdx.dimshuffle('x', 0)
        outputIdx = outputIdx.dimshuffle('x', 0)
    return SparseBlockGemv()(b.take(outputIdx, axis=0), W, h, inputIdx, outputIdx)
