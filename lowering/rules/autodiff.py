"""LoweredVJP / LoweredJVP: `jax.vjp` / `jax.jvp` of the base op's own lowering rule (frontend/ops/autodiff.py)."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.autodiff import LoweredJVP, LoweredVJP
from theano.lowering.registry import LoweringContext, lowers, rule_for


def _base(node: Any, ctx: LoweringContext) -> tuple:
    """(base node, its rule), built once per node."""
    got = ctx.extra.get("base")
    if got is None:
        base = node.op.base_node(node)
        got = ctx.extra["base"] = (base, rule_for(base.op))
    return got


def _as_list(result: Any) -> list:
    return list(result) if isinstance(result, (tuple, list)) else [result]


@lowers(LoweredVJP)
def vjp_rule(node: Any, ctx: LoweringContext, *arrays: Any) -> tuple:
    op: LoweredVJP = node.op
    base, rule = _base(node, ctx)
    ins = list(arrays[:op.n_in])
    cts = list(arrays[op.n_in:])
    out_shapes: list = [None] * len(base.outputs)
    for j, ct in zip(op.ct_idx, cts):
        out_shapes[j] = tuple(np.shape(ct))
    bctx = LoweringContext(base, out_shapes)
    out_dtypes = [np.dtype(base.outputs[j].type.dtype) for j in op.ct_idx]

    def f(*diff: Any) -> tuple:
        vals = list(ins)
        for i, d in zip(op.wrt, diff):
            vals[i] = d
        outs = _as_list(rule(base, bctx, *vals))
        return tuple(jnp.asarray(outs[j]).astype(dt) for j, dt in zip(op.ct_idx, out_dtypes))

    primals = [jnp.asarray(ins[i]).astype(np.dtype(base.inputs[i].type.dtype)) for i in op.wrt]
    _, pullback = jax.vjp(f, *primals)
    return tuple(pullback(tuple(jnp.asarray(ct).astype(dt) for ct, dt in zip(cts, out_dtypes))))


@lowers(LoweredJVP)
def jvp_rule(node: Any, ctx: LoweringContext, *arrays: Any) -> tuple:
    op: LoweredJVP = node.op
    base, rule = _base(node, ctx)
    ins = list(arrays[:op.n_in])
    tangents = list(arrays[op.n_in:])
    out_shapes = None
    if ctx.out_shapes is not None:
        out_shapes = [None] * len(base.outputs)
        for j, shp in zip(op.out_idx, ctx.out_shapes):
            out_shapes[j] = shp
    bctx = LoweringContext(base, out_shapes)

    def f(*diff: Any) -> tuple:
        vals = list(ins)
        for i, d in zip(op.wrt, diff):
            vals[i] = d
        outs = _as_list(rule(base, bctx, *vals))
        return tuple(jnp.asarray(outs[j]).astype(np.dtype(base.outputs[j].type.dtype)) for j in op.out_idx)

    dtypes = [np.dtype(base.inputs[i].type.dtype) for i in op.wrt]
    primals = [jnp.asarray(ins[i]).astype(dt) for i, dt in zip(op.wrt, dtypes)]
    _, out_tangents = jax.jvp(f, tuple(primals), tuple(jnp.asarray(t).astype(dt) for t, dt in zip(tangents, dtypes)))
    return tuple(out_tangents)
