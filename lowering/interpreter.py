"""The interpreter: walks a FunctionGraph in topological order and applies each node's lowering rule.

`lower_graph` returns a pure function of arrays that `jax.jit` traces once per shape signature.
Nodes whose output shapes depend on input values receive those shapes, computed on the host
by the shape program, through `LoweringContext.out_shapes`.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend.graph import Apply, Constant, Variable
from theano.lowering.registry import LoweringContext, rule_for


def _fix_output(value: Any, var: Variable, node: Apply) -> Any:
    dtype = var.type.dtype
    if getattr(value, "dtype", None) != dtype:
        value = value.astype(dtype) if hasattr(value, "astype") else np.asarray(value, dtype=dtype)
    if np.ndim(value) != var.type.ndim:
        raise ValueError(f"lowering of {node.op} produced a {np.ndim(value)}-d value for a {var.type.ndim}-d output {var.type}")
    return value


def apply_rule(node: Apply, inputs: Sequence[Any], out_shapes: list[tuple[int, ...]] | None = None) -> list[Any]:
    """Run one node's rule on arrays; returns the list of its outputs with Theano's dtypes."""
    rule = rule_for(node.op)
    result = rule(node, LoweringContext(node, out_shapes), *inputs)
    results = list(result) if isinstance(result, (tuple, list)) else [result]
    if len(results) != len(node.outputs):
        raise ValueError(f"lowering of {node.op} returned {len(results)} outputs, expected {len(node.outputs)}")
    return [_fix_output(v, var, node) for v, var in zip(results, node.outputs)]


def lower_graph(inputs: Sequence[Variable], outputs: Sequence[Variable], nodes: Sequence[Apply],
                shape_nodes: Sequence[Apply] = (), on_trace: Callable[[], None] | None = None) -> Callable[..., list[Any]]:
    """A pure function `(static_shapes, *input_arrays) -> outputs` computing `outputs` from `inputs`.

    `static_shapes[k]` holds the output shapes of `shape_nodes[k]` (value-dependent shapes).
    """
    input_ids = [id(v) for v in inputs]
    shape_index = {id(n): k for k, n in enumerate(shape_nodes)}
    plan = []
    for node in nodes:
        srcs = []
        for v in node.inputs:
            if isinstance(v, Constant):
                srcs.append((False, v.data))
            else:
                srcs.append((True, id(v)))
        plan.append((node, srcs, [id(o) for o in node.outputs], shape_index.get(id(node))))
    out_srcs = [(False, v.data) if isinstance(v, Constant) else (True, id(v)) for v in outputs]

    def run(static_shapes: tuple, *arrays: Any) -> list[Any]:
        if on_trace is not None:
            on_trace()
        env: dict[int, Any] = dict(zip(input_ids, arrays))
        for node, srcs, out_ids, sidx in plan:
            vals = [env[s] if is_var else s for is_var, s in srcs]
            outs = apply_rule(node, vals, static_shapes[sidx] if sidx is not None else None)
            for oid, val in zip(out_ids, outs):
                env[oid] = val
        return [env[s] if is_var else s for is_var, s in out_srcs]

    return run


def decomposition_rule(node: Apply, ctx: LoweringContext, *inputs: Any) -> Any:
    """Lower an op through its own `decompose(*input_vars)` graph of other ops."""
    from theano.frontend.graph import io_toposort

    in_vars = [v.type() for v in node.inputs]
    out_vars = node.op.decompose(*in_vars)
    single = not isinstance(out_vars, (list, tuple))
    out_vars = [out_vars] if single else list(out_vars)
    fn = lower_graph(in_vars, out_vars, io_toposort(in_vars, out_vars))
    outs = fn((), *inputs)
    return outs[0] if single else tuple(outs)
