"""theano.tensor.subtensor (re-exports)."""
from theano.frontend.ops.subtensor import *  # noqa: F401,F403
from theano.frontend.ops.indexing import *  # noqa: F401,F403
