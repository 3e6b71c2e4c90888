"""The `theano.tensor` namespace: every tensor function and op, gathered from the op-family modules."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import *  # noqa: F401,F403
from theano.frontend.constructors import _CTORS, as_tensor_variable, constant
from theano.frontend.dtypes import (all_dtypes, complex_dtypes, continuous_dtypes, discrete_dtypes,  # noqa: F401
                                    float_dtypes, int_dtypes, integer_dtypes, uint_dtypes)
from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.compile_ops import DeepCopyOp, ViewOp, deep_copy_op  # noqa: F401
from theano.frontend.ops.elemwise import DimShuffle, Elemwise, ScalarOp  # noqa: F401
from theano.frontend.ops.elemwise_functions import tensor_functions
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS, SCALAR_OPS, cast
from theano.frontend.ops.shape import (MakeVector, Rebroadcast, Reshape, Shape, Shape_i, SpecifyShape,  # noqa: F401
                                       addbroadcast, make_vector, patternbroadcast, reshape, shape, shape_i,
                                       specify_shape, unbroadcast)
from theano.frontend.type import TensorType
from theano.frontend.variable import AsTensorError, TensorConstant, TensorVariable, _tensor_py_operators  # noqa: F401

globals().update(_CTORS)
globals().update(tensor_functions())


def true_div_or_int(x: Any, y: Any) -> Variable:
    """x / y under Python 3: true division (int / int gives floatX)."""
    return ELEMWISE_OPS["true_div"](x, y)


def mod_check(x: Any, y: Any) -> Variable:
    """x % y; complex operands are refused as in Theano."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if x.dtype in complex_dtypes or y.dtype in complex_dtypes:
        raise TypeError("Theano does not support the mod operator (%) on complex numbers, since numpy deprecated it.")
    return ELEMWISE_OPS["mod"](x, y)


def divmod(x: Any, y: Any) -> tuple[Variable, Variable]:
    return ELEMWISE_OPS["int_div"](x, y), mod_check(x, y)


fill = second = ELEMWISE_OPS["second"]  # `value` broadcast to the shape of `model`: fill(model, value), an Elemwise


def ones_like(model: Any, dtype: Any = None, opt: bool = False) -> Variable:
    model = as_tensor_variable(model)
    dtype = model.dtype if dtype is None else _dt.check_dtype(dtype)
    return fill(model, constant(1.0, dtype=dtype))


def zeros_like(model: Any, dtype: Any = None, opt: bool = False) -> Variable:
    model = as_tensor_variable(model)
    dtype = model.dtype if dtype is None else _dt.check_dtype(dtype)
    return fill(model, constant(0.0, dtype=dtype))


def transpose(x: Any, axes: Any = None) -> Variable:
    x = as_tensor_variable(x)
    if axes is None:
        axes = list(range(x.ndim - 1, -1, -1))
    out = DimShuffle(x.broadcastable, list(axes))(x)
    if x.name and list(axes) == list(range(x.ndim - 1, -1, -1)):
        out.name = x.name + ".T"
    return out


tensor_copy = ELEMWISE_OPS["identity"]  # printed Elemwise{identity}, as in Theano


def get_vector_length(v: Any) -> int:
    """The static length of a 1-d tensor, or ValueError if it cannot be known."""
    v = as_tensor_variable(v)
    if v.ndim != 1:
        raise TypeError(f"argument must be symbolic vector, got '{v}'")
    if v.broadcastable[0]:
        return 1
    if isinstance(v, Constant):
        return len(v.data)
    if v.owner is not None:
        op = v.owner.op
        if isinstance(op, MakeVector):
            return len(v.owner.inputs)
        if isinstance(op, Shape):
            return v.owner.inputs[0].ndim
        if isinstance(op, Elemwise) and isinstance(op.scalar_op, _cast_cls()):
            return get_vector_length(v.owner.inputs[0])
        length_of = getattr(op, "static_vector_length", None)
        if length_of is not None:
            n = length_of(v.owner)
            if n is not None:
                return n
    raise ValueError(f"length not known: {v}")


def _cast_cls() -> type:
    from theano.frontend.ops.elemwise_table import Cast
    return Cast


class NotScalarConstantError(Exception):
    """Raised by get_scalar_constant_value for a non-constant."""


def get_scalar_constant_value(v: Any, elemwise: bool = True, only_process_constants: bool = False,
                              max_recur: int = 10) -> np.ndarray:
    """The constant scalar value of `v`, looking through casts, fills and shape of known dims."""
    for _ in range(max_recur + 1):
        if isinstance(v, (int, float, np.number, np.ndarray)) and not isinstance(v, Variable):
            arr = np.asarray(v)
            if arr.size == 1:
                return arr.reshape(())
            raise NotScalarConstantError(v)
        if isinstance(v, Constant):
            data = np.asarray(v.data)
            if data.size == 1 or (data.size and (data == data.flat[0]).all()):
                return data.flat[0] if data.ndim else data
            raise NotScalarConstantError(v)
        if only_process_constants or v is None or v.owner is None:
            raise NotScalarConstantError(v)
        op = v.owner.op
        if isinstance(op, Elemwise) and op.scalar_op.name in ("second",) and elemwise:
            v = v.owner.inputs[1]
            continue
        if isinstance(op, Elemwise) and isinstance(op.scalar_op, _cast_cls()):
            return np.asarray(get_scalar_constant_value(v.owner.inputs[0], elemwise, only_process_constants, max_recur)).astype(v.dtype)
        if isinstance(op, (DimShuffle, Rebroadcast, DeepCopyOp, ViewOp)):
            v = v.owner.inputs[0]
            continue
        if isinstance(op, Shape_i):
            x = v.owner.inputs[0]
            if x.broadcastable[op.i]:
                return np.asarray(1)
        if type(op).__name__ == "Subtensor" and v.ndim == 0:
            # shape(x)[i] with x broadcastable at i, or make_vector(...)[i] with a constant i
            vec = v.owner.inputs[0]
            idx = op.get_constant_idx(v.owner.inputs, allow_partial=True)
            if len(idx) == 1 and isinstance(idx[0], int) and vec.owner is not None:
                i = idx[0]
                if isinstance(vec.owner.op, Shape):
                    x = vec.owner.inputs[0]
                    if -x.ndim <= i < x.ndim and x.broadcastable[i]:
                        return np.asarray(1)
                elif isinstance(vec.owner.op, MakeVector) and -len(vec.owner.inputs) <= i < len(vec.owner.inputs):
                    v = vec.owner.inputs[i]
                    continue
        raise NotScalarConstantError(v)
    raise NotScalarConstantError(v)


from theano.frontend.ops.reduce import *  # noqa: E402,F401,F403
from theano.frontend.ops.basic import *  # noqa: E402,F401,F403
from theano.frontend.ops.subtensor import *  # noqa: E402,F401,F403
from theano.frontend.ops.blas import *  # noqa: E402,F401,F403
from theano.frontend.gradient_tools import *  # noqa: E402,F401,F403
