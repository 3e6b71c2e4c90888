"""Rewrites of sparse ops (Theano 1.0.5's theano/sparse/opt.py rewrites that change what users see).

`local_inplace_remove0` installs Remove0{inplace}, as Theano's fast_run does; the lowering is functional either
way (XLA assigns the buffers), so it changes no value, only the compiled graph's printing.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Apply, Variable
from theano.frontend.sparse.construct import Remove0
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP

TAGS = ("fast_run", "inplace")


def _inplace_remove0(node: Apply, fgraph: Any) -> list[Variable] | None:
    """Remove0{}(x) -> Remove0{inplace}(x), unless x is a constant or a graph input not marked mutable (Theano's
    destroy handler refuses those)."""
    (x,) = node.inputs
    if node.op.inplace or (x.owner is None and x not in getattr(fgraph, "mutable_inputs", ())):
        return None
    return [node.op.__class__(inplace=True)(*node.inputs)]


RULES: list[Rule] = tagged(TAGS, [
    Rule(OpP(Remove0, ...), _inplace_remove0, name="local_inplace_remove0"),  # Remove0{}(x) -> Remove0{inplace}(x)
])
