"""theano.tensor.Tile: Theano 1.0.5's deprecated Tile op (numpy.tile with `len(reps) == ndim`).

`tile()` builds its graph from Alloc/DimShuffle/Reshape and never uses this op (as in Theano 1.0.5); the class
stays for code that builds `Tile(ndim)(x, reps)` directly. Its output shape depends on the values of `reps`: the
host shape program computes it from `infer_shape` (x.shape * reps) for the lowering.
"""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op
from theano.frontend.type import TensorType


class Tile(Op):
    """Repeat x along each axis `reps[i]` times (deprecated in Theano 1.0.5: use tensor.tile)."""

    __props__ = ("ndim",)
    value_dependent_shape = True

    def __init__(self, ndim: int):
        self.ndim = ndim

    def __str__(self) -> str:
        return self.__class__.__name__ + "{ndim=%d}" % self.ndim

    def make_node(self, x: Any, reps: Any) -> Apply:
        warnings.warn("Tile op is deprecated, use tile function instead.", stacklevel=3)
        x = as_tensor_variable(x)
        reps = as_tensor_variable(reps)
        return Apply(self, [x, reps], [TensorType(x.type.dtype, [False] * self.ndim)()])

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        # as Theano: x.shape and reps are assumed to have the same length
        reps = node.inputs[1]
        return [tuple(in_shapes[0][i] * reps[i] for i in range(self.ndim))]

    def grad(self, inputs: list[Any], grads: list[Any]) -> list[Any]:
        raise NotImplementedError()  # as Theano 1.0.5
