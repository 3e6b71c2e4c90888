"""tensor/extra_ops.py's index computations: searchsorted, ravel_multi_index / unravel_index, bincount,
to_one_hot, compress and squeeze.

bincount's length (max(x) + 1) and compress's (the count of true conditions) depend on values: they are
built, as in Theano, from zeros / flatnonzero, whose shapes the host shape program computes per call.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.advanced_subtensor import advanced_inc_subtensor1
from theano.frontend.ops.alloc import arange, zeros
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.extra_ops import flatnonzero
from theano.frontend.ops.indexing import set_subtensor, take
from theano.frontend.ops.layout import squeeze
from theano.frontend.ops.elemwise import float_zeros_like
from theano.frontend.ops.math import maximum
from theano.frontend.ops.max_argmax import max as tensor_max
from theano.frontend.ops.shape import get_vector_length
from theano.frontend.type import TensorType

__all__ = ["SearchsortedOp", "searchsorted", "UnravelIndex", "unravel_index", "RavelMultiIndex",
           "ravel_multi_index", "NonnegativeCheck", "bincount", "to_one_hot", "compress", "squeeze"]


def _as_tensor_ndim(x: Any, ndim: int, what: str) -> Variable:
    x = as_tensor_variable(x)
    if x.ndim != ndim:
        raise ValueError("%s must be a %d-d tensor, got %d dimensions (%s)" % (what, ndim, x.ndim, x.type))
    return x


class SearchsortedOp(Op):
    """numpy.searchsorted(x, v, side, sorter): int64 insertion points of v into the sorted vector x."""

    __props__ = ("side",)

    def __init__(self, side: str = "left"):
        if side not in ("left", "right"):
            raise ValueError("'%s' is an invalid value for keyword 'side'" % side)
        self.side = side

    def make_node(self, x: Any, v: Any, sorter: Any = None) -> Apply:
        x = _as_tensor_ndim(x, 1, "x")
        v = as_tensor_variable(v)
        out_type = v.type.clone(dtype="int64")
        if sorter is None:
            return Apply(self, [x, v], [out_type()])
        sorter = _as_tensor_ndim(sorter, 1, "sorter")
        if sorter.dtype not in _dt.integer_dtypes:
            raise TypeError("sorter must be an integer vector", sorter.type)
        return Apply(self, [x, v, sorter], [out_type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def grad(self, inputs: list[Variable], output_gradients: list[Variable]) -> list[Any]:
        grads = [float_zeros_like(inputs[0]), float_zeros_like(inputs[1])]
        return grads + [DisconnectedType()()] if len(inputs) == 3 else grads

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True]] + ([[False]] if len(node.inputs) == 3 else [])

    def host_impl(self, node: Apply, x: np.ndarray, v: np.ndarray, sorter: np.ndarray | None = None) -> np.ndarray:
        return np.asarray(np.searchsorted(x, v, side=self.side, sorter=sorter), dtype="int64")


def searchsorted(x: Any, v: Any, side: str = "left", sorter: Any = None) -> Variable:
    """Indices where the entries of v would be inserted into the sorted vector x to keep it sorted."""
    return SearchsortedOp(side=side)(x, v, sorter)


def _check_index_dtype(v: Variable) -> None:
    if v.dtype not in _dt.int_dtypes:
        raise TypeError("'%s' object cannot be interpreted as an index" % str(v.dtype))


class UnravelIndex(Op):
    """numpy.unravel_index(indices, dims): `ndim` int64 outputs, the coordinates of flat indices.

    As in Theano 1.0.5, `order` is a prop (it keeps ops apart) but the coordinates are always C-order ones:
    Theano's implementation calls numpy.unravel_index(indices, dims) without it.
    """

    __props__ = ("ndim", "order")

    def __init__(self, ndim: int, order: str = "C"):
        if order not in ("C", "F"):
            raise ValueError("order must be 'C' or 'F', got %r" % (order,))
        if not isinstance(ndim, (int, np.integer)) or ndim < 1:
            raise ValueError("ndim must be an integer greater than 0")
        self.ndim = int(ndim)
        self.order = order

    def make_node(self, indices: Any, dims: Any) -> Apply:
        indices = as_tensor_variable(indices)
        dims = as_tensor_variable(dims)
        _check_index_dtype(indices)
        _check_index_dtype(dims)
        if dims.ndim != 1:
            raise TypeError("dims must be a 1D array")
        return Apply(self, [indices, dims],
                     [TensorType("int64", (False,) * indices.ndim)() for _ in range(self.ndim)])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]] * len(node.outputs)

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [float_zeros_like(inputs[0]), float_zeros_like(inputs[1])]

    def host_impl(self, node: Apply, indices: np.ndarray, dims: np.ndarray) -> list[np.ndarray]:
        res = np.unravel_index(indices, tuple(int(d) for d in dims))  # C order, as Theano 1.0.5's perform
        if len(res) != self.ndim:
            raise ValueError("unravel_index: dims has %d entries, the op was built for ndim=%d" % (len(res), self.ndim))
        return [np.array(r, dtype="int64") for r in res]


def unravel_index(indices: Any, dims: Any, order: str = "C", ndim: int | None = None) -> tuple:
    """The tuple of coordinate arrays of flat `indices` into an array of shape `dims` (numpy.unravel_index)."""
    if ndim is None:
        try:
            ndim = get_vector_length(dims)
        except ValueError:
            raise ValueError(
                "The length of the provided dimension list (%s) cannot be automatically determined, so Theano is not "
                "able to know what the number of dimensions of the unraveled index will be. You can provide the "
                "'ndim' keyword argument to 'unravel_index' to avoid this problem." % str(dims)) from None
    res = UnravelIndex(ndim=ndim, order=order)(indices, dims)
    return (res,) if ndim == 1 else tuple(res)


class RavelMultiIndex(Op):
    """numpy.ravel_multi_index(multi_index, dims, mode, order): flat int64 indices of coordinate arrays."""

    __props__ = ("mode", "order")

    def __init__(self, mode: str = "raise", order: str = "C"):
        if mode not in ("raise", "wrap", "clip"):
            raise ValueError("mode must be 'raise', 'wrap' or 'clip', got %r" % (mode,))
        if order not in ("C", "F"):
            raise ValueError("order must be 'C' or 'F', got %r" % (order,))
        self.mode = mode
        self.order = order

    def make_node(self, *inp: Any) -> Apply:
        multi_index = [as_tensor_variable(i) for i in inp[:-1]]
        dims = as_tensor_variable(inp[-1])
        for i in multi_index:
            _check_index_dtype(i)
        _check_index_dtype(dims)
        if dims.ndim != 1:
            raise TypeError("dims must be a 1D array")
        return Apply(self, multi_index + [dims], [TensorType("int64", (False,) * multi_index[0].ndim)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [float_zeros_like(i) for i in inputs]

    def host_impl(self, node: Apply, *inp: np.ndarray) -> np.ndarray:
        multi_index, dims = inp[:-1], inp[-1]
        res = np.ravel_multi_index(multi_index, tuple(int(d) for d in dims), mode=self.mode, order=self.order)
        return np.asarray(res, dtype="int64")


def ravel_multi_index(multi_index: Any, dims: Any, mode: str = "raise", order: str = "C") -> Variable:
    """Flat indices of the coordinate arrays `multi_index` into an array of shape `dims`."""
    if not isinstance(multi_index, (tuple, list)):
        raise TypeError("multi_index must be a tuple or a list.")
    return RavelMultiIndex(mode=mode, order=order)(*(tuple(multi_index) + (dims,)))


class NonnegativeCheck(Op):
    """Returns x; on the host (bincount's shape program) it first raises AssertionError if x has a negative entry."""

    __props__ = ("msg",)

    def __init__(self, msg: str = "Input to bincount has negative values!"):
        self.msg = msg

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [gouts[0]]

    def do_constant_folding(self, node: Apply) -> bool:
        return False

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        if np.size(x) and np.min(x) < 0:
            raise AssertionError(self.msg)
        return np.asarray(x)


def bincount(x: Any, weights: Any = None, minlength: Any = None, assert_nonneg: bool = False) -> Variable:
    """numpy.bincount of the non-negative integer vector x (length max(x) + 1, at least minlength)."""
    x = as_tensor_variable(x)
    if x.ndim != 1:
        raise TypeError("Inputs must be of dimension 1.")
    if x.dtype not in _dt.discrete_dtypes:
        raise TypeError("bincount: x must be an integer vector, got %s" % x.type)
    length_source = NonnegativeCheck()(x) if assert_nonneg else x
    max_value = cast(tensor_max(length_source) + 1, "int64")
    if minlength is not None:
        max_value = maximum(max_value, minlength)
    if weights is None:
        out = zeros([max_value], dtype=x.dtype)
        return advanced_inc_subtensor1(out, 1, x)
    weights = as_tensor_variable(weights)
    out = zeros([max_value], dtype=weights.dtype)
    return advanced_inc_subtensor1(out, weights, x)


def to_one_hot(y: Any, nb_class: Any, dtype: Any = None) -> Variable:
    """A (len(y), nb_class) matrix with a 1 at (i, y[i]) and zeros elsewhere."""
    y = as_tensor_variable(y)
    ret = zeros((y.shape[0], nb_class), dtype=dtype)
    return set_subtensor(ret[arange(y.shape[0]), y], 1)


def compress(condition: Any, x: Any, axis: int | None = None) -> Variable:
    """numpy.compress: the slices of x along axis (the flattened x when None) where condition is true."""
    indices = flatnonzero(condition)
    return take(x, indices, axis=axis)
