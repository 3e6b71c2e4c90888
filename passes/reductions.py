"""Reduction rewrites: useless reductions go, nested sums merge, constant factors leave sums.

In `canonicalize`: a reduction over no axes or over broadcastable (length-1) axes only is a
dimshuffle (`local_reduce_broadcastable`), `sum(sum(x, 0), 0) -> sum(x, (0, 1))`, `sum(-x) -> -sum(x)`.
In `specialize` (SPECIALIZE_RULES): `sum(c * x) -> c * sum(x)` and `sum(x / c) -> sum(x) / c` for a
scalar c, so the multiplication runs on the small result.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.max_argmax import MaxAndArgmax
from theano.frontend.ops.reduce import CAReduce, CAReduceDtype, Sum
from theano.passes.algebra import only_client, scalar_like_constant, scalar_name
from theano.passes.engine import Rule
from theano.passes.pattern import Match, OpP, x
from theano.passes.utils import as_scalar

TAGS = ("canonicalize", "fast_run")
SPECIALIZE_TAGS = ("specialize", "fast_run")


def _axes(node: Any) -> tuple[int, ...]:
    return node.op.reduce_axes(node.inputs[0].ndim)


def _reduce_broadcastable(m: Match) -> Variable | None:
    """A reduction over length-1 (broadcastable) axes only -> dropping those axes."""
    src = m.node.inputs[0]
    op = m.node.op
    if type(op).__name__ in ("Mean",) or getattr(op, "scalar_op", None) is None:
        return None
    axes = _axes(m.node)
    if not all(src.broadcastable[a] for a in axes):
        return None
    keep = [i for i in range(src.ndim) if i not in axes]
    out = DimShuffle(src.broadcastable, keep)(src) if axes else src
    if out.dtype != m.var.dtype:
        if type(op).__name__ in ("All", "Any") and src.dtype != "bool":
            return None
        out = T.cast(out, m.var.dtype)
    return out


def _max_broadcastable(m: Match) -> list[Variable] | None:
    """max_and_argmax over length-1 axes only -> (x without those axes, zeros)."""
    src = m.node.inputs[0]
    axes = tuple(m.node.op.axis)
    if not all(src.broadcastable[a] for a in axes):
        return None
    keep = [i for i in range(src.ndim) if i not in axes]
    mx = DimShuffle(src.broadcastable, keep)(src) if axes else src
    return [mx, T.zeros_like(mx, dtype="int64")]


def _same_reduction(a: Any, b: Any) -> bool:
    return (type(a) is type(b) and getattr(a, "dtype", None) == getattr(b, "dtype", None)
            and getattr(a, "acc_dtype", None) == getattr(b, "acc_dtype", None))


def _sum_sum(m: Match) -> Variable | None:
    """sum(sum(x, a1), a2) -> sum(x, a1 + a2) when the inner sum is used only there."""
    inner = m.node.inputs[0]
    if inner.owner is None or not _same_reduction(inner.owner.op, m.node.op):
        return None
    if not only_client(m.fgraph, inner, m.node):
        return None
    src = inner.owner.inputs[0]
    in_axes = _axes(inner.owner)
    kept = [i for i in range(src.ndim) if i not in in_axes]
    out_axes = sorted(set(in_axes) | {kept[a] for a in _axes(m.node)})
    op = m.node.op
    return type(op)(axis=out_axes, dtype=op.dtype, acc_dtype=op.acc_dtype)(src)


def _sum_neg(m: Match) -> Variable | None:
    """sum(-x) -> -sum(x)."""
    inner = m.node.inputs[0]
    if scalar_name(inner) != "neg" or not only_client(m.fgraph, inner, m.node):
        return None
    if m.var.dtype not in ("float16", "float32", "float64") or inner.dtype != m.var.dtype:
        return None
    op = m.node.op
    return ELEMWISE_OPS["neg"](type(op)(axis=op.axis, dtype=op.dtype, acc_dtype=op.acc_dtype)(inner.owner.inputs[0]))


def _sum_scalar_factor(m: Match) -> Variable | None:
    """sum(c * x * ...) -> c * sum(x * ...), sum(x / c) -> sum(x) / c, for scalar-like c."""
    inner = m.node.inputs[0]
    kind = scalar_name(inner)
    if kind not in ("mul", "true_div") or not only_client(m.fgraph, inner, m.node):
        return None
    if m.var.dtype not in ("float16", "float32", "float64") or inner.dtype != m.var.dtype:
        return None
    op = m.node.op
    ins = inner.owner.inputs

    def reduce(v: Variable) -> Variable:
        return type(op)(axis=op.axis, dtype=op.dtype, acc_dtype=op.acc_dtype)(v)

    if kind == "true_div":
        num, den = ins
        if not all(den.broadcastable):
            return None
        return ELEMWISE_OPS["true_div"](reduce(num), as_scalar(den))
    scalars = [v for v in ins if all(v.broadcastable)]
    rest = [v for v in ins if not all(v.broadcastable)]
    if not scalars or not rest:
        return None
    if len(scalars) == 1 and scalar_like_constant(scalars[0]) == 1:
        return None
    body = rest[0] if len(rest) == 1 else ELEMWISE_OPS["mul"](*rest)
    return ELEMWISE_OPS["mul"](*[as_scalar(s) for s in scalars], reduce(body))


RULES = [
    Rule(OpP(CAReduce, x), _reduce_broadcastable, name="local_reduce_broadcastable", tags=TAGS),  # sum over length-1 axes -> x
    Rule(OpP(MaxAndArgmax, x), _max_broadcastable, name="local_max_and_argmax_broadcastable", tags=TAGS),  # max over length-1 axes -> x
    Rule(OpP(Sum, x), _sum_sum, name="local_sum_sum", tags=TAGS),  # sum(sum(x, 0), 0) -> sum(x, (0, 1))
    Rule(OpP(Sum, x), _sum_neg, name="local_sum_neg", tags=TAGS),  # sum(-x) -> -sum(x)
]

SPECIALIZE_RULES = [
    Rule(OpP(Sum, x), _sum_scalar_factor, name="local_sum_prod_mul_by_scalar", tags=SPECIALIZE_TAGS),  # sum(c*x) -> c*sum(x)
]

__all__ = ["RULES", "SPECIALIZE_RULES", "CAReduceDtype"]
