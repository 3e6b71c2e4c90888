"""Lowering of the allocation ops of frontend/ops/alloc.py: Alloc and ARange.

Output lengths that depend on values (alloc shapes, arange length) come from the host shape program
through `static_shape`; the values that do not change shapes (arange start/step, the alloc fill value)
stay traced.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.alloc import ARange, Alloc, arange_length
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.shape import static_shape


def concrete_int(value: Any, what: str, node: Any) -> int:
    """A Python int from a value that must be known when tracing (an op's axis)."""
    try:
        return int(np.asarray(value))
    except Exception:  # a traced value
        raise NotImplementedError(f"{node.op}: the {what} must be a constant (got a symbolic value)") from None


def nonnegative(node: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    """`shape`, or Theano's (numpy's) ValueError when a dimension is negative (JAX would raise a TypeError)."""
    if any(d < 0 for d in shape):
        raise ValueError(f"negative dimensions are not allowed: {node.op} was asked for shape {shape}")
    return shape


@lowers(Alloc)
def lower_alloc(node: Any, ctx: LoweringContext, value: Any, *shape: Any) -> Any:
    target = static_shape(ctx, 0, shape) if ctx.out_shapes is not None else tuple(concrete_int(s, "shape", node) for s in shape)
    nonnegative(node, target)
    vshape = np.shape(value)
    lead = len(target) - len(vshape)
    if lead < 0 or any(v != 1 and v != t for v, t in zip(vshape, target[lead:])):
        raise ValueError(f"Alloc: could not broadcast the value of shape {vshape} into shape {target}")
    return jnp.broadcast_to(jnp.asarray(value, dtype=node.outputs[0].dtype), target)


@lowers(ARange)
def lower_arange(node: Any, ctx: LoweringContext, start: Any, stop: Any, step: Any) -> Any:
    if ctx.out_shapes is not None:
        n = ctx.out_shapes[0][0]
    else:
        n = arange_length(np.asarray(start).item(), np.asarray(stop).item(), np.asarray(step).item())
    dtype = np.dtype(node.outputs[0].dtype)
    work = np.dtype("int64") if dtype.kind in "iub" else np.dtype("float64") if dtype.kind == "f" else dtype
    if dtype.kind == "f" and dtype.itemsize >= 4:
        # numpy's arange, bit for bit: out[0] = start, out[1] = start + step, then out[i] = start + i * delta with
        # delta = out[1] - out[0] (not step: -5 + 1.2 - -5 is 1.2000000000000002), all in the output dtype
        start_w, step_w = jnp.asarray(start).astype(dtype), jnp.asarray(step).astype(dtype)
        second = start_w + step_w
        delta = second - start_w
        # i * delta rounded before the add, as numpy does: XLA's CPU backend contracts a multiply feeding an add
        # into one fused multiply-add (1 ulp off); a select between them (an identity: NaN stays NaN) prevents it
        product = jnp.arange(n, dtype=dtype) * delta
        values = start_w + jnp.where(product == product, product, jnp.nan)
        return values.at[1].set(second) if n > 1 else values
    idx = jnp.arange(n, dtype=work)
    return (jnp.asarray(start).astype(work) + jnp.asarray(step).astype(work) * idx).astype(dtype)
