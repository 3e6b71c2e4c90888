"""The converters the base classes' __setstate__ call, so that pickles written by Theano 1.0.5 load."""
from __future__ import annotations

from typing import Any, Callable

# Loading pickles written by Theano 1.0.5: theano.frontend.theano_pickles installs its converters here when it is
# imported (the facade `theano` imports it); these defaults leave our own pickled states as they are.
pickle_hooks: dict[str, Callable[..., Any]] = {
    "variable_state": lambda state: state,  # a Variable's / Apply's state without Theano's FunctionGraph keys
    "upgrade_node": lambda node: None,  # an Apply loaded from a Theano 0.x pickle gets today's inputs
    "op_from_state": lambda op, state: False,  # True when `state` was Theano's and `op` was rebuilt from it
    "shared_setstate": lambda var, state: False,  # True when `state` was Theano's and `var` was set from it
    "composite_state": lambda state: state,  # a Composite's state with a Theano inner graph rebuilt our way
}
