"""theano.tensor.nnet.opt's rewrites of the block-sparse ops: `local_inplace_sparse_block_gemv` and
`local_inplace_sparse_block_outer` (fast_run, inplace), as Theano registers them.

SparseBlockGemv/SparseBlockOuter{inplace=False}(o, ...) -> the same op with inplace=True where Theano's destroy
handler would allow it: o is computed in the graph (or is an input marked mutable) and nothing else reads o. The
lowering is functional either way (XLA assigns the buffers): the rewrite changes no value, only the compiled
graph's ops and printing, as Theano's fast_run shows them.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.blocksparse import SparseBlockGemv, SparseBlockOuter
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP


def _inplace(node: Apply, fgraph: Any) -> list[Variable] | None:
    o = node.inputs[0]
    if node.op.inplace or isinstance(o, Constant):
        return None
    if o.owner is None and o not in getattr(fgraph, "mutable_inputs", ()):
        return None
    if len(getattr(fgraph, "clients", {}).get(o, ())) > 1:  # another node (or an output) reads o
        return None
    return [type(node.op)(inplace=True)(*node.inputs)]


# SparseBlockGemv/Outer{inplace=False} -> {inplace=True} (fast_run, inplace; the specialize phase)
RULES: list[Rule] = tagged(("fast_run", "inplace"), [
    Rule(OpP(SparseBlockGemv, ...), _inplace, name="local_inplace_sparse_block_gemv"),
    Rule(OpP(SparseBlockOuter, ...), _inplace, name="local_inplace_sparse_block_outer"),
])
