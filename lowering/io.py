"""theano.In / theano.Out (compile.io): how an input or output of a compiled function is treated."""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Variable


class SymbolicInput:
    def __init__(self, variable: Variable, update: Any = None, mutable: bool | None = None, strict: bool = False,
                 allow_downcast: bool | None = None, autoname: bool = True, implicit: bool = False,
                 name: str | None = None, value: Any = None, borrow: bool = False, shared: bool = False):
        if not isinstance(variable, Variable):
            raise TypeError(f"In() needs a Variable, got {variable!r} of type {type(variable)}")
        self.variable = variable
        self.name = variable.name if (autoname and name is None) else name
        self.update = update
        self.mutable = bool(mutable)
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.implicit = implicit
        self.value = value
        self.borrow = borrow
        self.shared = shared

    def __str__(self) -> str:
        return f"In({self.variable}{', name=' + repr(self.name) if self.name else ''})"

    __repr__ = __str__


In = SymbolicInput


class SymbolicOutput:
    def __init__(self, variable: Variable, borrow: bool = False):
        self.variable = variable
        self.borrow = borrow

    def __str__(self) -> str:
        return f"Out({self.variable}, borrow={self.borrow})"

    __repr__ = __str__


Out = SymbolicOutput
