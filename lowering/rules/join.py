"""Lowering of the joining ops of frontend/ops/join.py: Join and Split (split sizes come from the host shape program)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.join import Join, Split, split_values
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.alloc import concrete_int


@lowers(Join)
def lower_join(node: Any, ctx: LoweringContext, axis: Any, *tensors: Any) -> Any:
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


@lowers(Split)
def lower_split(node: Any, ctx: LoweringContext, x: Any, axis: Any, splits: Any) -> Any:
    ax = concrete_int(axis, "split axis", node)
    n = node.op.len_splits
    if ctx.out_shapes is not None:
        sizes = [ctx.out_shapes[k][ax % np.ndim(x)] for k in range(n)]
    else:
        sizes = [int(s) for s in np.asarray(splits)]
    return tuple(split_values(x, ax, sizes, n))
