"""theano.gof.vm: Theano's VM linker (re-exports).

VM_Linker compiles the graph into one XLA program, like every linker here (lowering/vm_linker.py). Theano's VM
classes that ran thunks one by one (VM, Loop, LoopGC, Stack, calculate_reallocate_info) have no counterpart: XLA
runs the whole program and assigns its buffers (see tests/test_module_paths.py).
"""
from theano.lowering.vm_linker import VM_Linker  # noqa: F401
