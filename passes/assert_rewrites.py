"""Rewrites of Assert (theano.tensor.opt's local_remove_useless_assert and local_remove_all_assert).

A condition that is a non-zero constant can never fail, so it goes (and the Assert with it when none is
left); a constant false condition stays (the call must raise). `local_remove_all_assert` drops every Assert:
it is not in fast_run, a user asks for it (`mode.including('local_remove_all_assert')`, or the `unsafe`
optimizer), as in Theano.
"""
from __future__ import annotations

from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.host_check import Assert
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, scalar_constant


def _always_true(c: Variable) -> bool:
    if not isinstance(c, Constant) and scalar_constant(c) is None:
        return False
    value = scalar_constant(c)
    return value is not None and bool(value)


def _drop_true_conditions(var: Variable) -> Variable | None:
    node = var.owner
    value, conds = node.inputs[0], node.inputs[1:]
    kept = [c for c in conds if not _always_true(c)]
    if len(kept) == len(conds):
        return None
    return node.op(value, *kept) if kept else value


RULES: list[Rule] = tagged(("canonicalize", "specialize", "fast_run"), [
    Rule(OpP(Assert, ...), _drop_true_conditions, name="local_remove_useless_assert"),  # assert(x, 1, c) -> assert(x, c)
]) + tagged(("unsafe",), [
    Rule(OpP(Assert, ...), lambda var: var.owner.inputs[0], name="local_remove_all_assert"),  # assert(x, c) -> x
])
