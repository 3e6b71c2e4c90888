"""Lowering of frontend/ops/alloc_empty.py: AllocEmpty as zeros of the host-computed shape."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.alloc_empty import AllocEmpty
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.alloc import concrete_int, nonnegative
from theano.lowering.rules.shape import static_shape


@lowers(AllocEmpty)
def lower_alloc_empty(node: Any, ctx: LoweringContext, *shape: Any) -> Any:
    target = static_shape(ctx, 0, shape) if ctx.out_shapes is not None else tuple(concrete_int(s, "shape", node)
                                                                                   for s in shape)
    return jnp.zeros(nonnegative(node, target), dtype=node.outputs[0].dtype)

