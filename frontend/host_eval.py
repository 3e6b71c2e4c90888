"""Evaluating small graphs in numpy on the host, through each op's `host_impl` (no jax).

Shape arithmetic, static lengths and host callbacks all need the value of a small integer graph
before anything is compiled; this evaluates such a graph with the one evaluator (frontend/evaluate.py).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.evaluate import GraphPlan, host_apply, host_apply_or_none
from theano.frontend.graph import Variable
from theano.frontend.ops.shape import Shape, Shape_i

__all__ = ["evaluate_on_host", "host_apply", "host_int"]


def evaluate_on_host(outputs: Sequence[Variable], values: dict[int, Any] | None = None,
                     shapes: dict[int, tuple[int, ...]] | None = None) -> list[Any] | None:
    """The values of `outputs` from constants, known `values` (by id of variable) and known `shapes`
    (by id; they answer Shape/Shape_i of that variable), or None if some node cannot be computed here."""
    plan = GraphPlan([], outputs)
    known: dict[int, Any] = dict(values or {})
    for node in plan.nodes if shapes else ():
        shp = shapes.get(id(node.inputs[0])) if isinstance(node.op, (Shape, Shape_i)) else None
        if shp is not None and id(node.outputs[0]) not in known:
            known[id(node.outputs[0])] = np.asarray(shp if isinstance(node.op, Shape) else shp[node.op.i], dtype="int64")
    return plan.run([], host_apply_or_none, memo=known)


def host_int(v: Any, shapes: dict[int, tuple[int, ...]] | None = None) -> int | None:
    """A scalar integer expression's value if it is computable on the host from constants (and known shapes)."""
    if isinstance(v, (int, np.integer)):
        return int(v)
    if not isinstance(v, Variable):
        arr = np.asarray(v)
        return int(arr) if arr.ndim == 0 else None
    result = evaluate_on_host([v], shapes=shapes)
    return None if result is None else int(np.asarray(result[0]))
