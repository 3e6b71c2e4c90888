"""The `stabilize` set: the same maths, computed without overflow or cancellation (tensor/opt.py, nnet/sigm.py).

Elementwise rules are one line each; the softmax and cross-entropy family is in passes/nnet_rewrites.py.
"""
from __future__ import annotations

from theano.frontend import dtypes as _dt
from theano.frontend import tensor as T
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.max_argmax import MaxAndArgmax
from theano.frontend.ops.reduce import Sum
from theano.passes.engine import Rule, tagged
from theano.passes.nnet_rewrites import RULES as NNET_RULES
from theano.passes.arith_rewrites import STABILIZE_RULES as ARITH_STABILIZE_RULES
from theano.passes.erf_rewrites import STABLE_RULES as ERF_STABLE_RULES
from theano.passes.pattern import Match, OpP, P, x
from theano.passes.sigm_factors import RULES as SIGM_FACTOR_RULES

TAGS = ("stabilize", "fast_run")


def _floats(var: Variable) -> bool:
    """Rewrites into softplus/log1p/... only for float results (their ints are computed in floats anyway)."""
    return var.dtype in _dt.float_dtypes


def _x_not_bool(m: Match) -> bool:
    """Rules whose right side negates `x` leave a bool `x` alone (there is no bool negation)."""
    return m.x.dtype != "bool"


def _not_under_log(var: Variable, match: Match) -> bool:
    """Leave `1 - sigmoid(x)` to the log rules when a log is its only user (they give -softplus(x) directly)."""
    users = match.clients(var)
    return not (len(users) == 1 and users[0][0] != "output"
                and getattr(getattr(users[0][0].op, "scalar_op", None), "name", None) in ("log", "log1p"))


def _log_sum_exp(x: Variable, s: Variable) -> Variable | None:
    """log(sum(exp(x), axes)) -> max + log(sum(exp(x - max), axes)), with an infinite max taken as 0."""
    axes = s.owner.op.reduce_axes(x.ndim)
    if not axes:
        return None
    mx = MaxAndArgmax(axes)(x)[0]
    mx = T.switch(T.isinf(mx), T.zeros_like(mx), mx)
    kept = []
    j = 0
    for i in range(x.ndim):
        if i in axes:
            kept.append("x")
        else:
            kept.append(j)
            j += 1
    mx_keep = DimShuffle(mx.broadcastable, kept)(mx)
    op = s.owner.op
    total = type(op)(axis=op.axis, dtype=op.dtype, acc_dtype=op.acc_dtype)(ELEMWISE_OPS["exp"](x - mx_keep))
    total.owner.tag.max_shifted = True  # already stable: the rule must not apply to its own result
    return ELEMWISE_OPS["log"](total) + mx


def _through(ds: Variable, v: Variable | None) -> Variable | None:
    """`v` (standing for the sum under the DimShuffle `ds`: keepdims, a transpose) put through that DimShuffle."""
    return None if v is None else ds.owner.op(v)


def _unshifted_sum(v: Variable) -> bool:
    """A sum that _log_sum_exp did not make, of its input's dtype."""
    return not getattr(v.owner.tag, "max_shifted", False) and v.dtype == v.owner.inputs[0].dtype


RULES: list[Rule] = tagged(TAGS, [
    Rule(P.log(1 + P.exp(x)) | P.log1p(P.exp(x)), P.softplus(x), name="log1pexp_to_softplus",
         when=_floats),  # log(1 + exp(x)) -> softplus(x)
    Rule(P.log(P.sigmoid(x)), -P.softplus(-x), name="logsigm_to_softplus",
         when=_x_not_bool),  # log(sigmoid(x)) -> -softplus(-x)
    Rule(P.log(1 - P.sigmoid(x)), -P.softplus(x), name="log1msigm_to_softplus"),  # log(1 - sigmoid(x)) -> -softplus(x)
    Rule(P.log1p(-P.sigmoid(x)), -P.softplus(x), name="log1p_neg_sigmoid"),  # log1p(-sigmoid(x)) -> -softplus(x)
    Rule(1 - P.sigmoid(x), P.sigmoid(-x), name="local_1msigmoid", when=_not_under_log),  # 1 - sigmoid(x) -> sigmoid(-x)
    Rule(P.exp(x) / (1 + P.exp(x)), P.sigmoid(x), name="local_exp_over_1_plus_exp"),  # e^x / (1 + e^x) -> sigmoid(x)
    Rule(1 / (1 + P.exp(-x)), P.sigmoid(x), name="local_inv_1_plus_exp"),  # 1 / (1 + e^-x) -> sigmoid(x)
    Rule(1 / (1 + P.exp(x)), P.sigmoid(-x), name="local_inv_1_plus_exp_neg"),  # 1 / (1 + e^x) -> sigmoid(-x)
    Rule(P.log(1 + x), P.log1p(x), name="local_log1p", when=_floats),  # log(1 + x) -> log1p(x)
    Rule(P.log(1 - x), P.log1p(-x), name="local_log1p_neg", when=_floats),  # log(1 - x) -> log1p(-x)
    Rule(P.exp(x) - 1, P.expm1(x), name="local_expm1", when=_floats),  # exp(x) - 1 -> expm1(x)
    Rule(P.log(OpP(Sum, P.exp(x), name="s").where(_unshifted_sum))
         | P.log(OpP(DimShuffle, OpP(Sum, P.exp(x), name="s").where(_unshifted_sum), name="ds")),
         lambda x, s, ds=None: _log_sum_exp(x, s) if ds is None else _through(ds, _log_sum_exp(x, s)),
         name="local_log_sum_exp", when=_floats),  # log(sum(exp(x))) -> max + log(sum(exp(x - max)))
]) + NNET_RULES
RULES += ERF_STABLE_RULES  # log(erfc(x)), exp(-x^2) / erfc(x) for large x (passes/erf_rewrites.py)
RULES += ARITH_STABILIZE_RULES  # log(exp(x) + exp(y)) (passes/arith_rewrites.py)
RULES += SIGM_FACTOR_RULES  # e^x * a / ((1 + e^x) * b) -> sigmoid(x) * a / b (passes/sigm_factors.py)
