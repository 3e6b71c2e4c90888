"""theano.gof.opt / optdb: Theano-style local optimizers and the EquilibriumDB that runs them (re-exports)."""
from theano.passes.optdb import EquilibriumDB, EquilibriumOptimizer  # noqa: F401
from theano.passes.registration import LocalOptimizer, local_optimizer  # noqa: F401
from theano.frontend.tag_trace import check_stack_trace  # noqa: F401
