"""Lowering of frontend/ops/choose.py: a gather from the stacked choices ('raise' checks concrete indices)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.choose import Choose, ChooseCheck
from theano.lowering.registry import LoweringContext, lowers


@lowers(Choose)
def lower_choose(node: Any, ctx: LoweringContext, a: Any, *choices: Any) -> Any:
    if len(choices) > 1:  # separate choices: broadcast them (and a) as numpy.choose does
        dtype = node.outputs[0].dtype
        arrays = jnp.broadcast_arrays(a, *[jnp.asarray(c, dtype=dtype) for c in choices])
        a, choice = arrays[0], jnp.stack(arrays[1:])
    else:
        choice = choices[0]
    n = np.shape(choice)[0]
    mode = node.op.mode
    if mode == "raise":
        try:
            concrete = np.asarray(a)
        except Exception:  # traced: the host shape program checked them (ChooseCheck) where it could
            concrete = None
        if concrete is not None and concrete.size and (concrete.min() < 0 or concrete.max() >= n):
            raise ValueError("invalid entry in choice array")
    return jnp.choose(a, choice, mode="clip" if mode == "raise" else mode).astype(node.outputs[0].dtype)


@lowers(ChooseCheck)
def lower_choose_check(node: Any, ctx: LoweringContext, value: Any, a: Any, n_choices: Any) -> Any:
    return value  # the check ran in the host shape program
