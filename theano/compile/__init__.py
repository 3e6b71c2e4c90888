"""theano.compile: function, shared variables, In/Out, modes (re-exports)."""
from theano.frontend.ops.compile_ops import DeepCopyOp, ViewOp, deep_copy_op, view_op  # noqa: F401
from theano.frontend.ops.compile_ops import FromFunctionOp, as_op  # noqa: F401
from theano.frontend.shared import SharedVariable, shared  # noqa: F401
from theano.lowering.function import Function, FunctionMaker, UnusedInputError  # noqa: F401
from theano.lowering.io import In, Out, SymbolicInput, SymbolicOutput  # noqa: F401
from theano.lowering.mode import FAST_COMPILE, FAST_RUN, Mode, get_default_mode, get_mode, predefined_modes  # noqa: F401
from theano.lowering.debugmode import BadOptimization, DebugMode, DebugModeError, InvalidValueError  # noqa: F401
from theano.compile.pfunc import pfunc  # noqa: F401 - loads the submodule first, so the name stays the function
from theano.compile.function import function  # noqa: F401,F811 - the same: the submodule loads, the name is the function
from theano.lowering.function_copy import function_dump  # noqa: F401
from theano.compile import debugmode, function_module, io, mode, ops, sharedvalue  # noqa: F401,E402 - submodules as attributes, as in Theano
from theano.compile.builders import OpFromGraph  # noqa: F401,E402 - issue 11
from theano.lowering.monitormode import MonitorMode  # noqa: F401,E402 - issue 12
from theano.lowering.nanguardmode import NanGuardMode  # noqa: F401,E402 - issue 12
from theano.compile import monitormode, nanguardmode  # noqa: F401,E402 - issue 12: submodules as attributes
from theano.lowering.profiling import ProfileStats  # noqa: F401,E402 - issue 12: profiling
from theano.compile import profiling  # noqa: F401,E402 - issue 12: submodule as attribute
from theano.frontend.config import config  # noqa: F401,E402 - Theano's compile package exposes config
from theano.lowering.export import export  # noqa: F401,E402 - issue 15: StableHLO export
from theano.lowering.interop import to_jax  # noqa: F401,E402 - issue 15: a compiled function as a pure JAX function
from theano.compile.mode import optdb  # noqa: F401,E402 - Theano's global optimizer database (passes/gof_optdb.py)
