"""theano.gof.cc: Theano's C linkers (re-exports).

OpWiseCLinker and DualLinker run the XLA program (theano.lowering.linker), as theano.gof's names do; CLinker,
which only ran generated C code, raises Theano's MissingGXX (frontend/c_compiler.py). Theano's C code generator
helpers (CodeBlock, struct_gen, get_c_declare, ...) have no counterpart: nothing generates C here.
"""
from theano.frontend.c_compiler import CLinker, MissingGXX, get_module_cache  # noqa: F401


def __getattr__(name: str) -> object:
    """OpWiseCLinker and DualLinker, loaded on first use (they compile with jax)."""
    if name in ("OpWiseCLinker", "DualLinker"):
        from theano.lowering import linker

        return getattr(linker, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
