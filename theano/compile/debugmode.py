"""theano.compile.debugmode (re-exports)."""
from theano.lowering.debugmode import (BadOptimization, BadShapeError, DebugMode, DebugModeError,  # noqa: F401
                                       InvalidValueError)
from theano.lowering.debugmode import (BadDestroyMap, BadThunkOutput, BadViewMap,  # noqa: F401,E402
                                       StochasticOrder)
