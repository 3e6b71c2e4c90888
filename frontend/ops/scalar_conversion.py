"""tensor/basic.py's TensorFromScalar and ScalarFromTensor.

Scalars are 0-d tensors in theano-xla, so both ops are the identity on a 0-d variable; they exist because
Theano code builds them by name (`T.tensor_from_scalar(s)`, `T.scalar_from_tensor(t)`).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value

__all__ = ["TensorFromScalar", "ScalarFromTensor", "tensor_from_scalar", "scalar_from_tensor", "extract_constant"]


class _ZeroDimIdentity(Op):
    """A 0-d value in, the same value out (the gradient passes through)."""

    __props__ = ()

    def make_node(self, s: Any) -> Apply:
        s = as_tensor_variable(s)
        if s.ndim != 0:
            raise TypeError("%s: the input must be a scalar (0-d), got %s" % (type(self).__name__, s.type))
        return Apply(self, [s], [s.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grads[0]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None if eval_points[0] is None else self(eval_points[0])]

    def host_impl(self, node: Apply, s: np.ndarray) -> np.ndarray:
        return np.asarray(s)

    def scalar_constant_source(self, node: Apply) -> Variable:
        """get_scalar_constant_value looks through the conversion."""
        return node.inputs[0]


class TensorFromScalar(_ZeroDimIdentity):
    """A scalar as a 0-d tensor."""


class ScalarFromTensor(_ZeroDimIdentity):
    """A 0-d tensor as a scalar."""


tensor_from_scalar = TensorFromScalar()
scalar_from_tensor = ScalarFromTensor()


def extract_constant(x: Any, elemwise: bool = True, only_process_constants: bool = False) -> Any:
    """The constant scalar value of x (a 0-d numpy array) when it has one, else x itself (as Theano's)."""
    try:
        return get_scalar_constant_value(x, elemwise, only_process_constants)
    except NotScalarConstantError:
        return x
