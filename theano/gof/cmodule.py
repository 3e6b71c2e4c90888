"""theano.gof.cmodule: Theano's C-compiler driver, as Theano 1.0.5 behaves without a C++ compiler (re-exports).

Probes (GCC_compiler.try_flags, try_compile_tmp) answer False, compiling raises MissingGXX, gcc_version() is
'GCC_NOT_FOUND': theano-xla compiles no C code (frontend/c_compiler.py). The module cache of compiled C
modules (ModuleCache, KeyData, ...) has no counterpart; `theano-cache` manages the XLA program cache.
"""
from theano.frontend.c_compiler import (  # noqa: F401
    Compiler, GCC_compiler, MissingGXX, dlimport, gcc_llvm, gcc_version, get_gcc_shared_library_arg,
    get_lib_extension, get_module_cache, std_include_dirs, std_lib_dirs, std_lib_dirs_and_libs, std_libs,
)
import importlib  # noqa: F401,E402 - Theano's module exposes it

METH_VARARGS = "METH_VARARGS"
METH_NOARGS = "METH_NOARGS"
