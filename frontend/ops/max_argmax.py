"""MaxAndArgmax and Argmax, and the functions max, min, argmax, argmin, max_and_argmax (Theano 1.0.5 semantics).

`max`/`argmax` build on MaxAndArgmax as Theano does (outputs named 'max' and 'argmax'); `min` is `-max(-x)`.
"""
from __future__ import annotations

from typing import Any as TAny, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.math import eq, invert, zeros_like
from theano.frontend.ops.reduce import CAReduce, _kept_pattern, check_and_normalize_axes, get_scalar_op, makeKeepDims
from theano.frontend.ops.shape import patternbroadcast, shape_i
from theano.frontend.type import TensorType

__all__ = ["MaxAndArgmax", "Argmax", "max", "min", "argmax", "argmin", "max_and_argmax"]


def _argmax_numpy(x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    keep = [i for i in range(x.ndim) if i not in axes]
    t = np.transpose(x, keep + list(axes))
    kept_shape = t.shape[:len(keep)]
    flat = t.reshape(kept_shape + (int(np.prod(t.shape[len(keep):], dtype="int64")),))
    return np.asarray(np.argmax(flat, axis=-1), dtype="int64")


class MaxAndArgmax(Op):
    """The max and its (flattened-over-axes) int64 index over `axis`, a tuple of non-negative ints."""

    __props__ = ("axis",)
    nin = 1
    nout = 2

    def __init__(self, axis: Sequence[int]):
        self.axis = tuple(int(a) for a in axis)

    def make_node(self, x: TAny) -> Apply:
        x = as_tensor_variable(x)
        for a in self.axis:
            if a < 0 or a >= x.ndim:
                raise ValueError("Computation needs a valid axis number for %d-D tensor. Got %d" % (x.ndim, a))
        bcast = [b for i, b in enumerate(x.type.broadcastable) if i not in self.axis]
        return Apply(self, [x], [TensorType(x.dtype, bcast)(name="max"), TensorType("int64", bcast)(name="argmax")])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        shp = tuple(s for i, s in enumerate(shapes[0]) if i not in self.axis)
        return [shp, shp]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[TAny]:
        x, = inputs
        g_max, g_max_idx = output_grads
        max_gone = isinstance(g_max.type, DisconnectedType) or _is_zero_fill(g_max)
        if max_gone:
            if isinstance(g_max_idx.type, DisconnectedType) and isinstance(g_max.type, DisconnectedType):
                return [DisconnectedType()()]
            if isinstance(g_max.type, DisconnectedType) or x.dtype in _dt.float_dtypes:
                return [zeros_like(x)]
            # Theano computes eq(xmax, x) * g_max here: zeros of g_max's float dtype, not of x's discrete one
            return [zeros_like(x, dtype=g_max.dtype)]
        pattern = _kept_pattern(x.ndim, self.axis)
        xmax = max(x, list(self.axis))
        g_max_pad = DimShuffle(g_max.broadcastable, pattern)(g_max)
        xmax_pad = DimShuffle(xmax.broadcastable, pattern)(xmax)
        return [eq(xmax_pad, x) * g_max_pad]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[TAny]:
        # the tangent of the max is the eval point's entry at the argmax (Theano 1.0.5 only handled one axis
        # of a matrix; any axes work here: the reduced axes are moved last and flattened, as argmax indexes them)
        if eval_points[0] is None:
            return [None, None]
        x, = inputs
        ev = eval_points[0]
        max_out, max_pos = self.make_node(x).outputs
        if x.ndim == 2 and len(self.axis) == 1:
            if self.axis[0] == 0:
                return [ev[max_pos, arange(ev.shape[1])], None]
            return [ev[arange(ev.shape[0]), max_pos], None]
        keep = [i for i in range(x.ndim) if i not in self.axis]
        kept_shape = [shape_i(x, i) for i in keep]
        rows = constant(1, dtype="int64")
        for s in kept_shape:
            rows = rows * s
        flat = ev.dimshuffle(keep + list(self.axis)).reshape([rows, -1], ndim=2)
        picked = flat[arange(rows), max_pos.flatten()]
        return [patternbroadcast(picked.reshape(kept_shape, ndim=len(keep)), max_out.broadcastable), None]

    def host_impl(self, node: Apply, x: np.ndarray) -> list[np.ndarray]:
        x = np.asarray(x)
        mx = np.max(x, axis=self.axis) if self.axis else np.array(x, copy=True)
        return [np.asarray(mx, dtype=node.outputs[0].dtype), _argmax_numpy(x, self.axis)]


def _is_zero_fill(g: Variable) -> bool:
    """True for the `zeros_like(out)` gradient T.grad passes for an output the cost does not use."""
    owner = getattr(g, "owner", None)
    if owner is None or getattr(getattr(owner.op, "scalar_op", None), "name", None) != "second":
        return False
    c = owner.inputs[1]
    while c.owner is not None and isinstance(c.owner.op, DimShuffle):
        c = c.owner.inputs[0]
    return isinstance(c, Constant) and np.asarray(c.data).size == 1 and not np.asarray(c.data).any()


class Argmax(Op):
    """int64 index of the max over `axis` (None: all axes); zero gradient."""

    __props__ = ("axis",)

    def __init__(self, axis: Sequence[int] | None):
        self.axis = None if axis is None else tuple(int(a) for a in axis)

    def make_node(self, x: TAny, axis: TAny = None) -> Apply:
        x = as_tensor_variable(x)
        axes = tuple(range(x.ndim)) if self.axis is None else self.axis
        for a in axes:
            if a < 0 or a >= x.ndim:
                raise ValueError("Computation needs a valid axis number for %d-D tensor. Got %d" % (x.ndim, a))
        bcast = [b for i, b in enumerate(x.type.broadcastable) if i not in axes]
        return Apply(self, [x], [TensorType("int64", bcast)(name="argmax")])

    def reduce_axes(self, ndim: int) -> tuple[int, ...]:
        return tuple(range(ndim)) if self.axis is None else self.axis

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        axes = self.reduce_axes(node.inputs[0].ndim)
        return [tuple(s for i, s in enumerate(shapes[0]) if i not in axes)]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[TAny]:
        return [zeros_like(inputs[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        return _argmax_numpy(x, self.reduce_axes(x.ndim))


def max_and_argmax(a: TAny, axis: TAny = None, keepdims: bool = False) -> list[Variable]:
    """[max, argmax] over `axis` (None: all axes, argmax indexes the flattened reduced axes)."""
    a = as_tensor_variable(a)
    axes = check_and_normalize_axes(a, axis)
    if not axes:
        axes = list(range(a.ndim))
    out, argout = MaxAndArgmax(axes)(a)
    if keepdims:
        out, argout = makeKeepDims(a, out, axes), makeKeepDims(a, argout, axes)
    return [out, argout]


def max(x: TAny, axis: TAny = None, keepdims: bool = False) -> Variable:
    """Maximum over `axis` (MaxAndArgmax's first output; CAReduce{maximum} where that cannot be built)."""
    try:
        out = max_and_argmax(x, axis)[0]
    except Exception:
        out = CAReduce(get_scalar_op("maximum"), axis)(x)
    return makeKeepDims(x, out, axis) if keepdims else out


def argmax(x: TAny, axis: TAny = None, keepdims: bool = False) -> Variable:
    """Index of the maximum over `axis` (int64)."""
    argout = max_and_argmax(x, axis)[1]
    return makeKeepDims(x, argout, axis) if keepdims else argout


def min(x: TAny, axis: TAny = None, keepdims: bool = False) -> Variable:
    """Minimum over `axis`: -max(-x) (uint: M - max(M - x); bool: ~max(~x))."""
    x = as_tensor_variable(x)
    dt = x.dtype
    if dt.startswith("float") or dt in _dt.int_dtypes:
        return -max(-x, axis=axis, keepdims=keepdims)
    if dt in _dt.uint_dtypes:
        max_val = np.array(np.iinfo(dt).max, dtype=dt)
        return max_val - max(max_val - x, axis=axis, keepdims=keepdims)
    if dt == "bool":
        return invert(max(invert(x), axis=axis, keepdims=keepdims))
    raise NotImplementedError()


def argmin(x: TAny, axis: TAny = None, keepdims: bool = False) -> Variable:
    """Index of the minimum over `axis` (int64)."""
    x = as_tensor_variable(x)
    dt = x.dtype
    if dt.startswith("float") or dt in _dt.int_dtypes:
        return argmax(-x, axis=axis, keepdims=keepdims)
    if dt in _dt.uint_dtypes:
        return argmax(np.array(np.iinfo(dt).max, dtype=dt) - x, axis=axis, keepdims=keepdims)
    if dt == "bool":
        return argmax(invert(x), axis=axis, keepdims=keepdims)
    raise NotImplementedError()
