"""Theano's ShapeFeature (theano.tensor.opt.ShapeFeature): the symbolic shape of every variable of a graph.

Attached to a FunctionGraph it keeps `shape_of[var]`, a tuple of int64 scalars per dimension (`Shape_i{i}(x)` for
an input, the constant 1 for a broadcastable dimension, the op's `infer_shape` for a node's output), updated
as nodes are imported. Our own passes track shapes with the `shape` rules (passes/shapes.py); this is the
feature legacy rewrites and Theano's tests query (`same_shape`).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Apply, Variable
from theano.frontend.graph_compare import equal_computations
from theano.frontend.ops.shape import Shape_i


def _i64(value: Any) -> Variable:
    return T.constant(np.asarray(value, dtype="int64"))


class ShapeFeature:
    """shape_of[var]: var's shape as a tuple of int64 scalar variables (None for a variable without ndim)."""

    def on_attach(self, fgraph: Any) -> None:
        self.fgraph = fgraph
        self.shape_of: dict[Variable, tuple | None] = {}
        for v in fgraph.inputs:
            self.init_r(v)
        for node in fgraph.toposort():
            self.on_import(fgraph, node, "on_attach")

    def on_detach(self, fgraph: Any) -> None:
        self.shape_of = {}

    def shape_ir(self, i: int, r: Variable) -> Variable:
        """Dimension i of r as read from r itself: 1 where r is broadcastable, else Shape_i{i}(r)."""
        if r.broadcastable[i]:
            return _i64(1)
        return Shape_i(i)(r)

    def shape_tuple(self, r: Variable) -> tuple | None:
        ndim = getattr(r.type, "ndim", None)
        return None if ndim is None else tuple(self.shape_ir(i, r) for i in range(ndim))

    def init_r(self, r: Variable) -> None:
        if r not in self.shape_of:
            self.shape_of[r] = self.shape_tuple(r)

    def get_shape(self, var: Variable, idx: int) -> Variable:
        return self.shape_of[var][idx]

    def _entry(self, s: Any, r: Variable, i: int) -> Variable:
        if r.broadcastable[i]:
            return _i64(1)
        if s is None:
            return self.shape_ir(i, r)
        if isinstance(s, (int, np.integer)):
            return _i64(s)
        s = T.as_tensor_variable(s)
        return s if s.dtype == "int64" else T.cast(s, "int64")

    def on_import(self, fgraph: Any, node: Apply, reason: Any) -> None:
        for r in node.inputs:
            self.init_r(r)
        in_shapes = [self.shape_of[r] for r in node.inputs]
        shapes = None
        infer = getattr(node.op, "infer_shape", None)
        if infer is not None and all(s is not None for s in in_shapes):
            try:
                shapes = infer(node, in_shapes)
            except Exception:  # noqa: BLE001 - an op without a usable infer_shape: shapes read from the outputs
                shapes = None
        for k, r in enumerate(node.outputs):
            ndim = getattr(r.type, "ndim", None)
            if ndim is None:
                self.shape_of[r] = None
                continue
            entries = shapes[k] if shapes is not None and k < len(shapes) and shapes[k] is not None else None
            if entries is None or len(entries) != ndim:
                self.shape_of[r] = self.shape_tuple(r)
            else:
                self.shape_of[r] = tuple(self._entry(s, r, i) for i, s in enumerate(entries))

    def on_change_input(self, fgraph: Any, node: Any, i: int, r: Variable, new_r: Variable, reason: Any = None) -> None:
        self.init_r(new_r)
        if isinstance(node, Apply):
            self.on_import(fgraph, node, reason)

    def on_prune(self, fgraph: Any, node: Apply, reason: Any) -> None:
        for r in node.outputs:
            self.shape_of.pop(r, None)

    def same_shape(self, x: Variable, y: Variable, dim_x: int | None = None, dim_y: int | None = None) -> bool:
        """Whether x and y are known to have the same shape (in dims dim_x of x and dim_y of y when given). Only
        what the graph shows is known: two Shape_i of the same variable, or equal computations."""
        sx, sy = self.shape_of[x], self.shape_of[y]
        if sx is None or sy is None:
            return False
        if dim_x is not None:
            sx = [sx[dim_x]]
        if dim_y is not None:
            sy = [sy[dim_y]]
        if len(sx) != len(sy):
            return False
        for dx, dy in zip(sx, sy):
            if dx is dy:
                continue
            if dx.owner is None or dy.owner is None:
                if not (dx.owner is None and dy.owner is None and equal_computations([dx], [dy])):
                    return False
                continue
            if not isinstance(dx.owner.op, Shape_i) or not isinstance(dy.owner.op, Shape_i):
                return False
            if dx.owner.op.i != dy.owner.op.i:
                return False
            if dx.owner.inputs[0] is dy.owner.inputs[0]:
                continue
            if not equal_computations([dx], [dy]):
                return False
        return True
