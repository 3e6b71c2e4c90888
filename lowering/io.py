"""theano.In / theano.Out (compile.io): how an input or output of a compiled function is treated."""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Variable


class SymbolicInput:
    """An input of a compiled function: its variable, name, update expression and conversion rules."""

    def __init__(self, variable: Variable, name: str | None = None, update: Any = None, mutable: bool | None = None,
                 strict: bool = False, allow_downcast: bool | None = None, autoname: bool = True,
                 implicit: bool = False):
        if not isinstance(variable, Variable):
            raise TypeError(f"In() needs a Variable, got {variable!r} of type {type(variable)}")
        self.variable = variable
        self.name = variable.name if (autoname and name is None) else name
        if self.name is not None and not isinstance(self.name, str):
            raise TypeError("name must be a string! (got: %s)" % (self.name,))
        self.update = update
        if update is not None and variable.type != getattr(update, "type", None):
            raise TypeError("Variable '%s' has type %s but an update of type %s. The type of the update should be "
                            "the same as the type of the variable" % (variable, variable.type,
                                                                      getattr(update, "type", None)))
        self.mutable = mutable if mutable is not None else update is not None
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.implicit = implicit
        self.value: Any = None
        self.borrow = False
        self.shared = False

    def __str__(self) -> str:
        if self.update is not None:
            return f"In({self.variable} -> {self.update})"
        return f"In({self.variable})"

    __repr__ = __str__


class In(SymbolicInput):
    """An input with a default `value` (a Container shares state between functions and makes it implicit)."""

    def __init__(self, variable: Variable, name: str | None = None, value: Any = None, update: Any = None,
                 mutable: bool | None = None, strict: bool = False, allow_downcast: bool | None = None,
                 autoname: bool = True, implicit: bool | None = None, borrow: bool | None = None,
                 shared: bool = False):
        from theano.lowering.containers import Container

        borrow = mutable if borrow is None else borrow
        if mutable and not borrow:
            raise AssertionError("Symbolic input for variable %s (name=%s) has flags mutable=True, borrow=False. This "
                                 "combination is incompatible since mutable=True implies that the input variable may "
                                 "be both aliased (borrow=True) and overwritten." % (variable, name))
        if implicit is None:
            implicit = isinstance(value, Container) or hasattr(value, "get_value")
        super().__init__(variable, name=name, update=update, mutable=mutable, strict=strict,
                         allow_downcast=allow_downcast, autoname=autoname, implicit=implicit)
        self.shared = shared
        self.borrow = bool(borrow)
        self.value = value
        if self.implicit and value is None:
            raise TypeError("An implicit input must be given a default value")


class SymbolicOutput:
    """An output of a compiled function; `borrow=True` lets the call return its internal buffer."""

    def __init__(self, variable: Variable, borrow: bool = False):
        self.variable = variable
        self.borrow = borrow

    def __str__(self) -> str:
        return f"Out({self.variable},{self.borrow})"

    __repr__ = __str__


Out = SymbolicOutput
