"""tensor/type_other.py's None type: NoneTypeT and the NoneConst placeholder ops take for "no argument"."""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Constant
from theano.frontend.type import Generic

__all__ = ["NoneTypeT", "none_type_t", "NoneConst"]


class NoneTypeT(Generic):
    """The type whose only value is None."""

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        if data is None:
            return data
        raise TypeError(f"Expected None, got {data!r} of type {type(data).__name__}")


none_type_t = NoneTypeT()
NoneConst = Constant(none_type_t, None, name="NoneConst")
