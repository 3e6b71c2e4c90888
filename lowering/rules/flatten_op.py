"""Lowering of Theano's deprecated Flatten op (loaded from old pickles): a reshape keeping outdim-1 dimensions."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.flatten_op import Flatten
from theano.lowering.registry import LoweringContext, lowers


@lowers(Flatten)
def lower_flatten(node: Any, ctx: LoweringContext, x: Any) -> Any:
    keep = tuple(jnp.shape(x)[:node.op.outdim - 1])
    return jnp.reshape(x, keep + (-1,))
