"""Schedules from comparators (Theano's gof.sched): order a graph's Apply nodes by dependence first, then by
user comparators (`sort_schedule_fn(cmp, ...)`), as far as each comparator can be met without a cycle.

Iterative throughout (the dependence test walks each node's ancestors once, not one call per graph level).
"""
from __future__ import annotations

from collections import defaultdict, deque
from typing import Any, Callable, Hashable, Iterable

from theano.frontend.compat import cmp
from theano.frontend.graph import Apply, list_of_nodes


def memodict(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Memoize a one-argument function (the result of f(key) is kept per key)."""
    class _Memo(defaultdict):
        def __missing__(self, key: Any) -> Any:
            ret = self[key] = f(key)
            return ret

    return _Memo().__getitem__


def make_depends() -> Callable[[tuple[Apply, Apply]], bool]:
    """A memoized `depends((a, b))`: True if node `a` uses (directly or through other nodes) an output of `b`."""
    upstream: dict[Apply, set] = {}

    def ancestors_of(node: Apply) -> set:
        found = upstream.get(node)
        if found is None:
            found = set()
            todo = [i.owner for i in node.inputs if i.owner is not None]
            while todo:
                n = todo.pop()
                if n in found:
                    continue
                found.add(n)
                done = upstream.get(n)
                if done is not None:
                    found |= done
                else:
                    todo.extend(i.owner for i in n.inputs if i.owner is not None)
            upstream[node] = found
        return found

    @memodict
    def depends(pair: tuple[Apply, Apply]) -> bool:
        a, b = pair
        return b in ancestors_of(a)

    return depends


def make_dependence_cmp() -> Callable[[Apply, Apply], int]:
    """A comparator of nodes: 1 if a depends on b, -1 if b depends on a, 0 otherwise."""
    depends = make_depends()

    def dependence(a: Apply, b: Apply) -> int:
        if depends((a, b)):
            return 1
        if depends((b, a)):
            return -1
        return 0

    return dependence


def reverse_dict(d: dict) -> dict:
    """Reverse a dependence dict: {'a': (1, 2), 'b': (2, 3)} -> {1: ('a',), 2: ('a', 'b'), 3: ('b',)}."""
    result: dict = {}
    for key in d:
        for val in d[key]:
            result[val] = result.get(val, tuple()) + (key,)
    return result


def _toposort(edges: dict) -> list:
    """Kahn's topological sort of `edges`, a dict {a: {b, c}} where b and c depend on a; ValueError on a cycle.
    Among nodes that are free at the same time, the order is the order they became free (deterministic)."""
    incoming = {k: set(v) for k, v in reverse_dict(edges).items()}
    ready = deque(v for v in edges if v not in incoming)
    order = []
    while ready:
        n = ready.popleft()
        order.append(n)
        for m in edges.get(n, ()):
            incoming[m].remove(n)
            if not incoming[m]:
                ready.append(m)
    if any(incoming.get(v) for v in edges):
        raise ValueError("Input has cycles")
    return order


def posort(l: Iterable[Hashable], *cmps: Callable[[Any, Any], int]) -> list:
    """Order `l` so that the comparators are met as far as possible, earlier comparators first (a later one's
    preference is dropped where it would contradict what earlier ones decided)."""
    l = list(l)
    comes_before: dict = {a: set() for a in l}
    comes_after: dict = {a: set() for a in l}

    def add_links(a: Any, b: Any) -> None:  # b comes after a
        comes_after[a].add(b)
        comes_after[a].update(comes_after[b])
        for c in comes_before[a]:
            comes_after[c].update(comes_after[a])
        comes_before[b].add(a)
        comes_before[b].update(comes_before[a])
        for c in comes_after[b]:
            comes_before[c].update(comes_before[b])

    for cmp_fn in cmps:
        for a in l:
            for b in l:
                if cmp_fn(a, b) < 0 and b not in comes_before[a] and b not in comes_after[a]:
                    add_links(a, b)
    return _toposort(comes_after)


def sort_apply_nodes(inputs: Iterable[Any], outputs: Iterable[Any], cmps: Iterable[Callable[[Any, Any], int]]) -> list:
    """The Apply nodes between `inputs` and `outputs`, ordered by the comparators `cmps` (posort)."""
    return posort(list_of_nodes(list(inputs), list(outputs)), *cmps)


def sort_schedule_fn(*cmps: Callable[[Any, Any], int]) -> Callable[[Any], list]:
    """A schedule (fgraph -> ordered nodes): dependence first, then `cmps`."""
    dependence = make_dependence_cmp()
    all_cmps = (dependence,) + cmps

    def schedule(fgraph: Any) -> list:
        return sort_apply_nodes(fgraph.inputs, fgraph.outputs, all_cmps)

    return schedule


def key_to_cmp(key: Callable[[Any], Any]) -> Callable[[Any, Any], int]:
    """A comparator from a key function."""
    def key_cmp(a: Any, b: Any) -> int:
        return cmp(key(a), key(b))

    return key_cmp
