"""theano.misc.may_share_memory (Theano 1.0.5's module path)."""
from theano.frontend.memory_sharing import may_share_memory as may_share_memory  # noqa: F401
