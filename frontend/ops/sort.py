"""tensor/sort.py's top-k family: TopKOp and topk / argtopk / topk_and_argtopk.

TopKOp returns the |kth| largest entries along an axis (the smallest when kth < 0), their indices, or both.
The output length along the axis is |kth|: a constant kth gives a static shape, a symbolic one goes through
the host shape program (`value_dependent_shape`). As in Theano 1.0.5 the order of the returned entries is
not specified (`sorted=True` is not implemented there either and raises NotImplementedError).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.extra_ops import ArgSortOp, SortOp, argsort, sort
from theano.frontend.ops.indexing import set_subtensor
from theano.frontend.ops.layout import flatten
from theano.frontend.ops.math import abs_
from theano.frontend.ops.shape import shape as _shape
from theano.frontend.type import TensorType

__all__ = ["SortOp", "ArgSortOp", "sort", "argsort", "TopKOp", "topk", "argtopk", "topk_and_argtopk"]


def _check_tensor_is_scalar(var: Variable) -> None:
    if var.ndim != 0:
        raise ValueError("Expect a scalar tensor as kth, got a tensor with %d dimensions: %s" % (var.ndim, var))
    if var.dtype not in _dt.integer_dtypes:
        raise TypeError("kth must be an integer scalar, got dtype %s" % var.dtype)


def constant_kth(node: Apply) -> int | None:
    """kth of a TopKOp node when it is a constant, else None."""
    try:
        return int(get_scalar_constant_value(node.inputs[1]))
    except NotScalarConstantError:
        return None


class TopKOp(Op):
    """The k largest entries along `axis` (k smallest for a negative kth), and/or their indices (`idx_dtype`)."""

    __props__ = ("axis", "sorted", "return_values", "return_indices", "idx_dtype")

    def __init__(self, axis: int = -1, sorted: bool = True, idx_dtype: str = "int64",  # noqa: A002 - Theano's name
                 return_values: bool = True, return_indices: bool = True):
        if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
            raise TypeError('"axis" parameter must be integer, got "%s"' % type(axis))
        if sorted:
            raise NotImplementedError("The sorted parameter is not yet implemented. Use sorted=False for now.")
        if idx_dtype not in _dt.integer_dtypes:
            raise TypeError('"idx_dtype" parameter must be an integer dtype, got "%s"' % idx_dtype)
        if not (return_indices or return_values):
            raise ValueError("Neither return_values nor return_indices is True, this isn't allowed")
        self.axis = int(axis)
        self.sorted = sorted
        self.return_values = return_values
        self.return_indices = return_indices
        self.idx_dtype = idx_dtype

    def __str__(self) -> str:
        return "%s{axis=%d, sorted=%s}" % (type(self).__name__, self.axis, self.sorted)

    def make_node(self, inp: Any, kth: Any) -> Apply:
        inp = as_tensor_variable(inp)
        ndim = inp.ndim
        if ndim == 0:
            raise ValueError("Cannot take scalar as input")
        if not -ndim <= self.axis < ndim:
            raise IndexError('"axis" parameter out of range, expected integer within [%d, %d]' % (-ndim, ndim - 1))
        kth = as_tensor_variable(kth)
        _check_tensor_is_scalar(kth)
        bcast = inp.type.broadcastable  # as Theano: the input's pattern (|kth| <= 1 where it is broadcastable)
        outs = []
        if self.return_values:
            outs.append(TensorType(inp.dtype, bcast)())
        if self.return_indices:
            outs.append(TensorType(self.idx_dtype, bcast)())
        return Apply(self, [inp, kth], outs)

    def value_dependent_shape(self, node: Apply) -> bool:
        return constant_kth(node) is None

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        shp = list(shapes[0])
        k = constant_kth(node)
        shp[self.axis] = abs(k) if k is not None else cast(abs_(node.inputs[1]), "int64")
        return [tuple(shp) for flag in (self.return_values, self.return_indices) if flag]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], out_grads: list[Variable]) -> list[Any]:
        x, k = inputs
        k_grad = grad_undefined(self, 1, k, "topk: k is not differentiable")
        if not (self.return_indices and self.return_values):
            x_grad = grad_undefined(self, 0, x, "topk: cannot get gradient without both indices and values")
        else:
            x_shp = _shape(x)
            z_grad = out_grads[0]
            ndim = x.ndim
            axis = self.axis % ndim
            grad_indices = [arange(x_shp[i]).dimshuffle([0] + ["x"] * (ndim - i - 1)) if i != axis else outputs[-1]
                            for i in range(ndim)]
            x_grad = x.zeros_like(dtype=z_grad.dtype)
            x_grad = set_subtensor(x_grad[tuple(grad_indices)], z_grad)
        return [x_grad, k_grad]

    def host_impl(self, node: Apply, x: np.ndarray, k: np.ndarray) -> Any:
        values, indices = topk_numpy(x, int(k), self.axis, self.idx_dtype)
        outs = [o for o, flag in ((values, self.return_values), (indices, self.return_indices)) if flag]
        return outs[0] if len(outs) == 1 else outs


def topk_numpy(x: np.ndarray, k: int, axis: int, idx_dtype: str) -> tuple[np.ndarray, np.ndarray]:
    """(values, indices) of the |k| largest (k > 0) or smallest (k < 0) entries along axis, in numpy."""
    n = x.shape[axis]
    if k == 0:
        raise ValueError("topk: kth cannot be zero")
    if abs(k) > n:
        raise ValueError("topk: kth cannot be larger than the size of specified axis %d" % axis)
    order = np.argsort(x, axis=axis, kind="stable")
    idx = np.take(order, np.arange(n - k, n) if k > 0 else np.arange(-k), axis=axis)
    return np.take_along_axis(x, idx, axis=axis), idx.astype(idx_dtype)


def _topk_op(x: Any, kth: Any, axis: Any, sorted: bool, idx_dtype: str) -> tuple[Variable, TopKOp]:  # noqa: A002
    x = as_tensor_variable(x)
    if axis is None:
        x = flatten(x)
        axis = 0
    return x, TopKOp(axis=axis, sorted=sorted, idx_dtype=idx_dtype)


def topk(x: Any, kth: Any, axis: int | None = -1, sorted: bool = True, idx_dtype: str = "int64") -> Variable:  # noqa: A002
    """The k largest elements along `axis` (k smallest for a negative kth; flattened input when axis is None)."""
    x, op = _topk_op(x, kth, axis, sorted, idx_dtype)
    return op(x, kth)[0]


def argtopk(x: Any, kth: Any, axis: int | None = -1, sorted: bool = True, idx_dtype: str = "int64") -> Variable:  # noqa: A002
    """The indices of the k largest elements along `axis` (k smallest for a negative kth)."""
    x, op = _topk_op(x, kth, axis, sorted, idx_dtype)
    return op(x, kth)[1]


def topk_and_argtopk(x: Any, kth: Any, axis: int | None = -1, sorted: bool = True,  # noqa: A002
                     idx_dtype: str = "int64") -> tuple[Variable, Variable]:
    """(topk(x, kth), argtopk(x, kth)) from one TopKOp."""
    x, op = _topk_op(x, kth, axis, sorted, idx_dtype)
    return tuple(op(x, kth))
