"""theano.tensor.subtensor (re-exports)."""
from theano.frontend.ops.subtensor import *  # noqa: F401,F403
from theano.frontend.ops.advanced_subtensor import *  # noqa: F401,F403
from theano.frontend.variable import IndexConstant  # noqa: F401
from theano.frontend.ops.indexing import *  # noqa: F401,F403
