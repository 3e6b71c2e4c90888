"""theano.tensor.basic (re-exports the tensor namespace)."""
from theano.frontend.tensor import *  # noqa: F401,F403
from theano.frontend.ops.max_argmax import Argmax, MaxAndArgmax  # noqa: F401
from theano.frontend.ops.moments import Mean  # noqa: F401
from theano.frontend.ops.reduce import check_and_normalize_axes, makeKeepDims  # noqa: F401
# --- issue 10: linear algebra
from theano.tests.unittest_tools import _allclose  # noqa: F401,E402 - Theano's tolerance-by-dtype allclose
