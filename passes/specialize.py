"""The `specialize` set: cheaper ops for special cases, after the algebra has settled.

Runs after canonicalize and stabilize, so it may leave their normal form (`1/x` becomes `inv(x)`).
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Variable
from theano.passes.argmax_rewrites import RULES as ARGMAX_RULES
from theano.passes.blocksparse_rewrites import RULES as BLOCKSPARSE_RULES
from theano.passes.bn_rewrites import RULES as BN_RULES
from theano.passes.constant_folding import RULES as FOLDING_RULES
from theano.passes.engine import Rule, tagged
from theano.passes.alloc_rewrites import SPECIALIZE_RULES as ALLOC_SPECIALIZE_RULES
from theano.passes.switch_div_rewrites import SPECIALIZE_RULES as SWITCH_DIV_SPECIALIZE_RULES
from theano.passes.reduce_rewrites import RULES as REDUCE_RULES
from theano.passes.arith_rewrites import SPECIALIZE_RULES as ARITH_SPECIALIZE_RULES, STABILIZE_RULES as ARITH_STABILIZE_RULES
from theano.passes.erf_rewrites import IDENTITY_RULES as ERF_IDENTITY_RULES, STABLE_RULES as ERF_STABLE_RULES
from theano.passes.ifelse_rewrites import RULES as IFELSE_RULES  # issue 11: if{} -> if{inplace}
from theano.passes.pattern import P, x
from theano.passes.reductions import SPECIALIZE_RULES as REDUCTION_RULES
from theano.passes.sigm_rewrites import RULES as SIGM_RULES
from theano.passes.sigm_rewrites import SPECIALIZE_RULES as SIGM_SPECIALIZE_RULES
from theano.passes.sparse_rewrites import SPECIALIZE_RULES as SPECIALIZE_SPARSE_RULES  # issue 14
from theano.passes.sparse_rewrites import RULES as SPARSE_RULES  # issue 14: Remove0{} -> Remove0{inplace}
from theano.passes.typed_list_rewrites import RULES as TYPED_LIST_RULES  # typed_list_inplace_opt

TAGS = ("specialize", "fast_run")


def _floats(var: Variable) -> bool:
    return var.dtype in _dt.float_dtypes or var.dtype in _dt.complex_dtypes


def _not_negated(var: Variable, match: Any) -> bool:
    """Leave -(x * x) to local_mul_specialize, which makes it one node, (-1) * x * x (Theano's graph)."""
    users = match.clients(var)
    return not (len(users) == 1 and users[0][0] != "output"
                and getattr(getattr(users[0][0].op, "scalar_op", None), "name", None) == "neg")


RULES: list[Rule] = tagged(TAGS, [
    Rule(x ** 2, P.sqr(x), name="local_pow_specialize_sqr"),  # x ** 2 -> sqr(x)
    Rule(x ** 0.5, P.sqrt(x), name="local_pow_specialize_sqrt", when=_floats),  # x ** 0.5 -> sqrt(x)
    Rule(x ** -1, P.inv(x), name="local_pow_specialize_inv", when=_floats),  # x ** -1 -> inv(x)
    Rule(x ** -2, P.inv(P.sqr(x)), name="local_pow_specialize_inv_sqr", when=_floats),  # x ** -2 -> inv(sqr(x))
    Rule(x ** -0.5, P.inv(P.sqrt(x)), name="local_pow_specialize_rsqrt", when=_floats),  # x ** -0.5 -> inv(sqrt(x))
    Rule(1 / x, P.inv(x), name="local_div_to_inv", when=_floats),  # 1 / x -> inv(x)
    Rule(x * x, P.sqr(x), name="local_mul_to_sqr", when=_not_negated),  # x * x -> sqr(x)
]) + REDUCTION_RULES + FOLDING_RULES + BN_RULES
RULES += IFELSE_RULES
RULES += SPECIALIZE_SPARSE_RULES  # issue 14: theano.sparse.opt's specialize rewrites
RULES += SPARSE_RULES
RULES += SIGM_RULES  # exp(x) * sigmoid(-x) -> sigmoid(x) in a product (after stabilize: no stabilize rule is filed under mul)
RULES += SIGM_SPECIALIZE_RULES  # local_ultra_fast_sigmoid, local_hard_sigmoid: enabled by name only
RULES += ARGMAX_RULES  # argmax(softmax(x)) -> argmax(x) (passes/argmax_rewrites.py)
RULES += BLOCKSPARSE_RULES  # SparseBlockGemv/Outer{inplace=False} -> {inplace=True} (fast_run, inplace)
RULES += TYPED_LIST_RULES  # theano.typed_list: Append{} -> Append{inplace} ... (fast_run, inplace)
RULES += ERF_IDENTITY_RULES + ERF_STABLE_RULES  # Theano registers the erf rewrites in specialize too
RULES += ARITH_STABILIZE_RULES + ARITH_SPECIALIZE_RULES  # log_add, abs merge, fill -> alloc, mul switch sink
RULES += ALLOC_SPECIALIZE_RULES  # local_elemwise_alloc (passes/alloc_rewrites.py)
RULES += SWITCH_DIV_SPECIALIZE_RULES  # x - x -> zeros_like(x), sum(a / b') -> sum(a) / b (passes/switch_div_rewrites.py)
RULES += [r for r in REDUCE_RULES if r.name == "local_opt_alloc"]  # sum(alloc(c, s)): fills become allocs here
