"""scan_utils.map_variables: rebuild graphs with variables swapped by a user function, inner graphs included.

Theano 1.0.5 runs the replacer as an out-to-in local optimizer over a FunctionGraph; here the graph is
rebuilt bottom-up (iteratively) with the same result: every variable of the new graphs went through the
replacer once (a replacement is not replaced again), and the inner graphs of Scan and OpFromGraph nodes
are mapped too, variables of the outer graph that a replacement brings inside entering as new inputs.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterable, Sequence

from theano.frontend.graph import Apply, Constant, Variable, graph_inputs
from theano.frontend.graph_compare import clone
from theano.frontend.shared import SharedVariable
from theano.frontend.ops.scan import Scan
from theano.frontend.ops.builders import OpFromGraph

Replacer = Callable[[Variable], Variable]


def map_variables(replacer: Replacer, graphs: Iterable[Variable],
                  additional_inputs: Iterable[Variable] = ()) -> list[Variable]:
    """New graphs for `graphs` where each variable v is replaced by replacer(v) (v itself to keep it).

    `additional_inputs` is accepted for Theano's signature: graph inputs that only the replacements use
    need no declaration here.
    """
    del additional_inputs
    seen: set = set()

    def wrapped(v: Variable) -> Variable:
        if v in seen:
            return v
        new = replacer(v)
        seen.add(new)
        return new

    return _map(wrapped, list(graphs))


def _map(wrapped: Replacer, outputs: list[Variable]) -> list[Variable]:
    """The bottom-up rebuild: final[v] is v's variable in the new graph."""
    final: dict = {}
    rebuilt: dict = {}  # old Apply -> new Apply (or the same one when nothing under it changed)
    replaced: dict = {}  # v -> replacer(v), for the v being replaced
    stack: list[tuple[Any, int]] = [(o, 0) for o in reversed(outputs)]
    while stack:
        item, state = stack.pop()
        if state == 0:  # resolve variable `item`
            v = item
            if v in final:
                continue
            if v not in replaced:
                r = wrapped(v)
                if r is not v:
                    replaced[v] = r
                    stack.append((v, 2))
                    stack.append((r, 0))
                    continue
            elif v.owner is None or v.owner in rebuilt:  # met inside its own replacement: the old value
                continue
            if v.owner is None:
                final[v] = v
                continue
            stack.append((v, 3))
            stack.append((v.owner, 1))
            stack.extend((i, 0) for i in reversed(v.owner.inputs) if i not in final)
        elif state == 1:  # rebuild node `item` from its resolved inputs
            node = item
            if node not in rebuilt:
                rebuilt[node] = _rebuild(node, [_value(i, final, rebuilt, replaced) for i in node.inputs], wrapped)
        elif state == 2:  # v took its replacement's value
            final[item] = final[replaced[item]]
        else:  # state 3: v kept, its node rebuilt
            if item not in replaced:
                final[item] = rebuilt[item.owner].outputs[item.owner.outputs.index(item)]
    return [final[o] for o in outputs]


def _value(v: Variable, final: dict, rebuilt: dict, replaced: dict) -> Variable:
    """The new variable standing for input v (its old value when v is being replaced by a graph using it)."""
    if v in final:
        return final[v]
    if v.owner is None:
        return v
    return rebuilt[v.owner].outputs[v.owner.outputs.index(v)]


def _rebuild(node: Apply, new_inputs: list[Variable], wrapped: Replacer) -> Apply:
    """`node` on its new inputs; a Scan or OpFromGraph gets its inner graph mapped as well."""

    if isinstance(node.op, Scan):
        return _rebuild_scan(node, new_inputs, wrapped)
    if isinstance(node.op, OpFromGraph):
        return _rebuild_ofg(node, new_inputs, wrapped)
    if all(a is b for a, b in zip(new_inputs, node.inputs)):
        return node
    return node.clone_with_new_inputs(new_inputs, strict=False)


def _close_inner(outputs: list[Variable], inner_inputs: Sequence[Variable], outer_to_inner: dict,
                 containing_op: Any, shared_allowed: bool) -> tuple[list[Variable], list[Variable], list[Variable]]:
    """Make a mapped inner graph closed again: outer variables a replacement brought in are read through inner
    inputs (existing ones where the variable already enters the op, else new ones).

    Returns (closed outputs, new inner inputs, the outer variables they stand for). Run after the inner graph's
    own nested ops were closed, so variables of deeper inner graphs never reach this level.
    """
    local = set(inner_inputs)
    foreign = [v for v in graph_inputs(outputs) if not isinstance(v, Constant) and v not in local]
    replace: list = []
    extra_inner: list[Variable] = []
    extra_outer: list[Variable] = []
    for outer in foreign:
        if getattr(outer, "update", False) or getattr(outer, "default_update", None) is not None:
            raise NotImplementedError(
                "Replacement introduces shared variable %s which has an update associated with it into the "
                "inner graph of %s. This is not currently supported." % (outer, containing_op))
        if shared_allowed and _is_shared(outer):
            continue  # OpFromGraph reads it as an implicit input
        stand_in = outer_to_inner.get(outer)
        if stand_in is None:
            stand_in = outer.type()
            stand_in.name = None if outer.name is None else outer.name + "_copy"
            extra_inner.append(stand_in)
            extra_outer.append(outer)
        replace.append((outer, stand_in))
    if not replace:
        return outputs, extra_inner, extra_outer
    return clone(outputs, replace=replace, share_inputs=True), extra_inner, extra_outer


def _is_shared(v: Variable) -> bool:

    return isinstance(v, SharedVariable)


def _rebuild_scan(node: Apply, new_outer: list[Variable], wrapped: Replacer) -> Apply:
    """A Scan on new outer inputs with its inner graph mapped; new outer variables join the non-sequences."""

    op = node.op
    _, _, _, outer_shared, outer_nonseqs = op.outer_groups(list(node.inputs))
    _, _, in_shared, in_nonseqs = op.inner_groups()
    outer_to_inner = dict(zip(outer_shared + outer_nonseqs, in_shared + in_nonseqs))
    mapped = _map(wrapped, list(op.outputs))
    new_inner_out, extra_inner, extra_outer = _close_inner(mapped, op.inputs, outer_to_inner, op, False)
    if not extra_inner and all(a is b for a, b in zip(new_inner_out, op.outputs)):
        if all(a is b for a, b in zip(new_outer, node.inputs)):
            return node
        return op.make_node(*new_outer)
    info = dataclasses.replace(op.info, n_nonseq=op.info.n_nonseq + len(extra_inner))
    new_op = Scan(list(op.inputs) + extra_inner, new_inner_out, info)
    return new_op.make_node(*(list(new_outer) + extra_outer))


def _rebuild_ofg(node: Apply, new_outer: list[Variable], wrapped: Replacer) -> Apply:
    """An OpFromGraph on new inputs with its inner graph mapped; new outer variables become new inputs."""

    op = node.op
    n_explicit = len(op.inputs)
    outer_to_inner = dict(zip(node.inputs[:n_explicit], op.inputs))
    mapped = _map(wrapped, list(op.outputs))
    new_inner_out, extra_inner, extra_outer = _close_inner(mapped, list(op.inputs) + list(op.shared_inputs),
                                                           outer_to_inner, op, True)
    if not extra_inner and all(a is b for a, b in zip(new_inner_out, op.outputs)):
        if all(a is b for a, b in zip(new_outer, node.inputs)):
            return node
        return op.make_node(*new_outer[:n_explicit])
    new_op = OpFromGraph(list(op.inputs) + extra_inner, new_inner_out, inline=op.is_inline, name=op.name,
                         **op.kwargs)
    return new_op.make_node(*(list(new_outer[:n_explicit]) + extra_outer))


__all__: Sequence[str] = ["map_variables"]
