"""theano.gof.null_type (re-exports)."""
from theano.frontend.gradient import NullType, null_type  # noqa: F401
