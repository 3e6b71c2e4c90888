"""theano.gof.fg: FunctionGraph (re-exports)."""
from theano.frontend.fgraph import CachedConstantError, FunctionGraph, InconsistencyError, MissingInputError  # noqa: F401
