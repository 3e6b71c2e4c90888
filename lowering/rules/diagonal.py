"""Lowering of frontend/ops/diagonal.py: Eye, Tri (value-dependent (n, m), dynamic k), ExtractDiag, AllocDiag."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.diagonal import AllocDiag, ExtractDiag, Eye, Tri
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.alloc import nonnegative
from theano.lowering.rules.shape import static_shape


def _rows_cols(node: Any, ctx: LoweringContext, n: Any, m: Any) -> tuple[Any, Any]:
    rows, cols = nonnegative(node, static_shape(ctx, 0, (n, m)))
    return jnp.arange(rows, dtype="int64")[:, None], jnp.arange(cols, dtype="int64")[None, :]


@lowers(Eye)
def lower_eye(node: Any, ctx: LoweringContext, n: Any, m: Any, k: Any) -> Any:
    r, c = _rows_cols(node, ctx, n, m)
    return (c - r == jnp.asarray(k).astype("int64")).astype(node.outputs[0].dtype)


@lowers(Tri)
def lower_tri(node: Any, ctx: LoweringContext, n: Any, m: Any, k: Any) -> Any:
    r, c = _rows_cols(node, ctx, n, m)
    return (c <= r + jnp.asarray(k).astype("int64")).astype(node.outputs[0].dtype)


@lowers(ExtractDiag)
def lower_extract_diag(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    return jnp.diagonal(x, op.offset, op.axis1, op.axis2)


@lowers(AllocDiag)
def lower_alloc_diag(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    a1, a2 = min(op.axis1, op.axis2), max(op.axis1, op.axis2)
    k = np.shape(x)[-1]
    size = k + abs(op.offset)
    idx = np.arange(k)
    res = jnp.zeros(np.shape(x)[:-1] + (size, size), dtype=node.outputs[0].dtype)
    res = res.at[..., idx + max(0, -op.offset), idx + max(0, op.offset)].set(x)
    return jnp.moveaxis(res, (-2, -1), (a1, a2)) if np.ndim(x) > 1 else res
