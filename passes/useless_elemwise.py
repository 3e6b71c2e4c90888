"""Elementwise operations whose result is known without computing them (Theano's local_useless_elemwise,
local_useless_elemwise_comparison, local_cast_cast, local_zero_div, local_intdiv_by_one, local_useless_switch
on constant conditions, local_tensor_scalar_tensor and local_scalar_tensor_scalar), as canonicalize rules.

Comparisons of a variable with itself, logic with a constant, shape entries compared with 0 (a shape is never
negative), two casts where the first only widens, 0 / x and x // 1.
"""
from __future__ import annotations

from theano.frontend import tensor as T
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.elemwise import Cast, Elemwise
from theano.frontend.ops.scalar_conversion import ScalarFromTensor, TensorFromScalar
from theano.frontend.ops.join import Join
from theano.frontend.ops.shape import MakeVector, Shape, Shape_i
from theano.frontend.ops.subtensor import Subtensor
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import AnyConst, OpP, P, scalar_constant, x, y

TAGS = ("canonicalize", "fast_run")

c = AnyConst("c")


def _zeros(x: Variable, var: Variable) -> Variable:
    return T.zeros_like(x, dtype=var.dtype)


def _ones(x: Variable, var: Variable) -> Variable:
    return T.ones_like(x, dtype=var.dtype)


def _nonnegative(v: Variable) -> bool:
    """A shape entry or shape vector, entries of one (Subtensor), MakeVectors and Joins of them, or sums and
    products of them and non-negative constants (never below 0)."""
    stack, seen = [v], 0
    while stack:
        u = stack.pop()
        seen += 1
        if seen > 64:
            return False
        node = u.owner
        if node is not None and isinstance(node.op, (Shape_i, Shape)):
            continue
        if node is not None and isinstance(node.op, (Elemwise, MakeVector, Join, Subtensor)):
            op = node.op
            if isinstance(op, Elemwise) and getattr(op.scalar_op, "name", None) in ("add", "mul"):
                stack.extend(node.inputs)
                continue
            if isinstance(op, MakeVector):
                stack.extend(node.inputs)
                continue
            if isinstance(op, Join):  # join(axis, a, b): the axis is no entry
                stack.extend(node.inputs[1:])
                continue
            if isinstance(op, Subtensor):  # entries of a non-negative vector (the indices are no entries)
                stack.append(node.inputs[0])
                continue
        value = scalar_constant(u)
        if value is not None and value >= 0:
            continue
        return False
    return True


s = x.where(_nonnegative)


def _logic_constant(c: Variable, x: Variable, var: Variable, absorbing: int) -> Variable | None:
    """and_(x, 0) -> 0, and_(x, 1) -> x (bool x); or_(x, 0) -> x, or_(x, 1) -> 1 (bool x)."""
    if not isinstance(c, Constant):
        return None
    value = scalar_constant(c)
    if value is None:
        return None
    if absorbing == 0:  # and_
        if not value:
            return _zeros(x, var)
        return x if var.dtype == "bool" else None  # and_(x, 1) of ints is x & 1, not x
    if not value:  # or_(x, 0)
        return x
    return _ones(x, var) if var.dtype == "bool" else None


_UPCAST_ORDER = {
    "bool": (0, 0), "uint8": (1, 1), "uint16": (1, 2), "uint32": (1, 3), "uint64": (1, 4),
    "int8": (2, 1), "int16": (2, 2), "int32": (2, 3), "int64": (2, 4),
    "float16": (3, 1.5), "float32": (3, 2.5), "float64": (3, 3.5), "complex64": (4, 3), "complex128": (4, 4)}


def _is_upcast(dtype1: str, dtype2: str) -> bool:
    """Whether casting dtype1 to dtype2 loses nothing (Theano's is_an_upcast)."""
    c1, c2 = _UPCAST_ORDER.get(dtype1), _UPCAST_ORDER.get(dtype2)
    return c1 is not None and c2 is not None and c2[0] >= c1[0] and c2[1] > c1[1]


def _cast_cast(var: Variable) -> Variable | None:
    """cast(cast(x, t1), t2): cast(x, t2) when the first cast only widens (x itself when t2 is x's dtype)."""
    inner = var.owner.inputs[0]
    if inner.owner is None or not isinstance(inner.owner.op, Elemwise) or not isinstance(inner.owner.op.scalar_op, Cast):
        return None
    base = inner.owner.inputs[0]
    if inner.dtype == var.dtype:
        return inner
    if _is_upcast(base.dtype, inner.dtype):
        return base if base.dtype == var.dtype else T.cast(base, var.dtype)
    return None


def _all_ones(v: Variable) -> bool:
    """A constant whose entries are all 1."""
    return isinstance(v, Constant) and v.data.size > 0 and bool((v.data == 1).all())


def _intdiv_by_one(x: Variable, y: Variable, var: Variable) -> Variable:
    """x // ones: x (integers) or floor(x) (floats: 1.5 // 1 is 1.0), broadcast by the ones where they are not
    scalar-like."""
    out = x if x.dtype.startswith(("int", "uint", "bool")) else T.floor(x)
    if out.broadcastable != var.broadcastable:
        out = T.fill(y, out)
    return T.cast(out, var.dtype) if out.dtype != var.dtype else out


def _switch_constant(c: Variable, x: Variable, y: Variable, var: Variable) -> Variable | None:
    """switch(c, x, y) with a constant c: the branch it picks, broadcast as the switch's result."""
    value = scalar_constant(c)
    if value is None:
        return None
    chosen, other = (x, y) if value else (y, x)
    if chosen.broadcastable != var.broadcastable:
        chosen = T.fill(c, T.fill(other, chosen)) if chosen.ndim <= var.ndim else None
    return chosen


def _is_cast(v: Variable) -> bool:
    return isinstance(v.owner.op, Elemwise) and isinstance(v.owner.op.scalar_op, Cast)


def _negative(c: Variable) -> bool:
    value = scalar_constant(c)
    return value is not None and value < 0


RULES: list[Rule] = tagged(TAGS, [
    Rule(P.lt(x, x) | P.gt(x, x) | P.neq(x, x) | P.xor(x, x), _zeros,
         name="local_useless_elemwise_comparison"),  # x < x, x > x, x != x, x ^ x -> 0
    Rule(P.le(x, x) | P.ge(x, x) | P.eq(x, x), _ones, name="local_useless_elemwise_self"),  # x <= x, x == x -> 1
    Rule(P.minimum(x, x) | P.maximum(x, x), x, name="local_useless_minmax_self"),  # min(x, x), max(x, x) -> x
    Rule(P.lt(s, 0), _zeros, name="local_useless_shape_lt_0"),  # shape < 0 -> 0
    Rule(P.ge(s, 0), _ones, name="local_useless_shape_ge_0"),  # shape >= 0 -> 1
    Rule(P.eq(s, c).where(lambda v: _negative(v.owner.inputs[1])), _zeros,
         name="local_useless_shape_eq_negative"),  # shape == -1 -> 0
    Rule(P.maximum(s, 0) | P.maximum(0, s), x, name="local_useless_shape_max_0"),  # max(shape, 0) -> shape
    Rule(P.minimum(s, 0) | P.minimum(0, s), _zeros, name="local_useless_shape_min_0"),  # min(shape, 0) -> 0
    Rule(P.and_(x, c), lambda c, x, var: _logic_constant(c, x, var, 0), name="local_useless_and"),  # x & 0, x & True
    Rule(P.or_(x, c), lambda c, x, var: _logic_constant(c, x, var, 1), name="local_useless_or"),  # x | 0, x | True
    Rule(OpP(Elemwise, x).where(_is_cast), _cast_cast, name="local_cast_cast"),  # cast(cast(x, wider), t) -> cast(x, t)
    Rule(P.int_div(x, y.where(_all_ones)), _intdiv_by_one,
         name="local_intdiv_by_one"),  # x // 1 -> x for integers, floor(x) for floats (Theano's x is wrong there)
    Rule(P.int_div(0, y) | P.true_div(0, y), lambda y, var: T.zeros_like(y, dtype=var.dtype),
         name="local_zero_div"),  # 0 // y, 0 / y -> 0
    Rule(P.switch(c, x, y), _switch_constant, name="local_useless_switch_constant"),  # switch(1, x, y) -> x
    Rule(OpP(TensorFromScalar, OpP(ScalarFromTensor, x)), x, name="local_tensor_scalar_tensor"),  # back and forth
    Rule(OpP(ScalarFromTensor, OpP(TensorFromScalar, x)), x, name="local_scalar_tensor_scalar"),
])
