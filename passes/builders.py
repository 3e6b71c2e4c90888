"""Expansion of OpFromGraph nodes into the outer graph (Theano's inline_ofg_expansion).

An op made with inline=True is replaced by a copy of its inner graph when the mode's rewrites include
`inline_ofg_expansion` (fast_run, fast_compile). An op whose inner graph has value-dependent shapes is
always expanded: the host shape program must see those nodes.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Apply, Variable
from theano.frontend.graph_utils import clone_get_equiv
from theano.frontend.ops.builders import OpFromGraph

RULE_NAME = "inline_ofg_expansion"


def expand_node(node: Apply) -> list[Variable]:
    """A fresh copy of the node's inner graph computing its outputs from the node's inputs."""
    op = node.op
    memo = dict(zip(op.local_inputs, node.inputs))
    memo = clone_get_equiv(list(op.local_inputs), list(op.local_outputs), copy_inputs=False, memo=memo)
    return [memo[o] for o in op.local_outputs]


def expand_op_from_graph(fgraph: FunctionGraph, query: Any) -> None:
    """Replace the OpFromGraph nodes that must or may be expanded, until none is left (nested ones too)."""
    inline_enabled = query.enables({RULE_NAME, "fast_run", "fast_compile"})
    while True:
        todo = [n for n in fgraph.toposort() if isinstance(n.op, OpFromGraph)
                and (n.op.has_value_dependent_shapes() or (inline_enabled and n.op.is_inline))]
        if not todo:
            return
        for node in todo:
            new_outputs = expand_node(node)
            for old, new in zip(node.outputs, new_outputs):
                if old in fgraph.variables:  # replacing the last used output prunes the node and its other outputs
                    fgraph.replace(old, new, reason=RULE_NAME)


def inline_ofg_expansion(node: Apply) -> list[Variable] | bool:
    """Theano's local optimizer: the expanded outputs of an inline OpFromGraph node, else False."""
    if not isinstance(node.op, OpFromGraph) or not node.op.is_inline:
        return False
    return expand_node(node)


inline_ofg_expansion.transform = inline_ofg_expansion  # type: ignore[attr-defined]  # a LocalOptimizer in Theano
