"""tensor/extra_ops.py and tensor/sort.py: CumOp, RepeatOp, SortOp/ArgSortOp, Nonzero, and repeat/tile/roll.

Nonzero has a data-dependent output size: its infer_shape counts the nonzero entries with
`NonzeroCount`, which the compiler evaluates on the host (numpy) for each call, so the device
program keeps static shapes.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType, grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops import shape as _shape
from theano.frontend.ops.advanced_subtensor import advanced_inc_subtensor1
from theano.frontend.ops.alloc import alloc, arange
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.join import join
from theano.frontend.ops.layout import flatten
from theano.frontend.ops.host_check import Assert
from theano.frontend.ops.math import ge, lt, mul, switch, zeros_like
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.ops.shape import patternbroadcast, shape_i
from theano.frontend.type import TensorType

__all__ = [
    "CumOp", "CumsumOp", "CumprodOp", "cumsum", "cumprod",
    "RepeatOp", "repeat", "tile", "roll",
    "SortOp", "ArgSortOp", "sort", "argsort",
    "Nonzero", "NonzeroCount", "nonzero", "flatnonzero", "nonzero_values",
]


def _product(shape: tuple) -> Variable:
    return mul(*shape) if len(shape) > 1 else shape[0] if shape else constant(1, dtype="int64")


# --------------------------------------------------------------------------- cumulative sum / product

class CumOp(Op):
    """Cumulative sum (mode 'add') or product ('mul') along `axis`; axis None works on the flattened input."""

    __props__ = ("axis", "mode")

    def __init__(self, axis: int | None = None, mode: str = "add"):
        if mode not in ("add", "mul"):
            raise ValueError('%s: Unknown mode "%s"' % (type(self).__name__, mode))
        self.axis = axis
        self.mode = mode

    def __str__(self) -> str:
        return "%s{%s, %s}" % (type(self).__name__, self.axis, self.mode)

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if self.axis is None:
            out = TensorType(x.dtype, (False,))()
        elif self.axis >= x.ndim or self.axis < -x.ndim:
            raise ValueError("axis(={0}) out of bounds".format(self.axis))
        else:
            out = x.type()
        return Apply(self, [x], [out])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        if self.axis is None:
            return [(_product(shapes[0]),)]
        return [shapes[0]]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        x, = inputs
        gi, = output_grads
        if self.axis is None:
            rev = slice(None, None, -1)
            if self.mode == "add":
                return [cumsum(gi[rev])[rev].reshape(x.shape)]
            fx = cumprod(x, axis=self.axis)
            return [cumsum((fx * gi)[rev])[rev].reshape(x.shape) / x]
        key: list[Any] = [slice(None)] * gi.ndim
        key[self.axis] = slice(None, None, -1)
        rev_key = tuple(key)
        if self.mode == "add":
            return [cumsum(gi[rev_key], self.axis)[rev_key]]
        fx = cumprod(x, axis=self.axis)
        return [cumsum((fx * gi)[rev_key], self.axis)[rev_key] / x]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        ev, = eval_points
        if self.mode == "add":
            return [CumOp(self.axis, "add")(ev)]
        # d cumprod(x) = cumprod(x) * cumsum(dx / x), the form (and zero caveat) of the gradient above
        x, = inputs
        return [self(x) * CumOp(self.axis, "add")(ev / x)]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        fn = np.cumsum if self.mode == "add" else np.cumprod
        return fn(x, axis=self.axis, dtype=node.outputs[0].dtype)


class CumsumOp:
    """Compatibility name (as in Theano, for old pickles): CumsumOp(axis) builds CumOp(axis, 'add')."""

    def __new__(cls, axis: int | None = None) -> CumOp:  # type: ignore[misc]
        return CumOp(axis, "add")


class CumprodOp:
    """Compatibility name (as in Theano, for old pickles): CumprodOp(axis) builds CumOp(axis, 'mul')."""

    def __new__(cls, axis: int | None = None) -> CumOp:  # type: ignore[misc]
        return CumOp(axis, "mul")


def cumsum(x: Any, axis: int | None = None) -> Variable:
    """Cumulative sum along `axis` (flattened input when axis is None)."""
    return CumOp(axis=axis, mode="add")(x)


def cumprod(x: Any, axis: int | None = None) -> Variable:
    """Cumulative product along `axis` (flattened input when axis is None)."""
    return CumOp(axis=axis, mode="mul")(x)


# --------------------------------------------------------------------------- repeat, tile, roll

class RepeatOp(Op):
    """numpy.repeat with a vector of per-element repeats (the output length is their sum, computed on the host)."""

    __props__ = ("axis",)
    value_dependent_shape = True

    def __init__(self, axis: int | None = None):
        self.axis = axis

    def make_node(self, x: Any, repeats: Any) -> Apply:
        x, repeats = as_tensor_variable(x), as_tensor_variable(repeats)
        if repeats.dtype not in _dt.integer_dtypes:
            raise TypeError("repeats.dtype must be an integer.")
        if repeats.dtype == "uint64":
            raise TypeError("dtypes ('uint64',) are not supported by numpy.repeat for the 'repeats' parameter, ",
                            repeats.dtype)
        if self.axis is None:
            bcast: list[bool] = [False]
        else:
            try:
                const = get_scalar_constant_value(repeats)
            except NotScalarConstantError:
                const = None
            bcast = list(x.broadcastable)
            if not (const is not None and const == 1):
                bcast[self.axis] = False
        return Apply(self, [x, repeats], [TensorType(x.dtype, bcast)()])

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False]]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        x, repeats = inputs
        gz, = gout
        if repeats.ndim != 0:
            return [_repeat_vector_grad(x, repeats, gz, self.axis), DisconnectedType()()]
        if self.axis is None:
            axis = x.ndim
        else:
            axis = self.axis + 1 if self.axis >= 0 else self.axis + x.ndim + 1
        shape: list[Any] = [shape_i(x, k) for k in range(x.ndim)]
        shape.insert(axis, repeats)
        return [gz.reshape(shape, x.ndim + 1).sum(axis=axis), DisconnectedType()()]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [RepeatOp(self.axis)(eval_points[0], inputs[1])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        repeats = node.inputs[1]
        out = list(shapes[0])
        dtype = "int64" if repeats.dtype in ("uint8", "uint16", "uint32") else None
        total = tensor_sum(repeats, dtype=dtype) if repeats.ndim else None
        if self.axis is None:
            if repeats.ndim == 0:
                return [(repeats,) if not out else (_product(tuple(out)) * repeats,)]
            return [(total,)]
        out[self.axis] = out[self.axis] * repeats if repeats.ndim == 0 else total
        return [tuple(out)]

    def host_impl(self, node: Apply, x: np.ndarray, repeats: np.ndarray) -> np.ndarray:
        return np.repeat(x, repeats, axis=self.axis)


def _repeat_vector_grad(x: Variable, repeats: Variable, gz: Variable, axis: int | None) -> Variable:
    """RepeatOp's gradient for a vector of repeats: each output slice's gradient goes back to its source index."""

    if axis is None:
        flat = x.flatten()
        source = RepeatOp(0)(arange(shape_i(flat, 0)), repeats)
        gx = advanced_inc_subtensor1(zeros_like(flat), gz, source).reshape(_shape.shape(x), ndim=x.ndim)
        return patternbroadcast(gx, x.broadcastable)
    ax = axis % x.ndim
    perm = [ax] + [i for i in range(x.ndim) if i != ax]
    inverse = [perm.index(i) for i in range(x.ndim)]
    source = RepeatOp(0)(arange(shape_i(x, ax)), repeats)
    x_front = x.dimshuffle(perm)
    gx_front = advanced_inc_subtensor1(zeros_like(x_front), gz.dimshuffle(perm), source)
    return gx_front.dimshuffle(inverse)


def repeat(x: Any, repeats: Any, axis: int | None = None) -> Variable:
    """numpy.repeat: a scalar count uses Alloc + Reshape (as Theano), a vector of counts uses RepeatOp."""
    x = as_tensor_variable(x)
    repeats = as_tensor_variable(repeats)
    if repeats.ndim > 1:
        raise ValueError("The dimension of repeats should not exceed 1.")
    if repeats.ndim == 1 and not repeats.broadcastable[0]:
        return RepeatOp(axis=axis)(x, repeats)
    if repeats.ndim == 1:
        repeats = repeats[0]
    if x.dtype == "uint64":
        raise TypeError("theano.tensor.repeat don't support dtype uint64")
    if axis is None:
        axis = 0
        x = x.flatten()
    else:
        if axis >= x.ndim:
            raise ValueError("Axis should not exceed x.ndim-1.")
        if axis < 0:
            axis = x.ndim + axis
    shape = [shape_i(x, i) for i in range(x.ndim)]
    alloc_shape = shape[:]
    alloc_shape.insert(axis + 1, repeats)
    shape[axis] = shape[axis] * repeats
    dims: list[Any] = list(range(x.ndim))
    dims.insert(axis + 1, "x")
    return alloc(x.dimshuffle(*dims), *alloc_shape).reshape(shape)


def tile(x: Any, reps: Any, ndim: int | None = None) -> Variable:
    """numpy.tile, built from Alloc + DimShuffle + Reshape as in Theano."""
    x = as_tensor_variable(x)
    if ndim is not None and ndim < x.ndim:
        raise ValueError("ndim should be equal or larger than x.ndim")
    if not isinstance(reps, (list, tuple)):
        reps_t = as_tensor_variable(reps)
        if reps_t.dtype not in _dt.discrete_dtypes:
            raise ValueError("elements of reps must be integer dtype")
        if reps_t.ndim == 0:
            reps = [reps_t]
        elif reps_t.ndim == 1:
            if ndim is None:
                raise ValueError("if reps is tensor.vector, you should specify the ndim")
            offset = Assert()(ndim - reps_t.shape[0], ge(ndim - reps_t.shape[0], 0))  # as Theano: len(reps) <= ndim
            reps = [switch(lt(i, offset), 1, reps_t[i - offset]) for i in range(ndim)]
        else:
            raise ValueError("the dimension of reps should not exceed 1")
    else:
        if ndim is not None and len(reps) > ndim:
            raise ValueError("len(reps) should be equal or less than ndim")
        if not all(isinstance(r, (int, np.integer)) and not isinstance(r, bool)
                   or (isinstance(r, Variable) and r.dtype in _dt.discrete_dtypes) for r in reps):
            raise ValueError("elements of reps must be scalars of integer dtype")
    reps = list(reps)
    if ndim is None:
        ndim = max(len(reps), x.ndim)
    if len(reps) < ndim:
        reps = [1] * (ndim - len(reps)) + reps
    shape = [1] * (ndim - x.ndim) + [shape_i(x, i) for i in range(x.ndim)]
    y = alloc(x, *(reps + shape))
    order = np.arange(ndim * 2).reshape(2, ndim).transpose().flatten()
    y = y.dimshuffle(*[int(i) for i in order])
    return y.reshape([sh * reps[i] for i, sh in enumerate(shape)])


def roll(x: Any, shift: Any, axis: int | None = None) -> Variable:
    """numpy.roll: the join of two slices of x (the flattened x when axis is None)."""
    x = as_tensor_variable(x)
    if axis is None:
        if x.ndim > 1:
            return roll(x.flatten(), shift, axis=0).reshape(x.shape)
        axis = 0
    if axis < 0:
        axis += x.ndim
    shift = shift % shape_i(x, axis)
    allslice = slice(None)
    front = [allslice] * axis + [slice(-shift, None)] + [allslice] * (x.ndim - axis - 1)
    end = [allslice] * axis + [slice(0, -shift)] + [allslice] * (x.ndim - axis - 1)
    return join(axis, x[tuple(front)], x[tuple(end)])


# --------------------------------------------------------------------------- sorting

def _sort_axis(input: Variable, axis: Any) -> tuple[Variable, Variable]:
    """(input, axis) for SortOp/ArgSortOp: axis None flattens; the axis must be a constant integer."""
    if axis is None:
        return flatten(input), constant(0, dtype="int64")
    axis = as_tensor_variable(axis)
    if axis.ndim != 0 or (isinstance(axis, Constant) and axis.dtype not in _dt.integer_dtypes
                          and float(axis.data) != int(axis.data)):
        raise TypeError(f"sort axis must be an integer or None, got {axis.type}")
    if not isinstance(axis, Constant):  # a symbolic scalar (Theano accepts any dtype): checked when it runs
        return input, axis
    if axis.dtype not in _dt.integer_dtypes:
        axis = constant(int(axis.data), dtype="int64")
    if not -max(input.ndim, 1) <= int(axis.data) < max(input.ndim, 1):
        raise ValueError(f"sort axis {int(axis.data)} is out of bounds for an input of {input.ndim} dimensions")
    return input, axis


def _take_along_axis(v: Variable, idx: Variable, ax: int) -> Variable:
    """numpy.take_along_axis(v, idx, ax) for idx of v's shape, by advanced indexing with arange grids."""
    indices = []
    for i in range(v.ndim):
        if i == ax:
            indices.append(idx)
        else:
            index_shape: list[Any] = [1] * v.ndim
            index_shape[i] = shape_i(v, i)
            indices.append(arange(shape_i(v, i)).reshape(index_shape))
    return v[tuple(indices)]


def _constant_axis(op: Op, axis: Variable) -> int:
    if not isinstance(axis, Constant):
        raise NotImplementedError(f"{op}: the gradient needs a constant axis (this graph has a symbolic one)")
    return int(axis.data)


class _AlongAxis:
    """What SortOp and ArgSortOp share: the (kind, order) props, the constant axis input, the input's shape."""

    __props__ = ("kind", "order")

    def __init__(self, kind: str, order: Any = None):
        self.kind = kind
        self.order = order

    def __str__(self) -> str:
        return "%s{%s, %s}" % (type(self).__name__, self.kind, str(self.order))

    def output_type(self, input: Variable) -> TensorType:
        return input.type

    def make_node(self, input: Any, axis: Any = -1) -> Apply:
        input, axis = _sort_axis(as_tensor_variable(input), axis)
        return Apply(self, [input, axis], [self.output_type(input)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


class SortOp(_AlongAxis, Op):
    """numpy.sort along a constant axis."""

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        a, axis = inputs
        ax = _constant_axis(self, axis) % a.ndim
        idx = argsort(a, ax, kind=self.kind, order=self.order)
        rev_idx = argsort(idx, ax, kind=self.kind, order=self.order)
        g = _take_along_axis(output_grads[0], rev_idx, ax)
        return [g, grad_undefined(self, 1, axis, "The gradient of sort is not defined with respect to the integer axes "
                                         "itself")]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        a, axis = inputs
        ax = _constant_axis(self, axis) % a.ndim
        # the tangent moves with its entry: sorted(a)[j] = a[argsort(a)[j]]
        return [_take_along_axis(eval_points[0], argsort(a, ax, kind=self.kind, order=self.order), ax)]

    def host_impl(self, node: Apply, a: np.ndarray, axis: np.ndarray) -> np.ndarray:
        return np.sort(a, int(axis), self.kind, self.order)


class ArgSortOp(_AlongAxis, Op):
    """numpy.argsort along a constant axis (int64 output)."""

    def output_type(self, input: Variable) -> TensorType:
        return TensorType("int64", input.broadcastable)

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        inp, axis = inputs
        return [inp.zeros_like(), grad_undefined(self, 1, axis, "argsort is not defined for non-integer axes so "
                                                                "argsort(x, axis+eps) is undefined")]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None]  # integer indices: not differentiable

    def host_impl(self, node: Apply, a: np.ndarray, axis: np.ndarray) -> np.ndarray:
        return np.argsort(a, int(axis), self.kind, self.order).astype("int64")


def sort(a: Any, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
    """A sorted copy of `a` along `axis` (flattened when axis is None)."""
    a = as_tensor_variable(a)
    if axis is None:
        a, axis = a.flatten(), 0
    return SortOp(kind, order)(a, axis)


def argsort(a: Any, axis: Any = -1, kind: str = "quicksort", order: Any = None) -> Variable:
    """The indices that sort `a` along `axis` (flattened when axis is None)."""
    a = as_tensor_variable(a)
    if axis is None:
        a, axis = a.flatten(), 0
    return ArgSortOp(kind, order)(a, axis)


# --------------------------------------------------------------------------- nonzero

class NonzeroCount(Op):
    """The number of nonzero entries of a tensor (int64 scalar); evaluated on the host for Nonzero's shape."""

    __props__ = ()

    def make_node(self, a: Any) -> Apply:
        a = as_tensor_variable(a)
        return Apply(self, [a], [TensorType("int64", ())()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grad_undefined(self, 0, inputs[0])]

    def host_impl(self, node: Apply, a: np.ndarray) -> np.ndarray:
        return np.asarray(np.count_nonzero(a), dtype="int64")


class Nonzero(Op):
    """The indices of the nonzero entries as an int64 matrix of shape (ndim, count)."""

    __props__ = ()
    value_dependent_shape = True

    def make_node(self, a: Any) -> Apply:
        a = as_tensor_variable(a)
        if a.ndim == 0:
            raise ValueError("Nonzero only supports non-scalar arrays.")
        return Apply(self, [a], [TensorType("int64", (False, False))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        a = node.inputs[0]
        return [(constant(a.ndim, dtype="int64"), NonzeroCount()(a))]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grad_undefined(self, 0, inputs[0])]

    def host_impl(self, node: Apply, a: np.ndarray) -> np.ndarray:
        idx = np.nonzero(a)
        if len(idx[0]) == 0:
            return np.zeros((len(idx), 0), dtype="int64")
        return np.vstack(idx).astype("int64")


_nonzero = Nonzero()


def nonzero(a: Any, return_matrix: bool = False) -> Any:
    """The indices of a's nonzero entries: a tuple of vectors (numpy style) or the (ndim, count) matrix."""
    a = as_tensor_variable(a)
    matrix = _nonzero(a)
    if return_matrix:
        return matrix
    return tuple(matrix[i] for i in range(a.ndim))


def flatnonzero(a: Any) -> Variable:
    """The indices of the nonzero entries of a.flatten()."""
    a = as_tensor_variable(a)
    if a.ndim == 0:
        raise ValueError("Nonzero only supports non-scalar arrays.")
    return nonzero(a.flatten(), return_matrix=True)[0]


def nonzero_values(a: Any) -> Variable:
    """The nonzero entries of `a` as a vector (a.flatten()[flatnonzero(a)])."""
    a = as_tensor_variable(a)
    return a.flatten()[flatnonzero(a)]
