"""Pickling a deep graph without one level of recursion per graph level.

Pickle and copy.deepcopy recurse once per object nested in another's state: a variable's state holds its
owner, whose state holds its inputs, and so on, so a chain of ~150 ops exceeds the default recursion limit
(Theano 1.0.5's fails from ~300 ops). The first deep owned variable reached therefore pickles its ancestors
first, inputs before users, as an argument of its constructor; while that list is pickled, each of them is
pickled shallowly (its owner refers only to variables already pickled). Nothing changes in what unpickles.
The graph walks come from the caller (theano.frontend.graph), so this module depends on nothing of ours.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

_flat_pickle = threading.local()


class _EndOfAncestors:
    """Last item of a flat pickle's ancestor list: once pickle reaches it (or it is dropped, as after a
    copy.copy or a failed pickle), the ancestors it covers are pickled the plain way again."""

    def __init__(self, covered: dict[int, Any], ids: list[int]):
        self.covered, self.ids = covered, ids

    def release(self) -> None:
        for i in self.ids:
            self.covered.pop(i, None)
        self.ids = []

    def __reduce_ex__(self, protocol: Any) -> Any:
        self.release()
        return (_nothing, ())

    def __del__(self) -> None:
        self.release()


def _nothing() -> None:
    return None


def _after_ancestors(ancestors: list, rebuild: Callable[..., Any], args: tuple) -> Any:
    """Unpickling: the ancestors are rebuilt already (they were this call's argument); rebuild the variable."""
    return rebuild(*args)


def reduce_flat(var: Any, plain: tuple, is_deep: Callable[[Any], bool], earlier: Callable[[Any], list]) -> tuple:
    """`var`'s reduce value: `plain` (object's own) for a shallow graph (``is_deep(var)`` false) or an ancestor
    being pickled by a flat pickle, else `plain` wrapped so that ``earlier(var)``, var's ancestors in
    topological order, are pickled first in one flat list."""
    covered: dict[int, Any] = _flat_pickle.__dict__.setdefault("covered", {})  # this thread's
    if var.owner is None or id(var) in covered or not is_deep(var):
        return plain
    ancestors = earlier(var)
    ids = [id(o) for o in ancestors if id(o) not in covered]  # a flat pickle nested in this one keeps its own
    covered.update((i, True) for i in ids)
    return (_after_ancestors, (ancestors + [_EndOfAncestors(covered, ids)], plain[0], plain[1])) + tuple(plain[2:])
