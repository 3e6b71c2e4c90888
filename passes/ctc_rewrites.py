"""CTC rewrites (part of `canonicalize`, as Theano 1.0.5's tensor/nnet/ctc.py local_ctc_no_grad)."""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.ctc import ConnectionistTemporalClassification
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP

TAGS = ("canonicalize", "fast_run", "fast_compile")


def _ctc_no_grad(node: Apply, fgraph: Any) -> dict[Variable, Variable] | None:
    """A CTC op computing its gradient output that nothing uses -> the op that computes only the costs."""
    if len(node.outputs) < 2 or fgraph.clients.get(node.outputs[1]):
        return None
    new = ConnectionistTemporalClassification(compute_grad=False).make_node(*node.inputs).outputs[0]
    return {node.outputs[0]: new}


RULES: list[Rule] = tagged(TAGS, [
    # ctc(acts, labels, lengths) with an unused gradient output -> ctc{compute_grad=False}(acts, labels, lengths)
    Rule(OpP(ConnectionistTemporalClassification, ...), _ctc_no_grad, name="local_ctc_no_grad"),
])
