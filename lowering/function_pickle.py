"""Theano's pickling hooks of a compiled function (theano.compile.function_module): `_pickle_Function(fn)` gives the
(constructor, arguments) pair pickle stores, `_constructor_Function` rebuilds the function from it (recompiling)."""
from __future__ import annotations

from typing import Any, Callable

from theano.lowering.function import Function


def _constructor_Function(state: Any, *theano_args: Any) -> Function:  # noqa: N802 - Theano's name
    """A Function from the state `_pickle_Function` stored (its program is compiled again), or from the
    (maker, input_storage, inputs_data, trust_input) Theano 1.0.5 pickled (theano_function_pickle)."""
    if theano_args or not isinstance(state, dict):
        from theano.lowering.theano_function_pickle import function_from_theano_maker

        return function_from_theano_maker(state, *theano_args)
    fn = Function.__new__(Function)
    fn.__setstate__(state)
    return fn


def _pickle_Function(fn: Function) -> tuple[Callable[[dict], Function], tuple[dict]]:  # noqa: N802 - Theano's name
    """(constructor, arguments) for pickling `fn`: its state without the jitted program."""
    return _constructor_Function, (fn.__getstate__(),)
