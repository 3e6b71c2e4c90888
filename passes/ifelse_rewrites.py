"""Rewrites of IfElse (Theano 1.0.5's theano/ifelse.py optimizations that change what users see).

`cond_make_inplace` marks IfElse `as_view` (printed `if{inplace}`), as Theano's fast_run does; it changes no
value here (the lowering is functional either way) but keeps compiled graphs printing as Theano's. As in
Theano it is skipped for all-scalar IfElse nodes in graphs of 500 nodes or more.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.ifelse import IfElse
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP

TAGS = ("fast_run", "inplace")


def _cond_make_inplace(node: Apply, fgraph: Any) -> list[Variable] | None:
    """if{}(c, ts, fs) -> if{inplace}(c, ts, fs), unless a big graph's IfElse has only scalar outputs."""
    op = node.op
    if op.as_view:
        return None
    if len(fgraph.apply_nodes) >= 500 and all(getattr(o.type, "ndim", -1) == 0 for o in node.outputs):
        return None
    return IfElse(op.n_outs, as_view=True, gpu=op.gpu, name=op.name)(*node.inputs, return_list=True)


RULES: list[Rule] = tagged(TAGS, [
    Rule(OpP(IfElse, ...), _cond_make_inplace, name="cond_make_inplace"),  # if{}(c, t, f) -> if{inplace}(c, t, f)
])
