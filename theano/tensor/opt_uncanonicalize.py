"""theano.tensor.opt_uncanonicalize (re-exports): the uncanonicalize rewrites as Theano-style local optimizers."""
from theano.passes.gof_local import RuleLocalOptimizer as _RuleLocalOptimizer
from theano.passes.uncanonicalize import RESHAPE_DIMSHUFFLE as _RESHAPE_DIMSHUFFLE, RULES as _RULES

_BY_NAME = {r.name: _RuleLocalOptimizer(r) for r in _RULES + [_RESHAPE_DIMSHUFFLE]}
local_max_and_argmax = _BY_NAME["local_max_and_argmax"]
local_max_to_min = _BY_NAME["local_max_to_min"]
local_alloc_dimshuffle = _BY_NAME["local_alloc_dimshuffle"]
local_reshape_dimshuffle = _BY_NAME["local_reshape_dimshuffle"]
local_dimshuffle_alloc = _BY_NAME["local_dimshuffle_alloc"]
local_dimshuffle_subtensor = _BY_NAME["local_dimshuffle_subtensor"]

__all__ = ["local_max_and_argmax", "local_max_to_min", "local_alloc_dimshuffle", "local_reshape_dimshuffle",
           "local_dimshuffle_alloc", "local_dimshuffle_subtensor"]
