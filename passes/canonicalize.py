"""The `canonicalize` set: one normal form for equivalent graphs, and removal of what does nothing.

Sums and products get their canonical form (passes/algebra.py); identities disappear (`x*1`, `x+0`,
`exp(log(x))`, gradient-helper ViewOps, useless dimshuffles, reshapes, allocs, rebroadcasts, fills);
dimshuffles move towards the inputs and fills towards the outputs, where they cancel.
Shape rules live in passes/shapes.py and reductions in passes/reductions.py; both are part of this set.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.compile_ops import DeepCopyOp, ViewOp
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.shape import Rebroadcast, Reshape, Shape_i, constant_entries
from theano.passes.algebra import canonical_product, canonical_sum, only_client, scalar_name
from theano.passes.constant_folding import RULES as FOLDING_RULES
from theano.passes.engine import Rule
from theano.passes.pattern import Match, OpP, P, x, y
from theano.passes.reductions import RULES as REDUCTION_RULES
from theano.passes.shapes import RULES as SHAPE_RULES

TAGS = ("canonicalize", "fast_run")


def _view_input(m: Match) -> Variable | None:
    if isinstance(m.node.op, DeepCopyOp):
        return None
    return m.node.inputs[0]


def _useless_fill(m: Match) -> Variable | None:
    """second(a, b) -> b when b already has the output's broadcast pattern (shapes agree by Theano's rules)."""
    a, b = m.node.inputs
    if b.broadcastable == m.var.broadcastable:
        return b
    if a is b:
        return b
    return None


def _fill_sink(m: Match) -> Variable | None:
    """f(..., second(a, b), ...) -> second(a, f(..., b, ...)): fills move out, where they cancel."""
    node = m.node
    if scalar_name(m.var) == "second" or len(node.outputs) != 1:
        return None
    for k, v in enumerate(node.inputs):
        if scalar_name(v) == "second" and only_client(m.fgraph, v, node):
            a, b = v.owner.inputs
            inner = node.op(*[b if j == k else u for j, u in enumerate(node.inputs)])
            return ELEMWISE_OPS["second"](a, inner)
    return None


def _fill_shape_source(m: Match) -> Variable | None:
    """second(f(u), b) -> second(u, b) when u has the shape of f(u): a fill needs only a shape."""
    from theano.frontend.ops import nnet

    a, b = m.node.inputs
    node = a.owner
    if node is None:
        return None
    op = node.op
    if isinstance(op, Elemwise) or isinstance(op, (nnet.Softmax, nnet.LogSoftmax, nnet.SoftmaxWithBias, ViewOp, Rebroadcast)):
        cands = node.inputs[:1] if not isinstance(op, Elemwise) else node.inputs
        for u in cands:
            if u.broadcastable == a.broadcastable and u.ndim == a.ndim:
                return ELEMWISE_OPS["second"](u, b)
    return None


def _compose(outer: tuple, inner: tuple) -> list:
    return ["x" if j == "x" else inner[j] for j in outer]


def _dimshuffle_merge(m: Match) -> Variable | None:
    """DimShuffle(DimShuffle(x)) -> one DimShuffle (or x)."""
    inner = m.node.inputs[0]
    if inner.owner is None or not isinstance(inner.owner.op, DimShuffle):
        return None
    src = inner.owner.inputs[0]
    order = _compose(m.node.op.new_order, inner.owner.op.new_order)
    if order == list(range(src.ndim)):
        return src
    return DimShuffle(src.broadcastable, order)(src)


def _useless_dimshuffle(m: Match) -> Variable | None:
    op = m.node.op
    if list(op.new_order) == list(range(m.node.inputs[0].ndim)):
        return m.node.inputs[0]
    return None


def _dimshuffle_lift(m: Match) -> Variable | None:
    """DimShuffle(f(a, b)) -> f(DimShuffle(a), DimShuffle(b)) for an elementwise f used only there."""
    inner = m.node.inputs[0]
    node = inner.owner
    if node is None or not isinstance(node.op, Elemwise) or len(node.outputs) != 1:
        return None
    if not only_client(m.fgraph, inner, m.node):
        return None
    order = m.node.op.new_order
    return node.op(*[DimShuffle(u.broadcastable, order)(u) for u in node.inputs])


def _useless_rebroadcast(m: Match) -> Variable | None:
    """Rebroadcast that changes nothing -> its input; Rebroadcast(Rebroadcast(x)) -> one."""
    src = m.node.inputs[0]
    if src.broadcastable == m.var.broadcastable:
        return src
    if src.owner is not None and isinstance(src.owner.op, Rebroadcast):
        return T.patternbroadcast(src.owner.inputs[0], m.var.broadcastable)
    return None


def _same_shape_entries(x_: Variable, entries: list[Any]) -> bool:
    """Whether shape entries (variables) are exactly x's own dims."""
    from theano.passes.utils import constant_int

    if len(entries) != x_.ndim:
        return False
    for i, e in enumerate(entries):
        if x_.broadcastable[i] and constant_int(e) == 1:
            continue
        if not (e.owner is not None and isinstance(e.owner.op, Shape_i) and e.owner.op.i == i
                and e.owner.inputs[0] is x_):
            return False
    return True


def _useless_reshape(m: Match) -> Variable | None:
    """Reshape(x, x.shape) -> x; Reshape(Reshape(x, s1), s2) -> Reshape(x, s2)."""
    src, shp = m.node.inputs
    if src.owner is not None and isinstance(src.owner.op, Reshape):
        return m.node.op(src.owner.inputs[0], shp)
    if src.ndim != m.node.op.ndim:
        return None
    known = constant_entries(shp)
    if known is not None and src.ndim == 1 and known == [-1]:
        return src
    if shp.owner is not None and type(shp.owner.op).__name__ == "MakeVector":
        if _same_shape_entries(src, list(shp.owner.inputs)):
            return src
    if shp.owner is not None and type(shp.owner.op).__name__ == "Shape" and shp.owner.inputs[0] is src:
        return src
    return None


def _useless_alloc(m: Match) -> Variable | None:
    """Alloc(x, *x.shape) -> x; Alloc(Alloc(x, s1), s2) -> Alloc(x, s2)."""
    value = m.node.inputs[0]
    if value.type == m.var.type and _same_shape_entries(value, list(m.node.inputs[1:])):
        return value
    if value.owner is not None and isinstance(value.owner.op, Alloc) and value.ndim <= m.var.ndim:
        return m.node.op(value.owner.inputs[0], *m.node.inputs[1:])
    return None


_ELEMWISE_RULES = [
    Rule(P.any_of(P.add(...), P.sub(...), P.neg(...)), canonical_sum, name="local_add_canonizer", tags=TAGS),  # x + y - x -> y, x + x -> 2*x
    Rule(P.any_of(P.mul(...), P.true_div(...), P.inv(...), P.neg(...)), canonical_product, name="local_mul_canonizer", tags=TAGS),  # x*y/x -> y, x/x -> 1, x*1 -> x
    Rule(P.exp(P.log(x)), x, name="local_exp_log", tags=TAGS),  # exp(log(x)) -> x
    Rule(P.log(P.exp(x)), x, name="local_log_exp", tags=TAGS),  # log(exp(x)) -> x
    Rule(P.pow(x, 1), x, name="local_pow_one", tags=TAGS),  # x ** 1 -> x
    Rule(P.pow(x, 0), lambda m: T.ones_like(m.x, dtype=m.var.dtype), name="local_pow_zero", tags=TAGS),  # x ** 0 -> 1
    Rule(P.identity(x), x, name="remove_tensor_copy", tags=TAGS),  # identity(x) -> x
    Rule(P.second(...), _useless_fill, name="local_useless_fill", tags=TAGS),  # fill(a, b) -> b when b has the shape
    Rule(P.second(...), _fill_shape_source, name="local_fill_shape_source", tags=TAGS),  # fill(f(u), b) -> fill(u, b)
    Rule(OpP(Elemwise, ...), _fill_sink, name="local_fill_sink", tags=TAGS),  # f(fill(a, b)) -> fill(a, f(b))
    Rule(P.switch(y, x, x), x, name="local_useless_switch", tags=TAGS),  # switch(c, x, x) -> x
]

_STRUCTURE_RULES = [
    Rule(OpP(ViewOp, x), _view_input, name="local_view_op", tags=TAGS),  # zero_grad(x), grad_clip(x), ... -> x
    Rule(OpP(DimShuffle, x), _useless_dimshuffle, name="local_useless_dimshuffle", tags=TAGS),  # x.dimshuffle(0, 1) -> x
    Rule(OpP(DimShuffle, x), _dimshuffle_merge, name="local_dimshuffle_merge", tags=TAGS),  # ds(ds(x)) -> ds(x)
    Rule(OpP(DimShuffle, x), _dimshuffle_lift, name="local_dimshuffle_lift", tags=TAGS),  # ds(f(a, b)) -> f(ds(a), ds(b))
    Rule(OpP(Rebroadcast, x), _useless_rebroadcast, name="local_useless_rebroadcast", tags=TAGS),  # rebroadcast -> x
    Rule(OpP(Reshape, x, y), _useless_reshape, name="local_useless_reshape", tags=TAGS),  # x.reshape(x.shape) -> x
    Rule(OpP(Alloc, ...), _useless_alloc, name="local_useless_alloc", tags=TAGS),  # alloc(x, *x.shape) -> x
]

RULES: list[Rule] = _ELEMWISE_RULES + _STRUCTURE_RULES + SHAPE_RULES + REDUCTION_RULES + [
    Rule(r.lhs, r.rhs, name=r.name, tags=set(r.tags) | {"canonicalize"}) for r in FOLDING_RULES]
