"""Lowering of frontend/ops/ifelse.py for a plain IfElse node, whose then- and else-values are both already
computed (eager op-by-op evaluation: DebugMode, test values). Lazy evaluation inside a compiled function is
lowering/lazy_branches.py's work: there the node becomes one lax.cond over the nodes each branch needs."""
from __future__ import annotations

from typing import Any, Sequence

import jax
import numpy as np

from theano.frontend.ops.ifelse import IfElse
from theano.frontend.graph import backend
from theano.lowering.ifelse_shapes import shapes_may_differ
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.sparse_boundary import match_capacities
from theano.lowering.sparse_callback import value_shape


def pick_branch(then_shapes: Sequence[tuple], else_shapes: Sequence[tuple],
                out_shapes: Sequence[tuple] | None) -> str | None:
    """'then' or 'else' where the host-computed output shapes already say which branch is taken (the branches
    differ in shape), else None (the choice is left to the condition's value)."""
    then_shapes, else_shapes = [tuple(s) for s in then_shapes], [tuple(s) for s in else_shapes]
    if then_shapes == else_shapes or out_shapes is None:
        return None
    out_shapes = [tuple(s) for s in out_shapes]
    if then_shapes == out_shapes:
        return "then"
    if else_shapes == out_shapes:
        return "else"
    raise ValueError(f"IfElse: the host computed output shapes {out_shapes}, but the then-branch has shapes "
                     f"{then_shapes} and the else-branch {else_shapes}")


@lowers(IfElse)
def lower_ifelse(node: Any, ctx: LoweringContext, c: Any, *values: Any) -> Any:
    n = node.op.n_outs
    ts, fs = values[:n], values[n:]
    if not isinstance(c, jax.core.Tracer):  # a concrete condition: pick on the host
        return tuple(ts if np.asarray(c) != 0 else fs)
    choice = pick_branch([value_shape(v) for v in ts], [value_shape(v) for v in fs], ctx.out_shapes)
    if choice is not None:
        return tuple(ts if choice == "then" else fs)
    ts, fs = match_capacities(ts, fs)  # sparse branches: one nnz capacity for lax.cond
    then_shapes, else_shapes = [value_shape(v) for v in ts], [value_shape(v) for v in fs]
    if then_shapes != else_shapes:
        raise ValueError(shape_mismatch(node.op, then_shapes, else_shapes))
    return tuple(jax.lax.cond(c != 0, lambda t, f: tuple(t), lambda t, f: tuple(f), tuple(ts), tuple(fs)))


def shape_mismatch(op: Any, then_shapes: Sequence[tuple], else_shapes: Sequence[tuple]) -> str:
    """The error for branches of different shapes whose shapes could not be computed before the call."""
    return (f"{op}: the then-branch has shapes {list(then_shapes)} and the else-branch {list(else_shapes)}; the "
            "output shape would depend on the condition, and computing it before the call needs ops without a "
            "host implementation or infer_shape (give those ops an infer_shape / host implementation)")


backend["ifelse_shapes_may_differ"] = shapes_may_differ  # IfElse.value_dependent_shape's proof
