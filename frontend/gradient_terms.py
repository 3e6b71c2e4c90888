"""One node's share of reverse-mode differentiation, and the small gradient helpers `grad` and `Rop` share.

`node_terms` asks an op for the gradient terms of its inputs and enforces Theano's op contract on
the answer (messages as in Theano 1.0.5). The forward-mode counterpart, `node_rop`, is in rop.py.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.grad_types import (DisconnectedInputError, DisconnectedType, NullType, call_L_op, disconnected_type,
                                         null_type)
from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.math import ones_like, zeros_like


def _is_disconnected(g: Any) -> bool:
    return g is None or isinstance(getattr(g, "type", None), DisconnectedType)


def _is_null(g: Any) -> bool:
    return isinstance(getattr(g, "type", None), NullType)


def _float_zeros_like(x: Variable) -> Variable:
    """zeros_like(x), in floatX when x is not a float."""
    rval = zeros_like(x)
    if "float" in rval.type.dtype:
        return rval
    return rval.astype(config.floatX)


def _float_ones_like(x: Variable) -> Variable:
    """ones_like(x), in floatX when x is not a float."""
    dtype = x.type.dtype
    if dtype not in _dt.float_dtypes:
        dtype = config.floatX
    return ones_like(x, dtype=dtype)


def _is_zero(x: Any) -> str:
    """'yes', 'no' or 'maybe': whether `x` is known to be all zeros."""
    if not hasattr(x, "type"):
        return "yes" if np.all(np.asarray(x) == 0.0) else "no"
    if isinstance(x.type, NullType):
        return "no"
    if isinstance(x.type, DisconnectedType):
        return "yes"
    try:
        value = get_scalar_constant_value(x)
    except NotScalarConstantError:
        return "maybe"
    return "yes" if value == 0 else "no"


def _debug_values(*variables: Variable) -> list[tuple]:
    """The variables' test values (config.compute_test_value), or [] when any is missing."""
    if config.compute_test_value == "off":
        return []
    values = []
    for v in variables:
        if hasattr(v, "get_value") and not hasattr(v.tag, "test_value"):
            values.append(v.get_value(borrow=True))
        elif hasattr(v.tag, "test_value"):
            values.append(v.tag.test_value)
        elif hasattr(v, "data"):
            values.append(v.data)
        else:
            return []
    return [tuple(values)]


def apply_disconnected_policy(message: str, policy: str, keyword: str, stacklevel: int) -> None:
    """Apply grad's/Rop's `disconnected_*` policy to a disconnected variable: ignore, warn or raise."""
    if policy == "ignore":
        return
    if policy == "warn":
        warnings.warn(message, stacklevel=stacklevel + 1)
    elif policy == "raise":
        raise DisconnectedInputError(message)
    else:
        raise ValueError("Invalid value for keyword '%s', valid values are 'ignore', 'warn' and 'raise'." % keyword)


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
                raise ValueError("%s.grad returned %s of type %s for input %d. Since this input is only connected to "
                                 "integer-valued outputs, it should evaluate to zeros, but it evaluates to%s."
                                 % (node.op, term, type(term), i, get_scalar_constant_value(term)))

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
    input_grads = call_L_op(node.op, inputs, list(node.outputs), new_output_grads)
    if input_grads is None:
        raise TypeError("%s.grad returned NoneType, expected iterable." % str(node.op))
    if len(input_grads) != len(inputs):
        raise ValueError("%s returned the wrong number of gradient terms." % str(node.op))
    return list(input_grads)
