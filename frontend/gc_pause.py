"""Pausing Python's cyclic garbage collector while a graph is built, rewritten and compiled.

Building a function allocates tens of thousands of graph objects that all stay alive until it is
done, so every collection in the middle only rescans them (and the rest of a big process heap, which
in a long script holds earlier graphs and JAX's caches) and frees nothing: on the 1,500-op chain of
benchmarks/compile_breakdown.py those collections cost 100-160 ms of a 350 ms `theano.function`.
The garbage is collected at the first collection after the pause.
"""
from __future__ import annotations

import contextlib
import functools
import gc
from typing import Any, Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic GC off for the block (nested pauses are fine: only the outermost turns it back on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def gc_paused(fn: F) -> F:
    """`fn` run with the cyclic GC paused (see `paused_gc`)."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with paused_gc():
            return fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]
