"""Lowering of frontend/ops/conv3d2d.py: the diagonal stripe over two constant axes as one gather (and the
scatter-add of its gradient)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.conv3d2d import DiagonalSubtensor, IncDiagonalSubtensor, constant_axis
from theano.lowering.registry import LoweringContext, lowers


def _stripe(node: Any, x: Any) -> tuple:
    """(x with axes i0, i1 moved to the front, the stripe's row and column indices, i0, i1): stripe element
    (a, b) is x[a + n1 - 1 - b, b] over those two axes."""
    name = type(node.op).__name__
    i0 = constant_axis(node.inputs[1], name) % x.ndim
    i1 = constant_axis(node.inputs[2], name) % x.ndim
    n0, n1 = x.shape[i0], x.shape[i1]
    if n0 < n1:
        raise NotImplementedError(f"{name}: axis {i0} ({n0}) is shorter than axis {i1} ({n1})")
    a, b = jnp.arange(n0 - n1 + 1)[:, None], jnp.arange(n1)[None, :]
    return jnp.moveaxis(x, (i0, i1), (0, 1)), a + (n1 - 1) - b, b, i0, i1


@lowers(DiagonalSubtensor)
def lower_diagonal_subtensor(node: Any, ctx: LoweringContext, x: Any, i0: Any, i1: Any) -> Any:
    y, rows, cols, a0, a1 = _stripe(node, x)
    return jnp.moveaxis(y[rows, cols], (0, 1), (a0, a1))


@lowers(IncDiagonalSubtensor)
def lower_inc_diagonal_subtensor(node: Any, ctx: LoweringContext, x: Any, i0: Any, i1: Any, amt: Any) -> Any:
    y, rows, cols, a0, a1 = _stripe(node, x)
    amt = jnp.moveaxis(amt, (a0, a1), (0, 1)).astype(x.dtype)  # the stripe in x's axis order (broadcasts)
    return jnp.moveaxis(y.at[rows, cols].add(amt), (0, 1), (a0, a1))
