"""Whether an IfElse's output shape follows its condition: the proof behind IfElse.value_dependent_shape.

The branches' symbolic shapes (the shape program's `symbolic_shapes`) are compared entry by entry; entries
that are the same by construction (`same_value`) prove nothing depends on the condition. Where they differ,
the node is value-dependent, and the host shape program computes Theano's infer_shape (an ifelse over the
entries), unless that would need numpy to compute a branch value (the shape of an op without infer_shape)
or an op with no host implementation: then the shapes stay static and the trace checks that they agree.
"""
from __future__ import annotations

from typing import Any, Sequence

from theano.frontend.graph import Apply, Constant, Variable, ancestors, graph_inputs, io_toposort
from theano.frontend.ops.ifelse import same_value
from theano.frontend.ops.shape import Shape, Shape_i
from theano.lowering.shape_program import graph_shapes, symbolic_shapes


def shapes_may_differ(node: Apply, pairs: Sequence[tuple[Variable, Variable]]) -> bool:
    """True when the then/else `pairs` of `node` are not provably of one shape and the host can compute which.

    First cheaply, with the variables both branches read taken as given (their shapes are the same symbols
    on both sides); where that proves nothing, again from the graph inputs."""
    whole = graph_shapes(node)  # the whole function's shapes, computed once: proves most IfElses at once
    if whole is not None and all(t in whole and f in whole for t, f in pairs) and not _differing(pairs, whole):
        return False
    differ = differing_shape_entries(pairs, cut_at_common=True)
    if differ:
        differ = differing_shape_entries(pairs, cut_at_common=False)
    return bool(differ) and host_computable(differ + [node.inputs[0]])


def differing_shape_entries(pairs: Sequence[tuple[Variable, Variable]], cut_at_common: bool) -> list[Variable]:
    """The symbolic shape entries of the then/else `pairs` that are not the same by construction."""
    roots = [v for pair in pairs for v in pair]
    if cut_at_common:  # the frontier of what both sides read: read by a node (or a root) that one side only has
        then_side = {id(v) for v in ancestors([t for t, _ in pairs])}
        else_side = {id(v) for v in ancestors([f for _, f in pairs])}
        common = then_side & else_side
        own = [v for v in ancestors(roots) if id(v) not in common]
        frontier = [v for v in roots if id(v) in common]
        frontier += [i for v in own if v.owner is not None for i in v.owner.inputs if id(i) in common]
        ins: list[Variable] = []
        seen: set[int] = set()
        for v in frontier + list(graph_inputs(own)):
            if id(v) not in seen and not isinstance(v, Constant):
                seen.add(id(v))
                ins.append(v)
    else:
        ins = [v for v in graph_inputs(roots) if not isinstance(v, Constant)]
    return _differing(pairs, symbolic_shapes(ins, io_toposort(ins, roots)))


def _differing(pairs: Sequence[tuple[Variable, Variable]], shape_of: dict) -> list[Variable]:
    return [e for t, f in pairs for a, b in zip(shape_of[t], shape_of[f]) if not same_value(a, b) for e in (a, b)]


def host_computable(entries: Sequence[Any]) -> bool:
    """Whether numpy can compute these scalars cheaply: no op without a host implementation, and no shape of a
    computed variable (that would compute the variable, of a branch perhaps not taken)."""
    stack = [e for e in entries if isinstance(e, Variable)]
    seen: set[int] = set()
    while stack:
        v = stack.pop()
        if id(v) in seen or v.owner is None:
            continue
        seen.add(id(v))
        op = v.owner.op
        if not hasattr(op, "host_impl"):
            return False
        if isinstance(op, (Shape, Shape_i)) and v.owner.inputs[0].owner is not None:
            return False
        stack.extend(v.owner.inputs)
    return True
