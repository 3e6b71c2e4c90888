"""theano.gof.vm.VM_Linker: Theano's default linker ("cvm" / "vm"), here the XLA program like every linker.

Theano's VM ran the graph's thunks one by one (C or Python); its options either change nothing here
(`allow_gc`, `use_cloop`, `lazy`, `c_thunks`, `allow_partial_eval`, `schedule`: XLA assigns buffers, evaluates
branches lazily and orders the work itself) or asked for a behaviour that has its own tool here: a per-node
`callback` raises, naming theano.compile.MonitorMode / theano.gof.WrapLinker, which run graphs op by op.
"""
from __future__ import annotations

from typing import Any

from theano.lowering.linker import FunctionLinker

__all__ = ["VM_Linker"]


class VM_Linker(FunctionLinker):
    """Theano's VM linker: the graph compiled into one XLA program (see the module docstring for its options)."""

    def __init__(self, allow_gc: Any = None, use_cloop: bool = False, callback: Any = None,
                 callback_input: Any = None, lazy: Any = None, schedule: Any = None, c_thunks: Any = None,
                 allow_partial_eval: Any = None):
        if callback is not None or callback_input is not None:
            raise NotImplementedError(
                "VM_Linker(callback=...) called a function after each node of Theano's VM; theano-xla runs one XLA "
                "program. To see each node's inputs and outputs, use theano.compile.MonitorMode(pre_func=..., "
                "post_func=...) or theano.gof.WrapLinkerMany, which run the graph op by op")
        super().__init__()
        self.allow_gc, self.use_cloop, self.lazy = allow_gc, use_cloop, lazy
        self.c_thunks, self.allow_partial_eval = c_thunks, allow_partial_eval
        self.callback, self.callback_input = callback, callback_input
        if schedule is not None:
            self.schedule = schedule

    def accept(self, fgraph: Any, no_recycling: Any = None, profile: Any = None) -> "VM_Linker":
        if self.fgraph is not None and self.fgraph is not fgraph:
            return VM_Linker(allow_gc=self.allow_gc, use_cloop=self.use_cloop, lazy=self.lazy,
                             c_thunks=self.c_thunks).accept(fgraph, no_recycling, profile)
        self.fgraph = fgraph
        return self
