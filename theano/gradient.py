"""theano.gradient: symbolic differentiation (re-exports)."""
from theano.frontend.gradient import (DisconnectedInputError, DisconnectedType, GradientError, NullType,  # noqa: F401
                                      NullTypeGradError, disconnected_type, grad, grad_not_implemented,
                                      grad_undefined)
