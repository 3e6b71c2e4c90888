"""Lowering of frontend/ops/sequences.py: DiffOp, Bartlett (length from the host shape program), CpuContiguous."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.sequences import Bartlett, CpuContiguous, DiffOp
from theano.lowering.registry import LoweringContext, lowers


@lowers(DiffOp)
def lower_diff(node: Any, ctx: LoweringContext, x: Any) -> Any:
    out = jnp.diff(x, n=node.op.n, axis=node.op.axis) if node.op.n else jnp.asarray(x)
    return out.astype(node.outputs[0].dtype)


@lowers(Bartlett)
def lower_bartlett(node: Any, ctx: LoweringContext, M: Any) -> Any:
    m = ctx.out_shapes[0][0] if ctx.out_shapes is not None else max(int(np.asarray(M)), 0)
    return jnp.asarray(np.bartlett(m), dtype="float64")


@lowers(CpuContiguous)
def lower_cpu_contiguous(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return x
