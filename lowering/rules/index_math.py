"""Lowering of frontend/ops/index_math.py: searchsorted, unravel / ravel of indices, the bincount check."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.index_math import NonnegativeCheck, RavelMultiIndex, SearchsortedOp, UnravelIndex
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.alloc import concrete_int


@lowers(SearchsortedOp)
def lower_searchsorted(node: Any, ctx: LoweringContext, x: Any, v: Any, sorter: Any = None) -> Any:
    x = jnp.asarray(x)
    if sorter is not None:
        x = x[jnp.asarray(sorter)]
    return jnp.searchsorted(x, v, side=node.op.side).astype("int64")


def _dims(node: Any, dims: Any) -> tuple[int, ...]:
    return tuple(concrete_int(d, "dims", node) for d in np.asarray(dims))


def _strides(dims: tuple[int, ...], order: str) -> list[int]:
    """Element strides of a contiguous array of shape dims in C or F order."""
    axes = range(len(dims) - 1, -1, -1) if order == "C" else range(len(dims))
    strides = [0] * len(dims)
    acc = 1
    for a in axes:
        strides[a] = acc
        acc *= dims[a]
    return strides


@lowers(UnravelIndex)
def lower_unravel_index(node: Any, ctx: LoweringContext, indices: Any, dims: Any) -> Any:
    shape = _dims(node, dims)
    if len(shape) != node.op.ndim:
        raise ValueError("unravel_index: dims has %d entries, the op was built for ndim=%d" % (len(shape), node.op.ndim))
    size = int(np.prod(shape))
    idx = jnp.asarray(indices).astype("int64")
    try:
        concrete = np.asarray(indices)
    except Exception:  # traced: checked on the host only when the values are known
        concrete = None
    if concrete is not None and concrete.size and (concrete.min() < 0 or concrete.max() >= size):
        raise ValueError("index %d is out of bounds for array with size %d"
                         % (int(concrete[(concrete < 0) | (concrete >= size)].flat[0]), size))
    strides = _strides(shape, node.op.order)
    return tuple((idx // s) % d for s, d in zip(strides, shape))


@lowers(RavelMultiIndex)
def lower_ravel_multi_index(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    shape = _dims(node, inputs[-1])
    coords = [jnp.asarray(c).astype("int64") for c in inputs[:-1]]
    if len(coords) != len(shape):
        raise ValueError("parameter multi_index must be a sequence of length %d" % len(shape))
    mode = node.op.mode
    fixed = []
    for axis, (c, d) in enumerate(zip(coords, shape)):
        if mode == "wrap":
            c = c % d
        elif mode == "clip":
            c = jnp.clip(c, 0, d - 1)
        else:
            try:
                concrete = np.asarray(inputs[axis])
            except Exception:
                concrete = None
            if concrete is not None and concrete.size and (concrete.min() < 0 or concrete.max() >= d):
                raise ValueError("invalid entry in coordinates array")
        fixed.append(c)
    out = jnp.zeros(jnp.broadcast_shapes(*[c.shape for c in fixed]), dtype="int64")
    for c, s in zip(fixed, _strides(shape, node.op.order)):
        out = out + c * s
    return out


@lowers(NonnegativeCheck)
def lower_nonnegative_check(node: Any, ctx: LoweringContext, x: Any) -> Any:
    try:
        concrete = np.asarray(x)
    except Exception:  # traced: the host shape program ran the check before this call
        return x
    node.op.host_impl(node, concrete)
    return x
