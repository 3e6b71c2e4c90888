"""theano.tensor.extra_ops (re-exports)."""
from theano.frontend.ops.extra_ops import *  # noqa: F401,F403
from theano.frontend.ops.diagonal import diag  # noqa: F401
