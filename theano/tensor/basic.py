"""theano.tensor.basic (re-exports the tensor namespace)."""
from theano.frontend.tensor import *  # noqa: F401,F403
