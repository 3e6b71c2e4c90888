"""Theano's pickling hooks of a compiled function, by their names in theano.compile.function_module.

`_pickle_Function(f)` is the reduce value pickle stores for a Function (a constructor and its argument); the
constructor rebuilds the function from that state (the graph, the inputs' containers and defaults), compiling
its program again on load, as `pickle.dumps(f)` / `pickle.loads` do.
"""
from __future__ import annotations

from typing import Callable

from theano.lowering.function import Function


def _constructor_Function(state: dict) -> Function:
    """A Function rebuilt from the state `_pickle_Function` saved."""
    fn = Function.__new__(Function)
    fn.__setstate__(state)
    return fn


def _pickle_Function(f: Function) -> tuple[Callable[[dict], Function], tuple[dict]]:
    """(constructor, args) that pickle stores for `f`: what `pickle.dumps(f)` writes is this reduce value."""
    if not isinstance(f, Function):
        raise TypeError(f"_pickle_Function expects a compiled theano Function, got {type(f).__name__}")
    return _constructor_Function, (f.__getstate__(),)


__all__ = ["_constructor_Function", "_pickle_Function"]
