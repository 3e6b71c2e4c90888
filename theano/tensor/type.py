"""theano.tensor.type (re-exports)."""
from theano.frontend.type import TensorType  # noqa: F401
