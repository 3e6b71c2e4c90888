"""theano.misc.may_share_memory (Theano 1.0.5's module path)."""
from theano.frontend.memory_sharing import may_share_memory

__all__ = ["may_share_memory"]
