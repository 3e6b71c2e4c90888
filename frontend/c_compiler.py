"""Theano's C-compiler machinery (theano.gof.cmodule, theano.gof.cc.CLinker) as Theano 1.0.5 behaves with no
C++ compiler (`config.cxx == ""`), which is always the case here: theano-xla generates and compiles no C code
(every graph becomes one XLA program).

So, as in Theano without g++: `GCC_compiler.try_flags` / `try_compile_tmp` answer False ("cannot compile"),
`compile_str` and the C linker raise `MissingGXX`, and `gcc_version()` is 'GCC_NOT_FOUND'. Code that probes for a
compiler (as Theano's own tests and the CTC module did) takes its no-compiler path; code that needs C gets a
clear error rather than a stand-in.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from theano.frontend.config import config
from theano.frontend.backend_services import modules

__all__ = ["MissingGXX", "Compiler", "GCC_compiler", "CLinker", "gcc_version", "gcc_llvm", "get_lib_extension",
           "get_gcc_shared_library_arg", "std_include_dirs", "std_lib_dirs", "std_libs", "std_lib_dirs_and_libs",
           "dlimport", "get_module_cache", "NO_C_CODE"]

NO_C_CODE = ("theano-xla compiles no C code: every graph is compiled by XLA (theano.function works without a C "
             "compiler; config.cxx is ignored)")
gcc_version_str = 'GCC_NOT_FOUND'  # Theano's value when no C++ compiler is found


class MissingGXX(Exception):
    """Theano's error for C code that needs a C++ compiler where there is none."""


def gcc_version() -> str:
    """The C++ compiler's version: 'GCC_NOT_FOUND' (there is none, as Theano reports without g++)."""
    return gcc_version_str


def gcc_llvm() -> bool:
    """Whether the C++ compiler is LLVM's: False (there is none)."""
    return False


class Compiler:
    """A C++ compiler, as Theano's Compiler base class behaves without one: nothing compiles."""

    @classmethod
    def _try_compile_tmp(cls, src_code: str, tmp_prefix: str = '', flags: Any = (), try_run: bool = False,
                         output: bool = False, compiler: Any = None, comp_args: bool = True) -> Any:
        return False  # Theano: `if not compiler: return False`

    @classmethod
    def _try_flags(cls, flag_list: Any, preambule: str = "", body: str = "", try_run: bool = False,
                   output: bool = False, compiler: Any = None, comp_args: bool = True) -> Any:
        return False


class GCC_compiler(Compiler):
    """Theano's g++ driver with `config.cxx == ""`: probes answer False, compiling raises MissingGXX."""

    supports_amdlibm = False

    @staticmethod
    def version_str() -> str:
        return config.cxx + " " + gcc_version_str

    @staticmethod
    def compile_args(march_flags: bool = True) -> list[str]:
        return []

    @staticmethod
    def linking_patch(lib_dirs: list, libs: list) -> list:
        return ["-l%s" % lib for lib in libs]

    @classmethod
    def try_compile_tmp(cls, src_code: str, tmp_prefix: str = '', flags: Any = (), try_run: bool = False,
                        output: bool = False, comp_args: bool = True) -> Any:
        return cls._try_compile_tmp(src_code, tmp_prefix, flags, try_run, output, None, comp_args)

    @classmethod
    def try_flags(cls, flag_list: Any, preambule: str = "", body: str = "", try_run: bool = False,
                  output: bool = False, comp_args: bool = True) -> Any:
        return cls._try_flags(flag_list, preambule, body, try_run, output, None, comp_args)

    @staticmethod
    def compile_str(module_name: str, src_code: str, location: Any = None, include_dirs: Any = None,
                    lib_dirs: Any = None, libs: Any = None, preargs: Any = None, py_module: bool = True,
                    hide_symbols: bool = True) -> Any:
        raise MissingGXX("g++ not available! We can't compile c code. (" + NO_C_CODE + ")")


def get_lib_extension() -> str:
    """The extension of dynamic libraries on this platform (Theano's helper)."""
    if sys.platform == 'win32':
        return 'pyd'
    if sys.platform == 'cygwin':
        return 'dll'
    return 'so'


def get_gcc_shared_library_arg() -> str:
    """The compiler flag for a shared library on this platform (Theano's helper)."""
    return '-dynamiclib' if sys.platform == 'darwin' else '-shared'


def std_lib_dirs_and_libs() -> tuple[list, list]:
    """Python's own library and its directory, for linking C extensions (none are built here)."""
    return [], []


def std_include_dirs() -> list[str]:
    """Python's and numpy's include directories (Theano's helper; nothing is compiled against them here)."""
    import sysconfig

    import numpy as np

    return [np.get_include(), sysconfig.get_paths()["include"]]


def std_libs() -> list:
    return std_lib_dirs_and_libs()[0]


def std_lib_dirs() -> list:
    return std_lib_dirs_and_libs()[1]


def dlimport(fullpath: str, suffix: Any = None) -> Any:
    """Import a compiled C module by path (Theano's helper): a plain importlib import of that file."""
    if not os.path.isabs(fullpath):
        raise ValueError('`fullpath` must be an absolute path', fullpath)
    return modules.module_from_path(os.path.basename(fullpath).split('.')[0], fullpath)


def get_module_cache(init_args: Any = None) -> Any:
    """Theano's cache of compiled C modules: there is none (theano-cache / theano.cache manages XLA's cache)."""
    raise MissingGXX("there is no cache of compiled C modules: " + NO_C_CODE + ". The XLA program cache is in "
                     "config.compiledir; `theano-cache clear` (theano.cache) empties it")


class CLinker:
    """Theano's linker of generated C code: there is none here (MissingGXX, as Theano without g++ raises)."""

    def __init__(self, schedule: Any = None):
        raise MissingGXX("theano.gof.cc.CLinker runs generated C code: " + NO_C_CODE + ". Use theano.function "
                         "(or the linkers theano.gof.PerformLinker / OpWiseCLinker / DualLinker / "
                         "theano.gof.vm.VM_Linker, which run the XLA program)")
