"""tensor/basic.py's PermuteRowElements (permute_row_elements) and inverse_permutation."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.layout import shape_padleft
from theano.frontend.ops.math import eq, maximum
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.type import TensorType

__all__ = ["PermuteRowElements", "permute_row_elements", "inverse_permutation"]


class PermuteRowElements(Op):
    """Permutes the last axis of x by the integer permutations y (out[..., i] = x[..., y[..., i]]), or by their
    inverse (out[..., y[..., i]] = x[..., i]); the leading axes of x and y broadcast against each other."""

    __props__ = ()

    def make_node(self, x: Any, y: Any, inverse: Any) -> Apply:
        x = as_tensor_variable(x)
        y = as_tensor_variable(y)
        if isinstance(inverse, (bool, int, np.integer, np.bool_)):
            inverse = as_tensor_variable(1 if inverse else 0)
        else:
            inverse = as_tensor_variable(inverse)
        if y.dtype not in _dt.integer_dtypes:
            raise TypeError("permute_row_elements: y must hold integers, got %s" % y.type)
        if inverse.ndim != 0 or inverse.dtype not in _dt.discrete_dtypes:
            raise TypeError("permute_row_elements: inverse must be an integer scalar, got %s" % inverse.type)
        if x.ndim > y.ndim:
            y = shape_padleft(y, n_ones=x.ndim - y.ndim)
        elif x.ndim < y.ndim:
            x = shape_padleft(x, n_ones=y.ndim - x.ndim)
        bcast = [xb and yb for xb, yb in zip(x.broadcastable, y.broadcastable)]
        return Apply(self, [x, y, inverse], [TensorType(x.dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(maximum(a, b) for a, b in zip(shapes[0], shapes[1]))]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, y, inverse = inputs
        gz, = grads
        gx = permute_row_elements(gz, y, eq(inverse, 0))
        summed = [d for d in range(gz.ndim) if x.broadcastable[d] and not gz.broadcastable[d]]
        if summed:
            gx = tensor_sum(gx, axis=summed)
        newdims: list[Any] = []
        i = 0
        for d in range(gz.ndim):
            if d in summed:
                newdims.append("x")
            else:
                newdims.append(i)
                i += 1
        gx = DimShuffle(gx.broadcastable, newdims)(gx)
        if x.dtype in _dt.discrete_dtypes:
            gx = x.zeros_like()
        return [gx, grad_undefined(self, 1, y), grad_undefined(self, 2, inverse)]

    def host_impl(self, node: Apply, x: np.ndarray, y: np.ndarray, inverse: np.ndarray) -> np.ndarray:
        shape = np.broadcast_shapes(x.shape[:-1], y.shape[:-1]) + (max(x.shape[-1], y.shape[-1]),)
        xb = np.broadcast_to(x, shape)
        yb = np.broadcast_to(y, shape)
        if int(inverse):
            out = np.empty(shape, dtype=x.dtype)
            np.put_along_axis(out, yb, xb, axis=-1)
            return out
        return np.take_along_axis(xb, yb, axis=-1)


_permute_row_elements = PermuteRowElements()


def permute_row_elements(x: Any, y: Any, inverse: Any = 0) -> Variable:
    """x's rows permuted by y (by y's inverse permutations when `inverse`)."""
    return _permute_row_elements(x, y, inverse)


def inverse_permutation(perm: Any) -> Variable:
    """The inverse of the permutation(s) in the last axis of perm."""
    perm = as_tensor_variable(perm)
    return permute_row_elements(arange(perm.shape[-1], dtype=perm.dtype), perm, inverse=True)
