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
from theano.frontend.ops.ifelse import IfElse
from theano.frontend.ops.scan import Scan, ScanSteps, ScanTripCheck
from theano.frontend.ops.shape import MakeVector, Shape, Shape_i
from theano.frontend.ops.subtensor import HostCheck, Subtensor
from theano.frontend.shape_inference import infer_shape_failed
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, x
from theano.passes.utils import constant_int, i64

TAGS = ("canonicalize", "fast_run", "shape")
MAX_NEW_SHAPE_NODES = 12


def _shape_i(v: Variable, i: int) -> Variable:
    return i64(1) if v.broadcastable[i] else Shape_i(i)(v)


def _one_scalar_index(v: Variable) -> bool:
    """x[i]: a Subtensor taking one constant scalar index, giving a scalar."""
    node = v.owner
    idx = node.op.idx_list
    return (v.ndim == 0 and len(idx) == 1 and not isinstance(idx[0], slice) and len(node.inputs) == 2
            and constant_int(node.inputs[1]) is not None)


def _entry_of_shape(node: Any, x: Variable | None = None, vec: Variable | None = None) -> Variable | None:
    """Shape(x)[i] -> Shape_i{i}(x); MakeVector(a, b, ...)[i] -> the i-th scalar."""
    i = constant_int(node.inputs[1])
    items = vec.owner.inputs if vec is not None else range(x.ndim)
    if not -len(items) <= i < len(items):
        return None
    return items[i] if vec is not None else _shape_i(x, i % x.ndim)


def _shape_to_shape_i(x: Variable) -> Variable | None:
    """Shape(x) -> MakeVector(Shape_i{0}(x), ...)."""
    if x.ndim == 0:
        return T.constant(np.zeros((0,), dtype="int64"))
    return MakeVector("int64")(*[_shape_i(x, i) for i in range(x.ndim)])


_SAFE_SHAPE_OPS = (Shape_i, MakeVector, DimShuffle, Subtensor, ScanTripCheck, ScanSteps)


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
        scalar_op = isinstance(op, (Elemwise, IfElse)) and all(o.ndim == 0 for o in node.outputs)
        if not (isinstance(op, _SAFE_SHAPE_OPS) or scalar_op):  # IfElse: the shape of an ifelse is an ifelse
            return False
        stack.extend(node.inputs)
    return True


def _track_shape_i(x: Variable, node: Any, fgraph: Any) -> Variable | None:
    """Shape_i{i}(f(...)) -> entry i of f's infer_shape, when it is a short host-side expression."""
    src, i = x, node.op.i
    if src.broadcastable[i]:
        return i64(1)
    node = src.owner
    if node is None:
        return None
    infer = getattr(node.op, "infer_shape", None)
    if infer is None:
        return None
    in_shapes = []
    for inp in node.inputs:
        ndim = getattr(inp.type, "ndim", None)
        if ndim is None:
            return None
        in_shapes.append(tuple(_shape_i(inp, k) for k in range(ndim)))
    try:
        shapes = infer(node, in_shapes)
    except NotImplementedError:  # an op without a usable infer_shape keeps its Shape_i
        return None
    except Exception as err:  # noqa: BLE001 - config.on_shape_error: warn (keep the Shape_i) or raise
        infer_shape_failed(node, in_shapes, err)
        return None
    try:
        entry = shapes[src.index][i]
    except (IndexError, TypeError):  # an infer_shape that returns fewer entries: keep the Shape_i
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
    if not _new_nodes_ok(entry, fgraph.variables, src):
        return None
    return entry


RULES = tagged(TAGS, [
    Rule(OpP(Subtensor, OpP(Shape, x) | OpP(MakeVector, ..., name="vec"), ...).where(_one_scalar_index),
         _entry_of_shape, name="local_subtensor_of_shape"),  # shape(x)[i] -> Shape_i{i}(x), [a, b][1] -> b
    Rule(OpP(Shape, x), _shape_to_shape_i, name="local_shape_to_shape_i"),  # shape(x) -> [Shape_i{0}(x), ...]
    Rule(OpP(Shape_i, x), _track_shape_i, name="local_track_shape_i"),  # Shape_i(f(u)) -> infer_shape(f)[i]
])


def _track_shape_i_specialize(x: Variable, node: Any, fgraph: Any) -> Variable | None:
    """local_track_shape_i in specialize too, as Theano registers it there: an op a specialize rewrite puts in
    (e.g. a user's op with infer_shape replacing one without) has its Shape_i followed to the inputs' shapes.
    A scan output's Shape_i is left to scan_save_mem, which reads it to keep one value for [-1]."""
    if x.owner is None or isinstance(x.owner.op, Scan):
        return None
    return _track_shape_i(x, node, fgraph)


# the same rule (same name, so optimizer_excluding=local_track_shape_i still removes it), for the specialize phase
SPECIALIZE_RULES = tagged(TAGS, [
    Rule(OpP(Shape_i, x), _track_shape_i_specialize, name="local_track_shape_i"),
])
