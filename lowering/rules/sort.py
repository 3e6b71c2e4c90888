"""Lowering of frontend/ops/sort.py: TopKOp as a stable argsort, a slice of |kth| entries, and a gather.

The slice length |kth| is static (a constant kth, or the host shape program's output shape); the sign of a
symbolic kth picks the slice start on the device (the last |kth| entries for the largest, the first for the
smallest).
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
from jax import lax
import numpy as np

from theano.frontend.ops.sort import TopKOp, constant_kth
from theano.lowering.registry import LoweringContext, lowers


@lowers(TopKOp)
def lower_topk(node: Any, ctx: LoweringContext, x: Any, kth: Any) -> Any:
    op = node.op
    axis = op.axis % np.ndim(x)
    n = np.shape(x)[axis]
    k_const = constant_kth(node)
    if k_const is not None:
        size = abs(k_const)
    elif ctx.out_shapes is not None:
        size = int(ctx.out_shapes[0][axis])
    else:
        k_const = int(np.asarray(kth))
        size = abs(k_const)
    if size == 0:
        raise ValueError("topk: kth cannot be zero")
    if size > n:
        raise ValueError("topk: kth cannot be larger than the size of specified axis %d" % op.axis)
    order = jnp.argsort(x, axis=axis, stable=True)
    if k_const is not None:
        start: Any = n - size if k_const > 0 else 0
        idx = lax.slice_in_dim(order, start, start + size, axis=axis)
    else:
        start = jnp.where(jnp.asarray(kth) > 0, n - size, 0)
        idx = lax.dynamic_slice_in_dim(order, start, size, axis=axis)
    outs = []
    if op.return_values:
        outs.append(jnp.take_along_axis(x, idx, axis=axis))
    if op.return_indices:
        outs.append(idx.astype(op.idx_dtype))
    return tuple(outs) if len(outs) > 1 else outs[0]
