"""theano-xla: the Theano 1.0.5 API on JAX and XLA.

This package is the drop-in facade: Theano's module paths, re-exporting the implementation in
theano.frontend (graphs), theano.passes (rewrites) and theano.lowering (JAX). Names backed by
the JAX lowering (`function`, `In`, `Out`, `Mode`, ...) load it on first use, and frontend is handed
a loader for it (the first value it needs), so `import theano` and building graphs never import jax.
"""
from __future__ import annotations

import importlib
import time as _time
from typing import Any

theano_imported_time = _time.time()  # issue 12: "Time since theano import" in profile summaries

from theano import version  # noqa: E402 - the module theano.version, as in Theano

__version__ = version.version  # "1.0.5+xla.0.1.0" (theano/_version.py)

# --- issue 12: Theano's `theano` logger and default handler (theano.theano_logger, theano.logging_default_handler)
from theano.frontend.theano_logging import (disable_log_handler, logging_default_formatter,  # noqa: E402,F401
                                            logging_default_handler, theano_logger)
from theano.frontend.config import change_flags, config  # noqa: E402,F401
from theano.frontend.graph import backend as _backend  # noqa: E402

_backend.loader = lambda: importlib.import_module("theano.lowering")
from theano import _module_loading  # noqa: E402
from theano.frontend.backend_services import modules as _modules  # noqa: E402

_modules.install(_module_loading)  # frontend loads modules by name through these (it never imports by name)

from theano.frontend.fgraph import FunctionGraph  # noqa: E402,F401
from theano.frontend.gradient import Lop, grad, subgraph_grad  # noqa: E402,F401
from theano.frontend.rop import Rop  # noqa: E402,F401
from theano.frontend.graph import Apply, Constant, Op, Type, Variable  # noqa: E402,F401
from theano.frontend.type import Generic, generic  # noqa: E402,F401
from theano.frontend.graph_compare import clone  # noqa: E402,F401  (scan_utils.clone, as Theano 1.0.5)
from theano.frontend.printing import pp, pprint  # noqa: E402,F401
from theano.frontend.shared import SharedVariable, shared  # noqa: E402,F401
from theano import gof, gradient, printing, tensor, updates  # noqa: E402,F401
from theano.frontend.updates import OrderedUpdates  # noqa: E402,F401
# --- issue 10: theano.dot and theano.configdefaults
from theano.frontend.ops.dot_dispatch import dot  # noqa: E402,F401  (issue 14: __dot__/__rdot__ dispatch)
from theano import configdefaults  # noqa: E402,F401
# --- issue 11: scan
from theano import scan_module  # noqa: E402,F401
from theano.scan_module import foldl, foldr, map, reduce, scan, scan_checkpoints  # noqa: E402,F401,A004
# --- issue 11: OpFromGraph (frontend only: importing it does not load jax)
from theano.frontend.ops.builders import OpFromGraph  # noqa: E402,F401
from theano.frontend import theano_pickles as _theano_pickles  # noqa: E402,F401 - loads Theano 1.0.5 pickles (docs/pickles.md)
from theano.frontend.theano_pickles_gpu import register_cuda_pickle_modules as _register_cuda_pickle_modules  # noqa: E402
_register_cuda_pickle_modules()  # Theano 0.x pickles name theano.sandbox.cuda.type/.var (docs/pickles.md)


def _asarray(a: Any, dtype: Any, order: Any = None) -> Any:
    """numpy.asarray with the exact dtype (theano._asarray)."""
    import numpy

    return numpy.asarray(a, dtype=dtype, order=order)

_LAZY = {
    "function": ("theano.lowering.function", "function"),
    "pfunc": ("theano.lowering.function", "function"),
    "In": ("theano.lowering.io", "In"),
    "Param": ("theano.lowering.io", "In"),
    "Out": ("theano.lowering.io", "Out"),
    "Mode": ("theano.lowering.mode", "Mode"),
    "compile": ("theano.compile", None),
    "function_dump": ("theano.lowering.function_copy", "function_dump"),
    "ProfileStats": ("theano.lowering.profiling", "ProfileStats"),  # issue 12: profiling
    "sharding": ("theano.sharding", None),  # issue 15: data/model-parallel over a device mesh
    "distributed": ("theano.distributed", None),  # issue 15: several processes (jax.distributed)
    "sparse_grad": ("theano.frontend.sparse.indexing", "sparse_grad"),  # issue 14: sparse indexing
    # Theano 1.0.5 re-exports gof's linkers at the top level (theano.OpWiseCLinker(schedule=...))
    "PerformLinker": ("theano.lowering.linker", "PerformLinker"),
    "OpWiseCLinker": ("theano.lowering.linker", "OpWiseCLinker"),
    "DualLinker": ("theano.lowering.linker", "DualLinker"),
    "Container": ("theano.lowering.containers", "Container"),  # misc: gof.link.Container at the top level
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        mod = importlib.import_module(module)
        value = mod if attr is None else getattr(mod, attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'theano' has no attribute {name!r}")
