"""Join rewrites of Theano 1.0.5's tensor/opt.py (canonicalize): a join of one tensor is that tensor, empty inputs
leave a join, and the MakeVectors of a join along axis 0 merge
(`join(0, [a], v, [b, c], [d]) -> join(0, [a], v, [b, c, d])`); a split into one piece is its input, with
Theano's Asserts that there is one size and that it is the length (local_useless_split)."""
from __future__ import annotations

import numpy as np

from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.host_check import assert_op
from theano.frontend.ops.join import Join, Split
from theano.frontend.ops.shape import MakeVector
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP
from theano.passes.utils import constant_int


def _join_empty(node, var: Variable) -> Variable | None:
    """join(axis, a, [], b) -> join(axis, a, b): a constant input of length 0 along the axis adds nothing."""
    axis = constant_int(node.inputs[0])
    if axis is None:
        return None
    axis %= var.ndim
    tensors = node.inputs[1:]
    kept = [t for t in tensors
            if not (isinstance(t, Constant) and np.asarray(t.data).ndim == var.ndim and np.shape(t.data)[axis] == 0)]
    if len(kept) == len(tensors) or not kept:
        return None
    if len(kept) == 1:
        return kept[0] if kept[0].type == var.type else None
    return node.op(node.inputs[0], *kept)


def _join_make_vector(node, var: Variable) -> Variable | None:
    """Consecutive MakeVectors of one dtype in a 1-d join become one MakeVector."""
    if var.ndim != 1 or len(node.inputs) < 3:
        return None
    merged: list = []
    changed = False
    for t in node.inputs[1:]:
        prev = merged[-1] if merged else None
        if (prev is not None and t.owner is not None and isinstance(t.owner.op, MakeVector)
                and prev.owner is not None and isinstance(prev.owner.op, MakeVector) and prev.owner.op == t.owner.op):
            merged[-1] = prev.owner.op(*prev.owner.inputs, *t.owner.inputs)
            changed = True
        else:
            merged.append(t)
    if not changed:
        return None
    if len(merged) == 1:
        return merged[0]
    return node.op(node.inputs[0], *merged)


def _join_1(node, var: Variable) -> Variable | None:
    """join(axis, x) -> x: one tensor joined is itself (Theano's local_join_1)."""
    if len(node.inputs) != 2:
        return None
    x = node.inputs[1]
    return x if x.type == var.type else var.type.convert_variable(x)


def _useless_split(node, var: Variable) -> Variable | None:
    """Split{1}(x, axis, splits) -> x, asserting len(splits) == 1 and x.shape[axis] == splits[0] (Theano's)."""
    from theano.frontend import tensor as T

    if node.op.len_splits != 1:
        return None
    x, axis, splits = node.inputs
    out = assert_op(x, T.eq(splits.shape[0], 1))
    return assert_op(out, T.eq(x.shape[axis], splits[0]))


RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(OpP(Join, ...), _join_1, name="local_join_1"),  # join(axis, x) -> x
    Rule(OpP(Join, ...), _join_empty, name="local_join_empty"),  # join(0, a, []) -> a
    Rule(OpP(Join, ...), _join_make_vector, name="local_join_make_vector"),  # join(0, [a], [b]) -> [a, b]
]) + tagged(("canonicalize", "specialize", "fast_run"), [
    Rule(OpP(Split, ...), _useless_split, name="local_useless_split"),  # split(x, [n], 1) -> x (asserted)
])
