"""theano.raise_op.Raise: an op that raises an exception when it runs (Theano's tests use it to show that a
branch is not evaluated). Its lowering files an always-failing run-time check (lowering/rules/raise_op.py), so the
call raises `exc(msg)` when, and only when, the op's value is computed (not in an IfElse branch not taken)."""
from __future__ import annotations

from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable

__all__ = ["Raise"]


class Raise(Op):
    """Op whose evaluation raises `exc(msg)`; its output would be its input."""

    __props__ = ('msg', 'exc')

    def __init__(self, msg: str = "", exc: type = NotImplementedError):
        self.msg = msg
        self.exc = exc

    def __str__(self) -> str:
        return "Raise{%s(%s)}" % (self.exc, self.msg)

    def make_node(self, x: Any) -> Apply:
        if not isinstance(x, Variable):
            x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, input_shapes: list[tuple]) -> list[tuple]:
        return [input_shapes[0]]

    def perform(self, node: Apply, inputs: list, out_storage: list) -> None:
        raise self.exc(self.msg)
