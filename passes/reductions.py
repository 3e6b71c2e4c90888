"""Reduction rewrites: useless reductions go, nested sums merge, constant factors leave sums.

In `canonicalize`: a reduction over no axes or over broadcastable (length-1) axes only is a
dimshuffle (`local_reduce_broadcastable`), `sum(sum(x, 0), 0) -> sum(x, (0, 1))`, `sum(-x) -> -sum(x)`.
In `specialize` (SPECIALIZE_RULES): `sum(c * x) -> c * sum(x)` and `sum(x / c) -> sum(x) / c` for a
scalar c, so the multiplication runs on the small result.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.max_argmax import MaxAndArgmax
from theano.frontend.ops.moments import Mean
from theano.frontend.ops.reduce import All, CAReduce, CAReduceDtype, Prod, Sum
from theano.frontend.ops.reduce import Any as Any_
from theano.passes.algebra import scalar_like_constant
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, P, sole, x, y
from theano.passes.utils import as_scalar

TAGS = ("canonicalize", "fast_run")
SPECIALIZE_TAGS = ("specialize", "fast_run")
_SAME = object()


def _axes(node: Any) -> tuple[int, ...]:
    return node.op.reduce_axes(node.inputs[0].ndim)


def _over_broadcastable_axes(v: Variable) -> bool:
    """A reduction (or max_and_argmax) whose axes all have length 1 (broadcastable)."""
    node = v.owner
    axes = tuple(node.op.axis) if isinstance(node.op, MaxAndArgmax) else _axes(node)
    return all(node.inputs[0].broadcastable[a] for a in axes)


def _is_plain_reduction(v: Variable) -> bool:
    """A CAReduce with a scalar op (not Mean, which divides) over length-1 axes only (at least one)."""
    op = v.owner.op
    return not isinstance(op, Mean) and getattr(op, "scalar_op", None) is not None and _over_broadcastable_axes(v) \
        and len(_axes(v.owner)) > 0


def _reduces_nothing(v: Variable) -> bool:
    """A CAReduce with a scalar op (not Mean) over no axis at all."""
    op = v.owner.op
    return not isinstance(op, Mean) and getattr(op, "scalar_op", None) is not None and len(_axes(v.owner)) == 0


def _drop_axes(src: Variable, axes: tuple[int, ...]) -> Variable:
    """`src` without its (length-1) `axes`."""
    return DimShuffle(src.broadcastable, [i for i in range(src.ndim) if i not in axes])(src) if axes else src


def _reduce_broadcastable(x: Variable, node: Any, var: Variable) -> Variable | None:
    """A reduction over length-1 (broadcastable) axes only -> dropping those axes."""
    out = _drop_axes(x, _axes(node))
    if out.dtype != var.dtype:
        if isinstance(node.op, (All, Any_)) and x.dtype != "bool":
            return None
        out = T.cast(out, var.dtype)
    return out


def _max_broadcastable(x: Variable, node: Any) -> list[Variable]:
    """max_and_argmax over length-1 axes only -> (x without those axes, zeros)."""
    mx = _drop_axes(x, tuple(node.op.axis))
    return [mx, T.zeros_like(mx, dtype="int64")]


def _same_reduction(a: Any, b: Any) -> bool:
    return (type(a) is type(b) and getattr(a, "dtype", None) == getattr(b, "dtype", None)
            and getattr(a, "acc_dtype", None) == getattr(b, "acc_dtype", None))


def _like(op: Any, v: Variable, axis: Any = _SAME) -> Variable:
    """The reduction `op` (same class, dtype and accumulator) applied to `v`, over `axis` (default: op's)."""
    return type(op)(axis=op.axis if axis is _SAME else axis, dtype=op.dtype, acc_dtype=op.acc_dtype)(v)


def _sum_sum(x: Variable, inner: Variable, node: Any) -> Variable | None:
    """sum(sum(x, a1), a2) -> sum(x, a1 + a2) when the inner sum is used only there."""
    if not _same_reduction(inner.owner.op, node.op):
        return None
    in_axes = _axes(inner.owner)
    kept = [i for i in range(x.ndim) if i not in in_axes]
    return _like(node.op, x, sorted(set(in_axes) | {kept[a] for a in _axes(node)}))


def _floats_kept(v: Variable) -> bool:
    """A float sum whose input has its dtype (so factors can move out of it)."""
    return v.dtype in _dt.float_dtypes and v.owner.inputs[0].dtype == v.dtype


def _sum_scalar_factor(x: Variable, node: Any, y: Variable | None = None) -> Variable | None:
    """sum(c * x * ...) -> c * sum(x * ...), sum(x / c) -> sum(x) / c, for scalar-like c."""
    if y is not None:  # x / y
        return ELEMWISE_OPS["true_div"](_like(node.op, x), as_scalar(y)) if all(y.broadcastable) else None
    ins = x.owner.inputs
    scalars = [v for v in ins if all(v.broadcastable)]
    rest = [v for v in ins if not all(v.broadcastable)]
    if not scalars or not rest or (len(scalars) == 1 and scalar_like_constant(scalars[0]) == 1):
        return None
    body = rest[0] if len(rest) == 1 else ELEMWISE_OPS["mul"](*rest)
    return ELEMWISE_OPS["mul"](*[as_scalar(s) for s in scalars], _like(node.op, body))


RULES = tagged(TAGS, [
    Rule(OpP(CAReduce, x).where(_reduces_nothing), _reduce_broadcastable,
         name="local_cut_useless_reduce"),  # sum(x, axis=()) -> x
    Rule(OpP(CAReduce, x).where(_is_plain_reduction), _reduce_broadcastable,
         name="local_reduce_broadcastable"),  # sum over length-1 axes -> x
    Rule(OpP(MaxAndArgmax, x).where(_over_broadcastable_axes), _max_broadcastable,
         name="local_max_and_argmax_broadcastable"),  # max over length-1 axes -> x
    Rule(OpP((Sum, Prod), sole(OpP((Sum, Prod), x, name="inner"))), _sum_sum,
         name="local_sum_sum"),  # sum(sum(x, 0), 0) -> sum(x, (0, 1)); prod(prod(x, 0), 0) likewise
    Rule(OpP(Sum, sole(-x)).where(_floats_kept), lambda x, node: -_like(node.op, x),
         name="local_sum_neg"),  # sum(-x) -> -sum(x)
])

SPECIALIZE_RULES = tagged(SPECIALIZE_TAGS, [
    Rule(OpP(Sum, sole(P.mul(...).named("x") | P.true_div(x, y))).where(_floats_kept), _sum_scalar_factor,
         name="local_sum_prod_mul_by_scalar"),  # sum(c*x) -> c*sum(x), sum(x/c) -> sum(x)/c
])

__all__ = ["RULES", "SPECIALIZE_RULES", "CAReduceDtype"]
