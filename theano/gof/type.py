"""theano.gof.type (re-exports)."""
from theano.frontend.graph import Type  # noqa: F401
from theano.frontend.type import Generic, generic  # noqa: F401
