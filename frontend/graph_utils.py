"""Whole-graph utilities built on the graph walks: copying (clone, clone_get_equiv), substituting (clone_replace,
the `theano.clone` of legacy code), comparing (is_same_graph) and the one-line text form (as_string)."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from theano.frontend.graph import Constant, Variable, io_toposort, ops, orphans, toposort


def clone_get_equiv(ins: Sequence[Variable], outs: Sequence[Variable], copy_inputs: bool = True,
                    copy_orphans: bool = True, memo: dict | None = None) -> dict:
    """Map every variable and node between `ins` and `outs` to a fresh copy (gof.graph.clone_get_equiv)."""
    memo = {} if memo is None else memo
    for v in ins:
        if v not in memo:
            memo[v] = v.clone() if copy_inputs else v
    for node in io_toposort(ins, outs):
        for v in node.inputs:
            if v not in memo:
                memo[v] = v if (isinstance(v, Constant) or _is_shared(v) or not copy_orphans) else v.clone()
        new_node = node.clone_with_new_inputs([memo[v] for v in node.inputs], strict=False)
        memo[node] = new_node
        for old, new in zip(node.outputs, new_node.outputs):
            memo[old] = new
    for v in outs:
        if v not in memo:
            memo[v] = v if (isinstance(v, Constant) or _is_shared(v) or not copy_orphans) else v.clone()
    return memo


def _is_shared(v: Variable) -> bool:
    return hasattr(v, "get_value")


def clone(ins: Sequence[Variable], outs: Sequence[Variable], copy_inputs: bool = True,
          copy_orphans: bool | None = None) -> tuple[list[Variable], list[Variable]]:
    """Copy the graph between `ins` and `outs` (gof.graph.clone): the inputs are copied with copy_inputs, the
    other leaves (orphans) with copy_orphans (default: as copy_inputs); constants and shared variables that
    are not inputs are kept."""
    equiv = clone_get_equiv(ins, outs, copy_inputs, copy_inputs if copy_orphans is None else copy_orphans)
    return [equiv[v] for v in ins], [equiv[v] for v in outs]


def clone_replace(outputs: Any, replace: dict | Sequence | None = None, strict: bool = True) -> Any:
    """Copy the graph of `outputs` with variables in `replace` substituted (theano.clone)."""
    if replace is None:
        replace = {}
    pairs = list(replace.items()) if isinstance(replace, dict) else list(replace)
    single = isinstance(outputs, Variable)
    outs = [outputs] if single else list(outputs)
    memo: dict = {}
    for old, new in pairs:
        if strict and old.type != new.type:
            raise TypeError(f"replacement {new} has type {new.type}, but {old} has type {old.type}")
        memo[old] = new
    result = rebuild_with(outs, memo)
    return result[0] if single else result


def rebuild_with(outputs: Sequence[Variable], memo: dict) -> list[Variable]:
    """Rebuild the graph of `outputs` after the substitutions in memo (old var -> new var); untouched parts are shared."""
    for node in toposort(outputs):
        if all(o in memo for o in node.outputs):
            continue
        new_inputs = [memo.get(i, i) for i in node.inputs]
        if all(n is o for n, o in zip(new_inputs, node.inputs)):
            continue
        new_node = node.clone_with_new_inputs(new_inputs, strict=False)
        for old, new in zip(node.outputs, new_node.outputs):
            if old not in memo:  # an output replaced on its own keeps its replacement
                memo[old] = new
    return [memo.get(o, o) for o in outputs]


def is_same_graph(var1: Variable, var2: Variable, givens: dict | None = None, debug: bool = False) -> bool:
    """True if var1 and var2 compute the same thing (gof.graph.is_same_graph): after the substitutions in
    `givens` (old -> new, applied to both graphs, as `theano.function`'s givens), the two graphs merge into
    one: equal ops applied to the same inputs, constants compared by value. `debug` is accepted for Theano's
    signature (it checked Theano's second implementation)."""
    memo = dict(givens.items() if isinstance(givens, dict) else (givens or ()))
    a0, b0 = rebuild_with([var1, var2], memo) if memo else (var1, var2)
    stack = [(a0, b0)]
    seen: set[tuple[int, int]] = set()
    while stack:
        a, b = stack.pop()
        if a is b or (id(a), id(b)) in seen:
            continue
        seen.add((id(a), id(b)))
        if isinstance(a, Constant) and isinstance(b, Constant):
            if not a.equals(b):
                return False
            continue
        if a.owner is None or b.owner is None:
            return False
        if a.owner.op != b.owner.op or a.index != b.index or len(a.owner.inputs) != len(b.owner.inputs):
            return False
        stack.extend(zip(a.owner.inputs, b.owner.inputs))
    return True


def default_node_formatter(node: Any, argstrings: list[str]) -> str:
    """'op(arg, ...)' for an Apply node (gof.graph.default_node_formatter)."""
    return "%s(%s)" % (node.op, ", ".join(argstrings))


def as_string(i: Sequence[Variable], o: Sequence[Variable], leaf_formatter: Callable[[Variable], str] = str,
              node_formatter: Callable[[Any, list[str]], str] = default_node_formatter) -> list[str]:
    """One string per output, like 'add(x, mul(y, z))' (gof.graph.as_string). `node_formatter` gets the Apply
    node and its arguments' strings. A node used more than once is written in full the first time, as
    '*n -> op(...)', and as '*n' (with '::k' for output k of a multi-output node) after that; numbers count
    up in the order the nodes appear in the text, left to right. Iterative: a deep graph does not recurse."""
    i = set(i)
    orph = set(orphans(i, o))
    is_leaf = lambda r: r.owner is None or r in i or r in orph  # noqa: E731
    seen: set = set()
    multi: set = set()
    for out in o:
        (multi if out.owner in seen else seen).add(out.owner)
    for node in ops(i, o):
        for inp in node.inputs:
            if not is_leaf(inp):
                (multi if inp.owner in seen else seen).add(inp.owner)
    done: dict = {}  # node -> its number (0 when used once)
    numbered = [0]

    def reference(r: Variable) -> "str | list":
        """r's text when it needs no walk (a leaf, a node already written), else a new frame for r's node."""
        if is_leaf(r):
            return leaf_formatter(r)
        node = r.owner
        idxs = "" if len(node.outputs) == 1 else "::%i" % next(k for k, v in enumerate(node.outputs) if v is r)
        if node in done:
            return "*%i%s" % (done[node], idxs)
        if node in multi:
            numbered[0] += 1
        done[node] = numbered[0] if node in multi else 0
        return [node, []]  # the node and its arguments' strings so far

    def describe(r: Variable) -> str:
        first = reference(r)
        if isinstance(first, str):
            return first
        stack = [first]
        while True:
            node, args = stack[-1]
            if len(args) < len(node.inputs):
                sub = reference(node.inputs[len(args)])
                if isinstance(sub, str):
                    args.append(sub)
                else:
                    stack.append(sub)
                continue
            stack.pop()
            text = node_formatter(node, args)
            if done[node]:
                text = "*%i -> %s" % (done[node], text)
            if not stack:
                return text
            stack[-1][1].append(text)

    return [describe(out) for out in o]
