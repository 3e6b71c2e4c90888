"""Lowering of frontend/ops/permutation.py: PermuteRowElements as a gather (or a scatter for the inverse)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.permutation import PermuteRowElements
from theano.lowering.registry import LoweringContext, lowers


@lowers(PermuteRowElements)
def lower_permute_row_elements(node: Any, ctx: LoweringContext, x: Any, y: Any, inverse: Any) -> Any:
    xs, ys = np.shape(x), np.shape(y)
    for a, b in zip(xs, ys):
        if a != b and a != 1 and b != 1:
            raise ValueError("Dimension mismatch: %s, %s" % (a, b))
    shape = tuple(np.broadcast_shapes(xs[:-1], ys[:-1])) + (max(xs[-1], ys[-1]),)
    xb = jnp.broadcast_to(x, shape)
    yb = jnp.broadcast_to(jnp.asarray(y).astype("int64"), shape)
    gathered = jnp.take_along_axis(xb, yb, axis=-1)
    lead = tuple(jnp.indices(shape[:-1], sparse=True)) if len(shape) > 1 else ()
    lead = tuple(i[..., None] for i in lead)
    scattered = jnp.zeros(shape, dtype=xb.dtype).at[lead + (yb,)].set(xb)
    try:
        flag = bool(np.asarray(inverse))
    except Exception:  # a traced flag: pick on the device
        return jnp.where(jnp.asarray(inverse) != 0, scattered, gathered)
    return scattered if flag else gathered
