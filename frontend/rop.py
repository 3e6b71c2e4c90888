"""Forward-mode differentiation (theano.gradient.Rop): the Jacobian times a vector, one op's R_op at a time.

An op without `R_op` is handled by the double-L_op trick (J v = d(u.J v)/du), which needs `grad`; the
Elemwise R_op (`Rop_via_Lop_elemwise`) is built from the scalar op's gradient.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import NullType, call_L_op, disconnected_type
from theano.frontend.gradient import format_as, grad
from theano.frontend.gradient_terms import (_float_ones_like, _float_zeros_like, _is_disconnected, _is_null,
                                            apply_disconnected_policy)
from theano.frontend.graph import Apply, Variable, io_toposort
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.math import zeros_like
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.ops.shape import patternbroadcast


def Rop(f: Any, wrt: Any, eval_points: Any, disconnected_outputs: str = "raise",
        return_disconnected: str = "zero") -> Any:
    """The Jacobian of `f` with respect to `wrt`, right-multiplied by `eval_points` (forward mode).

    Uses each op's `R_op`; an op without one is handled by the double-L_op trick (J v = d(u.J v)/du).
    """
    using_list = isinstance(f, list)
    using_tuple = isinstance(f, tuple)
    wrt = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    eval_points = list(eval_points) if isinstance(eval_points, (list, tuple)) else [eval_points]
    f = list(f) if isinstance(f, (list, tuple)) else [f]
    assert len(wrt) == len(eval_points)
    for i, (w, ev) in enumerate(zip(wrt, eval_points)):
        w = w if isinstance(w, Variable) else as_tensor_variable(w)
        ev = ev if isinstance(ev, Variable) else as_tensor_variable(ev)
        w_ndim, ev_ndim = getattr(w.type, "ndim", None), getattr(ev.type, "ndim", None)
        if w_ndim is not None and ev_ndim is not None and w_ndim != ev_ndim:
            raise ValueError("Element " + str(i) + " of wrt/eval_point have mismatched dimensionality: "
                             + str(w_ndim) + " versus " + str(ev_ndim))
    f = [o if isinstance(o, Variable) else as_tensor_variable(o) for o in f]
    # the eval point of every variable computed from wrt; None where R_op gave none (non-differentiable)
    known: dict = {}
    for w, ev in zip(wrt, eval_points):
        known.setdefault(w, ev if isinstance(ev, Variable) else as_tensor_variable(ev))
    for node in io_toposort(wrt, f):
        local = []
        connected = False
        for inp in node.inputs:
            if inp in known:
                ev = known[inp]
                local.append(ev)
                connected = connected or ev is not None
            else:
                local.append(_NOT_CONNECTED)
        if not connected:
            continue
        results = node_rop(node, local)
        for out, r in zip(node.outputs, results):
            known[out] = r

    rval = []
    for out in f:
        r = known.get(out)
        if r is None:
            message = ("Rop method was asked to compute the gradient with respect to a variable that is not part of "
                       "the computational graph of variables in wrt, or is used only by a non-differentiable "
                       "operator: %s" % out)
            apply_disconnected_policy(message, disconnected_outputs, "disconnected_inputs", stacklevel=2)
            mode = return_disconnected.lower()
            if mode == "zero":
                rval.append(zeros_like(out))
            elif mode == "none":
                rval.append(None)
            elif mode == "disconnected":
                rval.append(disconnected_type())
            else:
                raise ValueError("Invalid value for keyword 'return_disconnected', valid values are 'zero', 'None' "
                                 "and 'Disconnected'.")
        else:
            rval.append(r)
    return format_as(using_list, using_tuple, rval)


class _NotConnected:
    """Marks an input that does not depend on wrt (its eval point is zero)."""


_NOT_CONNECTED = _NotConnected()


def _as_eval_point_of(x: Variable, ev: Any) -> Any:
    """`ev` converted to x's type (dtype cast, broadcastable pattern) for the op's R_op."""
    if not isinstance(ev, Variable):
        ev = as_tensor_variable(ev)
    if not hasattr(x.type, "dtype") or not hasattr(ev.type, "dtype"):
        return ev
    if ev.type.dtype != x.type.dtype:
        ev = cast(ev, x.type.dtype)
    if ev.type.ndim == x.type.ndim and ev.type.broadcastable != x.type.broadcastable:
        ev = patternbroadcast(ev, x.type.broadcastable)
    return ev


def _zero_eval_point(x: Variable) -> Any:
    if hasattr(x.type, "dtype") and hasattr(x, "ndim"):
        return zeros_like(x)
    return None


def node_rop(node: Apply, local: list[Any]) -> list[Any]:
    """The R_op of `node` for its inputs' eval points (`_NOT_CONNECTED` for inputs that do not depend on wrt)."""
    evs = []
    for inp, ev in zip(node.inputs, local):
        if ev is _NOT_CONNECTED:
            evs.append(_zero_eval_point(inp))
        elif ev is None:
            evs.append(None)
        else:
            evs.append(_as_eval_point_of(inp, ev))
    try:
        results = node.op.R_op(list(node.inputs), evs)
    except NotImplementedError:
        results = rop_via_lop(node, [None if loc is _NOT_CONNECTED else ev for loc, ev in zip(local, evs)])
    if isinstance(results, Variable):
        results = [results]
    results = list(results)
    if len(results) != len(node.outputs):
        raise ValueError("%s.R_op returned %d results for %d outputs" % (node.op, len(results), len(node.outputs)))
    return [None if _is_disconnected(r) else r for r in results]


def rop_via_lop(node: Apply, eval_points: list[Any]) -> list[Any]:
    """J v for an op without R_op: with u a dummy output gradient, J v = d/du sum(L_op(u) * v) (linear in u)."""
    us = [zeros_like(o) if getattr(o.type, "dtype", None) in _dt.continuous_dtypes else None for o in node.outputs]
    if all(u is None for u in us):
        return [None] * len(node.outputs)
    ograds = [u if u is not None else _float_zeros_like(o) for u, o in zip(us, node.outputs)]
    in_grads = call_L_op(node.op, list(node.inputs), list(node.outputs), ograds)
    total = None
    for g, ev in zip(in_grads, eval_points):
        if ev is None or _is_disconnected(g):
            continue
        if _is_null(g):
            return [None] * len(node.outputs)
        term = tensor_sum(g * ev)
        total = term if total is None else total + term
    if total is None:
        return [None] * len(node.outputs)
    results = []
    for u, o in zip(us, node.outputs):
        if u is None:
            results.append(None)
            continue
        r = grad(total, u, disconnected_inputs="ignore", return_disconnected="None", add_names=False,
                 null_gradients="return")
        if r is not None and isinstance(r.type, NullType):
            raise NotImplementedError("%s of class %s does not implement R_op, and its R_op cannot be derived from "
                                      "its L_op: %s" % (node.op, type(node.op).__name__, r.type.why_null))
        if r is not None and r.dtype != o.dtype:
            r = r.astype(o.dtype)
        results.append(r)
    return results


def elemwise_rop(op: Any, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
    """R_op of an Elemwise: for each output, sum_i (d out / d in_i) * eval_point_i, from the scalar op's gradient."""
    outs = op(*inputs, return_list=True)
    results: list[Any] = []
    for idx, out in enumerate(outs):
        ograds = [_float_ones_like(o) if o is out else _float_zeros_like(o) for o in outs]
        bgrads = op.scalar_op.L_op(list(inputs), outs, ograds)
        total = None
        for g, ev in zip(bgrads, eval_points):
            if ev is None or _is_disconnected(g) or _is_null(g):
                continue
            term = g * ev
            total = term if total is None else total + term
        if total is not None and out.dtype in _dt.continuous_dtypes and total.dtype != out.dtype:
            total = total.astype(out.dtype)
        results.append(total)
    return results


def Rop_via_Lop_elemwise(op: Any, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
    """R_op of an Elemwise (Elemwise.R_op), from its scalar op's gradient (elemwise_rop)."""
    return elemwise_rop(op, inputs, eval_points)
