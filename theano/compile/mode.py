"""theano.compile.mode (re-exports)."""
from theano.lowering.debugmode import DebugMode  # noqa: F401
from theano.lowering.mode import FAST_COMPILE, FAST_RUN, Mode, get_default_mode, get_mode, predefined_modes  # noqa: F401
