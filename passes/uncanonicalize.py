"""The `uncanonicalize` set (Theano 1.0.5's tensor/opt_uncanonicalize.py): rewrites that leave the canonical form,
run after specialize (position 3).

- local_max_and_argmax: max_and_argmax(x) with its argmax unused -> the max reduction alone (a CAReduce{maximum}),
  with its max unused -> Argmax alone.
- local_max_to_min: -max(-x) -> min(x) (a CAReduce{minimum}).
- local_alloc_dimshuffle: alloc(x.dimshuffle('x', ..., 0, 1, ...), *s) -> alloc(x, *s).
- local_reshape_dimshuffle: reshape(x.dimshuffle(...), s) -> reshape(x, s) when the DimShuffle keeps x's order.
- local_dimshuffle_alloc: alloc(x, *s).dimshuffle('x', ..., 0, 1, ...) -> alloc(x, 1, ..., *s).
- local_dimshuffle_subtensor: x[i:j, :, k].dimshuffle(0, ...) dropping a broadcastable dim -> x[i:j, 0, k].
"""
from __future__ import annotations

from typing import Any

from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.max_argmax import Argmax, MaxAndArgmax
from theano.frontend.ops.reduce import CAReduce
from theano.frontend.ops.shape import Reshape
from theano.frontend.ops.subtensor import Subtensor, fill_idx_list
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, x
from theano.passes.reduce_rewrites import RULES as _REDUCE_RULES

TAGS = ("uncanonicalize", "fast_run")


def _used(fgraph: Any, var: Variable) -> bool:
    return bool(fgraph.clients.get(var)) if fgraph is not None else True


def _max_and_argmax(node, fgraph) -> dict | None:
    """Keep only the output of max_and_argmax that is used."""
    mx, am = node.outputs
    axis = node.op.axis
    src = node.inputs[0]
    if not _used(fgraph, am):
        return {mx: CAReduce(ELEMWISE_OPS["maximum"].scalar_op, axis)(src)}
    if not _used(fgraph, mx):
        return {am: Argmax(axis)(src)}
    return None


def _is_max(v: Variable) -> bool:
    return isinstance(v.owner.op, CAReduce) and getattr(v.owner.op.scalar_op, "name", None) == "maximum"


def _left_pad_order(order: tuple, ndim: int) -> bool:
    """('x', ..., 'x', 0, 1, ..., ndim-1): only new dims on the left."""
    k = len(order) - ndim
    return k >= 0 and tuple(order) == ("x",) * k + tuple(range(ndim))


def _alloc_dimshuffle(node, x: Variable) -> Variable | None:
    ds = node.inputs[0]
    if not _left_pad_order(ds.owner.op.new_order, x.ndim):
        return None
    return node.op(x, *node.inputs[1:])


def _reshape_dimshuffle(node, x: Variable) -> Variable | None:
    kept = [d for d in node.inputs[0].owner.op.new_order if d != "x"]
    if kept != list(range(len(kept))):
        return None
    return node.op(x, node.inputs[1])


def _dimshuffle_alloc(node, x: Variable) -> Variable | None:
    order = node.op.new_order
    if not _left_pad_order(order, x.ndim):
        return None
    k = len(order) - x.ndim
    return x.owner.op(x.owner.inputs[0], *([T.constant(1, dtype="int64")] * k + list(x.owner.inputs[1:])))


def _dimshuffle_subtensor(node, x: Variable) -> Variable | None:
    """x[...].dimshuffle(order) that only drops broadcastable dims of the subtensor: index those dims with 0."""
    order = node.op.new_order
    if "x" in order or any(a >= b for a, b in zip(order, order[1:])):
        return None
    missing = [d for d in range(x.ndim) if d not in order]
    if not missing or not all(x.broadcastable[d] for d in missing):
        return None
    sub = x.owner
    base = sub.inputs[0]
    idx = list(fill_idx_list(sub.op.idx_list, sub.inputs[1:]))
    idx += [slice(None)] * (base.ndim - len(idx))
    out_dim = 0
    for k, entry in enumerate(idx):
        if not isinstance(entry, slice):
            continue
        if out_dim in missing:
            if entry.start is not None or entry.stop is not None or entry.step is not None:
                return None  # a sliced dim of length 1: its index is not 0
            idx[k] = T.constant(0, dtype="int64")
        out_dim += 1
    while idx and isinstance(idx[-1], slice) and idx[-1] == slice(None):
        idx.pop()
    return base[tuple(idx)]


RULES: list[Rule] = tagged(TAGS, [
    Rule(OpP(MaxAndArgmax, ...), lambda node, fgraph: _max_and_argmax(node, fgraph),
         name="local_max_and_argmax"),  # max_and_argmax(x)[0] alone -> max(x)
    Rule(-OpP(CAReduce, -x).where(_is_max),
         lambda x, node: CAReduce(ELEMWISE_OPS["minimum"].scalar_op, node.inputs[0].owner.op.axis)(x),
         name="local_max_to_min"),  # -max(-x) -> min(x)
    Rule(OpP(Alloc, OpP(DimShuffle, x), ...), _alloc_dimshuffle,
         name="local_alloc_dimshuffle"),  # alloc(x.dimshuffle('x', 0), s) -> alloc(x, s)
    Rule(OpP(DimShuffle, OpP(Alloc, ..., name="x")), _dimshuffle_alloc,
         name="local_dimshuffle_alloc"),  # alloc(x, s).dimshuffle('x', 0) -> alloc(x, 1, s)
    Rule(OpP(DimShuffle, OpP(Subtensor, ..., name="x")), _dimshuffle_subtensor,
         name="local_dimshuffle_subtensor"),  # x[:, i].dimshuffle(1) dropping a length-1 dim -> x[0, i]
])
RULES += [r for r in _REDUCE_RULES if r.name == "local_reduce_join"]  # min(join(...)) once -max(-x) is a min

# reshape(x.dimshuffle('x', 0), s) -> reshape(x, s): canonicalize's local_useless_dimshuffle_in_reshape
# (passes/alloc_rewrites.py) already does this (and more), so it is not in the phase; kept for
# theano.tensor.opt_uncanonicalize.local_reshape_dimshuffle users.
RESHAPE_DIMSHUFFLE = Rule(OpP(Reshape, OpP(DimShuffle, x), ...), _reshape_dimshuffle, name="local_reshape_dimshuffle",
                          tags=TAGS)
