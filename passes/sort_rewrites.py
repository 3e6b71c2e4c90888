"""Rewrites of the top-k family (part of `canonicalize`, as Theano 1.0.5's local_useless_topk)."""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.sort import TopKOp
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP

TAGS = ("canonicalize", "fast_run")


def _useless_topk(node: Apply, fgraph: Any) -> dict[Variable, Variable] | None:
    """A TopKOp with both outputs where only one is used -> the TopKOp that computes only that one."""
    op = node.op
    if not (op.return_values and op.return_indices):
        return None
    used = [bool(fgraph.clients.get(o)) for o in node.outputs]
    if used[0] == used[1]:
        return None
    keep = 0 if used[0] else 1
    new_op = TopKOp(axis=op.axis, sorted=op.sorted, idx_dtype=op.idx_dtype,
                    return_values=bool(used[0]), return_indices=bool(used[1]))
    return {node.outputs[keep]: new_op.make_node(*node.inputs).outputs[0]}


RULES: list[Rule] = tagged(TAGS, [
    Rule(OpP(TopKOp, ...), _useless_topk, name="local_useless_topk"),  # topk_and_argtopk(x, k)[i] -> the op for [i]
])
