"""Lowering of the joining ops of frontend/ops/join.py: Join and Split (split sizes come from the host shape program)."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.join import Join, Split, split_values
from theano.lowering.runtime_checks import check
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.alloc import concrete_int


@lowers(Join)
def lower_join(node: Any, ctx: LoweringContext, axis: Any, *tensors: Any) -> Any:
    if isinstance(axis, jax.core.Tracer) and ctx.out_shapes is not None:
        return _join_traced_axis(node, ctx, axis, tensors)
    ax = concrete_int(axis, "join axis", node)
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


def _join_traced_axis(node: Any, ctx: LoweringContext, axis: Any, tensors: tuple) -> Any:
    """Join along a symbolic axis: the host shape program computed the output shape from the axis's value; the
    axes whose concatenation gives that shape are the candidates, and the traced axis picks one (lax.switch)."""
    out = tuple(ctx.out_shapes[0])
    ndim = len(out)
    shapes = [tuple(np.shape(t)) for t in tensors]
    dtype = node.outputs[0].dtype

    def fits(d: int) -> bool:
        return all(all(s[e] == out[e] for e in range(ndim) if e != d) for s in shapes) \
            and sum(s[d] for s in shapes) == out[d]
    cands = [d for d in range(ndim) if fits(d)]
    ax = jnp.asarray(axis)
    # numpy's (Theano's) IndexError for an axis out of range; the host shape program gave no usable shape then
    check((ax < -ndim) | (ax >= ndim), IndexError, f"Join: axis out of bounds for the inputs of dimension {ndim}")
    if not cands:
        check((ax >= -ndim) & (ax < ndim), ValueError,
              f"Join: the inputs' shapes {shapes} cannot be joined into the computed shape {out}")
        return jnp.zeros(out, dtype)
    ax = jnp.where(ax < 0, ax + ndim, ax)
    check(~jnp.isin(ax, jnp.asarray(cands)), ValueError, "Join: the join axis does not match the computed shape")
    index = sum(jnp.where(ax == d, i, 0) for i, d in enumerate(cands))
    branches = [lambda *ts, d=d: jnp.concatenate([jnp.asarray(t).astype(dtype) for t in ts], axis=d) for d in cands]
    return branches[0](*tensors) if len(cands) == 1 else jax.lax.switch(index, branches, *tensors)


@lowers(Split)
def lower_split(node: Any, ctx: LoweringContext, x: Any, axis: Any, splits: Any) -> Any:
    if isinstance(axis, jax.core.Tracer) and ctx.out_shapes is not None:
        return _split_traced_axis(node, ctx, x, axis)
    ax = concrete_int(axis, "split axis", node)
    n = node.op.len_splits
    if ctx.out_shapes is not None:
        sizes = [ctx.out_shapes[k][ax % np.ndim(x)] for k in range(n)]
    else:
        sizes = [int(s) for s in np.asarray(splits)]
    return tuple(split_values(x, ax, sizes, n))


def _split_traced_axis(node: Any, ctx: LoweringContext, x: Any, axis: Any) -> Any:
    """Split along a symbolic axis: the host shape program computed the pieces' shapes from the axis's value; the
    axes along which x splits into those shapes are the candidates, and the traced axis picks one (lax.switch)."""
    n = node.op.len_splits
    shape = tuple(np.shape(x))
    ndim = len(shape)
    outs = [tuple(ctx.out_shapes[k]) for k in range(n)]

    def fits(d: int) -> bool:
        return all(all(o[e] == shape[e] for e in range(ndim) if e != d) for o in outs) \
            and sum(o[d] for o in outs) == shape[d]
    cands = [d for d in range(ndim) if fits(d)]
    ax = jnp.asarray(axis)
    check((ax < -ndim) | (ax >= ndim), ValueError,
          f"Split.perform() with a symbolic axis is invalid for x.shape=={shape}")
    ax = jnp.where(ax < 0, ax + ndim, ax)
    if not cands:
        check((ax >= 0) & (ax < ndim), ValueError, f"Split: x of shape {shape} cannot be split into {outs}")
        return tuple(jnp.zeros(o, node.outputs[k].dtype) for k, o in enumerate(outs))
    check(~jnp.isin(ax, jnp.asarray(cands)), ValueError, "Split: the split axis does not match the computed shapes")
    index = sum(jnp.where(ax == d, i, 0) for i, d in enumerate(cands))
    branches = [lambda v, d=d: tuple(split_values(v, d, [o[d] for o in outs], n)) for d in cands]
    return branches[0](x) if len(cands) == 1 else jax.lax.switch(index, branches, x)
