"""theano.gof.null_type (re-exports)."""
from theano.frontend.grad_types import NullType, null_type  # noqa: F401
