"""Lowering of Dot and BatchedDot: inputs are cast to the output dtype, then jnp.dot / lax.dot_general.

Products run at the precision policy (lowering/precision.py, `config.matmul_precision`): full float32 by
default, as Theano's BLAS calls did, so float32 results on GPUs are not silently computed in TF32/bf16.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np
from jax import lax

from theano.frontend.ops.blas import BatchedDot, Dot
from theano.lowering.precision import dot_precision
from theano.lowering.registry import LoweringContext, lowers


def _as_dtype(x: Any, dtype: str) -> Any:
    return x if getattr(x, "dtype", None) == np.dtype(dtype) else jnp.asarray(x).astype(dtype)


def _check_aligned(xs: tuple, ys: tuple, kx: int, ky: int) -> None:
    """numpy's error for a contracted dimension whose lengths differ."""
    if xs[kx] != ys[ky]:
        raise ValueError("shapes %s and %s not aligned: %d (dim %d) != %d (dim %d)"
                         % (xs, ys, xs[kx], kx, ys[ky], ky))


def _product(x: Any, y: Any, dims: Any, dtype: str) -> Any:
    """lax.dot_general at the policy's precision in `dtype`; bools are multiplied as ints (numpy's logical dot)."""
    if dtype == "bool":
        out = lax.dot_general(_as_dtype(x, "int32"), _as_dtype(y, "int32"), dims, precision=dot_precision("int32"),
                              preferred_element_type=jnp.int32)
        return out != 0
    return lax.dot_general(_as_dtype(x, dtype), _as_dtype(y, dtype), dims, precision=dot_precision(dtype),
                           preferred_element_type=np.dtype(dtype))


@lowers(Dot)
def lower_dot(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    xs, ys = tuple(np.shape(x)), tuple(np.shape(y))
    ky = 0 if len(ys) == 1 else len(ys) - 2
    _check_aligned(xs, ys, len(xs) - 1, ky)
    return _product(x, y, (((len(xs) - 1,), (ky,)), ((), ())), node.outputs[0].dtype)


@lowers(BatchedDot)
def lower_batched_dot(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    xs, ys = tuple(np.shape(x)), tuple(np.shape(y))
    if xs[0] != ys[0]:
        raise TypeError("theano.tensor.blas.BatchedDot: inputs must have the same size in axis 0, but have sizes "
                        "[%d, %d]." % (xs[0], ys[0]))
    _check_aligned(xs, ys, len(xs) - 1, 1)
    return _product(x, y, (((len(xs) - 1,), (1,)), ((0,), (0,))), node.outputs[0].dtype)
