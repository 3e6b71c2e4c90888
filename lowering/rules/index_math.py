"""Lowering of frontend/ops/index_math.py: searchsorted, unravel / ravel of indices, the bincount check."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.index_math import NonnegativeCheck, RavelMultiIndex, SearchsortedOp, UnravelIndex
from theano.lowering.registry import LoweringContext, lowers


@lowers(SearchsortedOp)
def lower_searchsorted(node: Any, ctx: LoweringContext, x: Any, v: Any, sorter: Any = None) -> Any:
    x = jnp.asarray(x)
    if sorter is not None:
        x = x[jnp.asarray(sorter)]
    return jnp.searchsorted(x, v, side=node.op.side).astype("int64")


def _strides(dims: Any, order: str) -> Any:
    """Element strides (int64 vector, computed on the device) of a contiguous array of shape dims in C or F order."""
    d = jnp.asarray(dims).astype("int64")
    if order == "C":
        return jnp.concatenate([jnp.cumprod(d[::-1])[::-1][1:], jnp.ones(1, dtype="int64")])
    return jnp.concatenate([jnp.ones(1, dtype="int64"), jnp.cumprod(d)[:-1]])


def _concrete(value: Any) -> np.ndarray | None:
    """The value as numpy when it is known now (eager use, constants), else None (traced)."""
    try:
        return np.asarray(value)
    except Exception:  # noqa: BLE001 - a traced value
        return None


@lowers(UnravelIndex)
def lower_unravel_index(node: Any, ctx: LoweringContext, indices: Any, dims: Any) -> Any:
    ndim = node.op.ndim
    if np.shape(dims)[0] != ndim:
        raise ValueError("unravel_index: dims has %d entries, the op was built for ndim=%d" % (np.shape(dims)[0], ndim))
    known_i, known_d = _concrete(indices), _concrete(dims)
    if known_i is not None and known_d is not None and known_i.size:
        size = int(np.prod(known_d))
        if known_i.min() < 0 or known_i.max() >= size:
            bad = known_i[(known_i < 0) | (known_i >= size)].flat[0]
            raise ValueError("index %d is out of bounds for array with size %d" % (int(bad), size))
    idx = jnp.asarray(indices).astype("int64")
    d = jnp.asarray(dims).astype("int64")
    strides = _strides(d, "C")  # Theano 1.0.5 computes numpy.unravel_index(indices, dims): C order, whatever `order`
    return tuple((idx // strides[k]) % d[k] for k in range(ndim))


@lowers(RavelMultiIndex)
def lower_ravel_multi_index(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    dims = inputs[-1]
    coords = [jnp.asarray(c).astype("int64") for c in inputs[:-1]]
    if len(coords) != np.shape(dims)[0]:
        raise ValueError("parameter multi_index must be a sequence of length %d" % np.shape(dims)[0])
    d = jnp.asarray(dims).astype("int64")
    mode = node.op.mode
    if mode == "raise":
        known_d = _concrete(dims)
        for k, c in enumerate(inputs[:-1]):
            known = _concrete(c)
            if known is not None and known_d is not None and known.size and (
                    known.min() < 0 or known.max() >= known_d[k]):
                raise ValueError("invalid entry in coordinates array")
    strides = _strides(d, node.op.order)
    out = jnp.zeros(jnp.broadcast_shapes(*[c.shape for c in coords]), dtype="int64")
    for k, c in enumerate(coords):
        if mode == "wrap":
            c = c % d[k]
        elif mode == "clip":
            c = jnp.clip(c, 0, d[k] - 1)
        out = out + c * strides[k]
    return out


@lowers(NonnegativeCheck)
def lower_nonnegative_check(node: Any, ctx: LoweringContext, x: Any) -> Any:
    concrete = _concrete(x)
    if concrete is not None:  # traced: the host shape program ran the check before this call
        node.op.host_impl(node, concrete)
    return x
