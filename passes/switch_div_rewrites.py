"""More of Theano 1.0.5's tensor/opt.py: a binary op of two switches on one condition, x - x in specialize,
and a sum of a quotient whose denominator is constant along the summed axes.

- local_merge_switch_same_cond (canonicalize): `op(switch(c, a, b), switch(c, x, y)) -> switch(c, op(a, x),
  op(b, y))` for a binary elementwise op, or add/mul of any number of such switches: one switch where there were
  two or more. Only where `op` of the branches has the dtype of `op` of the switches (int8 branches of a float
  switch would overflow), so it computes in the dtype it did.
- local_elemwise_sub_zeros (specialize): `x - x -> zeros_like(x)` (canonicalize's sum canonizer does it too; this
  one is for modes without canonicalize, as in Theano).
- local_sum_prod_div_dimshuffle (canonicalize, specialize), its sum half: `sum(a / b, axes)` where b has length 1
  along some of the axes -> `sum(a, those axes) / b'` (b' is b without them), then summed over the other axes:
  one division per result instead of one per element. Theano's prod half, `prod(a / b) -> prod(a) / b ** n`, is
  left out: `b ** n` overflows or underflows where the product of the quotients does not, and XLA fuses the
  division into the reduction anyway.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.moments import Mean
from theano.frontend.ops.reduce import Sum
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, P, x, y


def _scalar_name(v: Variable) -> str | None:
    node = v.owner
    if node is None or not isinstance(node.op, Elemwise):
        return None
    return getattr(node.op.scalar_op, "name", None)


def _merge_switch_same_cond(node: Any, var: Variable) -> Variable | None:
    """op(switch(c, a, b), switch(c, x, y), ...) -> switch(c, op(a, x, ...), op(b, y, ...))."""
    scalar_op = node.op.scalar_op
    name = getattr(scalar_op, "name", None)
    if len(node.outputs) != 1 or (getattr(scalar_op, "nin", None) != 2 and name not in ("add", "mul")):
        return None
    if name == "switch" or len(node.inputs) < 2 or any(_scalar_name(s) != "switch" for s in node.inputs):
        return None
    cond = node.inputs[0].owner.inputs[0]
    if any(s.owner.inputs[0] is not cond for s in node.inputs[1:]):
        return None
    then = node.op(*[s.owner.inputs[1] for s in node.inputs])
    other = node.op(*[s.owner.inputs[2] for s in node.inputs])
    if then.dtype != var.dtype or other.dtype != var.dtype:
        return None  # branches the switches upcast (int8 ones of a float switch): op would compute in another dtype
    return ELEMWISE_OPS["switch"](cond, then, other)


def _sum_div_broadcast(x: Variable, y: Variable, node: Any, var: Variable) -> Variable | None:
    """sum(x / y, axes) -> sum(x, c) / y-without-c, summed over the rest (c: the axes where y has length 1)."""
    op = node.op
    quotient = node.inputs[0]
    if isinstance(op, Mean) or var.dtype not in _dt.float_dtypes or quotient.dtype != var.dtype:
        return None
    if x.dtype != quotient.dtype or y.ndim != quotient.ndim:
        return None
    axes = sorted(op.reduce_axes(quotient.ndim))
    compatible = [a for a in axes if y.broadcastable[a]]
    if not compatible:
        return None
    rest = [a - sum(1 for c in compatible if c < a) for a in axes if a not in compatible]
    kept = DimShuffle(y.broadcastable, [i for i in range(y.ndim) if i not in compatible])(y)
    like = dict(dtype=op.dtype, acc_dtype=op.acc_dtype)
    out = ELEMWISE_OPS["true_div"](type(op)(axis=compatible, **like)(x), kept)
    if rest:
        out = type(op)(axis=rest, **like)(out)
    return out


CANONICALIZE_RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(OpP(Elemwise, ...), _merge_switch_same_cond, needs=("switch",),
         name="local_merge_switch_same_cond"),  # switch(c, a, b) + switch(c, x, y) -> switch(c, a + x, b + y)
]) + tagged(("canonicalize", "specialize", "fast_run"), [
    Rule(OpP(Sum, P.true_div(x, y)), _sum_div_broadcast,
         name="local_sum_prod_div_dimshuffle"),  # sum(a / b.dimshuffle('x', 0), 0) -> sum(a, 0) / b
])

SPECIALIZE_RULES: list[Rule] = tagged(("specialize", "fast_run"), [
    Rule(P.sub(x, x), lambda x, var: T.zeros_like(x, dtype=var.dtype), name="local_elemwise_sub_zeros"),  # x - x -> 0
]) + [r for r in CANONICALIZE_RULES if r.name == "local_sum_prod_div_dimshuffle"]

__all__ = ["CANONICALIZE_RULES", "SPECIALIZE_RULES"]
