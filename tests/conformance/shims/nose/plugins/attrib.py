"""nose.plugins.attrib stub: `attr` sets attributes on the test (as nose did) and adds pytest marks."""
from __future__ import annotations

from typing import Any, Callable


def attr(*args: str, **kwargs: Any) -> Callable:
    """`@attr('slow')` sets `f.slow = True`; `@attr(speed='slow')` sets `f.speed = 'slow'`."""
    def wrap(func: Callable) -> Callable:
        for name in args:
            setattr(func, name, True)
        for name, value in kwargs.items():
            setattr(func, name, value)
        return func
    return wrap
