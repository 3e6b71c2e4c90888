"""theano.compile.debugmode (re-exports)."""
from theano.lowering.debugmode import (BadOptimization, BadShapeError, DebugMode, DebugModeError,  # noqa: F401
                                       InvalidValueError)
