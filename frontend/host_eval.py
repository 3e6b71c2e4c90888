"""Evaluating small graphs in numpy on the host, through each op's `host_impl` (no jax).

Shape arithmetic, static lengths and host callbacks all need the value of a small integer graph
before anything is compiled; this is the one place that walks such a graph.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.graph import Apply, Constant, Variable, io_toposort


def host_apply(node: Apply, values: Sequence[Any]) -> list[Any]:
    """Run one node's numpy implementation; always returns the list of its outputs."""
    out = node.op.host_impl(node, *values)
    return list(out) if isinstance(out, (list, tuple)) else [out]


def evaluate_on_host(outputs: Sequence[Variable], values: dict[int, Any] | None = None,
                     shapes: dict[int, tuple[int, ...]] | None = None) -> list[Any] | None:
    """The values of `outputs` from constants, known `values` (by id of variable) and known `shapes`
    (by id; they answer Shape/Shape_i of that variable), or None if some node cannot be computed here."""
    from theano.frontend.ops.shape import Shape, Shape_i

    env: dict[int, Any] = dict(values or {})
    shapes = shapes or {}
    for out in outputs:
        if isinstance(out, Constant):
            env[id(out)] = out.data
    for node in io_toposort([], outputs):
        if all(id(o) in env for o in node.outputs):
            continue
        op = node.op
        if isinstance(op, (Shape, Shape_i)) and id(node.inputs[0]) in shapes:
            shp = shapes[id(node.inputs[0])]
            env[id(node.outputs[0])] = np.asarray(shp if isinstance(op, Shape) else shp[op.i], dtype="int64")
            continue
        args = []
        for inp in node.inputs:
            if isinstance(inp, Constant):
                args.append(inp.data)
            elif id(inp) in env:
                args.append(env[id(inp)])
            else:
                return None
        if not hasattr(op, "host_impl"):
            return None
        try:
            outs = host_apply(node, args)
        except Exception:  # noqa: BLE001 - what cannot be computed here is simply not known
            return None
        for o, val in zip(node.outputs, outs):
            env[id(o)] = val
    if not all(id(o) in env for o in outputs):
        return None
    return [env[id(o)] for o in outputs]


def host_int(v: Any, shapes: dict[int, tuple[int, ...]] | None = None) -> int | None:
    """A scalar integer expression's value if it is computable on the host from constants (and known shapes)."""
    if isinstance(v, (int, np.integer)):
        return int(v)
    if not isinstance(v, Variable):
        arr = np.asarray(v)
        return int(arr) if arr.ndim == 0 else None
    result = evaluate_on_host([v], shapes=shapes)
    return None if result is None else int(np.asarray(result[0]))
