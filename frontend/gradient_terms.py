"""One node's share of differentiation: its gradient terms (reverse mode) and its R_op (forward mode).

`node_terms` asks an op for the gradient terms of its inputs and enforces Theano's op contract on
the answer (messages as in Theano 1.0.5). `node_rop` calls an op's `R_op`, falling back to the
double-L_op trick for ops that have none.
"""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.gradient import (_NOT_CONNECTED, DisconnectedType, NullType, _debug_values, _float_ones_like,
                                      _float_zeros_like, _is_disconnected, _is_null, _is_zero, disconnected_type,
                                      null_type)
from theano.frontend.graph import Apply, Variable


def _T() -> Any:
    from theano.frontend import tensor
    return tensor


def node_terms(node: Apply, output_grads: list[Variable], pattern: list[list[bool]]) -> list[Variable]:
    """The gradient terms `node` contributes to each of its inputs, given its outputs' gradients."""
    inputs = list(node.inputs)
    outputs_connected = [not isinstance(g.type, DisconnectedType) for g in output_grads]
    inputs_connected = [any(i_to_o and o_to_cost for i_to_o, o_to_cost in zip(row, outputs_connected))
                        for row in pattern]
    output_is_int = [hasattr(o.type, "dtype") and o.type.dtype in _dt.discrete_dtypes for o in node.outputs]
    ograd_is_nan = [isinstance(g.type, NullType) for g in output_grads]
    only_connected_to_nan = [not any(i_to_o and o_to_cost and not o_nan
                                     for i_to_o, o_to_cost, o_nan in zip(row, outputs_connected, ograd_is_nan))
                             for row in pattern]

    if not any(inputs_connected):
        input_grads: list[Any] = [disconnected_type() for _ in inputs]
    elif all(only_connected_to_nan):
        input_grads = [null_type() if c else disconnected_type() for c in inputs_connected]
    else:
        input_grads = _call_l_op(node, inputs, output_grads)

    input_grads = list(input_grads)
    for i, term in enumerate(input_grads):
        if term is None:
            raise TypeError(("%s.grad returned None for a gradient term, this is prohibited. Instead of None,"
                             "return zeros_like(input), disconnected_type(), or a NullType variable such as those "
                             "made with the grad_undefined or grad_unimplemented helper functions.") % node.op)
        if not isinstance(term, Variable):
            raise TypeError("%s.grad returned %s, expected Variable instance." % (str(node.op), type(term)))
    # an input connected to an output whose gradient is undefined has an undefined gradient
    for i in range(len(input_grads)):
        for j in range(len(ograd_is_nan)):
            if ograd_is_nan[j] and pattern[i][j] and not isinstance(input_grads[i].type, DisconnectedType):
                input_grads[i] = output_grads[j]

    only_connected_to_int = [not any(i_to_o and o_to_cost and not o_int
                                     for i_to_o, o_to_cost, o_int in zip(row, outputs_connected, output_is_int))
                             for row in pattern]
    check_values = config.compute_test_value != "off"
    for i, term in enumerate(input_grads):
        if check_values and not isinstance(term.type, (NullType, DisconnectedType)):
            for in_v, term_v in _debug_values(inputs[i], term):
                if getattr(in_v, "shape", None) != getattr(term_v, "shape", None):
                    raise ValueError("%s.grad returned object of shape %s as gradient term on input %d of shape %s"
                                     % (node.op, term_v.shape, i, in_v.shape))
        if isinstance(term.type, (NullType, DisconnectedType)):
            continue
        if term.type.dtype not in _dt.float_dtypes:
            raise TypeError(str(node.op) + ".grad illegally  returned an integer-valued variable. (Input index %d, "
                            "dtype %s)" % (i, term.type.dtype))
        if only_connected_to_nan[i]:
            assert isinstance(term.type, NullType)
        if only_connected_to_int[i]:
            # the only valid value left is zeros
            if _is_zero(term) == "no":
                T = _T()
                raise ValueError("%s.grad returned %s of type %s for input %d. Since this input is only connected to "
                                 "integer-valued outputs, it should evaluate to zeros, but it evaluates to%s."
                                 % (node.op, term, type(term), i, T.get_scalar_constant_value(term)))

    # the op's connection_pattern must agree with the disconnected terms it returned
    for i, (ig, connected) in enumerate(zip(input_grads, inputs_connected)):
        actually_connected = not isinstance(ig.type, DisconnectedType)
        if actually_connected and not connected:
            raise TypeError("%s.grad returned %s of type %s for input %d. Expected DisconnectedType instance based on "
                            " the output of the op's connection_pattern method." % (str(node.op), str(ig),
                                                                                   str(ig.type), i))
        if connected and not actually_connected:
            msg = "%s.grad returned DisconnectedType for input %d." % (str(node.op), i)
            if hasattr(node.op, "connection_pattern"):
                raise TypeError(msg + " Its connection_pattern method does not allow this.")
            warnings.warn(msg + " You may want to implement a connection_pattern method for it.")
    return input_grads


def _call_l_op(node: Apply, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
    """Call the op's L_op with output gradients cast to the outputs' float dtypes; check the answer's length."""
    destroyed = [node.inputs[v[0]] for v in getattr(node.op, "destroy_map", {}).values()]
    inputs = [x.copy() if x in destroyed and hasattr(x, "copy") else x for x in inputs]
    new_output_grads = []
    for o, og in zip(node.outputs, output_grads):
        o_dt = getattr(o.type, "dtype", None)
        og_dt = getattr(og.type, "dtype", None)
        if o_dt not in _dt.discrete_dtypes and og_dt and o_dt != og_dt:
            og = og.astype(o_dt)
        new_output_grads.append(og)
    check_values = config.compute_test_value != "off"
    for o, ng in zip(node.outputs, new_output_grads):
        assert getattr(ng.type, "dtype", None) not in _dt.discrete_dtypes
        if not check_values or isinstance(ng.type, DisconnectedType):
            continue
        for o_v, g_v in _debug_values(o, ng):
            if getattr(o_v, "shape", None) != getattr(g_v, "shape", None):
                raise ValueError("Got a gradient of shape " + str(o_v.shape) + " on an output of shape "
                                 + str(g_v.shape))
    input_grads = node.op.L_op(inputs, list(node.outputs), new_output_grads)
    if input_grads is None:
        raise TypeError("%s.grad returned NoneType, expected iterable." % str(node.op))
    if len(input_grads) != len(inputs):
        raise ValueError("%s returned the wrong number of gradient terms." % str(node.op))
    return list(input_grads)


# --------------------------------------------------------------------------- forward mode

def _as_eval_point_of(x: Variable, ev: Any) -> Any:
    """`ev` converted to x's type (dtype cast, broadcastable pattern) for the op's R_op."""
    T = _T()
    if not isinstance(ev, Variable):
        ev = T.as_tensor_variable(ev)
    if not hasattr(x.type, "dtype") or not hasattr(ev.type, "dtype"):
        return ev
    if ev.type.dtype != x.type.dtype:
        ev = T.cast(ev, x.type.dtype)
    if ev.type.ndim == x.type.ndim and ev.type.broadcastable != x.type.broadcastable:
        ev = T.patternbroadcast(ev, x.type.broadcastable)
    return ev


def _zero_eval_point(x: Variable) -> Any:
    if hasattr(x.type, "dtype") and hasattr(x, "ndim"):
        return _T().zeros_like(x)
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
    from theano.frontend.gradient import grad

    T = _T()
    us = [T.zeros_like(o) if getattr(o.type, "dtype", None) in _dt.continuous_dtypes else None for o in node.outputs]
    if all(u is None for u in us):
        return [None] * len(node.outputs)
    ograds = [u if u is not None else _float_zeros_like(o) for u, o in zip(us, node.outputs)]
    in_grads = node.op.L_op(list(node.inputs), list(node.outputs), ograds)
    total = None
    for g, ev in zip(in_grads, eval_points):
        if ev is None or _is_disconnected(g):
            continue
        if _is_null(g):
            return [None] * len(node.outputs)
        term = T.sum(g * ev)
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
