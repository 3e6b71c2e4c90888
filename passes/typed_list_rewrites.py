"""theano.typed_list.opt's rewrite: `typed_list_inplace_opt` (fast_run, inplace), as Theano registers it.

Append/Extend/Insert/Remove/Reverse{inplace=False}(x, ...) -> the same op with inplace=True where Theano's destroy
handler would allow it: x is computed in the graph (or is an input marked mutable) and nothing else reads x. The
lowering is functional either way (XLA assigns the buffers, lowering/rules/typed_list.py): the rewrite changes no
value, only the compiled graph's ops and printing, as Theano's fast_run shows them.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.typed_list.basic import Append, Extend, Insert, Remove, Reverse
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP


def _inplace(node: Apply, fgraph: Any) -> list[Variable] | None:
    x = node.inputs[0]
    if node.op.inplace or isinstance(x, Constant):
        return None
    if x.owner is None and x not in getattr(fgraph, "mutable_inputs", ()):
        return None
    clients = getattr(fgraph, "clients", {}).get(x, ())
    if len(clients) > 1:  # another node (or an output) reads x: Theano's destroy handler refuses
        return None
    return [node.op.__class__(inplace=True)(*node.inputs)]


typed_list_inplace_opt = [Rule(OpP(cls, ...), _inplace, name="typed_list_inplace_opt")
                          for cls in (Append, Extend, Insert, Remove, Reverse)]

# Append/Extend/Insert/Remove/Reverse{inplace=False} -> {inplace=True} (fast_run, inplace; the specialize phase)
RULES: list[Rule] = tagged(("fast_run", "inplace"), list(typed_list_inplace_opt))
