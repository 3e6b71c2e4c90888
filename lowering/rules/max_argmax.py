"""Lowering of MaxAndArgmax and Argmax (argmax over several axes flattens them, as Theano does)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.max_argmax import Argmax, MaxAndArgmax
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.sparse_boundary import padded_length


def argmax_over(x: Any, axes: tuple[int, ...]) -> Any:
    """int64 argmax over `axes`, indexing the reduced axes flattened in order (Theano's MaxAndArgmax)."""
    x = jnp.asarray(x)
    keep = [i for i in range(x.ndim) if i not in axes]
    t = jnp.transpose(x, keep + list(axes)) if keep + list(axes) != list(range(x.ndim)) else x
    kept_shape = t.shape[:len(keep)]
    size = int(np.prod(t.shape[len(keep):], dtype="int64"))
    if size == 0:
        raise ValueError("attempt to get argmax of an empty sequence")
    return jnp.argmax(jnp.reshape(t, kept_shape + (size,)), axis=-1).astype("int64")


@lowers(MaxAndArgmax)
def lower_max_and_argmax(node: Any, ctx: LoweringContext, x: Any) -> Any:
    axes = node.op.axis
    x = jnp.asarray(x)
    if not axes:
        return x, jnp.zeros(x.shape, "int64")
    if any(x.shape[a] == 0 for a in axes):
        raise ValueError("zero-size array to reduction operation maximum which has no identity")
    nnz = padded_length(node.inputs[0], x)  # a function of csm_data(x), padded in the program: its nnz first only
    if nnz is not None:
        low = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
        x = jnp.where(jnp.arange(x.shape[0]) < nnz, x, low)
    return jnp.max(x, axis=axes), argmax_over(x, axes)


@lowers(Argmax)
def lower_argmax(node: Any, ctx: LoweringContext, x: Any) -> Any:
    axes = node.op.reduce_axes(np.ndim(x))
    if not axes:
        return jnp.zeros(np.shape(x), "int64")
    nnz = padded_length(node.inputs[0], x)
    if nnz is not None:
        x = jnp.asarray(x)
        low = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
        x = jnp.where(jnp.arange(x.shape[0]) < nnz, x, low)
    return argmax_over(x, axes)
