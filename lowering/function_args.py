"""What theano.function does to its arguments before building the graph: inputs as In records, update pairs
checked against their shared variables, `givens` substitutions; and the user's call site (profile message)."""
from __future__ import annotations

import warnings
from collections import OrderedDict
from typing import Any

from theano.frontend.graph import Constant, Variable, ancestors, io_toposort
from theano.frontend.graph_utils import clone_replace
from theano.frontend.shared import SharedVariable
from theano.frontend.type import TensorType
from theano.frontend.variable import TensorConstant
from theano.lowering.io import In, SymbolicInput


def updates_as_pairs(updates: Any) -> list[tuple[Any, Any]]:
    if updates is None:
        return []
    if isinstance(updates, dict):
        if len(updates) > 1 and not isinstance(updates, OrderedDict) and type(updates) is not dict:
            warnings.warn("The parameter 'updates' of theano.function() expects an OrderedDict, got " + str(type(updates)))
        return list(updates.items())
    pairs = list(updates)
    for p in pairs:
        if isinstance(p, Variable) or not isinstance(p, (tuple, list)) or len(p) != 2:
            raise ValueError("The updates parameter must be an OrderedDict/dict or a list of lists/tuples with 2 elements")
    return [tuple(p) for p in pairs]  # type: ignore[misc]


def as_input(p: Any, allow_downcast: bool | None) -> SymbolicInput:
    if isinstance(p, SymbolicInput):
        if p.allow_downcast is None and allow_downcast is not None:
            p.allow_downcast = allow_downcast
        var = p.variable
    elif isinstance(p, Variable):
        p = In(p, allow_downcast=allow_downcast)
        var = p.variable
    else:
        raise TypeError("Unknown parameter type: %s" % type(p))
    if isinstance(var, SharedVariable):
        raise TypeError(("Cannot use a shared variable (%s) as explicit input. Consider substituting a non-shared "
                         "variable via the `givens` parameter") % var)
    if isinstance(var, Constant):
        raise TypeError("Constants not allowed in param list", var)
    return p


def check_update(target: Any, value: Any) -> Variable:
    """`value` as the update of `target`: exactly its type, as Theano's filter_variable(allow_convert=False)
    (a more broadcastable value is refused too: the message says to unbroadcast it)."""
    from theano.frontend.tensor import as_tensor_variable

    if not isinstance(target, SharedVariable):
        raise TypeError("update target must be a SharedVariable", target)
    if not isinstance(value, Variable) and isinstance(target.type, TensorType):
        try:  # a plain value becomes a constant of the target's type (TensorType.filter_variable)
            value = TensorConstant(target.type, target.type.filter(value))
        except (TypeError, ValueError, OverflowError):
            pass
    try:
        if not (isinstance(value, Variable) and getattr(value.type, "is_sparse", False)):  # sparse passes as it is
            value = as_tensor_variable(value)
    except TypeError:
        value = None
    if value is None or value.type != target.type:
        raise TypeError("An update must have the same type as the original shared variable (shared_var=%s, "
                        "shared_var.type=%s, update_val=%s, update_val.type=%s)." % (
                            target, target.type, value, getattr(value, "type", None)),
                        "If the difference is related to the broadcast pattern, you can call the "
                        "tensor.unbroadcast(var, axis_to_unbroadcast[, ...]) function to remove broadcastable dimensions.")
    return value


def apply_givens(variables: list[Variable], givens: Any, rebuild_strict: bool = True) -> list[Variable]:
    """`variables` rebuilt with the `givens` substitutions; with rebuild_strict a replacement must have the
    replaced variable's type (or be more broadcastable), without it the ops are rebuilt for the new types."""
    if not givens:
        return variables
    pairs = list(givens.items()) if isinstance(givens, dict) else list(givens)
    memo = {}
    for old, new in pairs:
        if not isinstance(old, Variable):
            raise TypeError("given keys must be Variable", old)
        if not isinstance(new, Variable):  # a plain value is held in a new shared variable, as in Theano
            from theano.frontend.shared import shared
            new = shared(new)
        if new.type != old.type and rebuild_strict:
            # Theano's convert_variable: same dtype and rank, broadcastable wherever the replaced variable is
            if getattr(new.type, "dtype", None) == getattr(old.type, "dtype", None) \
                    and new.type.ndim == old.type.ndim \
                    and all(nb or not ob for nb, ob in zip(new.type.broadcastable, old.type.broadcastable)):
                from theano.frontend.tensor import patternbroadcast
                new = patternbroadcast(new, old.type.broadcastable)
            else:
                raise TypeError(f"Cannot convert Type {new.type} (of Variable {new}) into Type {old.type}. You can "
                                f"try to manually convert {new} into a {old.type}.")
        memo[old] = new
    for old in memo:
        for new in memo.values():
            if old in ancestors([new]) and memo.get(old) is not new:
                raise AssertionError(
                    "When using 'givens' or 'replace' with several (old_v, new_v) replacement pairs, you can not have a "
                    "new_v variable depend on an old_v one. For instance, givens = {a:b, b:(a+1)} is not allowed. Here, "
                    f"the old_v {old} is used to compute other new_v's, but it is scheduled to be replaced by {memo[old]}.")
    return clone_replace(variables, memo, strict=False)


def caller_line() -> str | None:
    """'file:line' of the user's code calling theano.function (Theano's default profile message)."""
    from theano.frontend.tag_trace import extract_user_stack

    stack = extract_user_stack(1, depth=3)
    return "%s:%d" % (stack[-1][0], stack[-1][1]) if stack else None


def clients_of(v: Variable, inputs: list[Variable], outputs: list[Variable]) -> list[Any]:
    return [n for n in io_toposort(inputs, outputs) if v in n.inputs]
