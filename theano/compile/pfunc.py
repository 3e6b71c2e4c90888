"""theano.compile.pfunc: rebuild_collect_shared (re-export); theano.function compiles (pfunc itself is pending)."""
from theano.frontend.rebuild_shared import rebuild_collect_shared  # noqa: F401
