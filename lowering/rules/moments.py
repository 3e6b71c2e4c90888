"""Lowering of the Mean op (float64 mean over one axis or all)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.moments import Mean
from theano.lowering.registry import LoweringContext, lowers


@lowers(Mean)
def lower_mean(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return jnp.mean(jnp.asarray(x, dtype="float64"), axis=node.op.reduce_axes(np.ndim(x)))
