"""theano.tensor.basic (re-exports the tensor namespace)."""
from theano.frontend.tensor import *  # noqa: F401,F403
from theano.frontend.ops.reduce import Argmax, MaxAndArgmax, Mean, check_and_normalize_axes, makeKeepDims  # noqa: F401
