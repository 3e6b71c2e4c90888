"""theano.gof.fg: FunctionGraph (re-exports)."""
from theano.frontend.fgraph import FunctionGraph, InconsistencyError, MissingInputError  # noqa: F401
