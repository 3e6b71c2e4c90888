"""theano.gof.compilelock: the compile-directory lock, Theano's protocol (re-exports; frontend/compilelock.py)."""
from theano.frontend.compilelock import (  # noqa: F401
    Unlocker, force_unlock, get_lock, hostname, lock, lock_ctx, notset, random, refresh_lock, release_lock,
    set_lock_status,
)
