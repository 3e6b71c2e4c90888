"""theano.gof.type (re-exports)."""
from theano.frontend.graph import Type  # noqa: F401
