"""Ops the compiler inserts or users wrap around values: DeepCopyOp, ViewOp, OutputGuard, and FromFunctionOp /
as_op, which turn a user's numpy function into an op (it runs as a host callback) (compile.ops)."""
from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.backend_services import modules
from theano.frontend.graph import Apply, Op, Type, Variable
from theano.frontend.type_other import SliceType


class _Copyish(Op):
    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        if not (isinstance(x, Variable) and (getattr(x.type, "is_sparse", False)  # a sparse value passes as it is
                                             or getattr(x.type, "is_typed_list", False)  # so does a typed list
                                             or isinstance(x.type, SliceType))):  # and a slice
            x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return list(gouts)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return list(eval_points)

    def host_impl(self, node: Apply, x: np.ndarray) -> Any:
        if getattr(node.inputs[0].type, "is_typed_list", False):
            return [list(x)]  # one output, a list
        if isinstance(x, slice):
            return x
        return np.array(x, copy=True)


class DeepCopyOp(_Copyish):
    """Wraps a function output that is an input or a constant, so the caller gets its own copy."""


class ViewOp(_Copyish):
    """Returns its input (a named identity node)."""


class OutputGuard(ViewOp):
    pass


deep_copy_op = DeepCopyOp()
view_op = ViewOp()


def load_back(mod: str, name: str) -> Any:
    """The object named `name` in module `mod` (imported if needed): how an as_op op is unpickled."""
    return modules.attribute_of(mod, name)


class FromFunctionOp(Op):
    """An op around a numpy function `fn` (built by as_op): fixed input and output types, no gradient; `perform`
    calls `fn` (inside a compiled function, as a host callback)."""

    def __init__(self, fn: Callable[..., Any], itypes: list, otypes: list, infer_shape: Callable[..., Any] | None):
        self.__fn = fn
        self.itypes = itypes
        self.otypes = otypes
        self.__infer_shape = infer_shape
        if infer_shape is not None:
            self.infer_shape = self._infer_shape

    def __eq__(self, other: object) -> bool:
        return type(self) == type(other) and self.__fn == other.__fn  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(type(self)) ^ hash(self.__fn)

    def __str__(self) -> str:
        return "FromFunctionOp{%s}" % self.__fn.__name__

    def __reduce_ex__(self, protocol: int) -> Any:
        """An op made by decorating a module-level function pickles as a reference to that module attribute (the
        decorated name holds the op, so the function itself cannot be pickled by name), as Theano's
        FromFunctionOp; any other one pickles its state (its function must then be picklable by name)."""
        mod, name = getattr(self.__fn, "__module__", None), getattr(self.__fn, "__name__", None)
        module = sys.modules.get(mod) if isinstance(mod, str) else None
        if module is not None and getattr(module, name, None) is self:
            return load_back, (mod, name)
        return super().__reduce_ex__(protocol)

    def perform(self, node: Apply, inputs: list, outputs: list) -> None:
        outs = self.__fn(*inputs)
        if not isinstance(outs, (list, tuple)):
            outs = (outs,)
        if len(outs) != len(outputs):
            raise ValueError("%s returned %d outputs, expected %d" % (self, len(outs), len(outputs)))
        for cell, value in zip(outputs, outs):
            cell[0] = value

    def _infer_shape(self, node: Apply, input_shapes: list) -> list:
        return self.__infer_shape(node, input_shapes)

    def value_dependent_shape(self, node: Apply) -> bool:
        """Without infer_shape, the output shapes are known only by running fn: the host shape program does."""
        return self.__infer_shape is None

    def host_impl(self, node: Apply, *inputs: Any) -> Any:
        outputs: list[list[Any]] = [[None] for _ in node.outputs]
        self.perform(node, list(inputs), outputs)
        values = [cell[0] if getattr(out.type, "is_sparse", False) else np.asarray(cell[0], dtype=out.type.dtype)
                  for cell, out in zip(outputs, node.outputs)]  # a sparse output stays a scipy matrix
        return values if len(values) > 1 else values[0]


def as_op(itypes: Any, otypes: Any, infer_shape: Callable[..., Any] | None = None) -> Callable[[Callable[..., Any]], FromFunctionOp]:
    """Decorator: the numpy function becomes a FromFunctionOp with these input/output types (and optional
    infer_shape(node, input_shapes) -> output_shapes)."""
    itypes = list(itypes) if isinstance(itypes, (list, tuple)) else [itypes]
    otypes = list(otypes) if isinstance(otypes, (list, tuple)) else [otypes]
    if any(not isinstance(t, Type) for t in itypes):
        raise TypeError("itypes has to be a list of Theano types")
    if any(not isinstance(t, Type) for t in otypes):
        raise TypeError("otypes has to be a list of Theano types")
    if infer_shape is not None and not callable(infer_shape):
        raise TypeError("infer_shape needs to be a callable")

    def make_op(fn: Callable[..., Any]) -> FromFunctionOp:
        return FromFunctionOp(fn, itypes, otypes, infer_shape)
    return make_op
