"""Theano's pickling hooks of a compiled function (theano.compile.function_module): `_pickle_Function(fn)` gives the
(constructor, arguments) pair pickle stores, `_constructor_Function` rebuilds the function from it (recompiling)."""
from __future__ import annotations

from typing import Callable

from theano.lowering.function import Function


def _constructor_Function(state: dict) -> Function:  # noqa: N802 - Theano's name
    """A Function from the state `_pickle_Function` stored (its program is compiled again)."""
    fn = Function.__new__(Function)
    fn.__setstate__(state)
    return fn


def _pickle_Function(fn: Function) -> tuple[Callable[[dict], Function], tuple[dict]]:  # noqa: N802 - Theano's name
    """(constructor, arguments) for pickling `fn`: its state without the jitted program."""
    return _constructor_Function, (fn.__getstate__(),)
