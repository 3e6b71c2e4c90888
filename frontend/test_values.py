"""config.compute_test_value: the debugging helpers of theano.gof.op (get_test_value, get_debug_values, ...).

The test values themselves are computed by Op.__call__ (theano.frontend.graph.compute_test_value)."""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Variable, input_test_value


def get_test_value(v: Any) -> Any:
    """Theano's gof.op.get_test_value: `v`'s test value (a non-Variable is made a constant first); AttributeError if none."""
    if not isinstance(v, Variable):
        v = as_tensor_variable(v)
    return input_test_value(v)


def missing_test_message(msg: str) -> None:
    """Report a missing test value as config.compute_test_value says: AttributeError (raise), a warning (warn), or nothing."""
    action = config.compute_test_value
    if action == "raise":
        raise AttributeError(msg)
    if action == "warn":
        warnings.warn(msg, stacklevel=2)


def debug_error_message(msg: str) -> None:
    """Report a condition that failed on test values: ValueError (raise, ignore) or a warning (warn)."""
    action = config.compute_test_value
    if action == "warn":
        warnings.warn(msg, stacklevel=2)
    else:
        raise ValueError(msg)


def debug_assert(condition: bool, msg: str | None = None) -> None:
    """Theano's gof.op.debug_assert: AssertionError (raise, ignore) or a warning (warn) when `condition` fails."""
    if condition:
        return
    msg = msg or "debug_assert failed"
    if config.compute_test_value == "warn":
        warnings.warn(msg, stacklevel=2)
    else:
        raise AssertionError(msg)


def get_debug_values(*args: Any) -> list:
    """[] when test values are off or one is missing (reported); else [value] for one variable, [tuple] for several."""
    if config.compute_test_value == "off":
        return []
    values = []
    for i, arg in enumerate(args):
        try:
            values.append(get_test_value(arg))
        except AttributeError:
            name = getattr(arg, "name", None)
            missing_test_message(f"Argument {i}('{name}') has no test value" if name is not None
                                 else f"Argument {i} has no test value")
            return []
    return values if len(values) == 1 else [tuple(values)]
