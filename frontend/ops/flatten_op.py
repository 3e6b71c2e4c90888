"""Flatten: Theano 1.0.5's deprecated flatten op (`theano.tensor.basic.Flatten(outdim)`), which graphs pickled by
Theano 0.x/1.0 hold. theano.tensor.flatten builds a Reshape, as Theano 1.0.5 does; this op exists so those
pickles load (lowering/rules/flatten_op.py: a reshape)."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.type import TensorType


class Flatten(Op):
    """Keep the first outdim-1 dimensions of x and collapse the rest (deprecated in Theano 1.0.5)."""

    __props__ = ("outdim",)

    def __init__(self, outdim: int = 1):
        self.outdim = int(outdim)

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if self.outdim < 1 or (x.ndim and self.outdim > x.ndim):
            raise ValueError("invalid output ndimensions (%i) for tensor of rank %i" % (self.outdim, x.ndim))
        bcast = tuple(x.broadcastable[:self.outdim - 1]) + (all(x.broadcastable[self.outdim - 1:]),)
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def perform(self, node: Apply, inputs: Sequence[Any], output_storage: Any) -> None:
        x = inputs[0]
        out = x.reshape(x.shape[:self.outdim - 1] + (-1,)) if self.outdim > 1 else x.reshape(-1)
        output_storage[0][0] = np.asarray(out)

    def infer_shape(self, node: Apply, in_shapes: Sequence[Any]) -> list[tuple]:
        shp = in_shapes[0]
        rest = 1
        for s in shp[self.outdim - 1:]:
            rest = rest * s
        return [tuple(shp[:self.outdim - 1]) + (rest,)]

    def grad(self, inputs: Sequence[Variable], grads: Sequence[Variable]) -> list[Variable]:
        x, = inputs
        return [grads[0].reshape(x.shape, ndim=x.ndim)]
