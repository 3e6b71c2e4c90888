"""theano.gof: the graph IR names (re-exports)."""
from theano.frontend.fgraph import CachedConstantError, FunctionGraph, InconsistencyError, MissingInputError  # noqa: F401
from theano.frontend.graph import Apply, Constant, Op, Type, Variable  # noqa: F401
from theano.frontend.graph import Op as PureOp  # noqa: F401
from theano.frontend.graph import COp  # noqa: F401
from theano.frontend.fgraph_features import AlreadyThere, Bookkeeper, Feature, NodeFinder  # noqa: F401
from theano.frontend.gof_utils import hashtype, object2  # noqa: F401
from theano.frontend.graph import MethodNotDefined  # noqa: F401
from theano.frontend.op_params import CEnumType, EnumList, EnumType, Params, ParamsType  # noqa: F401
from theano.frontend.type import Generic, generic  # noqa: F401
from theano.frontend.graph import Scratchpad  # noqa: F401
from theano.gof import fg, graph, op, params_type, sched, type, utils  # noqa: F401,A004 - submodules, as in Theano
from theano.gof import cc, cmodule, compilelock, destroyhandler, unify  # noqa: F401,E402 - legacy submodules (no jax)
from theano.gof.cc import CLinker  # noqa: F401,E402 - raises MissingGXX: no C code here
from theano.gof.destroyhandler import DestroyHandler  # noqa: F401,E402

_LINKERS = ("DualLinker", "OpWiseCLinker", "PerformLinker")
_WRAP_LINKERS = ("WrapLinker", "WrapLinkerMany")
_OPT_NAMES = ("Optimizer", "optimizer", "inplace_optimizer", "SeqOptimizer", "MergeOptimizer", "LocalOptimizer",
              "local_optimizer", "LocalOptGroup", "OpSub", "OpRemove", "PatternSub", "NavigatorOptimizer",
              "TopoOptimizer", "EquilibriumOptimizer", "OpKeyOptimizer")
_OPTDB_NAMES = ("DB", "LocalGroupDB", "Query", "EquilibriumDB", "SequenceDB", "ProxyDB")


def __getattr__(name: str) -> object:
    """The linker-equivalents (theano.lowering.linker), loaded on first use: `import theano` stays free of jax."""
    if name in _LINKERS:
        from theano.lowering import linker

        return getattr(linker, name)
    if name in _WRAP_LINKERS:  # issue 12: op-by-op runs with a hook per node
        from theano.lowering import opwise

        return getattr(opwise, name)
    if name == "vm":  # theano.gof.vm.VM_Linker (loads the lowering)
        import importlib

        return importlib.import_module("theano.gof.vm")
    if name in ("toolbox", "opt", "optdb", "link"):  # issue 12: optimizer databases; link: the linkers (misc)
        import importlib

        return importlib.import_module("theano.gof." + name)
    if name in _OPT_NAMES or name in _OPTDB_NAMES:  # Theano's optimizer API (passes/gof_opt.py, gof_optdb.py)
        import importlib

        return getattr(importlib.import_module("theano.gof.opt" if name in _OPT_NAMES else "theano.gof.optdb"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
