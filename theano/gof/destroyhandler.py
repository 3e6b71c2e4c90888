"""theano.gof.destroyhandler (re-exports)."""
from theano.frontend.destroyhandler import DestroyHandler, ProtocolError, fast_inplace_check  # noqa: F401
