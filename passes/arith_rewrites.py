"""Elementwise rewrites of Theano 1.0.5's tensor/opt.py that change values only where the original overflows or
produces NaN (`log(exp(x) + exp(y))`, `switch(c, 0, x) * y`), and the abs rewrites that let the product canonizer
turn `x / abs(x)` into `sgn(x)` (passes/algebra.py), plus `fill(s, v) -> alloc(v, shape(s))`.

Theano's names and phases: local_abs_lift (canonicalize), local_abs_merge (specialize), local_log_add
(stabilize, specialize), local_mul_switch_sink (canonicalize, specialize), local_div_switch_sink (canonicalize),
local_fill_to_alloc (stabilize, specialize; here specialize, after the canonical forms that read fills).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend import tensor as T
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.alloc import alloc
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.scan import Scan
from theano.frontend.ops.shape import Shape_i
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import P, scalar_constant, sole, x, y
from theano.passes.utils import is_zeros


def _name(v: Variable) -> str | None:
    node = v.owner
    if node is None or not isinstance(node.op, Elemwise):
        return None
    return getattr(node.op.scalar_op, "name", None)


def _abs_lift(x: Variable) -> Variable | None:
    """abs(a * b) -> abs(a) * abs(b); abs(a / b) -> abs(a) / abs(b) (so `x / abs(x)` shows to the canonizer)."""
    kind = _name(x)
    if x.dtype in _dt.complex_dtypes:
        return None
    absv = ELEMWISE_OPS["abs_"]
    if kind == "mul":
        return ELEMWISE_OPS["mul"](*[absv(i) for i in x.owner.inputs])
    a, b = x.owner.inputs
    return ELEMWISE_OPS["true_div"](absv(a), absv(b))


def _abs_merge(node) -> Variable | None:
    """abs(a) * abs(b) (* non-negative constants) -> abs(a * b); abs(a) / abs(b) -> abs(a / b)."""
    kind = _name(node.outputs[0])
    ins = node.inputs
    if kind == "true_div":
        if all(_name(i) == "abs_" for i in ins):
            return ELEMWISE_OPS["abs_"](ELEMWISE_OPS["true_div"](ins[0].owner.inputs[0], ins[1].owner.inputs[0]))
        return None
    if sum(_name(i) == "abs_" for i in ins) < 2:
        return None
    inner = []
    for i in ins:
        if _name(i) == "abs_":
            inner.append(i.owner.inputs[0])
        elif isinstance(i, Constant) and scalar_constant(i) is not None and scalar_constant(i) >= 0:
            inner.append(i)
        else:
            return None
    return ELEMWISE_OPS["abs_"](ELEMWISE_OPS["mul"](*inner))


def _log_add(node, var: Variable) -> Variable | None:
    """log(exp(x) + exp(y)) -> max(x, y) + log1p(exp(min - max)): no overflow for large x, y."""
    if var.dtype not in _dt.float_dtypes:
        return None
    s = node.inputs[0]
    if len(s.owner.inputs) != 2 or not all(_name(i) == "exp" for i in s.owner.inputs):
        return None
    a, b = [i.owner.inputs[0] for i in s.owner.inputs]
    m = ELEMWISE_OPS["maximum"](a, b)
    return m + ELEMWISE_OPS["log1p"](ELEMWISE_OPS["exp"](ELEMWISE_OPS["minimum"](a, b) - m))


def _is_zero(v: Variable) -> bool:
    """A constant 0 (scalar-like)."""
    if not all(v.broadcastable):
        return False
    value = scalar_constant(v)
    return value is not None and value == 0


def _mul_switch_sink(node, var: Variable) -> Variable | None:
    """a * switch(c, 0, x) * b -> switch(c, 0, a * b * x) (and with the 0 in the other branch): where the switch
    gives 0 the product is 0, even where a or b is inf or nan (Theano's rule, which T.grad of a switch relies on)."""
    for k, s in enumerate(node.inputs):
        if _name(s) != "switch":
            continue
        cond, ift, iff = s.owner.inputs
        others = list(node.inputs[:k]) + list(node.inputs[k + 1:])
        if _is_zero(ift):
            return T.switch(cond, 0, ELEMWISE_OPS["mul"](*(others + [iff])))
        if _is_zero(iff):
            return T.switch(cond, ELEMWISE_OPS["mul"](*(others + [ift])), 0)
    return None


def _div_switch_sink(node, var: Variable) -> Variable | None:
    """switch(c, 0, x) / a -> switch(c, 0, x / a) (true_div and int_div; the 0 in either branch)."""
    s, den = node.inputs
    cond, ift, iff = s.owner.inputs
    if _is_zero(ift):
        return T.switch(cond, 0, node.op(iff, den))
    if _is_zero(iff):
        return T.switch(cond, node.op(ift, den), 0)
    return None


def _shape_entries(r: Variable, fgraph: Any = None) -> list[Variable] | None:
    """r's lengths as expressions of the inputs' shapes (local_track_shape_i's), so the host knows them before the
    call without computing r; None when one is not such a short expression (then the fill stays: XLA broadcasts
    it from r's static shape, and the host shape program reads r's shape as it reads a fill's). A scan output's
    length is left to scan_save_mem (one kept value for [-1])."""
    from theano.passes.shapes import _track_shape_i

    entries = []
    for i, b in enumerate(r.broadcastable):
        if b:
            entries.append(T.constant(1, dtype="int64"))
            continue
        entry = Shape_i(i)(r)
        if r.owner is None:
            entries.append(entry)
            continue
        if fgraph is None or isinstance(r.owner.op, Scan):
            return None
        tracked = _track_shape_i(r, entry.owner, fgraph)
        if tracked is None:
            return None
        entries.append(tracked)
    return entries


def _fill_to_alloc(var: Variable, x: Variable, y: Variable, fgraph: Any = None) -> Variable | None:
    """fill(r, v) -> alloc(v, *r.shape) when v is broadcast to r's shape: the result reads only r's shape, so r's
    computation may go (a cast when v already has the result's pattern, v itself when it has its type)."""
    r, v = x, y
    if v.type == var.type:
        return v
    if v.broadcastable == var.broadcastable:
        return T.cast(v, var.dtype)
    if r.broadcastable != var.broadcastable:
        return None
    entries = _shape_entries(r, fgraph)
    return None if entries is None else alloc(T.cast(v, var.dtype), *entries)


def _neg_mul(p: Variable) -> Variable | None:
    """-(a * b) -> (-1) * a * b (Theano's local_mul_specialize form: one node)."""
    if not p.dtype.startswith(("float", "int", "complex")):
        return None
    return ELEMWISE_OPS["mul"](T.constant(np.asarray(-1, dtype=p.dtype)), *p.owner.inputs)


def _add_specialize(node, var: Variable) -> Variable | None:
    """add(..., 0, ...) -> add(...) without the zeros (their shapes kept by fills), in the sum's dtype (Theano's
    local_add_specialize: after canonicalize, zeros may come back from zeros_like and fills)."""
    zeros = [i for i in node.inputs if is_zeros(i)]
    if not zeros:
        return None
    rest = [i for i in node.inputs if i not in zeros]
    out = (rest[0] if len(rest) == 1 else ELEMWISE_OPS["add"](*rest)) if rest else \
        T.constant(np.zeros((1,) * var.ndim, dtype=var.dtype), dtype=var.dtype)
    for z in zeros:  # the zeros' shapes still take part in the result's
        if out.broadcastable != var.broadcastable and not isinstance(z, Constant):
            out = ELEMWISE_OPS["second"](z, out)
    if out.broadcastable != var.broadcastable:
        out = T.patternbroadcast(out, var.broadcastable) if out.ndim == var.ndim and all(
            b or not ob for b, ob in zip(var.broadcastable, out.broadcastable)) else None
        if out is None:
            return None
    return T.cast(out, var.dtype) if out.dtype != var.dtype else out


CANONICALIZE_RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(P.deg2rad(P.rad2deg(x)) | P.rad2deg(P.deg2rad(x)) | P.sinh(P.arcsinh(x)) | P.arcsinh(P.sinh(x))
         | P.tanh(P.arctanh(x)) | P.arctanh(P.tanh(x)) | P.cosh(P.arccosh(x)) | P.conj(P.conj(x))
         | P.arccosh(P.cosh(y)),
         lambda x=None, y=None: x if x is not None else ELEMWISE_OPS["abs_"](y),
         name="local_func_inv"),  # f(f^-1(x)) -> x; arccosh(cosh(y)) -> abs(y) (Theano's y is wrong for y < 0)
    Rule(P.abs_(x.where(lambda v: _name(v) in ("mul", "true_div"))), _abs_lift,
         name="local_abs_lift"),  # abs(a * b) -> abs(a) * abs(b)
    Rule(P.mul(...), _mul_switch_sink, name="local_mul_switch_sink", needs=("switch",)),  # switch(c, 0, x) * y -> switch(c, 0, x * y)
    Rule(P.true_div(P.switch(...), y) | P.int_div(P.switch(...), y), _div_switch_sink,
         name="local_div_switch_sink"),  # switch(c, 0, x) / y -> switch(c, 0, x / y)
])

STABILIZE_RULES: list[Rule] = tagged(("stabilize", "specialize", "fast_run"), [
    Rule(P.log(P.add(...)), _log_add, name="local_log_add"),  # log(e^x + e^y) -> max + log1p(e^(min - max))
])

SPECIALIZE_RULES: list[Rule] = tagged(("specialize", "fast_run"), [
    Rule(P.mul(...) | P.true_div(...), _abs_merge, name="local_abs_merge"),  # abs(a) * abs(b) -> abs(a * b)
    Rule(P.second(x, y), _fill_to_alloc, name="local_fill_to_alloc"),  # fill(r, v) -> alloc(v, *r.shape)
    Rule(P.add(...), _add_specialize, name="local_add_specialize"),  # x + 0 -> x, zeros_like(a) + 0 -> zeros
    Rule(P.neg(sole(P.mul(...).named("p"))), _neg_mul,
         name="local_mul_specialize"),  # -(a * b) -> (-1) * a * b: one node
    *[r for r in CANONICALIZE_RULES if r.name == "local_mul_switch_sink"],  # it runs in specialize too
])
