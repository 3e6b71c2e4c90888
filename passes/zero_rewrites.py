"""Rewrites of operations on arrays known to hold one value (Theano's local_incsubtensor_of_zeros,
local_setsubtensor_of_constants, local_incsubtensor_of_zeros_to_setsubtensor and local_0_dot_x).

Incrementing by zeros changes nothing; setting a part of an array of c's to c changes nothing; incrementing
a part of zeros is setting it; a dot product with zeros is zeros of the product's shape.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.advanced_subtensor import AdvancedIncSubtensor, AdvancedIncSubtensor1, AdvancedSubtensor1
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.blas import Dot
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.shape import Rebroadcast
from theano.frontend.ops.subtensor import IncSubtensor, Subtensor
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, scalar_constant, x, y

_INC_OPS = (IncSubtensor, AdvancedIncSubtensor1, AdvancedIncSubtensor)


def fill_value(v: Variable) -> Any:
    """The one value every entry of `v` holds, when the graph shows it (a constant, an alloc or fill of a
    constant, through dimshuffles), else None."""
    for _ in range(32):
        node = v.owner
        if node is None:
            return scalar_constant(v)
        op = node.op
        if isinstance(op, (DimShuffle, Rebroadcast, Subtensor, AdvancedSubtensor1)):  # a part holds the value too
            v = node.inputs[0]
        elif isinstance(op, Alloc):
            v = node.inputs[0]
        elif isinstance(op, Elemwise) and getattr(op.scalar_op, "name", None) == "second":
            v = node.inputs[1]
        else:
            return scalar_constant(v)
    return None


def _is_zero(v: Variable) -> bool:
    value = fill_value(v)
    return value is not None and value == 0


def _inc_of_zeros(x: Variable, y: Variable, node: Any) -> Variable | None:
    """inc_subtensor(x[i], zeros) -> x."""
    # only where y has x's dtype: adding an int64 into a bool array is an error (numpy's casting rule), kept
    return x if not node.op.set_instead_of_inc and y.dtype == x.dtype and _is_zero(y) else None


def _set_of_same_constant(x: Variable, y: Variable, node: Any) -> Variable | None:
    """set_subtensor(c's[i], c) -> the c's."""
    if not node.op.set_instead_of_inc:
        return None
    cx, cy = fill_value(x), fill_value(y)
    return x if cx is not None and cy is not None and cx == cy else None


def _inc_of_zeros_is_set(x: Variable, node: Any) -> Variable | None:
    """inc_subtensor(zeros[i], y) -> set_subtensor(zeros[i], y)."""
    op = node.op
    if op.set_instead_of_inc or not _is_zero(x) or node.inputs[1].dtype != x.dtype:
        return None  # (a set would cast y silently where the increment fails: int64 into bool)
    return IncSubtensor(op.idx_list, set_instead_of_inc=True)(*node.inputs)


def _dot_of_zeros(x: Variable, y: Variable, var: Variable) -> Variable | None:
    """dot(x, zeros), dot(zeros, y) -> zeros of the product's shape."""
    if not (_is_zero(x) or _is_zero(y)):
        return None
    dims = [x.shape[i] for i in range(x.ndim - 1)] + [y.shape[j] for j in range(1, y.ndim)]
    zero = T.constant(np.asarray(0, dtype=var.dtype))
    if x.ndim and y.ndim:  # the product's shape error stays (Theano's local_0_dot_x asserts it)
        from theano.frontend.ops.host_check import assert_op
        zero = assert_op(zero, T.eq(x.shape[x.ndim - 1], y.shape[0]))
    return T.alloc(zero, *dims)


RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(OpP(_INC_OPS, x, y, ...), _inc_of_zeros, name="local_incsubtensor_of_zeros"),  # x[i] += 0 -> x
    Rule(OpP(_INC_OPS, x, y, ...), _set_of_same_constant,
         name="local_setsubtensor_of_constants"),  # set_subtensor(c's[i], c) -> c's
    Rule(OpP(IncSubtensor, x, ...), _inc_of_zeros_is_set,
         name="local_incsubtensor_of_zeros_to_setsubtensor"),  # inc_subtensor(zeros[i], y) -> set_subtensor
    Rule(OpP(Dot, x, y), _dot_of_zeros, name="local_0_dot_x"),  # dot(x, 0) -> zeros
])
