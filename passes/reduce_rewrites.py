"""More reduction rewrites of Theano 1.0.5's tensor/opt.py (canonicalize), under Theano's names.

- local_reduce_broadcastable (for some axes): a reduction over axes of which some are broadcastable (length 1)
  drops those axes first and reduces over the others (`sum(x, (0, 1))` of a (True, False, True) x ->
  `sum(x.dimshuffle(1, 2), 0)`); the all-broadcastable case is passes/reductions.py's.
- local_opt_alloc: sum(alloc(c, *s)) -> c * prod(reduced dims of s), alloc'ed to the kept dims; prod likewise
  with c ** n. The alloc is never built.
- local_reduce_join: max/min/sum/prod over axis 0 of join(0, a[None], b[None]) -> maximum(a, b), ... (no concat).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.alloc import Alloc, alloc
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.join import Join
from theano.frontend.ops.max_argmax import MaxAndArgmax
from theano.frontend.ops.moments import Mean
from theano.frontend.ops.reduce import CAReduce, CAReduceDtype, Prod, Sum
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, scalar_constant, x
from theano.passes.utils import constant_int


def _axes(node: Any) -> tuple[int, ...]:
    op = node.op
    if isinstance(op, MaxAndArgmax):
        return tuple(op.axis)
    return op.reduce_axes(node.inputs[0].ndim)


def _reduction_over(op: Any, axes: tuple[int, ...] | None) -> Any:
    """`op` (a CAReduce or MaxAndArgmax) over other axes, keeping its dtype and accumulator."""
    if isinstance(op, MaxAndArgmax):
        return MaxAndArgmax(axes)
    if isinstance(op, CAReduceDtype):
        new = type(op).__new__(type(op))
        new.__dict__.update(op.__dict__)
        new.axis = axes
        return new
    if type(op) is CAReduce:
        return CAReduce(op.scalar_op, axes)
    new = type(op).__new__(type(op))  # All, Any
    new.__dict__.update(op.__dict__)
    new.axis = axes
    return new


def _some_broadcastable(node, x: Variable) -> Any:
    """Reduce over the non-broadcastable axes of x without its broadcastable reduced axes."""
    if isinstance(node.op, Mean) or not (isinstance(node.op, MaxAndArgmax) or getattr(node.op, "scalar_op", None)):
        return None
    axes = _axes(node)
    ones = [a for a in axes if x.broadcastable[a]]
    if not ones or len(ones) == len(axes):
        return None  # nothing to drop, or everything (local_reduce_broadcastable)
    kept = [d for d in range(x.ndim) if d not in ones]
    inner = DimShuffle(x.broadcastable, kept)(x)
    new_axes = tuple(kept.index(a) for a in axes if a not in ones)
    out = _reduction_over(node.op, new_axes)(inner, return_list=True)
    return out if isinstance(node.op, MaxAndArgmax) else out[0]


def _opt_alloc(node, x: Variable, var: Variable) -> Variable | None:
    """sum(alloc(c, *s), axes) -> alloc(c * prod(s[axes]), *s[kept]) (prod: c ** prod(s[axes])), c a scalar."""
    value, shape = x.owner.inputs[0], list(x.owner.inputs[1:])
    if value.ndim != 0 and not all(value.broadcastable):
        return None
    if node.op.acc_dtype is not None and node.op.acc_dtype != var.dtype:
        return None
    c = value if value.ndim == 0 else DimShuffle(value.broadcastable, [])(value)
    c = T.cast(c, var.dtype) if c.dtype != var.dtype else c
    axes = _axes(node)
    if not axes:
        return None
    dims = [shape[a] for a in axes]
    count = T.cast(dims[0] if len(dims) == 1 else ELEMWISE_OPS["mul"](*dims), var.dtype)  # one product, one cast
    known = scalar_constant(value)
    if known is not None and known == (0 if isinstance(node.op, Sum) else 1):
        scaled = T.constant(np.asarray(known, dtype=var.dtype))  # sum of zeros, product of ones
    elif known is not None and known == 1:
        scaled = count  # sum of ones
    else:
        scaled = c * count if isinstance(node.op, Sum) else c ** count
    kept = [shape[d] for d in range(len(shape)) if d not in axes]
    return alloc(scaled, *kept) if kept else scaled


def _reduce_join(node, var: Variable, x: Variable, fgraph: Any) -> Any:
    """maximum/minimum/add/mul reduced over axis a of join(a, u[.., None, ..], v[.., None, ..], ...) ->
    the elementwise op over u, v, ... (a max_and_argmax whose argmax is unused: its max)."""
    op = node.op
    if isinstance(op, MaxAndArgmax):
        if fgraph is None or fgraph.clients.get(node.outputs[1]) or var is not node.outputs[0]:
            return None
        name = "maximum"
    else:
        name = getattr(getattr(op, "scalar_op", None), "name", None)
    if name not in ("maximum", "minimum", "add", "mul") or isinstance(op, Mean):
        return None
    join = x.owner
    axis = constant_int(join.inputs[0])
    if axis is None or _axes(node) != (axis % x.ndim,):
        return None
    axis %= x.ndim
    parts = []
    for t in join.inputs[1:]:
        if t.owner is None or not isinstance(t.owner.op, DimShuffle):
            return None
        order = list(t.owner.op.new_order)
        if order[axis] != "x" or order.count("x") != 1:
            return None
        rest = order[:axis] + order[axis + 1:]  # u[.., None, ..] of a transposed u (stack([x, y.T])): u.T
        u = t.owner.inputs[0]
        parts.append(u if rest == list(range(u.ndim)) else DimShuffle(u.broadcastable, rest)(u))
    if len(parts) < 2:
        return None
    if name in ("maximum", "minimum"):  # binary ops: fold left over the parts (add and mul take them all)
        out = parts[0]
        for part in parts[1:]:
            out = ELEMWISE_OPS[name](out, part)
    else:
        out = ELEMWISE_OPS[name](*parts)
    if out.dtype != var.dtype:
        if isinstance(op, CAReduceDtype) and out.dtype != op.acc_dtype and op.acc_dtype is not None:
            return None
        out = T.cast(out, var.dtype)
    return {node.outputs[0]: out} if isinstance(op, MaxAndArgmax) else out


RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(OpP((CAReduce, MaxAndArgmax), x), _some_broadcastable,
         name="local_reduce_broadcastable_some"),  # sum over (0, 1) with dim 0 of length 1 -> sum over the other
    Rule(OpP((Sum, Prod), OpP(Alloc, ..., name="x")), _opt_alloc,
         name="local_opt_alloc"),  # sum(alloc(c, n, m)) -> c * n * m
    Rule(OpP((CAReduce, MaxAndArgmax), OpP(Join, ..., name="x")), _reduce_join,
         name="local_reduce_join"),  # max(join(0, a[None], b[None]), 0) -> maximum(a, b)
])
RULES[1].tags |= {"specialize"}  # local_opt_alloc runs in specialize too (where fills become allocs)
RULES[2].tags |= {"uncanonicalize"}  # local_reduce_join runs in uncanonicalize too (min is -max(-x) before it)
