"""Ops the compiler inserts or users wrap around values: DeepCopyOp, ViewOp, OutputGuard (compile.ops)."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable


class _Copyish(Op):
    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return list(gouts)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return list(eval_points)

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.array(x, copy=True)


class DeepCopyOp(_Copyish):
    """Wraps a function output that is an input or a constant, so the caller gets its own copy."""


class ViewOp(_Copyish):
    """Returns its input (a named identity node)."""


class OutputGuard(ViewOp):
    pass


deep_copy_op = DeepCopyOp()
view_op = ViewOp()
