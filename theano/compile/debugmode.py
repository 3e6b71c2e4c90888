"""theano.compile.debugmode (re-exports)."""
from theano.lowering.mode import DebugMode  # noqa: F401
