"""The `canonicalize` set: one normal form for equivalent graphs, and removal of what does nothing.

Sums and products get their canonical form (passes/algebra.py); identities disappear (`x*1`, `x+0`,
`exp(log(x))`, gradient-helper ViewOps, useless dimshuffles, reshapes, allocs, rebroadcasts, fills);
dimshuffles move towards the inputs and fills towards the outputs, where they cancel.
Shape rules live in passes/shapes.py and reductions in passes/reductions.py; both are part of this set.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import tensor as T
from theano.frontend.graph import Apply, Variable
from theano.frontend.ops import nnet
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.compile_ops import DeepCopyOp, ViewOp
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.shape import MakeVector, Rebroadcast, Reshape, Shape, Shape_i, constant_entries
from theano.passes.algebra import canonical_product, canonical_sum, only_client, scalar_name
from theano.passes.constant_folding import RULES as FOLDING_RULES
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, P, a, b, sole, x, y
from theano.passes.sigm_rewrites import LIFT_RULES as SIGM_LIFT_RULES
from theano.passes.reductions import RULES as REDUCTION_RULES
from theano.passes.shapes import RULES as SHAPE_RULES
from theano.passes.sort_rewrites import RULES as SORT_RULES
from theano.passes.sparse_rewrites import CANONICALIZE_RULES as CANONICALIZE_SPARSE_RULES  # issue 14
from theano.passes.useless_elemwise import RULES as USELESS_ELEMWISE_RULES
from theano.passes.assert_rewrites import RULES as ASSERT_RULES
from theano.passes.zero_rewrites import RULES as ZERO_RULES
from theano.passes.subtensor_rewrites import SUBTENSOR_RULES
from theano.passes.alloc_rewrites import RULES as ALLOC_RULES
from theano.passes.reduce_rewrites import RULES as REDUCE_RULES
from theano.passes.join_rewrites import RULES as JOIN_RULES
from theano.passes.arith_rewrites import CANONICALIZE_RULES as ARITH_CANONICALIZE_RULES
from theano.passes.erf_rewrites import IDENTITY_RULES as ERF_IDENTITY_RULES
from theano.passes.ctc_rewrites import RULES as CTC_RULES
from theano.passes.dot_rewrites import RULES as DOT_RULES
from theano.passes.distribute import RULES as DISTRIBUTE_RULES
from theano.passes.switch_div_rewrites import CANONICALIZE_RULES as SWITCH_DIV_RULES

TAGS = ("canonicalize", "fast_run")
# ops whose output has the shape of their (first) input: a fill reads only the shape
_SAME_SHAPE_OPS = (Elemwise, nnet.Softmax, nnet.LogSoftmax, nnet.SoftmaxWithBias, ViewOp, Rebroadcast)


def _useless_fill(var: Variable, a: Variable, b: Variable) -> Variable | None:
    """second(a, b) -> b when b already has the output's broadcast pattern (shapes agree by Theano's rules)."""
    return b if b.broadcastable == var.broadcastable or a is b else None


def _fill_sink(node: Apply, var: Variable, fgraph: Any) -> Variable | None:
    """f(..., second(a, b), ...) -> second(a, f(..., b, ...)): fills move out, where they cancel."""
    if scalar_name(var) == "second" or len(node.outputs) != 1:
        return None
    for k, v in enumerate(node.inputs):
        if scalar_name(v) == "second" and only_client(fgraph, v, node):
            a, b = v.owner.inputs
            inner = node.op(*[b if j == k else u for j, u in enumerate(node.inputs)])
            return ELEMWISE_OPS["second"](a, inner)
    return None


def _fill_shape_source(f: Variable, b: Variable) -> Variable | None:
    """second(f(u), b) -> second(u, b) when u has the shape of f(u): a fill needs only a shape."""
    node = f.owner
    for u in (node.inputs if isinstance(node.op, Elemwise) else node.inputs[:1]):
        if u.broadcastable == f.broadcastable and u.ndim == f.ndim:
            return ELEMWISE_OPS["second"](u, b)
    return None


def _identity_order(v: Variable) -> bool:
    """A DimShuffle that keeps every dim in place, up to moving length-1 dims (Theano's is_dimshuffle_useless:
    `x.dimshuffle(0, 'x')` of a (False, True) matrix, `y.dimshuffle(2, 1, 0)` of a (True, False, True) one)."""
    order, src = list(v.owner.op.new_order), v.owner.inputs[0]
    if len(order) != src.ndim:
        return False
    ones = {i for i, b in enumerate(src.broadcastable) if b} | {"x"}
    return all(o == i or (i in ones and o in ones) for i, o in enumerate(order))


def _dimshuffle_merge(x: Variable, inner: Variable, var: Variable) -> Variable:
    """DimShuffle(DimShuffle(x)) -> one DimShuffle (or x)."""
    order = ["x" if j == "x" else inner.owner.op.new_order[j] for j in var.owner.op.new_order]
    if len(order) == x.ndim:
        ones = {i for i, b in enumerate(x.broadcastable) if b} | {"x"}
        if all(o == i or (i in ones and o in ones) for i, o in enumerate(order)):
            return x
    return DimShuffle(x.broadcastable, order)(x)


def _dimshuffle_lift(f: Variable, var: Variable, fgraph: Any) -> Variable | None:
    """DimShuffle(f(a, b)) -> f(DimShuffle(a), DimShuffle(b)) for an elementwise f used only there; as Theano's
    apply_local_dimshuffle_lift, the new DimShuffles are lifted in turn through inputs used only by what is
    lifted, merged into a DimShuffle below them and dropped where they do nothing (iteratively, no recursion)."""
    if len(f.owner.outputs) != 1:
        return None

    def sole_elemwise(u: Variable) -> bool:
        node = u.owner
        return (node is not None and isinstance(node.op, Elemwise) and len(node.outputs) == 1
                and fgraph is not None and len(fgraph.clients.get(u, ())) == 1)

    top = (f, tuple(var.owner.op.new_order))
    done: dict[tuple, Variable] = {}
    stack: list[tuple[Variable, tuple, bool]] = [(f, top[1], False)]
    while stack:
        u, order, expanded = stack.pop()
        key = (u, order)
        if key in done and not expanded:
            continue
        node = u.owner
        if u is f or sole_elemwise(u):
            if not expanded:
                stack.append((u, order, True))
                stack.extend((i, order, False) for i in reversed(node.inputs) if (i, order) not in done)
                continue
            done[key] = node.op(*[done[(i, order)] for i in node.inputs])
            continue
        src, new_order = u, order
        if node is not None and isinstance(node.op, DimShuffle):
            src, new_order = node.inputs[0], tuple("x" if j == "x" else node.op.new_order[j] for j in order)
        ones = {i for i, b in enumerate(src.broadcastable) if b} | {"x"}
        if len(new_order) == src.ndim and all(o == i or (i in ones and o in ones) for i, o in enumerate(new_order)):
            done[key] = src
        elif src is not u and sole_elemwise(src) and len(fgraph.clients.get(u, ())) == 1:  # lifted on through src
            if (src, new_order) not in done:
                stack.extend([(u, order, False), (src, new_order, False)])
                continue
            done[key] = done[(src, new_order)]
        else:
            done[key] = DimShuffle(src.broadcastable, list(new_order))(src)
    return done[top]


def _same_shape_entries(x_: Variable, entries: list[Any], minus_one: bool = False) -> bool:
    """Whether shape entries (variables) are exactly x's own dims (with `minus_one`, one entry may be -1: a
    reshape's other dims then fix it to x's own)."""
    from theano.passes.utils import constant_int

    if len(entries) != x_.ndim:
        return False
    wild = 0
    for i, e in enumerate(entries):
        if x_.broadcastable[i] and constant_int(e) == 1:
            continue
        if minus_one and constant_int(e) == -1 and not wild:
            wild += 1
            continue
        if not (e.owner is not None and isinstance(e.owner.op, Shape_i) and e.owner.op.i == i
                and e.owner.inputs[0] is x_):
            return False
    return True


def _reshape_to_own_shape(v: Variable) -> bool:
    """Reshape(x, s) where s is x's own shape (Shape(x), [Shape_i{0}(x), ...], or [-1] for a vector)."""
    (src, shp), op = v.owner.inputs, v.owner.op
    if src.ndim != op.ndim:
        return False
    if src.ndim == 1 and constant_entries(shp) == [-1]:
        return True
    if shp.owner is None:
        return False
    if isinstance(shp.owner.op, MakeVector):
        return _same_shape_entries(src, list(shp.owner.inputs), minus_one=True)
    return isinstance(shp.owner.op, Shape) and shp.owner.inputs[0] is src


def _alloc_of_own_shape(v: Variable) -> bool:
    """Alloc(x, *x.shape)."""
    value = v.owner.inputs[0]
    return value.type == v.type and _same_shape_entries(value, list(v.owner.inputs[1:]))


_ELEMWISE_RULES = [
    Rule(P.any_of(P.add(...), P.sub(...), P.neg(...)), canonical_sum, name="local_add_canonizer"),  # x + y - x -> y, x + x -> 2*x
    Rule(P.any_of(P.mul(...), P.true_div(...), P.inv(...), P.neg(...)), canonical_product, name="local_mul_canonizer"),  # x*y/x -> y, x/x -> 1, x*1 -> x
    Rule(P.exp(P.log(x)), x, name="local_exp_log"),  # exp(log(x)) -> x
    Rule(P.log(P.exp(x)), x, name="local_log_exp"),  # log(exp(x)) -> x
    Rule(P.pow(x, 1), x, name="local_pow_one"),  # x ** 1 -> x
    Rule(P.pow(x, 0), lambda x, var: T.ones_like(x, dtype=var.dtype), name="local_pow_zero"),  # x ** 0 -> 1
    Rule(P.identity(x), x, name="remove_tensor_copy"),  # identity(x) -> x
    Rule(P.second(a, b), _useless_fill, name="local_useless_fill"),  # fill(a, b) -> b when b has the shape
    Rule(P.second(OpP(_SAME_SHAPE_OPS, ..., name="f"), b), _fill_shape_source,
         name="local_fill_shape_source"),  # fill(f(u), b) -> fill(u, b)
    Rule(OpP(Elemwise, ...), _fill_sink, name="local_fill_sink", needs=("second",)),  # f(fill(a, b)) -> fill(a, f(b))
    Rule(P.switch(y, x, x), lambda x, y, var: x if x.type == var.type else ELEMWISE_OPS["second"](y, x),
         name="local_useless_switch"),  # switch(c, x, x) -> x (fill(c, x) where c gives the shape)
]

_STRUCTURE_RULES = [
    Rule(OpP(ViewOp, x).where(lambda v: not isinstance(v.owner.op, DeepCopyOp)), x,
         name="local_view_op"),  # zero_grad(x), grad_clip(x), ... -> x
    Rule(OpP(DimShuffle, x).where(_identity_order), x, name="local_useless_dimshuffle"),  # x.dimshuffle(0, 1) -> x
    Rule(OpP(DimShuffle, OpP(DimShuffle, x, name="inner")), _dimshuffle_merge, name="local_dimshuffle_merge"),  # ds(ds(x)) -> ds(x)
    Rule(OpP(DimShuffle, sole(OpP(Elemwise, ..., name="f"))), _dimshuffle_lift,
         name="local_dimshuffle_lift"),  # ds(f(a, b)) -> f(ds(a), ds(b))
    Rule(OpP(Rebroadcast, x).where(lambda v: v.owner.inputs[0].broadcastable == v.broadcastable)
         | OpP(Rebroadcast, OpP(Rebroadcast, y)),
         lambda var, x=None, y=None: x if x is not None else T.patternbroadcast(y, var.broadcastable),
         name="local_useless_rebroadcast"),  # rebroadcast(x) -> x, rebroadcast(rebroadcast(y)) -> rebroadcast(y)
    Rule(OpP(Reshape, OpP(Reshape, x, ...), y) | OpP(Reshape, x, y).where(_reshape_to_own_shape),
         lambda x, y, node: x if x is node.inputs[0] else node.op(x, y),
         name="local_useless_reshape"),  # x.reshape(x.shape) -> x, x.reshape(s1).reshape(s2) -> x.reshape(s2)
    Rule(OpP(Alloc, x, ...).where(_alloc_of_own_shape), x,
         name="local_useless_alloc"),  # alloc(x, *x.shape) -> x (alloc of alloc: local_merge_alloc)
]

RULES: list[Rule] = tagged(TAGS, _ELEMWISE_RULES + _STRUCTURE_RULES) + SHAPE_RULES + REDUCTION_RULES + SORT_RULES + [
    Rule(r.lhs, r.rhs, name=r.name, tags=set(r.tags) | {"canonicalize"}) for r in FOLDING_RULES]
RULES += CANONICALIZE_SPARSE_RULES  # issue 14: theano.sparse.opt's canonicalize rewrites
RULES += USELESS_ELEMWISE_RULES  # comparisons with self, logic with constants, cast of cast, 0 / y, ...
RULES += ASSERT_RULES  # Asserts of constant true conditions go; every Assert when the user asks (unsafe)
RULES += SUBTENSOR_RULES  # Theano's subtensor rewrites: merge, lift, useless slices/increments (passes/subtensor_rewrites.py)
RULES += ZERO_RULES  # x[i] += 0, set_subtensor(c's[i], c), inc_subtensor(zeros[i], y), dot with zeros
RULES += SIGM_LIFT_RULES  # reshape(f(x)) -> f(reshape(x)) (passes/sigm_rewrites.py)
RULES += ERF_IDENTITY_RULES  # 1 - erf(x) -> erfc(x), ... (passes/erf_rewrites.py)
RULES += ALLOC_RULES  # local_merge_alloc, local_canonicalize_alloc, reshape/dimshuffle (passes/alloc_rewrites.py)
RULES += REDUCE_RULES  # some-broadcastable reductions, local_opt_alloc, local_reduce_join (passes/reduce_rewrites.py)
RULES += JOIN_RULES  # local_join_empty, local_join_make_vector (passes/join_rewrites.py)
RULES += ARITH_CANONICALIZE_RULES  # abs lift, switch sinks (passes/arith_rewrites.py)
RULES += CTC_RULES  # the CTC op without its unused gradient output (local_ctc_no_grad)
RULES += DOT_RULES  # dot(x, y).T -> dot(y.T, x.T) (local_lift_transpose_through_dot)
RULES += DISTRIBUTE_RULES  # (a/x + b) * x -> a + b*x (local_greedy_distributor)
RULES += SWITCH_DIV_RULES  # switches on one condition merge, sum(a / b.dimshuffle('x', 0), 0) -> sum(a, 0) / b
