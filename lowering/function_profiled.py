"""A Function that records its calls in a ProfileStats: a subclass, so unprofiled calls pay nothing."""
from __future__ import annotations

import time
from typing import Any

from theano.lowering.device import x64_scope
from theano.lowering.function import Function
from theano.lowering.profiling import memory_analysis


class ProfiledFunction(Function):
    """Function whose __call__ adds its wall time and count to `self.profile` (Theano's f.profile)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return super().__call__(*args, **kwargs)
        finally:
            prof = self.profile
            if prof.ignore_first_call:  # config.profiling.ignore_first_call: the compiling call is left out
                prof.reset()
                prof.ignore_first_call = False
            else:
                prof.fct_call_time += time.perf_counter() - start
                prof.fct_callcount += 1

    def _run(self, values: list[Any]) -> list[Any]:
        """Time the program call; a call that traced and compiled counts as linker (XLA compile) time."""
        prof = self.profile
        before = self.n_compilations
        start = time.perf_counter()
        out = super()._run(values)
        elapsed = time.perf_counter() - start
        if self.n_compilations != before:
            prof.xla_compile_time += elapsed
            prof.linker_time += elapsed
            prof.compile_time += elapsed
            if prof.memory is None:
                shared_vals = [s._value for s in self._shared]
                with x64_scope():
                    key = () if self._shape_program.empty else self._shape_program.evaluate(values + shared_vals)
                    prof.memory = memory_analysis(self, key, values, shared_vals)
        else:
            prof.vm_call_time += elapsed
        return out


def profiled_class(cls: type) -> type:
    """ProfiledFunction over `cls` (a Function subclass such as DebugMode's), made once and importable by name
    so that profiled functions pickle."""
    if issubclass(cls, ProfiledFunction):
        return cls
    if cls is Function:
        return ProfiledFunction
    name = "Profiled" + cls.__name__
    made = globals().get(name)
    if made is None:
        made = type(name, (ProfiledFunction, cls), {"__module__": __name__, "__doc__": cls.__doc__})
        globals()[name] = made
    return made


def make_profiled(fn: Function, profile: Any, optimizer_time: float, build_time: float) -> Function:
    """Turn `fn` into a ProfiledFunction recording into `profile`, with the compile times measured so far."""
    fn.__class__ = profiled_class(type(fn))
    fn.profile = profile
    profile.optimizer_time += optimizer_time
    profile.linker_time += build_time
    profile.compile_time += optimizer_time + build_time
    profile.record_graph(fn.maker.fgraph.toposort())
    return fn


def __getattr__(name: str) -> type:
    """Profiled<Class> for a Function subclass not yet made in this process (unpickling in a fresh one)."""
    if name.startswith("Profiled"):
        from theano.lowering.debugmode import DebugFunction
        from theano.lowering.opwise import OpWiseFunction
        todo: list[type] = [DebugFunction, OpWiseFunction]  # the Function subclasses a profiled function may wrap
        todo += Function.__subclasses__()
        while todo:
            cls = todo.pop()
            if cls.__name__ == name[len("Profiled"):] and not issubclass(cls, ProfiledFunction):
                return profiled_class(cls)
            todo.extend(cls.__subclasses__())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
