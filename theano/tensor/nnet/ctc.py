"""theano.tensor.nnet.ctc: the CTC loss (re-exports; theano-xla's own op, no warp-ctc library needed)."""
from theano.frontend.ops.ctc import ConnectionistTemporalClassification, ctc, ctc_available, ctc_present  # noqa: F401
from theano.passes.ctc_rewrites import RULES as _RULES
from theano.passes.gof_local import RuleLocalOptimizer as _RuleLocalOptimizer

# Theano's canonicalize rewrite, as a local optimizer (the rule itself runs in our canonicalize set)
local_ctc_no_grad = _RuleLocalOptimizer(next(r for r in _RULES if r.name == "local_ctc_no_grad"))

__all__ = ["ConnectionistTemporalClassification", "ctc", "ctc_available", "ctc_present", "local_ctc_no_grad"]
