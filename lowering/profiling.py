"""theano.compile.profiling: ProfileStats for `theano.function(..., profile=True)` and `config.profile`.

A compiled function is one XLA program, so what can be measured honestly is: calls and wall time per call
(in Function.__call__, only when profiling is on), graph-rewrite time, trace + XLA compile time (the calls
that compiled), and XLA's memory analysis of the compiled program. Per-op times do not exist inside one
XLA program: the per-class and per-apply tables list node counts, and the summary says so.
"""
from __future__ import annotations

import atexit
import copy
import sys
import time
from typing import Any

from theano.frontend.config import config

theano_imported_time = getattr(sys.modules.get("theano"), "theano_imported_time", time.time())
_atexit_print_list: list["ProfileStats"] = []
_atexit_registered = False


def _atexit_print_fn() -> None:
    """Print every profile registered for printing at exit, then their sum, when config.profile is set (as
    Theano 1.0.5: `profile=True` alone prints nothing at exit; its summary() prints on request)."""
    if not config.profile:
        return
    dest = config.profiling.destination
    out = sys.stderr if dest == "stderr" else sys.stdout if dest == "stdout" else open(dest, "w")
    try:
        _print_all(out)
    finally:
        if out not in (sys.stderr, sys.stdout):
            out.close()


def _print_all(file: Any) -> None:
    """Each registered profile with calls, most expensive first, then their sum."""
    n_ops, n_apply = config.profiling.n_ops, config.profiling.n_apply
    to_sum = []
    for ps in sorted(_atexit_print_list, key=lambda a: a.compile_time + a.fct_call_time)[::-1]:
        if ps.fct_callcount >= 1 or ps.compile_time > 1:
            ps.summary(file=file, n_ops_to_print=n_ops, n_apply_to_print=n_apply)
            to_sum.append(ps)
        else:
            print("Skipping empty Profile", file=file)
    if len(to_sum) > 1:
        cum = copy.copy(to_sum[0])
        cum.message = "Sum of all(%d) printed profiles at exit excluding Scan op profile." % len(to_sum)
        cum.apply_time, cum.apply_callcount = dict(cum.apply_time), dict(cum.apply_callcount)
        cum.variable_shape = dict(cum.variable_shape)
        cum.nodes = list(cum.nodes)
        for ps in to_sum[1:]:
            for attr in ("compile_time", "fct_call_time", "fct_callcount", "vm_call_time", "optimizer_time",
                         "linker_time", "validate_time", "import_time", "linker_node_make_thunks", "xla_compile_time"):
                setattr(cum, attr, getattr(cum, attr) + getattr(ps, attr))
            cum.nodes.extend(ps.nodes)
            cum.nb_nodes = len(cum.nodes)
            cum.memory = None
        cum.summary(file=file, n_ops_to_print=n_ops, n_apply_to_print=n_apply)


class ProfileStats:
    """Run-time and compile-time statistics of a compiled function, with Theano 1.0.5's attributes."""

    compile_time = 0.0  # optimizer_time + linker_time
    fct_call_time = 0.0  # total wall time in Function.__call__
    fct_callcount = 0
    vm_call_time = 0.0  # time in the jitted program call (a subset of fct_call_time)
    optimizer_time = 0.0  # graph rewrites (passes pipeline)
    validate_time = 0.0
    linker_time = 0.0  # building the program, plus trace + XLA compile of the calls that compiled
    xla_compile_time = 0.0  # the part of linker_time spent in calls that traced and compiled
    import_time = 0.0
    linker_node_make_thunks = 0.0
    nb_nodes = -1
    message = None
    optimizer_profile = None

    def __init__(self, atexit_print: bool = True, flag_time_thunks: Any = None, gpu_checks: bool = True,
                 **kwargs: Any):
        global _atexit_registered
        self.apply_callcount: dict = {}
        self.output_size: dict = {}
        self.apply_time: dict = {}
        self.apply_cimpl: dict = {}
        self.variable_shape: dict = {}
        self.variable_strides: dict = {}
        self.variable_offset: dict = {}
        self.linker_make_thunk_time: dict = {}
        self.nodes: list = []
        self.memory: Any = None  # XLA memory analysis of the last compiled program, filled at the first call
        self.flag_time_thunks = flag_time_thunks
        self.ignore_first_call = config.profiling.ignore_first_call
        self.__dict__.update(kwargs)
        if atexit_print:
            _atexit_print_list.append(self)
            if not _atexit_registered:
                atexit.register(_atexit_print_fn)
                _atexit_registered = True

    def __getstate__(self) -> dict:
        """Picklable state: XLA's memory analysis object is left out."""
        return {k: v for k, v in self.__dict__.items() if k != "memory"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.memory = None

    def reset(self) -> None:
        """Ignore previous function calls."""
        self.fct_call_time = 0.0
        self.fct_callcount = 0
        self.vm_call_time = 0.0
        self.apply_time = {}
        self.apply_callcount = {}

    # ------------------------------------------------------------------ filled by Function

    def record_graph(self, nodes: list) -> None:
        """Remember the compiled graph's Apply nodes as (printed node, op class name): text only, so that the
        profile holds no graph (and no shared variable's buffer) alive."""
        self.nodes = [(str(n), type(n.op).__module__ + "." + type(n.op).__name__) for n in nodes]
        self.nb_nodes = len(self.nodes)

    def class_counts(self) -> list[tuple[str, int]]:
        """(op class name, number of Apply nodes), most frequent first."""
        counts: dict[str, int] = {}
        for _, name in self.nodes:
            counts[name] = counts.get(name, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    # ------------------------------------------------------------------ printing

    def summary_function(self, file: Any) -> None:
        """The function section: calls, call time, compile/optimizer/linker times (Theano's layout)."""
        print("Function profiling", file=file)
        print("==================", file=file)
        print("  Message: %s" % self.message, file=file)
        print("  Time in %i calls to Function.__call__: %es" % (self.fct_callcount, self.fct_call_time), file=file)
        if self.fct_call_time > 0:
            print("  Time in Function.fn.__call__: %es (%.3f%%)" % (
                self.vm_call_time, 100 * self.vm_call_time / self.fct_call_time), file=file)
            print("  Time in thunks: not measured (the function runs as one XLA program)", file=file)
        print("  Total compile time: %es" % self.compile_time, file=file)
        print("    Number of Apply nodes: %d" % self.nb_nodes, file=file)
        print("    Theano Optimizer time: %es" % self.optimizer_time, file=file)
        print("       Theano validate time: %es" % self.validate_time, file=file)
        print("    Theano Linker time (includes JAX trace and XLA compile): %es" % self.linker_time, file=file)
        print("       XLA trace+compile time (calls that compiled) %es" % self.xla_compile_time, file=file)
        print("       Import time %es" % self.import_time, file=file)
        print("       Node make_thunk time %es" % self.linker_node_make_thunks, file=file)
        print("", file=file)

    def summary_globals(self, file: Any) -> None:
        """Time since import (theano.grad time is not tracked: printed as 0)."""
        print("Time in all call to theano.grad() %es" % 0.0, file=file)
        print("Time since theano import %.3fs" % (time.time() - theano_imported_time), file=file)

    def summary_class(self, file: Any, N: int | None = None) -> None:
        """The op-class table: node counts only (no per-op time inside one XLA program)."""
        rows = self.class_counts()
        N = len(rows) if N is None else N
        print("Class", file=file)
        print("---", file=file)
        print("  Per-op times are not available: the whole function runs as one XLA program.", file=file)
        print("  <#apply> <Class name>", file=file)
        for name, count in rows[:N]:
            print("  %7d   %s" % (count, name), file=file)
        if len(rows) > N:
            print("   ... (remaining %i Classes not shown)" % (len(rows) - N), file=file)
        print("", file=file)

    def summary_nodes(self, file: Any, N: int | None = None) -> None:
        """The Apply table: the compiled graph's nodes in run order, without times."""
        N = len(self.nodes) if N is None else N
        print("Apply", file=file)
        print("------", file=file)
        print("  Per-apply times are not available: the whole function runs as one XLA program.", file=file)
        print("  <Apply id> <Apply name>", file=file)
        for k, (text, _) in enumerate(self.nodes[:N]):
            print("  %6d   %s" % (k, text), file=file)
        if len(self.nodes) > N:
            print("   ... (remaining %i Apply instances not shown)" % (len(self.nodes) - N), file=file)
        print("", file=file)

    def summary_memory(self, file: Any, N: Any = None) -> None:
        """XLA's memory analysis of the compiled program (bytes of arguments, outputs, temporaries, code)."""
        m = self.memory
        if m is None:
            return
        print("", file=file)
        print("Memory Profile", file=file)
        print("(XLA memory analysis of the compiled program)", file=file)
        print("---", file=file)
        for label, attr in (("arguments", "argument_size_in_bytes"), ("outputs", "output_size_in_bytes"),
                            ("temporaries", "temp_size_in_bytes"), ("aliased", "alias_size_in_bytes"),
                            ("generated code", "generated_code_size_in_bytes")):
            val = getattr(m, attr, None)
            if val is not None:
                print("    %s: %dKB" % (label, int(round(val / 1024.0))), file=file)
        print("", file=file)

    def summary(self, file: Any = sys.stderr, n_ops_to_print: int = 20, n_apply_to_print: int = 20) -> None:
        """Print the function, op-class, apply and memory sections (Theano's summary layout)."""
        self.summary_function(file)
        self.summary_globals(file)
        if self.nodes:
            self.summary_class(file, n_ops_to_print)
            self.summary_nodes(file, n_apply_to_print)
        self.summary_memory(file, n_apply_to_print)


def profile_for(profile: Any, name: str | None) -> ProfileStats | None:
    """The ProfileStats a `theano.function(profile=...)` call asks for (config.profile turns it on for all)."""
    if profile is None or profile is False:
        if not config.profile:
            return None
        profile = True
    if profile is True:
        return ProfileStats(message=name)
    if isinstance(profile, str):
        return ProfileStats(message=profile)
    if isinstance(profile, ProfileStats):
        if profile.message is None and name:
            profile.message = name
        return profile
    raise TypeError(f"theano.function: profile must be a bool, a str or a ProfileStats, got {type(profile).__name__}")


def memory_analysis(fn: Any, key: Any, values: list, shared_vals: list) -> Any:
    """XLA's memory analysis of `fn`'s program for these argument shapes (None where XLA gives none)."""
    import jax

    try:
        specs = [jax.ShapeDtypeStruct(getattr(v, "shape", ()), getattr(v, "dtype", None) or jax.numpy.asarray(v).dtype)
                 for v in list(values) + list(shared_vals)]
        return fn._jitted.lower(key, *specs).compile().memory_analysis()
    except Exception:  # noqa: BLE001 - a backend without memory analysis: the section is left out
        return None
