"""LoweredVJP / LoweredJVP: `jax.vjp` / `jax.jvp` of the base op's own lowering rule (frontend/ops/autodiff.py)."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.autodiff import LoweredJVP, LoweredVJP
from theano.lowering.registry import LoweringContext, lowers, rule_for
from theano.lowering.runtime_checks import collecting, report_flag


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
        with collecting() as scope:
            outs = _as_list(rule(base, bctx, *vals))
        return tuple(jnp.asarray(outs[j]).astype(dt) for j, dt in zip(op.ct_idx, out_dtypes)), scope.flag()

    primals = [jnp.asarray(ins[i]).astype(np.dtype(base.inputs[i].type.dtype)) for i in op.wrt]
    _, pullback, flag = jax.vjp(f, *primals, has_aux=True)
    report_flag(flag)
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
        with collecting() as scope:
            outs = _as_list(rule(base, bctx, *vals))
        return tuple(jnp.asarray(outs[j]).astype(np.dtype(base.outputs[j].type.dtype)) for j in op.out_idx), \
            scope.flag()

    dtypes = [np.dtype(base.inputs[i].type.dtype) for i in op.wrt]
    primals = [jnp.asarray(ins[i]).astype(dt) for i, dt in zip(op.wrt, dtypes)]
    _, out_tangents, flag = jax.jvp(f, tuple(primals), tuple(jnp.asarray(t).astype(dt)
                                                             for t, dt in zip(tangents, dtypes)), has_aux=True)
    report_flag(flag)
    return tuple(out_tangents)


# --------------------------------------------------------------------------- one forward pass for value and gradient

def vjp_pairs(nodes: Any) -> list[tuple[int, int]]:
    """(forward position, LoweredVJP position) for each LoweredVJP node whose differentiated node is also in
    `nodes`: the forward node then runs under `jax.vjp` and the gradient node reuses its pullback, so the loop
    runs forward once and its residuals are kept, as a hand-written `jax.value_and_grad` does."""
    pos = {}
    for k, node in enumerate(nodes):
        pos.setdefault((node.op, tuple(id(v) for v in node.inputs)), k)
    pairs, used = [], set()
    for k, node in enumerate(nodes):
        if isinstance(node.op, LoweredVJP):
            key = (node.op.base, tuple(id(v) for v in node.inputs[:node.op.n_in]))
            f = pos.get(key)
            if f is not None and f < k and f not in used:
                used.add(f)
                pairs.append((f, k))
    return pairs


def paired_steps(fwd: Any, vjp: Any, out_shapes: Any, fallback_vjp: Any) -> tuple[Any, Any]:
    """Evaluator steps for a forward node and its LoweredVJP node sharing one `jax.vjp` (see vjp_pairs)."""
    rule = rule_for(fwd.op)
    op: LoweredVJP = vjp.op
    ctx = LoweringContext(fwd, out_shapes)
    out_dtypes = [np.dtype(o.type.dtype) for o in fwd.outputs]
    store: dict = {}

    def forward(node: Any, inputs: list) -> list:
        def f(*diff: Any) -> tuple:
            vals = list(inputs)
            for i, d in zip(op.wrt, diff):
                vals[i] = d
            with collecting() as scope:
                outs = _as_list(rule(fwd, ctx, *vals))
            return tuple(jnp.asarray(o).astype(dt) for o, dt in zip(outs, out_dtypes)), scope.flag()
        primals = [jnp.asarray(inputs[i]).astype(np.dtype(fwd.inputs[i].type.dtype)) for i in op.wrt]
        outs, store["pullback"], flag = jax.vjp(f, *primals, has_aux=True)
        report_flag(flag)
        store["outs"] = outs
        return list(outs)

    def backward(node: Any, inputs: list) -> list:
        pullback = store.pop("pullback", None)
        outs = store.pop("outs", None)
        if pullback is None:
            return fallback_vjp(node, inputs)
        given = dict(zip(op.ct_idx, inputs[op.n_in:]))
        cts = []
        for j, o in enumerate(outs):
            if j in given:
                cts.append(jnp.asarray(given[j]).astype(o.dtype))
            elif jnp.issubdtype(o.dtype, jnp.floating):
                cts.append(jnp.zeros(o.shape, o.dtype))
            else:
                cts.append(np.zeros(o.shape, dtype=jax.dtypes.float0))
        grads = pullback(tuple(cts))
        return [jnp.asarray(g).astype(np.dtype(v.type.dtype)) for g, v in zip(grads, vjp.outputs)]
    return forward, backward
