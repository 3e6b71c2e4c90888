"""Loading a module by its name at run time, for what only the user's environment names: a module-level function
a pickled as_op op refers to, the debugger PdbBreakpoint enters (the first installed), and a compiled file by its
path (gof.cmodule.dlimport). The `theano` package hands these to frontend (frontend.backend_services.modules), as
it hands it the evaluator's loader: frontend itself never imports by name."""
from __future__ import annotations

import importlib
import importlib.util
import types
from typing import Any, Sequence


def attribute_of(module: str, name: str) -> Any:
    """`module.name`, importing `module` if it is not loaded yet."""
    return getattr(importlib.import_module(module), name)


def first_installed(candidates: Sequence[str], fallback: str) -> types.ModuleType:
    """The first of the modules `candidates` that is installed, imported; else the module `fallback`."""
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return importlib.import_module(name)
    return importlib.import_module(fallback)


def module_from_path(name: str, fullpath: str) -> types.ModuleType:
    """Execute the file `fullpath` as a new module `name` (not entered in sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, fullpath)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {fullpath!r}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
