"""theano.gof.toolbox: BadOptimization (re-export)."""
from theano.passes.optdb import BadOptimization  # noqa: F401
