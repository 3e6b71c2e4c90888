"""Lowering of Theano's BLAS ops (frontend/ops/blas_ops.py): one dot_general each, at the precision policy.

The products go through lowering/rules/blas.py's `_product` (config.matmul_precision, lowering/precision.py), as
Dot's do. The scaling follows BLAS: with beta == 0 the accumulator (z, y) is not read, so a NaN or Inf there does
not reach the result, and with alpha == 0 the product is not added. Shapes are checked when the program is traced
(shapes are static to XLA), so a mismatch is a ValueError before anything runs. No rule writes in place: the
inplace flavours return new arrays like the others (XLA assigns the buffers).
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.blas_ops import Dot22, Dot22Scalar, Gemm, Gemv, Ger
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.blas import _as_dtype, _check_aligned, _product

_MATMUL = (((1,), (0,)), ((), ()))


def _scaled(alpha: Any, product: Any) -> Any:
    """alpha * product, exactly zero where alpha == 0 (BLAS does not add the product then)."""
    return jnp.where(alpha == 0, jnp.zeros_like(product), alpha * product)


def _accumulate(beta: Any, acc: Any, term: Any) -> Any:
    """beta * acc + term, with acc unread where beta == 0 (BLAS's contract for C / y)."""
    return jnp.where(beta == 0, term, beta * acc + term)


@lowers(Gemm)
def lower_gemm(node: Any, ctx: LoweringContext, z: Any, a: Any, x: Any, y: Any, b: Any) -> Any:
    zs, xs, ys = np.shape(z), np.shape(x), np.shape(y)
    _check_aligned(tuple(xs), tuple(ys), 1, 0)  # numpy's "not aligned" first, as Theano's perform reports it
    if xs[0] != zs[0]:
        raise ValueError("Shape mismatch: x has %d rows but z has %d rows" % (xs[0], zs[0]))
    if ys[1] != zs[1]:
        raise ValueError("Shape mismatch: y has %d cols but z has %d cols" % (ys[1], zs[1]))
    dtype = node.outputs[0].dtype
    a, b, z = _as_dtype(a, dtype), _as_dtype(b, dtype), _as_dtype(z, dtype)
    return _accumulate(b, z, _scaled(a, _product(x, y, _MATMUL, dtype)))


@lowers(Gemv)
def lower_gemv(node: Any, ctx: LoweringContext, y: Any, alpha: Any, A: Any, x: Any, beta: Any) -> Any:  # noqa: N803
    ys, As, xs = np.shape(y), np.shape(A), np.shape(x)
    if As[0] != ys[0] or As[1] != xs[0]:
        raise ValueError("Incompatible shapes for gemv (beta * y + alpha * dot(A, x)). y: %s, A: %s, x: %s "
                         % (tuple(ys), tuple(As), tuple(xs)))
    dtype = node.outputs[0].dtype
    alpha, beta, y = _as_dtype(alpha, dtype), _as_dtype(beta, dtype), _as_dtype(y, dtype)
    return _accumulate(beta, y, _scaled(alpha, _product(A, x, _MATMUL, dtype)))


@lowers(Ger)
def lower_ger(node: Any, ctx: LoweringContext, A: Any, alpha: Any, x: Any, y: Any) -> Any:  # noqa: N803
    As, xs, ys = np.shape(A), np.shape(x), np.shape(y)
    if As[0] != xs[0]:
        raise ValueError("Shape mismatch: A.shape[0] != x.shape[0] (%d != %d)" % (As[0], xs[0]))
    if As[1] != ys[0]:
        raise ValueError("Shape mismatch: A.shape[1] != y.shape[0] (%d != %d)" % (As[1], ys[0]))
    dtype = node.outputs[0].dtype
    outer = _as_dtype(x, dtype)[:, None] * _as_dtype(y, dtype)[None, :]  # no contraction: exact in any policy
    return _as_dtype(A, dtype) + _scaled(_as_dtype(alpha, dtype), outer)


@lowers(Dot22)
def lower_dot22(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    _check_aligned(tuple(np.shape(x)), tuple(np.shape(y)), 1, 0)
    return _product(x, y, _MATMUL, node.outputs[0].dtype)


@lowers(Dot22Scalar)
def lower_dot22scalar(node: Any, ctx: LoweringContext, x: Any, y: Any, a: Any) -> Any:
    _check_aligned(tuple(np.shape(x)), tuple(np.shape(y)), 1, 0)
    dtype = node.outputs[0].dtype
    return _as_dtype(a, dtype) * _product(x, y, _MATMUL, dtype)
