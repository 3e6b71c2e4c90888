"""Lowering of frontend/ops/unique.py: jnp.unique with the count from the host shape program as its static size."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.unique import Unique, UniqueCount, _normalize_axis
from theano.lowering.registry import LoweringContext, lowers


@lowers(UniqueCount)
def lower_unique_count(node: Any, ctx: LoweringContext, x: Any) -> Any:
    axis = _normalize_axis(node.op.axis, np.ndim(x))
    if axis is None:
        s = jnp.sort(jnp.ravel(x))
        if s.size == 0:
            return jnp.asarray(0, dtype="int64")
        return (1 + jnp.sum(s[1:] != s[:-1])).astype("int64")
    rows = jnp.moveaxis(jnp.asarray(x), axis, 0).reshape(np.shape(x)[axis], -1)
    if rows.shape[0] == 0:
        return jnp.asarray(0, dtype="int64")
    order = jnp.lexsort(rows.T[::-1]) if rows.shape[1] else jnp.arange(rows.shape[0])
    s = rows[order]
    return (1 + jnp.sum(jnp.any(s[1:] != s[:-1], axis=1))).astype("int64")


@lowers(Unique)
def lower_unique(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    axis = _normalize_axis(op.axis, np.ndim(x))
    if ctx.out_shapes is not None:
        first = ctx.out_shapes[0]
        count = first[0] if axis is None else first[axis]
    else:  # eager use (test values, op-by-op modes): the values are concrete
        count = int(UniqueCount(op.axis).host_impl(node, np.asarray(x)))
    if axis is None:
        x = jnp.ravel(x)
    outs = jnp.unique(x, return_index=op.return_index, return_inverse=op.return_inverse,
                      return_counts=op.return_counts, axis=axis, size=count)
    if not (op.return_index or op.return_inverse or op.return_counts):
        return outs
    outs = list(outs)
    return tuple([outs[0]] + [jnp.ravel(o).astype("int64") for o in outs[1:]])
