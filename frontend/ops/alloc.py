"""Allocating new tensors: Alloc (zeros, ones) and ARange, plus the int64-scalar helpers other creation ops share.

Alloc and ARange mark a value-dependent output shape (`value_dependent_shape`); their `infer_shape` is exact
and built from host-evaluable ops, so the compiler computes the shape in numpy per call while values such as
arange's start stay dynamic.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import disconnected_type
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.math import ceil, maximum
from theano.frontend.ops.shape import MakeVector, Shape, shape_i
from theano.frontend.type import TensorType

__all__ = ["Alloc", "alloc", "alloc_validate_shape", "zeros", "ones", "ARange", "arange", "arange_length"]


def _i64(v: Any) -> Variable:
    """`v` as an int64 scalar variable (python ints become constants)."""
    if isinstance(v, (int, np.integer)):
        return constant(int(v), dtype="int64")
    v = as_tensor_variable(v)
    return cast(v, "int64") if v.dtype != "int64" else v


def _const_int(v: Any) -> int | None:
    """The constant integer value of a scalar variable, or None."""
    try:
        return int(get_scalar_constant_value(v))
    except (NotScalarConstantError, TypeError, ValueError):
        return None


def _all_constant(variables: Sequence[Variable]) -> bool:
    return all(isinstance(v, Constant) for v in variables)


# --------------------------------------------------------------------------- Alloc

def alloc_validate_shape(shape: Sequence[Any]) -> tuple[list[Variable], list[bool]]:
    """Shape entries as integer scalar variables, and the output pattern (True where an entry is constant 1)."""
    sh = [as_tensor_variable(s) for s in shape]
    bcast = []
    for i, s in enumerate(sh):
        if s.dtype not in _dt.integer_dtypes:
            raise TypeError("Shape arguments to Alloc must be integers, but argument %s is not for apply node: %s" % (i, s))
        if s.ndim != 0:
            raise TypeError("Each shape dimension to Alloc must be a scalar, "
                            "but dimension %s have %d dimensions for apply node: %s" % (i, s.ndim, s))
        bcast.append(_const_int(s) == 1)
    return sh, bcast


class Alloc(Op):
    """alloc(value, *shape): `value` broadcast to `shape` (the output has value's dtype)."""

    __props__ = ()

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs[1:])

    def make_node(self, value: Any, *shape: Any) -> Apply:
        v = as_tensor_variable(value)
        sh, bcast = alloc_validate_shape(shape)
        if v.ndim > len(sh):
            raise TypeError("The Alloc value to use has more dimensions than the specified dimensions", v.ndim, len(sh))
        return Apply(self, [v] + sh, [TensorType(v.dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(_i64(s) for s in node.inputs[1:])]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True]] + [[False] for _ in node.inputs[1:]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, gz = inputs[0], grads[0]
        n_new = gz.ndim - x.ndim
        axes = list(range(n_new))
        kept = []
        for i, (ib, gb) in enumerate(zip(x.broadcastable, gz.broadcastable[n_new:])):
            if ib and not gb:
                axes.append(i + n_new)
            else:
                kept.append(i)
        gx = gz.sum(axis=axes) if axes else gz
        if len(kept) != x.ndim:
            order: list[Any] = ["x"] * x.ndim
            for idx, ax in enumerate(kept):
                order[ax] = idx
            gx = gx.dimshuffle(order)
        return [gx] + [disconnected_type() for _ in inputs[1:]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self(eval_points[0], *inputs[1:], return_list=True)

    def static_vector_length(self, node: Apply) -> int | None:
        return _const_int(node.inputs[1]) if len(node.inputs) == 2 else None

    def scalar_constant_source(self, node: Apply) -> Variable:
        """get_scalar_constant_value reads through an alloc to its value (as Theano's does)."""
        return node.inputs[0]

    def host_impl(self, node: Apply, value: np.ndarray, *shape: np.ndarray) -> np.ndarray:
        shp = tuple(int(s) for s in shape)
        out = np.empty(shp, dtype=node.outputs[0].dtype)
        out[...] = value
        return out


alloc = Alloc()


def _shape_list(shape: Any) -> list[Any]:
    """The entries of a shape given as an int, a list/tuple or a symbolic vector (Theano's `*shape`)."""
    if isinstance(shape, (list, tuple)):
        return list(shape)
    if isinstance(shape, Variable):
        shape = as_tensor_variable(shape)
        if shape.ndim != 1:  # iterated as in Theano: TypeError "TensorType does not support iteration"
            return list(shape)
        if shape.owner is not None and isinstance(shape.owner.op, Shape):
            x = shape.owner.inputs[0]
            return [shape_i(x, i) for i in range(x.ndim)]
        if shape.owner is not None and isinstance(shape.owner.op, MakeVector):
            return list(shape.owner.inputs)
        if isinstance(shape, Constant):
            return [int(s) for s in shape.data]
        return list(shape)  # iterates with get_vector_length (TypeError if unknown, as Theano)
    if isinstance(shape, np.ndarray) and shape.ndim == 1:
        return [int(s) for s in shape]
    return [shape]


def zeros(shape: Any, dtype: Any = None) -> Variable:
    """A tensor of zeros of this shape (an Alloc); dtype defaults to floatX."""
    dtype = config.floatX if dtype is None else _dt.check_dtype(dtype)
    return alloc(np.array(0, dtype=dtype), *_shape_list(shape))


def ones(shape: Any, dtype: Any = None) -> Variable:
    """A tensor of ones of this shape (an Alloc); dtype defaults to floatX."""
    dtype = config.floatX if dtype is None else _dt.check_dtype(dtype)
    return alloc(np.array(1, dtype=dtype), *_shape_list(shape))


# --------------------------------------------------------------------------- ARange

def _is_constant_value(var: Variable, value: Any) -> bool:
    try:
        return bool(np.all(get_scalar_constant_value(var) == value))
    except NotScalarConstantError:
        return False


def arange_length(start: Any, stop: Any, step: Any) -> int:
    """numpy's arange length for these scalar values."""
    if step == 0:
        raise ZeroDivisionError("arange: step must not be 0 (division by zero), as numpy.arange")
    return max(int(np.ceil((np.float64(stop) - np.float64(start)) / np.float64(step))), 0)


class ARange(Op):
    """arange(start, stop, step) as a vector of `dtype`; the length is computed on the host, start/step stay dynamic."""

    __props__ = ("dtype",)

    def __init__(self, dtype: str):
        self.dtype = dtype

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs)

    def make_node(self, start: Any, stop: Any, step: Any) -> Apply:
        args = [as_tensor_variable(v) for v in (start, stop, step)]
        for name, v in zip(("start", "stop", "step"), args):
            if v.ndim != 0:
                raise TypeError(f"arange: {name} must be a scalar, got {v.type}")
        return Apply(self, args, [TensorType(self.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        start, stop, step = node.inputs

        def upcast(var: Variable) -> Variable:
            if var.dtype in _dt.integer_dtypes and _dt.upcast(var.dtype, "int64") == "int64":
                return cast(var, "int64")
            return var

        # (Theano 1.0.5 returns cast(stop) and cast(stop - start) for a unit step; its perform never read them, but
        # our shape program sizes the output with them: a negative or fractional length must be numpy's)
        integral = start.dtype in _dt.integer_dtypes and stop.dtype in _dt.integer_dtypes
        if _is_constant_value(step, 1) and integral:
            if _is_constant_value(start, 0):
                return [(maximum(cast(stop, "int64"), 0),)]
            return [(maximum(cast(upcast(stop) - upcast(start), "int64"), 0),)]
        diff = cast(upcast(stop) - upcast(start), "float64")
        return [(maximum(cast(ceil(diff / step), "int64"), 0),)]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [True]]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        start, stop, step = inputs
        gz, = grads
        if self.dtype in _dt.discrete_dtypes:
            return [start.zeros_like(dtype=config.floatX), disconnected_type(), step.zeros_like(dtype=config.floatX)]
        n_steps = shape_i(outputs[0], 0)
        return [gz.sum(), disconnected_type(), (gz * arange(n_steps, dtype=self.dtype)).sum()]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None]

    def static_vector_length(self, node: Apply) -> int | None:
        if not _all_constant(node.inputs):
            return None
        start, stop, step = (np.asarray(v.data).item() for v in node.inputs)
        return arange_length(start, stop, step)

    def host_impl(self, node: Apply, start: np.ndarray, stop: np.ndarray, step: np.ndarray) -> np.ndarray:
        if np.asarray(step).item() == 0:
            raise ZeroDivisionError("arange: step must not be 0 (division by zero), as numpy.arange")
        return np.arange(np.asarray(start).item(), np.asarray(stop).item(), np.asarray(step).item(), dtype=self.dtype)


_arange: dict[str, ARange] = {}


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> Variable:
    """numpy.arange as a graph; Theano's dtype rule (integers become int64, uint -> uint64) unless dtype is given."""
    if stop is None:
        start, stop = 0, start
    start, stop, step = (as_tensor_variable(v) for v in (start, stop, step))
    if dtype is None:
        dtype = _dt.upcast(start.dtype, stop.dtype, step.dtype)
        if dtype in _dt.int_dtypes:
            dtype = "int64"
        if dtype in _dt.uint_dtypes:
            dtype = "uint64"
        if config.cast_policy in ("numpy", "numpy+floatX"):
            numpy_dtype = str(np.arange(start=np.array(0, dtype=start.dtype), stop=np.array(1, dtype=stop.dtype),
                                        step=np.array(1, dtype=step.dtype)).dtype)
            if numpy_dtype != dtype:
                if (config.cast_policy == "numpy+floatX" and config.floatX == "float32" and numpy_dtype == "float64"
                        and all(s.dtype != "float64" for s in (start, stop, step))):
                    dtype = "float32"
                else:
                    dtype = numpy_dtype
    dtype = _dt.check_dtype(dtype)
    if dtype not in _arange:
        _arange[dtype] = ARange(dtype)
    return _arange[dtype](start, stop, step)
