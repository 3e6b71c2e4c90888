"""Lowering of frontend/ops/nnet_graphs.py's ops: a column prepended to each row of a matrix."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.nnet_graphs import Prepend_scalar_constant_to_each_row, Prepend_scalar_to_each_row
from theano.lowering.registry import LoweringContext, lowers


def _prepend(value: Any, mat: Any, dtype: str) -> Any:
    mat = jnp.asarray(mat, dtype=dtype)
    column = jnp.full((mat.shape[0], 1), value, dtype=dtype)
    return jnp.concatenate([column, mat], axis=1)


@lowers(Prepend_scalar_constant_to_each_row)
def lower_prepend_constant(node: Any, ctx: LoweringContext, mat: Any) -> Any:
    return _prepend(node.op.val, mat, node.outputs[0].dtype)


@lowers(Prepend_scalar_to_each_row)
def lower_prepend_scalar(node: Any, ctx: LoweringContext, val: Any, mat: Any) -> Any:
    return _prepend(jnp.asarray(val).astype(node.outputs[0].dtype), mat, node.outputs[0].dtype)
