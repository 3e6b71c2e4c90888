"""The graph walks (ancestors, inputs, toposorts, ...), in Theano 1.0.5's orders, re-exported by
theano.frontend.graph. Every walk is iterative (explicit stacks), so a 10,000-op chain is fine at the
default recursion limit."""
from __future__ import annotations

from collections import deque
from typing import Any, Callable, Iterable, Sequence

# graph.py defines Variable and Apply and imports this module: the walks only need their attributes
Variable = Any
Apply = Any


# --------------------------------------------------------------------------- graph walks
# The walks below return Theano 1.0.5's orders (user code depends on them: Lasagne's parameter lists
# come from `inputs`, and `set_all_param_values` assigns by position).

def stack_search(start: deque, expand: Callable[[Any], Iterable[Any] | None], mode: str = "bfs",
                 build_inv: bool = False, limit: int | None = None) -> Any:
    """Search from the nodes in `start` (a deque, emptied), adding `expand(node)` to the frontier of each new node.

    `mode` is 'bfs' (the frontier is a queue) or 'dfs' (a stack: the last start node is searched first).
    Returns the nodes in the order they were reached, each once (the first `limit` of them, if given); with
    `build_inv`, also a dict mapping each expanded node to the nodes that expanded to it.
    """
    if mode not in ("bfs", "dfs"):
        raise ValueError("mode should be bfs or dfs", mode)
    pop = start.popleft if mode == "bfs" else start.pop
    seen: set[int] = set()
    order: list[Any] = []
    inverse: dict[Any, list[Any]] = {}
    while start:
        node = pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        if limit is not None and len(order) >= limit:
            break
        expanded = expand(node)
        if expanded:
            if build_inv:
                expanded = list(expanded)
                for r in expanded:
                    inverse.setdefault(r, []).append(node)
            start.extend(expanded)
    return (order, inverse) if build_inv else order


def ancestors(variables: Iterable[Variable], blockers: Iterable[Variable] | None = None) -> list[Variable]:
    """Every variable that `variables` depend on (themselves included), in the order of a depth-first search
    from the last of `variables`, each node's inputs visited left to right; does not search past blockers."""
    blocked = set(blockers) if blockers else ()

    def expand(var: Variable) -> Any:
        if var.owner is not None and var not in blocked:
            return reversed(var.owner.inputs)
        return None

    return stack_search(deque(variables), expand, "dfs")


def inputs(variables: Iterable[Variable], blockers: Iterable[Variable] | None = None) -> list[Variable]:
    """The ownerless variables that `variables` depend on, in `ancestors` order (gof.graph.inputs)."""
    return [v for v in ancestors(variables, blockers) if v.owner is None]


def graph_inputs(variables: Iterable[Variable], blockers: Iterable[Variable] | None = None) -> list[Variable]:
    """Like `inputs`, but blockers that were reached count as inputs too (where a function cuts the graph)."""
    blocked = set(blockers) if blockers else ()
    return [v for v in ancestors(variables, blocked) if v.owner is None or v in blocked]


def io_toposort(inputs: Iterable[Variable], outputs: Iterable[Variable]) -> list[Apply]:
    """Apply nodes between `inputs` and `outputs`, each after the nodes it depends on.

    Theano 1.0.5's order: outputs taken first to last; a node's inputs are computed last to first.
    Linear in the size of the graph: a node is found not ready at most once.
    """
    computed = set(inputs)
    todo = [o.owner for o in reversed(list(outputs)) if o.owner is not None]
    order: list[Apply] = []
    while todo:
        node = todo.pop()
        if node.outputs[0] in computed:
            continue
        if all(i in computed or i.owner is None for i in node.inputs):
            computed.update(node.outputs)
            order.append(node)
        else:
            todo.append(node)
            todo.extend(i.owner for i in node.inputs if i.owner is not None and i.owner.outputs[0] not in computed)
    return order


def toposort(outputs: Iterable[Variable]) -> list[Apply]:
    return io_toposort([], outputs)


def applys_between(ins: Iterable[Variable], outs: Iterable[Variable]) -> list[Apply]:
    return io_toposort(ins, outs)


def variables_and_orphans(ins: Iterable[Variable], outs: Iterable[Variable]) -> tuple[list[Variable], list[Variable]]:
    """The variables between `ins` and `outs` (depth-first from the last output, as Theano) and the orphans among them."""
    ins = set(ins)

    def expand(var: Variable) -> Any:
        if var.owner is not None and var not in ins:
            return list(reversed(list(var.owner.inputs) + list(var.owner.outputs)))
        return None

    found = stack_search(deque(outs), expand, "dfs")
    return found, [v for v in found if v.owner is None and v not in ins]


def variables(ins: Iterable[Variable], outs: Iterable[Variable]) -> list[Variable]:
    """Every variable on a path from `ins` to `outs` (ins, outs, orphans and intermediate results)."""
    return variables_and_orphans(ins, outs)[0]


def orphans(ins: Iterable[Variable], outs: Iterable[Variable]) -> list[Variable]:
    """The variables that `outs` depend on that are neither in `ins` nor computed from them."""
    return variables_and_orphans(ins, outs)[1]


def ops(ins: Iterable[Variable], outs: Iterable[Variable]) -> set[Apply]:
    """The set of Apply nodes between `ins` and `outs` (gof.graph.ops returns a set)."""
    ins = set(ins)
    found, orphan_list = variables_and_orphans(ins, outs)
    orphan_set = set(orphan_list)
    return {v.owner for v in found if v not in ins and v not in orphan_set and v.owner is not None}


def is_in_ancestors(node: Apply, target: Apply) -> bool:
    return any(v.owner is target for v in ancestors(node.inputs))


def list_of_nodes(ins: Sequence[Variable], outs: Sequence[Variable]) -> list[Apply]:
    """The Apply nodes between `ins` and `outs`, breadth-first from the outputs' owners (Theano's order)."""
    def expand(node: Apply) -> list[Apply]:
        return [v.owner for v in node.inputs
                if v.owner is not None and not any(i in v.owner.outputs for i in ins)]

    return stack_search(deque(o.owner for o in outs), expand, "bfs")


def general_toposort(outputs: Iterable[Any], deps: Callable[[Any], Iterable[Any] | None]) -> list[Any]:
    """Toposort of arbitrary nodes given their dependencies `deps(node)` (a list), as Theano 1.0.5 orders it:
    the sources first, then each node as soon as its last dependency is placed (breadth-first)."""
    deps_cache: dict[Any, list[Any]] = {}

    def cached_deps(node: Any) -> list[Any]:
        if node not in deps_cache:
            d = deps(node)
            deps_cache[node] = list(d) if d else []
        return deps_cache[node]

    reachable, clients = stack_search(deque(outputs), cached_deps, "dfs", build_inv=True)
    sources = deque(n for n in reachable if not deps_cache[n])
    placed: set[int] = set()
    order: list[Any] = []
    while sources:
        node = sources.popleft()
        if id(node) in placed:
            continue
        placed.add(id(node))
        order.append(node)
        for client in clients.get(node, ()):
            left = [d for d in deps_cache[client] if d is not node]
            deps_cache[client] = left
            if not left:
                sources.append(client)
    if len(order) != len(reachable):
        raise ValueError("graph contains cycles")
    return order
