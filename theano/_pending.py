"""Stand-ins for Theano names whose implementation has not landed yet.

Importing them works (so `import lasagne` and legacy module paths import); calling or instantiating
them raises PendingFeatureError, which says which feature brings them. It is deliberately not a
NotImplementedError: code (and Theano's own tests) that expects NotImplementedError from a real Theano
function must not mistake a missing feature for that behaviour.
"""
from __future__ import annotations

from typing import Any, Callable


class PendingFeatureError(Exception):
    """A Theano name that theano-xla does not implement yet was called or instantiated."""


def _message(qualname: str, feature: str) -> str:
    return f"{qualname} is not implemented in theano-xla yet: it comes with the {feature} issue"


def pending_function(qualname: str, feature: str) -> Callable[..., Any]:
    """A function that raises PendingFeatureError naming `qualname` and the feature that brings it."""
    def stub(*args: Any, **kwargs: Any) -> Any:
        raise PendingFeatureError(_message(qualname, feature))
    module, _, name = qualname.rpartition(".")
    stub.__name__ = stub.__qualname__ = name
    stub.__module__ = module
    stub.__doc__ = f"Not implemented yet ({feature} issue)."
    return stub


def pending_class(qualname: str, feature: str) -> type:
    """A class whose instantiation raises PendingFeatureError naming `qualname` and its feature."""
    module, _, name = qualname.rpartition(".")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        raise PendingFeatureError(_message(qualname, feature))

    return type(name, (), {"__init__": __init__, "__module__": module,
                           "__doc__": f"Not implemented yet ({feature} issue)."})
