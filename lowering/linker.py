"""Theano's linker interface (`linker.accept(fgraph).make_function()`), over our one compiled function.

Theano's linkers (PerformLinker, the C linkers, DualLinker comparing two of them) turned a FunctionGraph
into a callable. Here every graph runs through XLA, so there is one linker-equivalent: `accept` takes the
graph and `make_function` compiles exactly that graph (no rewrites, as a linker ran the graph it was
given) with `theano.function`. Code that drives a graph through `gof.PerformLinker()` or
`gof.DualLinker()` then checks our real compiled results. CLinker (generated C code only) has no equivalent.
"""
from __future__ import annotations

from typing import Any, Callable

from theano.frontend.fgraph import FunctionGraph
from theano.lowering.function import function
from theano.lowering.mode import Mode


class FunctionLinker:
    """`accept(fgraph).make_function()`: the graph compiled by theano.function, as Theano's linkers returned it
    (a single output unpacked when `unpack_single`, else a list)."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.fgraph: FunctionGraph | None = None

    def accept(self, fgraph: FunctionGraph, no_recycling: Any = None, profile: Any = None) -> "FunctionLinker":
        """This linker for `fgraph` (a fresh copy when it already holds another graph, as upstream)."""
        if self.fgraph is not None and self.fgraph is not fgraph:
            return type(self)().accept(fgraph, no_recycling, profile)
        self.fgraph = fgraph
        return self

    def make_function(self, unpack_single: bool = True, **kwargs: Any) -> Callable[..., Any]:
        """The compiled graph: positional inputs in the order of fgraph.inputs."""
        if self.fgraph is None:
            raise AssertionError("make_function called before accept: this linker has no graph")
        outputs = list(self.fgraph.outputs)
        compiled = function(list(self.fgraph.inputs), outputs, mode=Mode(linker=self, optimizer=None),
                            on_unused_input="ignore")

        def execute(*args: Any) -> Any:
            results = compiled(*args)
            return results[0] if unpack_single and len(outputs) == 1 else list(results)

        execute.maker = compiled.maker  # type: ignore[attr-defined]
        return execute


class PerformLinker(FunctionLinker):
    """gof.PerformLinker: the graph run by our compiled function."""


class DualLinker(FunctionLinker):
    """gof.DualLinker compared Theano's Python and C implementations; here there is one implementation, the
    compiled function, whose results it returns."""


class OpWiseCLinker(FunctionLinker):
    """gof.OpWiseCLinker ran each op's C code where it compiled and its Python code otherwise (all of it when
    there is no C compiler, as here); here, the compiled function."""


class DebugModeLinker(FunctionLinker):
    """The linker of DebugMode (Theano's debugmode._Linker): the checks run by lowering/debugmode.py."""


# Theano's compile.mode.predefined_linkers, by name; 'xla' (this package's default) is FAST_RUN's VM_Linker
# (lowering/vm_linker.py). 'c' (CLinker: generated C code only) has no equivalent.
_LINKER_CLASSES: dict[str, type[FunctionLinker]] = {
    "py": PerformLinker, "c|py": OpWiseCLinker, "c|py_nogc": OpWiseCLinker, "debug": DebugModeLinker,
}
_VM_NAMES = ("vm", "cvm", "vm_nogc", "cvm_nogc", "xla")


def linker_for(name: str) -> FunctionLinker:
    """The linker object a Mode built with the linker name `name` reports as `mode.linker`."""
    if name in _VM_NAMES:
        from theano.lowering.vm_linker import VM_Linker  # it subclasses FunctionLinker (this module)

        return VM_Linker(allow_gc=False if name.endswith("_nogc") else None, use_cloop=name.startswith("c"))
    return _LINKER_CLASSES.get(name, FunctionLinker)()
