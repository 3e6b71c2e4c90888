"""Lowering of tensor.type_other's MakeSlice and SliceBounds: a slice is static inside a program (a StaticSlice,
pytree aux data)."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.type_other import MakeSlice, NoneTypeT, SliceBounds, resolve_none_bounds
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.typed_list_values import StaticSlice, as_slice


@lowers(MakeSlice)
def lower_make_slice(node: Any, ctx: LoweringContext, *bounds: Any) -> Any:
    """Concrete bounds make the slice at once; traced ones come from the host shape program (ctx.out_shapes[-1])."""
    given = [k for k, v in enumerate(node.inputs) if not isinstance(v.type, NoneTypeT)]
    values: list[Any] = [None, None, None]
    if all(not isinstance(bounds[k], jax.core.Tracer) for k in given):
        for k in given:
            values[k] = int(np.asarray(bounds[k]))
    elif ctx.out_shapes:
        for k, b in zip(given, ctx.out_shapes[-1]):
            values[k] = int(b)
    else:
        raise NotImplementedError(f"theano-xla: {node.op} with symbolic bounds needs them from the host shape program, "
                                  "which this evaluation does not have")
    return [StaticSlice(slice(*values))]


@lowers(SliceBounds)
def lower_slice_bounds(node: Any, ctx: LoweringContext, slc: Any) -> Any:
    """The bounds are static (the slice is part of the compiled signature): three int64 constants."""
    return [jnp.asarray(b, dtype=jnp.int64) for b in resolve_none_bounds(as_slice(slc))]
