"""Reductions: CAReduce and its Sum/Prod/All/Any forms, and the functions sum, prod, any, all with the
axis helpers (check_and_normalize_axes, makeKeepDims) the other reductions share (Theano 1.0.5 semantics).

Max/argmax live in max_argmax.py, mean/var/std in moments.py.
"""
from __future__ import annotations

import copy
from typing import Any as TAny, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_not_implemented
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.elemwise import DimShuffle, ScalarOp
from theano.frontend.ops.elemwise_table import G, SCALAR_OPS, cast
from theano.frontend.ops.math import eq, neq, ones_like, switch, zeros_like
from theano.frontend.type import TensorType

__all__ = ["CAReduce", "CAReduceDtype", "Sum", "Prod", "ProdWithoutZeros", "MulWithoutZeros", "mul_without_zeros",
           "All", "Any", "check_and_normalize_axes", "makeKeepDims", "sum", "prod", "any", "all"]

_py_any = any


def get_scalar_op(name: str) -> ScalarOp:
    """The elementwise table's scalar op `name` (add, mul, maximum, minimum, and_, or_, ...)."""

    return SCALAR_OPS[name]


def _normalize_axis_arg(axis: TAny) -> tuple[int, ...] | None:
    """CAReduce's axis argument: None, an int, or an iterable of ints (sorted, duplicates dropped)."""
    if axis is None:
        return None
    if isinstance(axis, Constant):
        axis = axis.data
    if isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, np.ndarray) and axis.ndim == 0:
        return (int(axis),)
    if isinstance(axis, Variable):
        raise TypeError("Computation needs a constant axis. Got %s" % axis)
    try:
        return tuple(sorted(set(int(a) for a in axis)))
    except TypeError:
        raise TypeError("Axis must be an integer, tuple, list of integers or a TensorVariable. Got %s" % (axis,)) from None


def _kept_pattern(ndim: int, axes: Sequence[int]) -> list[TAny]:
    """DimShuffle pattern that puts back reduced axes as broadcastable 'x' dims."""
    pattern: list[TAny] = []
    i = 0
    for j in range(ndim):
        if j in axes:
            pattern.append("x")
        else:
            pattern.append(i)
            i += 1
    return pattern


# --------------------------------------------------------------------------- CAReduce family

class CAReduce(Op):
    """Reduces a commutative, associative binary scalar op over some axes (all when axis is None)."""

    __props__ = ("scalar_op", "axis")

    def __init__(self, scalar_op: ScalarOp, axis: TAny = None):
        if scalar_op.nin not in (-1, 2) or getattr(scalar_op, "nout", 1) != 1:
            raise NotImplementedError("CAReduce only supports binary functions with a single output.")
        self.scalar_op = scalar_op
        self.axis = _normalize_axis_arg(axis)

    def __str__(self) -> str:
        if self.axis is not None:
            return "Reduce{%s}{%s}" % (self.scalar_op, ", ".join(str(x) for x in self.axis))
        return "Reduce{%s}" % self.scalar_op

    def _output_dtype(self, input_dtype: str) -> str:
        return input_dtype

    def reduce_axes(self, ndim: int) -> tuple[int, ...]:
        """The reduced axes as non-negative ints (in the order Theano prints them: negatives wrapped in place)."""
        if self.axis is None:
            return tuple(range(ndim))
        return tuple(dict.fromkeys(a + ndim if a < 0 else a for a in self.axis))

    def make_node(self, input: TAny) -> Apply:
        x = as_tensor_variable(input)
        ndim = x.type.ndim
        op = self
        if self.axis is not None:
            for a in self.axis:
                if a >= ndim or (a < 0 and abs(a) > ndim):
                    raise ValueError("Not enough dimensions on %s to reduce on axis %s" % (x, a))
            if _py_any(a < 0 for a in self.axis):
                op = copy.copy(self)
                op.axis = self.reduce_axes(ndim)
        axes = op.reduce_axes(ndim)
        bcast = [b for i, b in enumerate(x.type.broadcastable) if i not in axes]
        return Apply(op, [x], [TensorType(self._output_dtype(x.type.dtype), bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        axes = self.reduce_axes(node.inputs[0].ndim)
        return [tuple(s for i, s in enumerate(shapes[0]) if i not in axes)]

    def accumulator_dtype(self, node: Apply) -> str:
        """The dtype the reduction accumulates in (acc_dtype, else the output dtype)."""
        return getattr(self, "acc_dtype", None) or node.outputs[0].dtype

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        out = numpy_reduce(self.scalar_op, x, self.reduce_axes(x.ndim), self.accumulator_dtype(node))
        return np.array(out, dtype=node.outputs[0].dtype)


_UFUNCS = {"add": np.add, "mul": np.multiply, "maximum": np.maximum, "minimum": np.minimum,
           "and_": np.bitwise_and, "or_": np.bitwise_or, "xor": np.bitwise_xor}


def numpy_reduce(sop: ScalarOp, x: np.ndarray, axes: tuple[int, ...], acc_dtype: str) -> np.ndarray:
    """Reduce `x` over `axes` with scalar op `sop`, accumulating in `acc_dtype` (numpy)."""
    name = sop.name
    if name == "mul_without_zeros":
        nz = np.where(x == 0, np.ones((), x.dtype), x).astype(acc_dtype)
        prod = np.multiply.reduce(nz, axis=axes)
        return np.where(np.all(x == 0, axis=axes), np.zeros((), acc_dtype), prod)
    if not axes:
        return np.array(x, dtype=acc_dtype, copy=True)
    ufunc = _UFUNCS.get(name)
    if ufunc is not None:
        if name in ("and_", "or_") and x.dtype == np.bool_:
            ufunc = np.logical_and if name == "and_" else np.logical_or
        return ufunc.reduce(x.astype(acc_dtype), axis=axes)
    identity = getattr(sop, "identity", None)
    fn = np.frompyfunc(sop.impl, 2, 1)
    value = x
    for a in sorted(axes, reverse=True):
        if value.shape[a] == 0:
            if identity is None:
                raise ValueError("Input has zero-size on axis %s, but the scalar op %s has no identity" % (a, sop))
            shape = list(value.shape)
            del shape[a]
            value = np.full(shape, identity, dtype=acc_dtype)
        else:
            value = np.asarray(fn.reduce(value, axis=a)).astype(acc_dtype)
    return value


class CAReduceDtype(CAReduce):
    """CAReduce with an output `dtype` and an accumulator `acc_dtype` (defaults: 64-bit for integers, float64)."""

    __props__ = ("scalar_op", "axis", "dtype", "acc_dtype")

    def __init__(self, scalar_op: ScalarOp, axis: TAny = None, dtype: TAny = None, acc_dtype: TAny = None):
        CAReduce.__init__(self, scalar_op, axis=axis)
        self.dtype = None if dtype is None else _dt.check_dtype(dtype)
        self.acc_dtype = None if acc_dtype is None else _dt.check_dtype(acc_dtype)

    _OUT_DEFAULT = {"bool": "int64", "int8": "int64", "int16": "int64", "int32": "int64",
                    "uint8": "uint64", "uint16": "uint64", "uint32": "uint64"}
    _ACC_DEFAULT = dict(_OUT_DEFAULT, float16="float32", float32="float64", complex64="complex128")

    def _output_dtype(self, idtype: str) -> str:
        if self.dtype is None:
            return self._OUT_DEFAULT.get(idtype, idtype)
        return self.dtype

    def _acc_dtype(self, idtype: str) -> str:
        acc = self.acc_dtype
        if acc is None:
            return self._ACC_DEFAULT.get(idtype, idtype)
        if acc in _dt.continuous_dtypes and idtype in _dt.discrete_dtypes:
            return acc
        up = _dt.upcast(idtype, acc)
        if up != acc:
            raise TypeError(
                "Cannot build %s node with input dtype %s and acc_dtype %s, as precision would be lost. "
                "To correct this error, you can:\n  - not specify acc_dtype, or\n"
                "  - use an acc_dtype at least as precise as %s.\n"
                '  - specify "dtype" instead of "acc_dtype", so the reduction will be precise, but the result will '
                'be casted into "dtype" at the end.\nIf you are expecting the precision loss, you can use '
                'tensor.cast(..., dtype="%s"), on your input.' % (self, idtype, acc, up, acc))
        return acc

    def make_node(self, input: TAny) -> Apply:
        x = as_tensor_variable(input)
        dtype = self._output_dtype(x.dtype)
        acc = self._acc_dtype(x.dtype)
        op = self
        if dtype != self.dtype or acc != self.acc_dtype:
            op = copy.copy(self)
            op.dtype, op.acc_dtype = dtype, acc
        return CAReduce.make_node(op, x)

    def __str__(self) -> str:
        name = type(self).__name__
        if name == "CAReduceDtype":
            name = "ReduceDtype{%s}" % self.scalar_op
        axis = "" if self.axis is None else "axis=[%s], " % ", ".join(str(x) for x in self.axis)
        return "%s{%sacc_dtype=%s}" % (name, axis, self.acc_dtype)


def _props_str(op: Op) -> str:
    return "%s{%s}" % (type(op).__name__, ", ".join("%s=%r" % (p, getattr(op, p)) for p in op.__props__))


class Sum(CAReduceDtype):
    """Sum over axes; the gradient broadcasts the output gradient back (second(x, dimshuffled gz))."""

    __props__ = ("axis", "dtype", "acc_dtype")

    def __init__(self, axis: TAny = None, dtype: TAny = None, acc_dtype: TAny = None):
        CAReduceDtype.__init__(self, get_scalar_op("add"), axis=axis, dtype=dtype, acc_dtype=acc_dtype)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[TAny]:
        x, = inputs
        if outputs[0].dtype not in _dt.continuous_dtypes:
            return [zeros_like(x, dtype=config.floatX)]
        gz = as_tensor_variable(output_grads[0])
        axes = self.reduce_axes(x.ndim)
        if not axes:
            return [gz]
        return [G.second(x, DimShuffle(gz.broadcastable, _kept_pattern(x.ndim, axes))(gz))]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[TAny]:
        if None in eval_points:
            return [None]
        return self(*eval_points, return_list=True)


class Prod(CAReduceDtype):
    """Product over axes; the gradient handles groups with one or more zeros as Theano does."""

    __props__ = ("axis", "dtype", "acc_dtype")

    def __init__(self, axis: TAny = None, dtype: TAny = None, acc_dtype: TAny = None, no_zeros_in_input: bool = False):
        CAReduceDtype.__init__(self, get_scalar_op("mul"), axis=axis, dtype=dtype, acc_dtype=acc_dtype)
        self.no_zeros_in_input = no_zeros_in_input

    def __str__(self) -> str:
        return _props_str(self)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[TAny]:
        prod_in, = inputs
        if outputs[0].dtype in _dt.discrete_dtypes or self.acc_dtype in _dt.discrete_dtypes:
            return [zeros_like(prod_in, dtype=config.floatX)]
        axes = self.reduce_axes(prod_in.ndim)
        gz = as_tensor_variable(output_grads[0])
        if not axes:
            return [gz]
        pattern = _kept_pattern(prod_in.ndim, axes)
        prod_out = self(prod_in).dimshuffle(pattern)
        gz = gz.dimshuffle(pattern)
        # division trick; its NaNs (groups with zeros) are switched away below
        grad_case_without_zeros = gz * prod_out / prod_in
        if self.no_zeros_in_input:
            return [grad_case_without_zeros]
        where_zeros = eq(prod_in, 0.0)
        sum_where_zeros = sum(where_zeros, axis=self.axis)
        groups_with_single_zero = eq(sum_where_zeros, 1).dimshuffle(pattern)
        where_single_zero = groups_with_single_zero * where_zeros
        where_gz_not_zero = neq(gz, 0.0)
        where_to_take_prod_without_zeros = groups_with_single_zero * where_gz_not_zero
        prod_without_zeros_in = where_to_take_prod_without_zeros * prod_in
        prod_without_zeros = ProdWithoutZeros(axis=self.axis)(prod_without_zeros_in).dimshuffle(pattern)
        groups_without_zeros = eq(sum_where_zeros, 0).dimshuffle(pattern)
        final = switch(groups_without_zeros, grad_case_without_zeros,
                       switch(where_single_zero, prod_without_zeros, 0.0) * gz)
        return [final]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[TAny]:
        # J v = sum over each reduced group of (d prod / d x) * v; the L_op with unit output gradient gives
        # d prod / d x broadcast over the group, zeros handled as in the gradient
        if eval_points[0] is None:
            return [None]
        x, = inputs
        out = self(x)
        if out.dtype in _dt.discrete_dtypes:
            return [None]
        partials, = self.L_op([x], [out], [ones_like(out)])
        axes = self.reduce_axes(x.ndim)
        if not axes:
            return [cast(eval_points[0], out.dtype)]
        return [cast(sum(partials * eval_points[0], axis=list(axes)), out.dtype)]


class MulWithoutZeros(ScalarOp):
    """x * y, ignoring zeros (identity 0: a group of only zeros reduces to 0)."""

    nin = 2
    identity = 0.0
    commutative = True
    associative = True
    __props__ = ("name",)

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        return _dt.upcast_out(*dtypes)

    def impl(self, x: TAny, y: TAny) -> Any:
        if x == 0:
            return y
        if y == 0:
            return x
        return x * y


mul_without_zeros = MulWithoutZeros(name="mul_without_zeros")


class ProdWithoutZeros(CAReduceDtype):
    """Product of the non-zero entries (used by Prod's gradient); has no gradient itself."""

    __props__ = ("axis", "dtype", "acc_dtype")

    def __init__(self, axis: TAny = None, dtype: TAny = None, acc_dtype: TAny = None):
        CAReduceDtype.__init__(self, mul_without_zeros, axis=axis, dtype=dtype, acc_dtype=acc_dtype)

    def __str__(self) -> str:
        return _props_str(self)

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[TAny]:
        return [grad_not_implemented(self, 0, inputs[0], "2nd derivatives of `product(a)` is not currently supported."
                                     "If `a` is guaranteed to contains no zeros, use "
                                     "`product(a, no_zeros_in_input=True)`.")]


class _LogicalReduce(CAReduce):
    """Base of All/Any: non-bool inputs are compared with 0 first; the output is bool."""

    __props__ = ("axis",)
    _scalar_name = ""

    def __init__(self, axis: TAny = None):
        CAReduce.__init__(self, get_scalar_op(self._scalar_name), axis)

    def _output_dtype(self, idtype: str) -> str:
        return "bool"

    def __str__(self) -> str:
        name = type(self).__name__
        return name if self.axis is None else "%s{%s}" % (name, ", ".join(map(str, self.axis)))

    def make_node(self, input: TAny) -> Apply:
        x = as_tensor_variable(input)
        if x.dtype != "bool":
            x = neq(x, 0)
        return CAReduce.make_node(self, x)

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[TAny]:
        return [zeros_like(inputs[0], dtype=config.floatX)]


class All(_LogicalReduce):
    """Logical and over axes (printed All / All{1})."""

    _scalar_name = "and_"


class Any(_LogicalReduce):
    """Logical or over axes (printed TAny / Any{1})."""

    _scalar_name = "or_"


# --------------------------------------------------------------------------- functions

def check_and_normalize_axes(x: TAny, axis: TAny) -> list[int]:
    """Axis given as None/int/tuple/list/constant as a sorted list of non-negative ints ([] for None)."""
    x = as_tensor_variable(x)
    if axis is None:
        axes: list[int] = []
    elif isinstance(axis, (int, np.integer)) and not isinstance(axis, bool) or \
            isinstance(axis, np.ndarray) and axis.ndim == 0:
        axes = [int(axis)]
    elif isinstance(axis, (tuple, list, np.ndarray)):
        axes = [int(i) for i in axis]
    elif isinstance(axis, Constant) and axis.data is None:  # NoneConst: all axes, as Theano
        axes = []
    elif isinstance(axis, Variable):
        if not isinstance(axis, Constant):
            raise TypeError("Computation needs a constant axis. Got %s" % axis)
        data = np.asarray(axis.data)
        axes = [int(data)] if data.ndim == 0 else [int(i) for i in data]
    else:
        raise TypeError("Axis must be an integer, tuple, list of integers or a TensorVariable. Got %s" % (axis,))
    for i, a in enumerate(axes):
        if a < 0:
            a += x.type.ndim
        if a < 0 or a >= x.type.ndim:
            raise ValueError("Computation needs a valid axis number for %d-D tensor. Got %d" % (x.type.ndim, a))
        axes[i] = a
    return sorted(set(axes))


def _axis_list(ndim: int, axis: TAny) -> list[int]:
    """The reduced axes of a function call as given (None: all), negatives kept as Theano's loops see them."""
    if axis is None:
        return list(range(ndim))
    if isinstance(axis, Constant):
        axis = axis.data
    if isinstance(axis, (int, np.integer)) or isinstance(axis, np.ndarray) and axis.ndim == 0:
        return [int(axis)]
    return [int(a) for a in axis]


def makeKeepDims(x: TAny, y: TAny, axis: TAny) -> Variable:
    """Put back in `y` the axes of `x` removed by a reduction over `axis`, as broadcastable dims."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if axis is None:
        axes = list(range(x.ndim))
    else:
        axes = []
        for a in _axis_list(x.ndim, axis):
            axes.append(a + x.ndim if a < 0 else a)
    return DimShuffle(y.broadcastable, _kept_pattern(x.ndim, axes))(y)


def sum(input: TAny, axis: TAny = None, dtype: TAny = None, keepdims: bool = False, acc_dtype: TAny = None) -> Variable:
    """Sum over `axis` (None: all); see Sum for the dtype rules."""
    out = Sum(axis=axis, dtype=dtype, acc_dtype=acc_dtype)(input)
    return makeKeepDims(input, out, axis) if keepdims else out


def prod(input: TAny, axis: TAny = None, dtype: TAny = None, keepdims: bool = False, acc_dtype: TAny = None,
         no_zeros_in_input: bool = False) -> Variable:
    """Product over `axis` (None: all)."""
    out = Prod(axis, dtype=dtype, acc_dtype=acc_dtype, no_zeros_in_input=no_zeros_in_input)(input)
    return makeKeepDims(input, out, axis) if keepdims else out



def any(x: TAny, axis: TAny = None, keepdims: bool = False) -> Variable:
    """Logical or over `axis` (bool)."""
    out = Any(axis)(x)
    return makeKeepDims(x, out, axis) if keepdims else out


def all(x: TAny, axis: TAny = None, keepdims: bool = False) -> Variable:
    """Logical and over `axis` (bool)."""
    out = All(axis)(x)
    return makeKeepDims(x, out, axis) if keepdims else out
