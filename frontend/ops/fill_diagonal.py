"""tensor/extra_ops.py's FillDiagonal and FillDiagonalOffset: a copy of `a` with a (shifted) diagonal set to val."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.diagonal import diagonal
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.math import abs_, ge, lt, minimum
from theano.frontend.ops.reduce import sum as tensor_sum

__all__ = ["FillDiagonal", "fill_diagonal_", "fill_diagonal", "FillDiagonalOffset", "fill_diagonal_offset_",
           "fill_diagonal_offset"]


def _scalar_of_type(op: Op, a: Variable, val: Variable) -> Variable:
    if val.ndim != 0:
        raise TypeError("%s: second parameter must be a scalar" % type(op).__name__)
    val = cast(val, _dt.upcast(a.dtype, val.dtype))
    if val.dtype != a.dtype:
        raise TypeError("%s: type of second parameter must be the same as the first's" % type(op).__name__)
    return val


class FillDiagonal(Op):
    """numpy.fill_diagonal on a copy: a[i, i, ..., i] = val (for a matrix, the main diagonal of its square part)."""

    __props__ = ()

    def make_node(self, a: Any, val: Any) -> Apply:
        a = as_tensor_variable(a)
        val = as_tensor_variable(val)
        if a.ndim < 2:
            raise TypeError("%s: first parameter must have at least two dimensions" % type(self).__name__)
        val = _scalar_of_type(self, a, val)
        return Apply(self, [a, val], [a.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], cost_grad: list[Variable]) -> list[Any]:
        a, val = inputs
        grad = cost_grad[0]
        if a.dtype.startswith("complex"):
            return [None, None]
        if a.ndim > 2:
            raise NotImplementedError("%s: gradient is currently implemented for matrices only" % type(self).__name__)
        return [fill_diagonal(grad, 0), tensor_sum(diagonal(grad))]

    def host_impl(self, node: Apply, a: np.ndarray, val: np.ndarray) -> np.ndarray:
        a = a.copy()
        if a.ndim == 2:
            a.flat[:a.shape[1] * a.shape[1]:a.shape[1] + 1] = val  # numpy's wrap=False on the square part
        else:
            np.fill_diagonal(a, val)
        return a


fill_diagonal_ = FillDiagonal()


def fill_diagonal(a: Any, val: Any) -> Variable:
    """A copy of `a` (at least 2-d) with its main diagonal set to the scalar `val`."""
    return fill_diagonal_(a, val)


class FillDiagonalOffset(Op):
    """A copy of the matrix `a` with the diagonal at `offset` (above the main one if positive) set to val."""

    __props__ = ()

    def make_node(self, a: Any, val: Any, offset: Any) -> Apply:
        a = as_tensor_variable(a)
        val = as_tensor_variable(val)
        offset = as_tensor_variable(offset)
        if a.ndim != 2:
            raise TypeError("%s: first parameter must have exactly two dimensions" % type(self).__name__)
        if val.ndim != 0:
            raise TypeError("%s: second parameter must be a scalar" % type(self).__name__)
        if offset.ndim != 0:
            raise TypeError("%s: third parameter must be a scalar" % type(self).__name__)
        val = _scalar_of_type(self, a, val)
        if offset.dtype not in _dt.integer_dtypes:
            raise TypeError("%s: type of third parameter must be as integer use theano.tensor.cast( input, "
                            "'int32/int64')" % type(self).__name__)
        return Apply(self, [a, val, offset], [a.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], cost_grad: list[Variable]) -> list[Any]:
        a, val, offset = inputs
        grad = cost_grad[0]
        if a.dtype.startswith("complex"):
            return [None, None]
        height, width = grad.shape
        wr_a = fill_diagonal_offset(grad, 0, offset)
        offset_abs = abs_(offset)
        pos, neg = ge(offset, 0), lt(offset, 0)
        start = offset * pos + offset_abs * width * neg
        num_of_step = minimum(minimum(width, height), width * pos + height * neg - offset_abs)
        step = a.shape[1] + 1
        end = start + step * num_of_step
        wr_val = grad.flatten()[cast(start, "int64"):cast(end, "int64"):cast(step, "int64")].sum()
        wr_offset = grad_undefined(self, 2, offset, "offset is not defined for non-integer offset so "
                                                    "fill_diagonal_offset(a,val,offset+eps) is undefined")
        return [wr_a, wr_val, wr_offset]

    def host_impl(self, node: Apply, a: np.ndarray, val: np.ndarray, offset: np.ndarray) -> np.ndarray:
        a = a.copy()
        height, width = a.shape
        offset = int(offset)
        if offset >= 0:
            start, steps = offset, min(min(width, height), width - offset)
        else:
            start, steps = -offset * width, min(min(width, height), height + offset)
        step = width + 1
        a.flat[start:start + step * max(steps, 0):step] = val
        return a


fill_diagonal_offset_ = FillDiagonalOffset()


def fill_diagonal_offset(a: Any, val: Any, offset: Any) -> Variable:
    """A copy of the matrix `a` with the diagonal at `offset` set to the scalar `val`."""
    return fill_diagonal_offset_(a, val, offset)
