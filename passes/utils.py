"""Small graph helpers the rewrite sets share: op tests, constants, shape sources."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.blas import Dot
from theano.frontend.ops.constant_value import get_scalar_constant_value
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.shape import Shape_i
from theano.passes.algebra import scalar_like_constant, scalar_name


def i64(k: int) -> Variable:
    """An int64 scalar constant (shape entries)."""
    return T.constant(int(k), dtype="int64")


def const_like(value: Any, like: Variable) -> Variable:
    """A scalar constant of `like`'s dtype."""
    return T.constant(np.asarray(value, dtype=like.dtype))


def as_scalar(v: Variable) -> Variable:
    """A 0-d view of a variable that broadcasts like a scalar (all dims broadcastable)."""
    if v.ndim == 0:
        return v
    if v.owner is not None and isinstance(v.owner.op, DimShuffle) and v.owner.inputs[0].ndim == 0:
        return v.owner.inputs[0]
    return DimShuffle(v.broadcastable, [])(v)


def is_zeros(v: Variable) -> bool:
    """A tensor the graph shows holds only zeros: a constant 0 (any shape), or what get_scalar_constant_value reads
    through to one: zeros_like as fill(x, 0) or alloc(0, ...) (before and after canonicalize), dimshuffles,
    rebroadcasts, casts."""
    try:
        return bool(np.all(get_scalar_constant_value(v) == 0))
    except Exception:  # noqa: BLE001 - NotScalarConstantError, or a value it cannot read: not known to be zeros
        return False


def constant_int(v: Variable) -> int | None:
    """The integer value of a scalar constant (through padding DimShuffles), or None."""
    val = scalar_like_constant(v) if v.ndim == 0 or all(v.broadcastable) else None
    if val is None:
        return None
    try:
        as_int = int(val)
    except (TypeError, ValueError, OverflowError):
        return None
    return as_int if as_int == val else None


def dim_source(v: Variable, i: int, limit: int = 64) -> tuple[Variable, int]:
    """Follow dimension i of `v` back through ops that keep it (elementwise, softmax family, dot, dimshuffle,
    Shape_i arguments) to the variable it is first seen on; two dims with one source have equal lengths."""
    from theano.frontend.ops import nnet

    same_shape = (nnet.Softmax, nnet.LogSoftmax, nnet.SoftmaxWithBias, nnet.SoftmaxGrad,
                  nnet.CrossentropySoftmax1HotWithBiasDx)
    for _ in range(limit):
        node = v.owner
        if node is None:
            return v, i
        op = node.op
        if isinstance(op, Elemwise):
            nxt = next((u for u in node.inputs if not u.broadcastable[i]), None)
            if nxt is None:
                return v, i
            v = nxt
        elif isinstance(op, DimShuffle):
            j = op.new_order[i]
            if j == "x":
                return v, i
            v, i = node.inputs[0], j
        elif isinstance(op, same_shape):
            v = node.inputs[1] if isinstance(op, (nnet.SoftmaxGrad, nnet.CrossentropySoftmax1HotWithBiasDx)) else node.inputs[0]
        elif isinstance(op, nnet.CrossentropySoftmaxArgmax1HotWithBias) and i == 0 and v.index in (0, 1):
            v = node.inputs[0]
        elif isinstance(op, Dot) and node.inputs[0].ndim == 2 and i == 0:
            v = node.inputs[0]
        else:
            return v, i
    return v, i


def same_dim(a: Variable, i: int, b: Variable, j: int) -> bool:
    """Whether dim i of `a` and dim j of `b` are known to have the same length."""
    sa, sb = dim_source(a, i), dim_source(b, j)
    return sa[0] is sb[0] and sa[1] == sb[1]


def length_source(n: Variable) -> tuple[Variable, int] | None:
    """For a scalar that is a shape entry (Shape_i(v), possibly cast), the (variable, dim) it measures."""
    while n.owner is not None and scalar_name(n) is not None and n.owner.op.scalar_op.name.startswith("convert_to_"):
        n = n.owner.inputs[0]
    if n.owner is not None and isinstance(n.owner.op, Shape_i):
        return dim_source(n.owner.inputs[0], n.owner.op.i)
    return None


def is_constant(v: Variable) -> bool:
    return isinstance(v, Constant)
