"""Sigmoids inside products (Theano 1.0.5's local_exp_over_1_plus_exp, nnet/sigm.py, for numerators and
denominators that are products): every `1 + exp(t)` factor of a denominator becomes a sigmoid of the numerator,
`sigmoid(t)` when `exp(t)` is a numerator factor (which it uses up), else `sigmoid(-t)`:

    -exp(x) / ((1 + exp(x)) * (1 + exp(-x)))  ->  -(sigmoid(x) * sigmoid(x))
    c * exp(x) * y / ((1 + exp(x)) * z)       ->  c * sigmoid(x) * y / z

Finite where the quotient is inf / inf (x above 709 in float64). The one-factor forms are passes/stabilize.py's
one-line rules (local_exp_over_1_plus_exp, local_inv_1_plus_exp, local_inv_1_plus_exp_neg); this rule takes
the quotients of products they do not match.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import P, scalar_constant, x, y


def _name(v: Variable) -> str | None:
    node = v.owner
    if node is None or not isinstance(node.op, Elemwise):
        return None
    return getattr(node.op.scalar_op, "name", None)


def _exp_arg(t: Variable) -> tuple[bool, Variable] | None:
    """exp(u) -> (False, u); -exp(u) -> (True, u)."""
    if _name(t) == "exp":
        return False, t.owner.inputs[0]
    if _name(t) == "neg" and _name(t.owner.inputs[0]) == "exp":
        return True, t.owner.inputs[0].owner.inputs[0]
    return None


def _one_plus_exp_arg(t: Variable) -> tuple[bool, Variable] | None:
    """1 + exp(u) (constants summing to 1, in any order) -> (False, u)."""
    if _name(t) != "add":
        return None
    consts, rest = [], []
    for u in t.owner.inputs:
        value = scalar_constant(u) if all(u.broadcastable) else None
        (rest if value is None else consts).append(u if value is None else value)
    if len(rest) != 1 or not consts or _name(rest[0]) != "exp" or not np.allclose(sum(consts), 1):
        return None
    return False, rest[0].owner.inputs[0]


def _partition(v: Variable, pick: Any) -> tuple[list[Variable], list[Variable], bool]:
    """The factors of a product (a mul, else `v` alone) that `pick` recognises (their arguments), the others, and
    whether the recognised ones carry a minus sign."""
    found, rest, neg = [], [], False
    for t in (v.owner.inputs if _name(v) == "mul" else [v]):
        hit = pick(t)
        if hit is None:
            rest.append(t)
        else:
            neg ^= hit[0]
            found.append(hit[1])
    return found, rest, neg


def _exp_over_1_plus_exp_factors(x: Variable, y: Variable, var: Variable) -> Variable | None:
    """num / den with `1 + exp(t)` factors in den -> sigmoids in num (see the module docstring)."""
    if var.dtype not in _dt.float_dtypes:
        return None
    num_exp, num_rest, num_neg = _partition(x, _exp_arg)
    den_1pexp, den_rest, den_neg = _partition(y, _one_plus_exp_arg)
    if not den_1pexp:
        return None
    if _name(x) != "mul" and _name(y) != "mul" and len(den_1pexp) == 1:
        return None  # one factor over one factor: the one-line rules' case
    sigmoids = []
    for t in den_1pexp:
        if t in num_exp:
            sigmoids.append(ELEMWISE_OPS["sigmoid"](t))
            num_exp.remove(t)
        else:
            sigmoids.append(ELEMWISE_OPS["sigmoid"](-t))
    factors = sigmoids + [ELEMWISE_OPS["exp"](t) for t in num_exp] + num_rest
    out = factors[0] if len(factors) == 1 else ELEMWISE_OPS["mul"](*factors)
    if num_neg ^ den_neg:
        out = -out
    if den_rest:
        out = out / (den_rest[0] if len(den_rest) == 1 else ELEMWISE_OPS["mul"](*den_rest))
    return out


RULES: list[Rule] = tagged(("stabilize", "fast_run"), [
    # e^x * a / ((1 + e^x) * b) -> sigmoid(x) * a / b; tagged with Theano's name (one rule there), so that
    # excluding 'local_exp_over_1_plus_exp' turns off both halves
    Rule(P.true_div(x, y), _exp_over_1_plus_exp_factors,
         name="local_exp_over_1_plus_exp_factors", tags=("local_exp_over_1_plus_exp",)),
])

__all__ = ["RULES"]
