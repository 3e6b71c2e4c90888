"""The gradient placeholder types and errors: DisconnectedType, NullType, grad_undefined, grad_not_implemented.

Ops build these in their `grad`/`L_op` methods and `grad` interprets them; they depend on nothing but the
graph, so any op module can import them.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Op, Type, Variable

_ASSIGN_MSG = ("If you're assigning to a DisconnectedType you're doing something wrong. "
               "It should only be used as a symbolic placeholder.")


class _PlaceholderType(Type):
    """A type without values: all instances of one class are equal, nothing shares memory."""

    _printed_name = ""

    @staticmethod
    def may_share_memory(a: Any, b: Any) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __str__(self) -> str:
        return self._printed_name


class DisconnectedType(_PlaceholderType):
    """The type of a gradient that is zero because the cost does not depend on the input."""

    _printed_name = "DisconnectedType"

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        raise AssertionError(_ASSIGN_MSG)

    def filter_variable(self, other: Any) -> Any:
        raise AssertionError(_ASSIGN_MSG)

    def values_eq(self, a: Any, b: Any) -> bool:
        raise AssertionError(_ASSIGN_MSG)


disconnected_type = DisconnectedType()


class NullType(_PlaceholderType):
    """The type of a gradient that is undefined or not implemented; `why_null` says which and where."""

    _printed_name = "NullType"

    def __init__(self, why_null: str = "(no explanation given)"):
        self.why_null = why_null

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        raise ValueError("No values may be assigned to a NullType")

    def filter_variable(self, other: Any, allow_convert: bool = True) -> Any:
        raise ValueError("No values may be assigned to a NullType")

    def values_eq(self, a: Any, b: Any, force_same_dtype: bool = True) -> bool:
        raise ValueError("NullType has no values to compare")


null_type = NullType()


class NullTypeGradError(TypeError):
    """Raised when grad encounters a NullType (undefined or unimplemented) gradient."""


class DisconnectedInputError(ValueError):
    """Raised when grad is asked for the gradient of a variable the cost does not depend on."""


class GradientError(Exception):
    """verify_grad found the symbolic and the numeric gradient further apart than the tolerances."""

    def __init__(self, arg: int, err_pos: int, shape: Any, val1: Any, val2: Any, abs_err: Any, rel_err: Any,
                 abs_tol: float, rel_tol: float):
        Exception.__init__(self)
        self.arg, self.err_pos, self.shape = arg, err_pos, shape
        self.val1, self.val2, self.abs_err, self.rel_err = val1, val2, abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol

    def __str__(self) -> str:
        args_msg = ", ".join(str(a) for a in self.args)
        return ("GradientError: numeric gradient and analytic gradient exceed tolerance:\n"
                "        At position %i of argument %i with shape %s,\n"
                "            val1 = %f      ,  val2 = %f\n"
                "            abs. error = %f,  abs. tolerance = %f\n"
                "            rel. error = %f,  rel. tolerance = %f\n"
                "Exception args: %s" % (self.err_pos, self.arg, self.shape, self.val1, self.val2,
                                        self.abs_err, self.abs_tol, self.rel_err, self.rel_tol, args_msg))


def grad_not_implemented(op: Any, x_pos: int, x: Any, comment: str = "") -> Variable:
    """A NullType gradient saying that the gradient of `op` for input `x_pos` is not implemented."""
    return NullType("This variable is Null because the grad method for input %s (%s) of the %s op is not "
                    "implemented. %s" % (x_pos, x, op, comment))()


def grad_undefined(op: Any, x_pos: int, x: Any, comment: str = "") -> Variable:
    """A NullType gradient saying that the gradient of `op` for input `x_pos` is mathematically undefined."""
    return NullType("This variable is Null because the grad method for input %s (%s) of the %s op is "
                    "mathematically undefined. %s" % (x_pos, x, op, comment))()



def call_L_op(op: Any, inputs: list, outputs: list, output_grads: list) -> list:
    """`op.L_op(...)`; an op that defines neither `grad` nor its own `L_op` gets "not implemented" gradients
    (Theano's Op has no default `grad`: the gradient machinery answers for it)."""
    if not hasattr(op, "grad") and type(op).L_op is Op.L_op:
        return [grad_not_implemented(op, i, x) for i, x in enumerate(inputs)]
    return op.L_op(inputs, outputs, output_grads)
