"""Lowering of the creation, joining and layout ops (frontend/ops/basic.py and extra_ops.py).

Output lengths that depend on values (alloc shapes, arange length, eye size, split sizes, nonzero
count) come from the host shape program through `static_shape`; the values that do not change
shapes (arange start/step, eye's k, the alloc fill value) stay traced.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.basic import Alloc, ARange, Join, Split, arange_length, split_values
from theano.frontend.ops.diagonal import AllocDiag, ExtractDiag, Eye, Tri
from theano.frontend.ops.extra_ops import ArgSortOp, CumOp, Nonzero, NonzeroCount, RepeatOp, SortOp
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.shape import static_shape


def _concrete_int(value: Any, what: str, node: Any) -> int:
    """A Python int from a value that must be known when tracing (an op's axis)."""
    try:
        return int(np.asarray(value))
    except Exception:  # a traced value
        raise NotImplementedError(f"{node.op}: the {what} must be a constant (got a symbolic value)") from None


@lowers(Alloc)
def lower_alloc(node: Any, ctx: LoweringContext, value: Any, *shape: Any) -> Any:
    target = static_shape(ctx, 0, shape) if ctx.out_shapes is not None else tuple(_concrete_int(s, "shape", node) for s in shape)
    vshape = np.shape(value)
    lead = len(target) - len(vshape)
    if lead < 0 or any(v != 1 and v != t for v, t in zip(vshape, target[lead:])):
        raise ValueError(f"Alloc: could not broadcast the value of shape {vshape} into shape {target}")
    return jnp.broadcast_to(jnp.asarray(value, dtype=node.outputs[0].dtype), target)


@lowers(Join)
def lower_join(node: Any, ctx: LoweringContext, axis: Any, *tensors: Any) -> Any:
    ax = _concrete_int(axis, "join axis", node)
    ndim = np.ndim(tensors[0])
    if not -ndim <= ax < ndim:
        raise IndexError("Join axis %d out of bounds [0, %d)" % (ax, ndim))
    ax %= ndim
    ref = np.shape(tensors[0])
    for k, t in enumerate(tensors[1:], 1):
        shp = np.shape(t)
        if any(a != b for d, (a, b) in enumerate(zip(ref, shp)) if d != ax):
            raise ValueError("all the input array dimensions except for the concatenation axis must match exactly, "
                             f"but input 0 has shape {ref} and input {k} has shape {shp} (join axis {ax})")
    dtype = node.outputs[0].dtype
    return jnp.concatenate([jnp.asarray(t).astype(dtype) for t in tensors], axis=ax)


@lowers(Split)
def lower_split(node: Any, ctx: LoweringContext, x: Any, axis: Any, splits: Any) -> Any:
    ax = _concrete_int(axis, "split axis", node)
    n = node.op.len_splits
    if ctx.out_shapes is not None:
        sizes = [ctx.out_shapes[k][ax % np.ndim(x)] for k in range(n)]
    else:
        sizes = [int(s) for s in np.asarray(splits)]
    return tuple(split_values(x, ax, sizes, n))


@lowers(ARange)
def lower_arange(node: Any, ctx: LoweringContext, start: Any, stop: Any, step: Any) -> Any:
    if ctx.out_shapes is not None:
        n = ctx.out_shapes[0][0]
    else:
        n = arange_length(np.asarray(start).item(), np.asarray(stop).item(), np.asarray(step).item())
    dtype = np.dtype(node.outputs[0].dtype)
    work = np.dtype("int64") if dtype.kind in "iub" else np.dtype("float64") if dtype.kind == "f" else dtype
    idx = jnp.arange(n, dtype=work)
    return (jnp.asarray(start).astype(work) + jnp.asarray(step).astype(work) * idx).astype(dtype)


def _rows_cols(node: Any, ctx: LoweringContext, n: Any, m: Any) -> tuple[Any, Any]:
    rows, cols = static_shape(ctx, 0, (n, m))
    return jnp.arange(rows, dtype="int64")[:, None], jnp.arange(cols, dtype="int64")[None, :]


@lowers(Eye)
def lower_eye(node: Any, ctx: LoweringContext, n: Any, m: Any, k: Any) -> Any:
    r, c = _rows_cols(node, ctx, n, m)
    return (c - r == jnp.asarray(k).astype("int64")).astype(node.outputs[0].dtype)


@lowers(Tri)
def lower_tri(node: Any, ctx: LoweringContext, n: Any, m: Any, k: Any) -> Any:
    r, c = _rows_cols(node, ctx, n, m)
    return (c <= r + jnp.asarray(k).astype("int64")).astype(node.outputs[0].dtype)


@lowers(ExtractDiag)
def lower_extract_diag(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    return jnp.diagonal(x, op.offset, op.axis1, op.axis2)


@lowers(AllocDiag)
def lower_alloc_diag(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    a1, a2 = min(op.axis1, op.axis2), max(op.axis1, op.axis2)
    k = np.shape(x)[-1]
    size = k + abs(op.offset)
    idx = np.arange(k)
    res = jnp.zeros(np.shape(x)[:-1] + (size, size), dtype=node.outputs[0].dtype)
    res = res.at[..., idx + max(0, -op.offset), idx + max(0, op.offset)].set(x)
    return jnp.moveaxis(res, (-2, -1), (a1, a2)) if np.ndim(x) > 1 else res


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
    r = jnp.asarray(repeats)
    if np.ndim(repeats) == 1 and np.shape(repeats)[0] != (np.size(x) if axis is None else np.shape(x)[axis]):
        raise ValueError(f"RepeatOp: repeats of length {np.shape(repeats)[0]} do not match the input of shape "
                         f"{np.shape(x)} along axis {axis}")
    return jnp.repeat(x, r, axis=axis, total_repeat_length=total)


def _sort_axis(node: Any, axis: Any, x: Any) -> int:
    return _concrete_int(axis, "sort axis", node) if np.ndim(x) else 0


@lowers(SortOp)
def lower_sort(node: Any, ctx: LoweringContext, a: Any, axis: Any) -> Any:
    return jnp.sort(a, axis=_sort_axis(node, axis, a))


@lowers(ArgSortOp)
def lower_argsort(node: Any, ctx: LoweringContext, a: Any, axis: Any) -> Any:
    return jnp.argsort(a, axis=_sort_axis(node, axis, a)).astype("int64")


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
