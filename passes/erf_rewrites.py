"""erf/erfc rewrites of Theano 1.0.5's tensor/opt.py: identities that avoid cancellation (`1 - erf(x) -> erfc(x)`),
and the stable forms of `log(erfc(x))` and of `exp(-x**2) / erfc(x)` (its gradient) for large x.

The identities run in canonicalize, stabilize and specialize (as Theano registers them); the two stable forms in
stabilize and specialize. A stable form keeps the direct computation below a threshold (where it is exact) and
switches to an asymptotic expansion above it, where erfc underflows to 0 (Theano's thresholds).
"""
from __future__ import annotations

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import P, scalar_constant, x

IDENTITY_TAGS = ("canonicalize", "stabilize", "specialize", "fast_run")
STABLE_TAGS = ("stabilize", "specialize", "fast_run")


def _floats(var: Variable) -> bool:
    return var.dtype in _dt.float_dtypes


IDENTITY_RULES: list[Rule] = tagged(IDENTITY_TAGS, [
    Rule(1 + P.erf(x), P.erfc(-x), name="local_one_plus_erf"),  # 1 + erf(x) -> erfc(-x)
    Rule(1 - P.erf(x) | 1 + -P.erf(x) | 1 + (-1) * P.erf(x), P.erfc(x),
         name="local_one_minus_erf"),  # 1 - erf(x) -> erfc(x)
    Rule(P.erf(x) - 1 | P.erf(x) + -1, -P.erfc(x), name="local_erf_minus_one"),  # erf(x) - 1 -> -erfc(x)
    Rule(1 - P.erfc(x) | 1 + -P.erfc(x) | 1 + (-1) * P.erfc(x), P.erf(x),
         name="local_one_minus_erfc"),  # 1 - erfc(x) -> erf(x)
    Rule(P.erfc(-x) - 1 | P.erfc(-x) + -1 | P.erfc((-1) * x) - 1 | P.erfc((-1) * x) + -1, P.erf(x),
         name="local_erf_neg_minus_one"),  # erfc(-x) - 1 -> erf(x)
])


def _poly_inv_sq(x: Variable) -> Variable:
    """1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6): the asymptotic series of sqrt(pi) x e^(x^2) erfc(x)."""
    return 1 - 1 / (2 * x ** 2) + 3 / (4 * x ** 4) - 15 / (8 * x ** 6)


def _log_erfc(x: Variable, var: Variable) -> Variable | None:
    """log(erfc(x)) -> switch(x < t, log(erfc(x)), -x^2 - log(x) - log(pi)/2 + log(series(x)))."""
    if getattr(var.owner.tag, "local_log_erfc_applied", False) or not _floats(var):
        return None
    threshold = 10.0541949 if var.dtype in ("float32", "float16") else 26.641747557
    direct = ELEMWISE_OPS["log"](ELEMWISE_OPS["erfc"](x))
    direct.owner.tag.local_log_erfc_applied = True  # the rule must not apply to its own result
    stable = -x ** 2 - T.log(x) - np.asarray(0.5 * np.log(np.pi), dtype=var.dtype) + T.log(_poly_inv_sq(x))
    return T.switch(T.lt(x, threshold), direct, stable)


def _neg_square_of(e: Variable) -> Variable | None:
    """u for e = -(u^2) written as neg(sqr(u)), neg(u*u), (-1)*sqr(u), (-1)*u*u or neg(u**2); else None."""
    node = e.owner
    if node is None:
        return None
    name = getattr(getattr(node.op, "scalar_op", None), "name", None)
    if name == "neg":
        inner = node.inputs[0]
        iname = getattr(getattr(getattr(inner.owner, "op", None), "scalar_op", None), "name", None)
        if iname == "sqr":
            return inner.owner.inputs[0]
        if iname == "mul" and len(inner.owner.inputs) == 2 and inner.owner.inputs[0] is inner.owner.inputs[1]:
            return inner.owner.inputs[0]
        if iname == "pow" and scalar_constant(inner.owner.inputs[1]) == 2:
            return inner.owner.inputs[0]
        return None
    if name == "mul":
        rest = [v for v in node.inputs if scalar_constant(v) is None or not all(v.broadcastable)]
        consts = [scalar_constant(v) for v in node.inputs if v not in rest]
        if len(consts) != 1 or consts[0] != -1:
            return None
        if len(rest) == 2 and rest[0] is rest[1]:
            return rest[0]
        if len(rest) == 1:
            sq = rest[0]
            if getattr(getattr(getattr(sq.owner, "op", None), "scalar_op", None), "name", None) == "sqr":
                return sq.owner.inputs[0]
    return None


def _grad_log_erfc_neg(node, var: Variable) -> Variable | None:
    """[y *] exp(-x^2) / erfc(x) -> switch(x < t, exp(-x^2) / erfc(x), x sqrt(pi) / series(x)) [* y]: the
    gradient of log(erfc(x)), which overflows to inf/nan once erfc(x) underflows."""
    if getattr(node.tag, "local_grad_log_erfc_neg", False) or not _floats(var):
        return None
    num, erfc = node.inputs
    u = erfc.owner.inputs[0]
    name = getattr(getattr(getattr(num.owner, "op", None), "scalar_op", None), "name", None)
    if name == "exp":
        exp, rest = num, []
    elif name == "mul":
        exps = [v for v in num.owner.inputs
                if getattr(getattr(getattr(v.owner, "op", None), "scalar_op", None), "name", None) == "exp"]
        if not exps:
            return None
        exp = exps[0]
        rest = list(num.owner.inputs)
        rest.remove(exp)
    else:
        return None
    if _neg_square_of(exp.owner.inputs[0]) is not u:
        return None
    threshold = 9.3 if var.dtype in ("float32", "float16") else 26.641747557
    direct = ELEMWISE_OPS["true_div"](exp, erfc)
    direct.owner.tag.local_grad_log_erfc_neg = True
    stable = u * ELEMWISE_OPS["inv"](_poly_inv_sq(u)) * np.asarray(np.sqrt(np.pi), dtype=var.dtype)
    ret = T.switch(T.lt(u, threshold), direct, stable)
    return T.mul(ret, *rest) if rest else ret


STABLE_RULES: list[Rule] = tagged(STABLE_TAGS, [
    Rule(P.log(P.erfc(x)), _log_erfc, name="local_log_erfc"),  # log(erfc(x)), stable for large x
    Rule(P.true_div(x, P.erfc(...)), lambda node, var: _grad_log_erfc_neg(node, var),
         name="local_grad_log_erfc_neg"),  # exp(-x^2) / erfc(x), stable for large x
])
