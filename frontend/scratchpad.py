"""`var.tag`: the Scratchpad of free-form attributes (test_value, trace, ...), and the ValidatingScratchpad of a
Variable, whose assigned test value goes through the variable's type."""
from __future__ import annotations

from typing import Any

from theano.frontend.tag_trace import trace_from_raw


class Scratchpad:
    """`var.tag`: free-form attributes (test_value, trace, ...)."""

    def __repr__(self) -> str:
        resolve_trace(self)
        return "scratchpad" + repr(self.__dict__)

    def __getattr__(self, name: str) -> Any:
        if name == "trace" and "trace_raw" in self.__dict__:
            return resolve_trace(self)
        if name == "test_value":
            raise AttributeError("test_value")
        raise AttributeError(name)

    def __getstate__(self) -> dict:
        """Pickle the trace as Theano's (a tag loaded from a Theano pickle may get a raw stack from a rewrite)."""
        resolve_trace(self)
        return dict(self.__dict__)


def resolve_trace(tag: Scratchpad) -> Any:
    """Turn the stack a variable took when it was made (`trace_raw`) into `tag.trace`, Theano's form, once."""
    d = tag.__dict__
    raw = d.pop("trace_raw", None)
    if raw is not None or "trace" not in d:
        if raw is None and "trace" not in d:
            return None
        d["trace"] = trace_from_raw(raw)
    return d.get("trace")


class ValidatingScratchpad(Scratchpad):
    """A Variable's tag: an assigned `test_value` is converted through the variable's type, as Theano's tag does."""

    __slots__ = ("_tag_type",)

    def __init__(self, type: Any = None):
        object.__setattr__(self, "_tag_type", type)

    def __getstate__(self) -> dict:
        """Pickle (every protocol) the attributes and the type that converts test values."""
        resolve_trace(self)
        state = dict(self.__dict__)
        state["_tag_type"] = getattr(self, "_tag_type", None)
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        object.__setattr__(self, "_tag_type", state.pop("_tag_type", None))
        self.__dict__.update(state)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "test_value" and value is not None:
            value = _filter_test_value(getattr(self, "_tag_type", None), value)
        elif name == "trace":
            self.__dict__.pop("trace_raw", None)
        object.__setattr__(self, name, value)


def _filter_test_value(type: Any, value: Any) -> Any:
    """Convert an assigned test value through `type.filter`; a value the type refuses is kept as given.

    Theano 1.0.5 reports a refused value when an op uses it (`_get_test_value`), so that check stays there.
    """
    if type is None or not hasattr(type, "filter"):
        return value
    try:
        return type.filter(value)
    except Exception:
        return value


def copy_tag(tag: Scratchpad) -> Scratchpad:
    """A copy of a variable's tag (the same class, the same attributes)."""
    new = ValidatingScratchpad(getattr(tag, "_tag_type", None)) if isinstance(tag, ValidatingScratchpad) else Scratchpad()
    new.__dict__.update(tag.__dict__)
    return new
