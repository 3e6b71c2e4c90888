"""tensor/extra_ops.py's sequence ops: DiffOp (numpy.diff), Bartlett (numpy.bartlett window), CpuContiguous.

Bartlett's output length is the value of its input: a value-dependent shape, computed by the host shape program.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.join import concatenate
from theano.frontend.ops.math import lt, switch
from theano.frontend.type import TensorType

__all__ = ["DiffOp", "diff", "Bartlett", "bartlett_", "bartlett", "CpuContiguous", "cpu_contiguous"]


class DiffOp(Op):
    """numpy.diff(x, n, axis): the n-th discrete difference along `axis`."""

    __props__ = ("n", "axis")

    def __init__(self, n: int = 1, axis: int = -1):
        self.n = n
        self.axis = axis

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if x.ndim == 0:
            raise ValueError("diff requires input that is at least one dimensional")
        if not -x.ndim <= self.axis < x.ndim:
            raise ValueError("axis %d is out of bounds for array of dimension %d" % (self.axis, x.ndim))
        bcast = list(x.broadcastable)
        bcast[self.axis] = bcast[self.axis] and self.n == 0
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def grad(self, inputs: list[Variable], outputs_gradients: list[Variable]) -> list[Any]:
        x = inputs[0]
        if x.ndim != 1:
            raise NotImplementedError("Grad is not implemented for inputs with number of dimension other than 1.")
        z = outputs_gradients[0]
        zero = constant(np.zeros(1, dtype=z.dtype))
        for _ in range(self.n):
            z = concatenate([zero, z]) - concatenate([z, zero])
        return [z]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [self(eval_points[0])]  # linear

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        out = list(shapes[0])
        out[self.axis] = out[self.axis] - self.n
        return [tuple(out)]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.diff(x, n=self.n, axis=self.axis)


def diff(x: Any, n: int = 1, axis: int = -1) -> Variable:
    """The n-th discrete difference along `axis` (numpy.diff)."""
    return DiffOp(n=n, axis=axis)(x)


class Bartlett(Op):
    """numpy.bartlett(M): the Bartlett (triangular) window of M points, a float64 vector."""

    __props__ = ()

    def make_node(self, M: Any) -> Apply:
        M = as_tensor_variable(M)
        if M.ndim != 0:
            raise TypeError("%s only works on scalar input" % type(self).__name__)
        if M.dtype not in _dt.integer_dtypes:
            raise TypeError("%s only works on integer input" % type(self).__name__)
        return Apply(self, [M], [TensorType("float64", (False,))()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[0], Constant)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        m = node.inputs[0]
        return [(cast(switch(lt(m, 0), constant(0, dtype=m.dtype), m), "int64"),)]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        return [None for _ in inputs]

    def host_impl(self, node: Apply, M: np.ndarray) -> np.ndarray:
        return np.bartlett(int(M)).astype("float64")


bartlett_ = Bartlett()


def bartlett(M: Any) -> Variable:
    """The Bartlett window of M points (an empty vector for M <= 0)."""
    return bartlett_(M)


class CpuContiguous(Op):
    """A C-contiguous copy of x (the identity on arrays that already are: XLA buffers always are)."""

    __props__ = ()
    view_map = {0: [0]}

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], dout: list[Variable]) -> list[Any]:
        return [as_tensor_variable(dout[0])]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None if eval_points[0] is None else self(eval_points[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(x)


cpu_contiguous = CpuContiguous()
