"""Lowering of frontend/ops/extra_ops.py: CumOp, RepeatOp, SortOp/ArgSortOp, Nonzero/NonzeroCount.

RepeatOp's output length (the sum of the repeats) and Nonzero's count come from the host shape program.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
from jax import lax
import numpy as np

from theano.frontend.ops.extra_ops import ArgSortOp, CumOp, Nonzero, NonzeroCount, RepeatOp, SortOp
from theano.lowering.registry import LoweringContext, lowers


@lowers(CumOp)
def lower_cumop(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    dtype = node.outputs[0].dtype
    x = jnp.asarray(x)
    if op.axis is None:
        x = jnp.ravel(x)
    axis = 0 if op.axis is None else op.axis
    if dtype == "bool":  # numpy: cumulative or / and in bool
        fn = jnp.cumsum if op.mode == "add" else jnp.cumprod
        return fn(x.astype("int64"), axis=axis) != 0
    fn = jnp.cumsum if op.mode == "add" else jnp.cumprod
    return fn(x, axis=axis, dtype=dtype)


@lowers(RepeatOp)
def lower_repeat(node: Any, ctx: LoweringContext, x: Any, repeats: Any) -> Any:
    axis = node.op.axis
    if ctx.out_shapes is not None:
        out = ctx.out_shapes[0]
        total = out[0] if axis is None else out[axis]
    else:
        total = int(np.sum(np.asarray(repeats)) if np.ndim(repeats) else np.asarray(repeats) * np.size(x))
    r = jnp.asarray(repeats).astype("int64")  # narrow counts (int8) would overflow in the running sum
    if np.ndim(repeats) == 1 and np.shape(repeats)[0] != (np.size(x) if axis is None else np.shape(x)[axis]):
        raise ValueError(f"RepeatOp: repeats of length {np.shape(repeats)[0]} do not match the input of shape "
                         f"{np.shape(x)} along axis {axis}")
    return jnp.repeat(x, r, axis=axis, total_repeat_length=total)


def _along_axis(fn: Any, a: Any, axis: Any) -> Any:
    """fn(a, axis) for a constant axis; for a symbolic one, each axis is a branch chosen on the device."""
    ndim = np.ndim(a)
    if ndim == 0:
        return fn(a, 0)
    try:
        ax = float(np.asarray(axis))
    except Exception:  # traced
        index = jnp.asarray(axis).astype("int64") % ndim
        return lax.switch(index, [lambda v, k=k: fn(v, k) for k in range(ndim)], a)
    if ax != int(ax) or not -ndim <= int(ax) < ndim:
        raise ValueError(f"sort axis {ax} is not an integer axis of an input of {ndim} dimensions")
    return fn(a, int(ax))


@lowers(SortOp)
def lower_sort(node: Any, ctx: LoweringContext, a: Any, axis: Any) -> Any:
    return _along_axis(lambda v, k: jnp.sort(v, axis=k), a, axis)


@lowers(ArgSortOp)
def lower_argsort(node: Any, ctx: LoweringContext, a: Any, axis: Any) -> Any:
    return _along_axis(lambda v, k: jnp.argsort(v, axis=k).astype("int64"), a, axis)


@lowers(NonzeroCount)
def lower_nonzero_count(node: Any, ctx: LoweringContext, a: Any) -> Any:
    return jnp.count_nonzero(a).astype("int64")


@lowers(Nonzero)
def lower_nonzero(node: Any, ctx: LoweringContext, a: Any) -> Any:
    if ctx.out_shapes is not None:
        count = ctx.out_shapes[0][1]
    else:
        count = int(np.count_nonzero(np.asarray(a)))
    idx = jnp.nonzero(a, size=count)
    return jnp.stack(idx).astype("int64") if count else jnp.zeros((np.ndim(a), 0), dtype="int64")
