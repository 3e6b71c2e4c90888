"""theano.tensor: re-exports the tensor namespace of theano.frontend."""
from theano.frontend.tensor import *  # noqa: F401,F403
from theano.frontend.tensor import _tensor_py_operators  # noqa: F401
from theano.frontend.gradient import grad  # noqa: F401
