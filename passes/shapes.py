"""Shape rewrites (part of `canonicalize`): keep shape computations small and close to the inputs.

`Shape(x)[i] -> Shape_i{i}(x)`, `Shape(x) -> MakeVector(Shape_i...)`, `MakeVector(a, b)[1] -> b`, and
`Shape_i(f(u))` -> the entry of f's `infer_shape` (`Shape_i{0}(x + y) -> Shape_i{0}(x)`,
`Shape_i{0}(zeros((n, k))) -> n`), so a dimension is read from the closest input, the value it was
measured on need not be computed for it, and host shape programs stay short.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.shape import MakeVector, Shape, Shape_i
from theano.frontend.ops.subtensor import HostCheck, Subtensor
from theano.passes.engine import Rule
from theano.passes.pattern import Match, OpP, x
from theano.passes.utils import constant_int, i64

TAGS = ("canonicalize", "fast_run", "shape")
MAX_NEW_SHAPE_NODES = 12


def _shape_i(v: Variable, i: int) -> Variable:
    return i64(1) if v.broadcastable[i] else Shape_i(i)(v)


def _single_index(node: Any) -> int | None:
    """The constant integer of a Subtensor that takes one scalar index (x[i])."""
    op = node.op
    if len(op.idx_list) != 1 or isinstance(op.idx_list[0], slice) or len(node.inputs) != 2:
        return None
    return constant_int(node.inputs[1])


def _subtensor_of_shape(m: Match) -> Variable | None:
    """Shape(x)[i] -> Shape_i{i}(x); MakeVector(a, b, ...)[i] -> the i-th scalar."""
    node = m.node
    vec = node.inputs[0]
    if vec.owner is None or m.var.ndim != 0:
        return None
    i = _single_index(node)
    if i is None:
        return None
    if isinstance(vec.owner.op, Shape):
        src = vec.owner.inputs[0]
        if -src.ndim <= i < src.ndim:
            return _shape_i(src, i % src.ndim)
    elif isinstance(vec.owner.op, MakeVector):
        items = vec.owner.inputs
        if -len(items) <= i < len(items):
            return items[i]
    return None


def _shape_to_shape_i(m: Match) -> Variable | None:
    """Shape(x) -> MakeVector(Shape_i{0}(x), ...) for x of 0 or >= 2 dims (1-d stays: its MakeVector would be
    broadcastable)."""
    src = m.node.inputs[0]
    if src.ndim == 0:
        return T.constant(np.zeros((0,), dtype="int64"))
    if src.ndim == 1:
        return None
    return MakeVector("int64")(*[_shape_i(src, i) for i in range(src.ndim)])


def _subtensor_lift(m: Match) -> Variable | None:
    """f(u)[i] -> f(u[i]) for a unary elementwise f (a cast of a shape vector, typically) used only there."""
    node = m.node
    src = node.inputs[0]
    inner = src.owner
    if inner is None or not isinstance(inner.op, Elemwise) or len(inner.inputs) != 1 or len(inner.outputs) != 1:
        return None
    if len(m.fgraph.clients.get(src, [])) != 1:
        return None
    u = inner.inputs[0]
    if u.broadcastable != src.broadcastable:
        return None
    return inner.op(node.op(u, *node.inputs[1:]))


_SAFE_SHAPE_OPS = (Shape_i, MakeVector, DimShuffle, Subtensor)


def _new_nodes_ok(entry: Variable, known: Any, banned: Variable) -> bool:
    """The nodes `entry` adds to the graph are few and cheap host-side scalar ops, and do not read `banned`."""
    stack = [entry]
    seen: set[int] = set()
    count = 0
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if v is banned:
            return False
        if isinstance(v, Constant) or v in known:
            continue
        node = v.owner
        if node is None:
            return False
        count += 1
        if count > MAX_NEW_SHAPE_NODES:
            return False
        op = node.op
        if isinstance(op, Shape_i):
            if node.inputs[0] is banned:
                return False
            continue  # reads only the shape of an existing variable
        if not (isinstance(op, _SAFE_SHAPE_OPS) or (isinstance(op, Elemwise) and v.ndim == 0)):
            return False
        stack.extend(node.inputs)
    return True


def _track_shape_i(m: Match) -> Variable | None:
    """Shape_i{i}(f(...)) -> entry i of f's infer_shape, when it is a short host-side expression."""
    src = m.node.inputs[0]
    i = m.node.op.i
    if src.broadcastable[i]:
        return i64(1)
    node = src.owner
    if node is None:
        return None
    infer = getattr(node.op, "infer_shape", None)
    if infer is None:
        return None
    in_shapes = []
    for u in node.inputs:
        ndim = getattr(u.type, "ndim", None)
        if ndim is None:
            return None
        in_shapes.append(tuple(_shape_i(u, k) for k in range(ndim)))
    try:
        shapes = infer(node, in_shapes)
        entry = shapes[src.index][i]
    except Exception:  # noqa: BLE001 - an op without a usable infer_shape keeps its Shape_i
        return None
    if entry is None:
        return None
    if isinstance(entry, (int, np.integer)):
        return i64(entry)
    entry = T.as_tensor_variable(entry)
    while entry.owner is not None and isinstance(entry.owner.op, HostCheck):
        entry = entry.owner.inputs[0]  # index checks stay with the node itself: only its length is read here
    if entry.ndim != 0 or entry.dtype not in ("int64", "int32", "int16", "int8", "uint8", "uint16", "uint32"):
        return None
    if entry.owner is not None and isinstance(entry.owner.op, Shape_i) and entry.owner.inputs[0] is src:
        return None
    if not _new_nodes_ok(entry, m.fgraph.variables, src):
        return None
    return entry


RULES = [
    Rule(OpP(Subtensor, ...), _subtensor_of_shape, name="local_subtensor_of_shape", tags=TAGS),  # shape(x)[i] -> Shape_i{i}(x)
    Rule(OpP(Subtensor, ...), _subtensor_lift, name="local_subtensor_lift", tags=TAGS),  # f(u)[i] -> f(u[i])
    Rule(OpP(Shape, x), _shape_to_shape_i, name="local_shape_to_shape_i", tags=TAGS),  # shape(x) -> [Shape_i{0}(x), ...]
    Rule(OpP(Shape_i, x), _track_shape_i, name="local_track_shape_i", tags=TAGS),  # Shape_i(f(u)) -> infer_shape(f)[i]
]
