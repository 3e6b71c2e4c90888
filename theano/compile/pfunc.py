"""theano.compile.pfunc: pfunc and rebuild_collect_shared (re-exports)."""
from theano.frontend.rebuild_shared import rebuild_collect_shared  # noqa: F401
from theano.lowering.pfunc import pfunc  # noqa: F401
