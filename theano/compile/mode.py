"""theano.compile.mode (re-exports)."""
from theano.lowering.debugmode import DebugMode  # noqa: F401
from theano.lowering.mode import FAST_COMPILE, FAST_RUN, Mode, get_default_mode, get_mode, predefined_modes  # noqa: F401
from theano.passes.gof_optdb import Query as _Query
from theano.passes.gof_optdb import optdb  # noqa: F401 - the global optimizer database (passes/gof_optdb.py)

OPT_NONE = _Query(include=[])
OPT_MERGE = _Query(include=["merge"])
OPT_FAST_RUN = _Query(include=["fast_run"])
OPT_FAST_RUN_STABLE = OPT_FAST_RUN.requiring("stable")
OPT_FAST_COMPILE = _Query(include=["fast_compile"])
OPT_STABILIZE = _Query(include=["fast_run"])
OPT_STABILIZE.position_cutoff = 1.5000001
for _name in ("OPT_NONE", "OPT_MERGE", "OPT_FAST_RUN", "OPT_FAST_RUN_STABLE", "OPT_FAST_COMPILE", "OPT_STABILIZE"):
    globals()[_name].name = _name
del _name
from theano.frontend.theano_pickles import AddFeatureOptimizer  # noqa: F401,E402 - Theano pickles
