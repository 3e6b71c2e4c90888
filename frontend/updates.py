"""OrderedUpdates: a mapping from shared variables to their new values, with `+` for union (theano.updates)."""
from __future__ import annotations

import warnings
from collections import OrderedDict
from typing import Any

from theano.frontend.shared import SharedVariable


class OrderedUpdates(OrderedDict):
    """Updates keyed by SharedVariable; `a + b` merges two sets of updates and refuses conflicting ones."""

    def __init__(self, *args: Any, **kwargs: Any):
        if args and isinstance(args[0], dict) and len(args[0]) > 1 and not isinstance(args[0], OrderedDict) \
                and type(args[0]) is not dict:
            warnings.warn("Initializing an `OrderedUpdates` from a non-ordered dictionary with 2+ elements could "
                          "make your code non-deterministic.")
        super().__init__(*args, **kwargs)
        for key in self:
            if not isinstance(key, SharedVariable):
                raise TypeError("OrderedUpdates keys must inherit from SharedVariable", key)

    def __setitem__(self, key: Any, value: Any) -> None:
        if not isinstance(key, SharedVariable):
            raise TypeError("OrderedUpdates keys must inherit from SharedVariable", key)
        super().__setitem__(key, value)

    def update(self, other: Any = None, **kwargs: Any) -> None:  # type: ignore[override]
        if other is None:
            return
        for key, val in OrderedDict(other).items():
            if key in self:
                if self[key] is val:
                    continue
                raise KeyError("Collision", key)
            self[key] = val

    def __add__(self, other: Any) -> "OrderedUpdates":
        result = OrderedUpdates()
        result.update(self)
        result.update(other)
        return result

    def __radd__(self, other: Any) -> "OrderedUpdates":
        result = OrderedUpdates()
        result.update(other)
        result.update(self)
        return result
