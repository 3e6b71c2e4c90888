"""tensor/extra_ops.py's Unique (numpy.unique with return_index / return_inverse / return_counts / axis).

The number of distinct entries depends on the values: `UniqueCount` computes it and the host shape program
evaluates it per call, so the device program keeps static shapes.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.type import TensorType

__all__ = ["Unique", "UniqueCount", "unique"]


def _normalize_axis(axis: int | None, ndim: int) -> int | None:
    if axis is None:
        return None
    a = axis + ndim if axis < 0 else axis
    if a < 0 or a >= ndim:
        raise RuntimeError("Unique axis `{}` is outside of input ndim = {}.".format(axis, ndim))
    return a


def _np_unique(op: Any, x: np.ndarray, **flags: bool) -> Any:
    axis = _normalize_axis(op.axis, x.ndim)
    if axis is None:
        x = x.ravel()  # numpy 2 gives the inverse the input's shape; Theano's is flat
    return np.unique(x, axis=axis, **flags)


class UniqueCount(Op):
    """The number of distinct entries of x (of distinct slices along `axis`): an int64 scalar."""

    __props__ = ("axis",)

    def __init__(self, axis: int | None = None):
        self.axis = axis

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        _normalize_axis(self.axis, x.ndim)
        return Apply(self, [x], [TensorType("int64", ())()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grad_undefined(self, 0, inputs[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.asarray(len(_np_unique(self, x)) if self.axis is None or x.ndim == 0
                          else _np_unique(self, x).shape[_normalize_axis(self.axis, x.ndim)], dtype="int64")


class Unique(Op):
    """numpy.unique: the sorted distinct entries, and optionally first indices, inverse indices and counts."""

    __props__ = ("return_index", "return_inverse", "return_counts", "axis")
    value_dependent_shape = True

    def __init__(self, return_index: bool = False, return_inverse: bool = False, return_counts: bool = False,
                 axis: int | None = None):
        self.return_index = return_index
        self.return_inverse = return_inverse
        self.return_counts = return_counts
        self.axis = axis

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "axis" not in state:
            self.axis = None

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        axis = _normalize_axis(self.axis, x.ndim)
        if axis is None:
            bcast = [False]
        else:
            bcast = [b if i != axis else False for i, b in enumerate(x.broadcastable)]
        outputs = [TensorType(x.dtype, bcast)()]
        n_extra = int(self.return_index) + int(self.return_inverse) + int(self.return_counts)
        outputs += [TensorType("int64", (False,))() for _ in range(n_extra)]
        return Apply(self, [x], outputs)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        x = node.inputs[0]
        axis = _normalize_axis(self.axis, x.ndim)
        count = UniqueCount(self.axis)(x)
        if axis is None:
            first: tuple = (count,)
            n_items: Any = constant(1, dtype="int64")
            for s in shapes[0]:
                n_items = n_items * s
        else:
            first = tuple(count if i == axis else s for i, s in enumerate(shapes[0]))
            n_items = shapes[0][axis]
        out = [first]
        if self.return_index:
            out.append((count,))
        if self.return_inverse:
            out.append((n_items,))
        if self.return_counts:
            out.append((count,))
        return out

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grad_undefined(self, 0, inputs[0], "unique is not differentiable")]

    def host_impl(self, node: Apply, x: np.ndarray) -> Any:
        outs = _np_unique(self, x, return_index=self.return_index, return_inverse=self.return_inverse,
                          return_counts=self.return_counts)
        if not (self.return_index or self.return_inverse or self.return_counts):
            return outs
        outs = list(outs)
        return [outs[0]] + [np.asarray(o, dtype="int64").ravel() for o in outs[1:]]


def unique(ar: Any, return_index: bool = False, return_inverse: bool = False, return_counts: bool = False,
           axis: int | None = None) -> Any:
    """numpy.unique as a graph: one output, or a list when index / inverse / counts are asked for."""
    return Unique(return_index, return_inverse, return_counts, axis)(ar)
