"""get_scalar_constant_value: the constant scalar a variable is known to hold, looking through casts, fills,
dimshuffles, copies and the shapes of broadcastable dimensions (Theano's tensor.get_scalar_constant_value).

An op can take part by defining `scalar_constant_source(node)`, returning the value (an array) or the variable to
look at next, or None (Subtensor does, for `shape(x)[i]` and `make_vector(...)[i]`).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.graph import Constant, Variable
from theano.frontend.evaluate import host_apply_or_none
from theano.frontend.ops.compile_ops import DeepCopyOp, ViewOp
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import Cast
from theano.frontend.ops.host_check import Assert
from theano.frontend.ops.shape import Rebroadcast, Shape_i

__all__ = ["NotScalarConstantError", "EmptyConstantError", "get_scalar_constant_value"]

# the elementwise ops get_scalar_constant_value computes from constant inputs (Theano 1.0.5's
# get_scalar_constant_value_elemwises)
_CONSTANT_ELEMWISES = frozenset(["cast", "switch", "neq", "eq", "lt", "gt", "le", "ge", "sub", "add", "mod", "mul",
                                 "int_div", "true_div", "minimum", "maximum"])


class NotScalarConstantError(Exception):
    """Raised by get_scalar_constant_value for a non-constant."""


class EmptyConstantError(NotScalarConstantError):
    """Raised by get_scalar_constant_value for an empty constant."""


def get_scalar_constant_value(v: Any, elemwise: bool = True, only_process_constants: bool = False,
                              max_recur: int = 10) -> np.ndarray:
    """The constant scalar value of `v`, looking through casts, fills and shape of known dims.

    The value is a copy (as Theano's): changing it in place must not change the constant, which the constant
    cache shares between graphs."""
    value = _scalar_constant_value(v, elemwise, only_process_constants, max_recur)
    return value.copy() if isinstance(value, np.ndarray) else value


def _scalar_constant_value(v: Any, elemwise: bool, only_process_constants: bool, max_recur: int) -> Any:
    for _ in range(max_recur + 1):
        if isinstance(v, (int, float, np.number, np.ndarray)) and not isinstance(v, Variable):
            arr = np.asarray(v)
            if arr.size == 1:
                return arr.reshape(())
            if arr.size == 0:
                raise EmptyConstantError()
            raise NotScalarConstantError(v)
        if isinstance(v, Constant):
            data = np.asarray(v.data)
            if data.size == 0:
                raise EmptyConstantError()
            if data.size == 1 or (data.size and (data == data.flat[0]).all()):
                return data.flat[0] if data.ndim else data
            raise NotScalarConstantError(v)
        if only_process_constants or v is None or v.owner is None:
            raise NotScalarConstantError(v)
        op = v.owner.op
        if isinstance(op, Elemwise) and op.scalar_op.name in ("second",) and elemwise:
            v = v.owner.inputs[1]
            continue
        if isinstance(op, Elemwise) and isinstance(op.scalar_op, Cast):
            return np.asarray(get_scalar_constant_value(v.owner.inputs[0], elemwise, only_process_constants, max_recur)).astype(v.dtype)
        if isinstance(op, Elemwise) and elemwise and getattr(op.scalar_op, "name", None) in _CONSTANT_ELEMWISES \
                and v.ndim == 0 and len(v.owner.outputs) == 1:
            values = [get_scalar_constant_value(i, elemwise, only_process_constants, max_recur)
                      for i in v.owner.inputs]
            out = host_apply_or_none(v.owner, [np.asarray(x) for x in values])
            if out is None:
                raise NotScalarConstantError(v)
            return np.asarray(out[0]).copy()
        if isinstance(op, Assert):  # an assert of constant conditions that hold is its value
            conds = [get_scalar_constant_value(c, elemwise, only_process_constants, max_recur)
                     for c in v.owner.inputs[1:]]
            if not all(conds):
                raise NotScalarConstantError(v)
            v = v.owner.inputs[0]
            continue
        if isinstance(op, (DimShuffle, Rebroadcast, DeepCopyOp, ViewOp)):
            v = v.owner.inputs[0]
            continue
        if isinstance(op, Shape_i):
            x = v.owner.inputs[0]
            if x.broadcastable[op.i]:
                return np.asarray(1)
            if isinstance(x, Constant):
                return np.asarray(np.shape(x.data)[op.i])
        source = getattr(op, "scalar_constant_source", None)
        if source is not None:
            found = source(v.owner)
            if isinstance(found, Variable):
                v = found
                continue
            if found is not None:
                return found
        raise NotScalarConstantError(v)
    raise NotScalarConstantError(v)
