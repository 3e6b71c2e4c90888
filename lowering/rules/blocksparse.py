"""Lowering of frontend/ops/blocksparse.py: gather the chosen blocks, contract them in one batched product.

Gemv: w = W[iIdx[b, i], oIdx[b, j]] (batch, iWin, oWin, iSize, oSize); o + einsum('bik,bijkl->bjl', h, w).
Outer: the (batch, xWin, yWin) outer products x[b, i] (x) y[b, j], scatter-added at [xIdx[b, i], yIdx[b, j]]
(repeated block pairs accumulate, as Theano's loop does). Products follow the precision policy.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.blocksparse import SparseBlockGemv, SparseBlockOuter
from theano.lowering.precision import dot_precision
from theano.lowering.registry import LoweringContext, lowers


@lowers(SparseBlockGemv)
def lower_sparse_block_gemv(node: Any, ctx: LoweringContext, o: Any, W: Any, h: Any, iIdx: Any, oIdx: Any) -> Any:
    dtype = node.outputs[0].dtype
    o, W, h, iIdx, oIdx = (jnp.asarray(v) for v in (o, W, h, iIdx, oIdx))
    w = W[iIdx[:, :, None], oIdx[:, None, :]]  # (batch, iWin, oWin, iSize, oSize)
    work = jnp.result_type(W.dtype, h.dtype)
    prod = jnp.einsum('bik,bijkl->bjl', h.astype(work), w.astype(work), precision=dot_precision(work))
    return (o + prod).astype(dtype)


@lowers(SparseBlockOuter)
def lower_sparse_block_outer(node: Any, ctx: LoweringContext, o: Any, x: Any, y: Any, xIdx: Any, yIdx: Any,
                             alpha: Any) -> Any:
    dtype = node.outputs[0].dtype
    o, x, y, xIdx, yIdx = (jnp.asarray(v) for v in (o, x, y, xIdx, yIdx))
    work = jnp.result_type(x.dtype, y.dtype)
    outer = jnp.einsum('bik,bjl->bijkl', x.astype(work), y.astype(work), precision=dot_precision(work))
    outer = (outer * jnp.asarray(alpha, work)).astype(dtype)
    rows = jnp.broadcast_to(xIdx[:, :, None], outer.shape[:3])
    cols = jnp.broadcast_to(yIdx[:, None, :], outer.shape[:3])
    return o.at[rows, cols].add(outer)
