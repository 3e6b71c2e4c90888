"""Lowering of Theano's deprecated Tile op: jnp.tile with the repetitions the host shape program fixed."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.tile_op import Tile
from theano.lowering.registry import LoweringContext, lowers


@lowers(Tile)
def lower_tile(node: Any, ctx: LoweringContext, x: Any, reps: Any) -> Any:
    try:  # a concrete reps (eager evaluation, constant folding)
        reps_value = [int(r) for r in np.asarray(reps).reshape(-1)]
    except Exception:  # traced: the output shape from the shape program gives the repetitions
        if ctx.out_shapes is None:
            raise NotImplementedError(f"{node.op}: reps must be known when compiling") from None
        out = ctx.out_shapes[0]
        reps_value = [o // s if s else 1 for o, s in zip(out, np.shape(x))]
    res = jnp.tile(x, reps_value)
    if res.ndim != node.op.ndim:
        raise ValueError("Tile.perform produced incorrect number of dimensions")
    return res
