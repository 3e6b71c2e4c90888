"""TypedListType: a Python list whose elements all have one Theano type (theano.typed_list.type).

Values cross the function boundary as Python lists (of numpy arrays, scipy matrices or, for a list of lists,
lists); inside a compiled program a list is a tuple of its elements' values, so its length and its elements'
shapes are part of the compiled signature (theano.lowering.typed_list_values).
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Type


class TypedListType(Type):
    """`TypedListType(ttype, depth=0)`: lists of `ttype` values; `depth` > 0 nests lists that many levels."""

    is_typed_list = True  # lowering reads this flag to convert values at the function boundary

    def __init__(self, ttype: Any, depth: int = 0):
        if depth < 0:
            raise ValueError("Please specify a depth superior orequal to 0")
        if not isinstance(ttype, Type):
            raise TypeError("Expected a Theano Type")
        self.ttype = ttype if depth == 0 else TypedListType(ttype, depth - 1)

    def filter(self, x: Any, strict: bool = False, allow_downcast: bool | None = None) -> list:
        """`x` as a list of values of the element type. strict: `x` must be a Python list whose elements are
        already valid values; otherwise any iterable, each element filtered by the element type."""
        if strict:
            if not isinstance(x, list):
                raise TypeError(f"Expected a python list, got {type(x).__name__}")
            for k, y in enumerate(x):
                if not self.ttype.is_valid_value(y):
                    raise TypeError(f"Expected all elements to be {self.ttype}; element {k} is not (strict)")
            return x
        if isinstance(x, (str, bytes)):
            raise TypeError(f"Expected a list of {self.ttype} values, got a {type(x).__name__}")
        try:
            items = iter(x)
        except TypeError as err:
            raise TypeError(f"Expected a list of {self.ttype} values, got {type(x).__name__} ({err})") from None
        out = [self.ttype.filter(y, allow_downcast=allow_downcast) for y in items]
        if all(self.ttype.is_valid_value(y) for y in out):
            return out
        raise TypeError("Expected all elements to be %s" % str(self.ttype))

    def is_valid_value(self, x: Any) -> bool:
        return isinstance(x, list) and all(self.ttype.is_valid_value(y) for y in x)

    def __eq__(self, other: Any) -> bool:
        """Two list types are equal when their elements' types are (so the depths are equal too)."""
        return type(self) is type(other) and self.ttype == other.ttype

    def __hash__(self) -> int:
        return hash(type(self)) ^ hash(self.ttype)

    def __str__(self) -> str:
        return "TypedList <" + str(self.ttype) + ">"

    def __repr__(self) -> str:
        return str(self)

    def get_depth(self) -> int:
        """The 0-based nesting level: 0 for a list of tensors."""
        depth, t = 0, self.ttype
        while isinstance(t, TypedListType):
            depth, t = depth + 1, t.ttype
        return depth

    def values_eq(self, a: Any, b: Any) -> bool:
        return len(a) == len(b) and all(self.ttype.values_eq(x, y) for x, y in zip(a, b))

    def values_eq_approx(self, a: Any, b: Any) -> bool:
        return len(a) == len(b) and all(self.ttype.values_eq_approx(x, y) for x, y in zip(a, b))

    def may_share_memory(self, a: Any, b: Any) -> bool:
        if a is b:
            return True
        a = a if isinstance(a, (list, tuple)) else [a]
        b = b if isinstance(b, (list, tuple)) else [b]
        share = getattr(self.ttype, "may_share_memory", None)
        return bool(share is not None and any(share(x, y) for x in a for y in b))

    dtype = property(lambda self: self.ttype)
    ndim = property(lambda self: self.ttype.ndim + 1)
