"""Whole-graph utilities built on the graph walks: copying (clone, clone_get_equiv), substituting (clone_replace,
the `theano.clone` of legacy code), comparing (is_same_graph) and the one-line text form (as_string)."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from theano.frontend.graph import Constant, Variable, io_toposort, toposort


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


def clone(ins: Sequence[Variable], outs: Sequence[Variable], copy_inputs: bool = True) -> tuple[list[Variable], list[Variable]]:
    equiv = clone_get_equiv(ins, outs, copy_inputs)
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
    """True if var1 and var2 compute the same thing: equal ops applied to corresponding inputs
    (constants compared by value; `givens` maps variables of var1's graph to var2's)."""
    match: dict[int, Variable] = {id(k): v for k, v in (givens or {}).items()}
    stack = [(var1, var2)]
    seen: set[tuple[int, int]] = set()
    while stack:
        a, b = stack.pop()
        if (id(a), id(b)) in seen:
            continue
        seen.add((id(a), id(b)))
        if id(a) in match:
            if match[id(a)] is not b:
                return False
            continue
        if a is b:
            continue
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


def as_string(i: Sequence[Variable], o: Sequence[Variable], leaf_formatter: Callable[[Variable], str] = str,
              node_formatter: Callable[[Any, list[str]], str] | None = None) -> list[str]:
    """One string per output, like 'add(x, mul(y, z))' (gof.graph.as_string). A node used more than once is
    written in full the first time, as `*n -> add(x, y)`, and as `*n` (`*n::k` for its output k) after that."""
    node_formatter = node_formatter or (lambda op, args: "%s(%s)" % (op, ", ".join(args)))
    i, o = list(i), list(o)
    inputs = set(i)
    uses: dict[Any, int] = {}
    for out in o:
        if out.owner is not None and out not in inputs:
            uses[out.owner] = uses.get(out.owner, 0) + 1
    for node in io_toposort(i, o):
        for v in node.inputs:
            if v.owner is not None and v not in inputs:
                uses[v.owner] = uses.get(v.owner, 0) + 1
    multi: dict[Any, int] = {}  # node -> its *n number, in the order the nodes are first written
    done: set = set()

    def reference(v: Variable) -> str | None:
        """The text of `v` when it needs no walk (a leaf, or a node already written); else marks it entered."""
        if v.owner is None or v in inputs:
            return leaf_formatter(v)
        node = v.owner
        if node in done:
            idx = "" if len(node.outputs) == 1 else "::%i" % node.outputs.index(v)
            return "*%i%s" % (multi[node], idx)
        done.add(node)
        if uses.get(node, 0) > 1:
            multi[node] = len(multi) + 1
        return None

    def describe(root: Variable) -> str:
        # an explicit stack in place of Theano's recursion: (node, texts of its inputs so far)
        text = reference(root)
        if text is not None:
            return text
        stack: list[tuple[Any, list[str]]] = [(root.owner, [])]
        while True:
            node, args = stack[-1]
            if len(args) < len(node.inputs):
                child = node.inputs[len(args)]
                text = reference(child)
                if text is None:
                    stack.append((child.owner, []))
                else:
                    args.append(text)
                continue
            stack.pop()
            text = node_formatter(node.op, args)
            if node in multi:
                text = "*%i -> %s" % (multi[node], text)
            if not stack:
                return text
            stack[-1][1].append(text)

    return [describe(out) for out in o]
