"""Lowering of frontend/ops/fill_diagonal.py: a scatter into the (offset) diagonal positions."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.fill_diagonal import FillDiagonal, FillDiagonalOffset
from theano.lowering.registry import LoweringContext, lowers


@lowers(FillDiagonal)
def lower_fill_diagonal(node: Any, ctx: LoweringContext, a: Any, val: Any) -> Any:
    a = jnp.asarray(a)
    n = min(a.shape) if a.ndim > 2 else min(a.shape[0], a.shape[1])
    i = jnp.arange(n)
    return a.at[(i,) * a.ndim].set(jnp.asarray(val, dtype=a.dtype))


@lowers(FillDiagonalOffset)
def lower_fill_diagonal_offset(node: Any, ctx: LoweringContext, a: Any, val: Any, offset: Any) -> Any:
    a = jnp.asarray(a)
    height, width = a.shape
    k = jnp.asarray(offset, dtype="int64")
    i = jnp.arange(max(height, width), dtype="int64")
    rows = jnp.where(k >= 0, i, i - k)
    cols = jnp.where(k >= 0, i + k, i)
    inside = (rows < height) & (cols < width)
    # positions outside the matrix go to an out-of-range row, which the scatter drops
    rows = jnp.where(inside, rows, height)
    return a.at[rows, jnp.where(inside, cols, 0)].set(jnp.asarray(val, dtype=a.dtype), mode="drop")
