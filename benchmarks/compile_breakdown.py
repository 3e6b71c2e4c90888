#!/usr/bin/env python
"""Where `theano.function` + its first call spend their time, next to hand-written JAX's trace + compile.

    python benchmarks/compile_breakdown.py            # median of 3 fresh builds per graph, then the ratios
    python benchmarks/compile_breakdown.py --quick    # one build per graph, best of 2 for the ratios
    python benchmarks/compile_breakdown.py --ratio-only --repeats 5   # only the end-to-end ratios
    THEANO_FLAGS=device=cuda python benchmarks/compile_breakdown.py   # the same on the GPU
    THEANO_FLAGS=device=cuda python benchmarks/compile_breakdown.py --ratio-only --jax-precision highest

Two graphs: (a) a chain of 500 x (tanh, multiply by a constant, add a constant) on a float32 vector
(1,500 elementwise ops), (b) the 784-512-512-10 tanh MLP SGD step of benchmarks/run.py.

End-to-end ratios (issue 13's target: ours <= 1.2x JAX on both graphs): ours = building the symbolic
graph (the chain; the MLP's shared parameters, loss and `T.grad`) + `theano.function` + its first call;
JAX = `device_put` of the parameters + `jax.jit` of a fresh function + its first call (trace, lower,
XLA compile, run). Both sides run on config.device, after that device is initialised by a warm-up
of both sides (so device start-up is charged to neither), with JAX's persistent compilation cache
off (each build compiles), alternating which side goes first in each round, best of N fresh builds
each. The ratio without the graph construction (`theano.function` + first call alone) is printed too.

Breakdown: for each graph, `theano.function(...)` and the first call are split into: FunctionGraph (building/cloning the graph), the rewrite passes,
Function setup (toposort, shape program, evaluation plan), tracing (our interpreter under jax.jit:
`jit.trace`), lowering the jaxpr to StableHLO (`.lower()`), XLA's compile (`.compile()`), running
the compiled program once (`run`), and the rest (theano.function's checks and graph walks, the
call's argument conversion and shape program: everything not named). Hand-written JAX is split the
same way. Issue 8's target: everything theano.function adds outside XLA's own compile (all parts
but `compile` and `run`) <= 25% of XLA's compile time.
The instrumentation wraps the named pieces from outside (no library code changes); the first call
goes through the Function's normal path with `jax.jit` replaced by the same trace/lower/compile steps.
Benchmarks are never assertions: nothing here fails a build.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import os
import statistics
import sys
import time
from typing import Any, Callable, Iterator

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402
from theano.lowering import function as function_module  # noqa: E402
from theano.passes import pipeline  # noqa: E402
from run import PARAM_NAMES, jax_sgd_step, mlp_data, theano_mlp_step  # noqa: E402  (benchmarks/run.py)

CHAIN_LENGTH = 500
PARTS = ("graph", "passes", "setup", "trace", "lower", "compile", "run", "rest")
OUTSIDE_XLA = ("graph", "passes", "setup", "trace", "lower", "rest")
TARGET = 0.25
RATIO_TARGET = 1.2
# the JAX side's matmul precision: "default" as JAX users write it (TF32 tensor cores on a recent GPU), or "highest",
# the float32 contractions theano-xla compiles by default (Theano's BLAS/cuDNN precision): on a GPU the two
# compile (autotune) different GEMMs, so --jax-precision highest separates that from our own overhead
JAX_PRECISION = ["default"]


# ---------------------------------------------------------------------------- instrumentation

class Timings(dict):
    """Seconds per part, accumulated."""

    def add(self, part: str, seconds: float) -> None:
        self[part] = self.get(part, 0.0) + seconds


@contextlib.contextmanager
def patched(obj: Any, name: str, wrapper: Callable[[Any], Any]) -> Iterator[None]:
    """Replace `obj.name` by `wrapper(original)` for the duration of the block."""
    original = getattr(obj, name)
    setattr(obj, name, wrapper(original))
    try:
        yield
    finally:
        setattr(obj, name, original)


def timed(part: str, timings: Timings) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timings.add(part, time.perf_counter() - t0)
        return inner
    return wrap


class SplitJit:
    """Stands in for a Function's jitted program on its first call: trace, lower, compile, run, each timed."""

    def __init__(self, jitted: Any, timings: Timings, n_static: int = 0):
        self.jitted, self.timings, self.n_static = jitted, timings, n_static

    def __call__(self, *args: Any) -> Any:
        add = self.timings.add
        t0 = time.perf_counter()
        traced = self.jitted.trace(*args)
        t1 = time.perf_counter()
        lowered = traced.lower()
        t2 = time.perf_counter()
        compiled = lowered.compile()
        t3 = time.perf_counter()
        add("trace", t1 - t0)
        add("lower", t2 - t1)
        add("compile", t3 - t2)
        out = jax.block_until_ready(compiled(*args[self.n_static:]))  # static arguments are baked in
        add("run", time.perf_counter() - t3)
        return out


def theano_breakdown(build: Callable[[], tuple[Callable[[], Any], Callable[[Any], Any]]]) -> Timings:
    """`build()` makes the symbolic graph and returns (compile: () -> Function, first_call: f -> result)."""
    timings = Timings()
    compile_fn, first_call = build()
    Function = function_module.Function
    with patched(function_module, "FunctionGraph", timed("graph", timings)), \
            patched(pipeline, "optimize", timed("passes", timings)), \
            patched(Function, "__init__", timed("setup", timings)):
        t0 = time.perf_counter()
        f = compile_fn()
        f._jitted = SplitJit(f._jitted, timings, n_static=1)  # the shape-signature key
        jax.block_until_ready(first_call(f))
        total = time.perf_counter() - t0
    timings["rest"] = total - sum(timings.values())
    timings["total"] = total
    return timings


def jax_breakdown(fn: Callable[..., Any], args: tuple, **jit_kwargs: Any) -> Timings:
    """Hand-written JAX: jax.jit(fn) traced, lowered, compiled and run once on `args`."""
    timings = Timings()
    t0 = time.perf_counter()
    jax.block_until_ready(SplitJit(jax.jit(fn, **jit_kwargs), timings)(*args))
    timings["total"] = time.perf_counter() - t0
    timings["rest"] = timings["total"] - sum(timings[p] for p in ("trace", "lower", "compile", "run"))
    return timings


# ---------------------------------------------------------------------------- the two graphs

def chain_theano() -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    """(a) 500 x (tanh, * constant, + constant) on a float32 vector."""
    x = T.fvector("x")
    out = x
    for _ in range(CHAIN_LENGTH):
        out = T.tanh(out) * np.float32(0.9) + np.float32(0.1)
    data = np.linspace(-1, 1, 1000).astype(np.float32)
    return (lambda: theano.function([x], out)), (lambda f: f(data))


def chain_jax() -> tuple[Callable[..., Any], tuple]:
    def chain(x: Any) -> Any:
        for _ in range(CHAIN_LENGTH):
            x = jnp.tanh(x) * np.float32(0.9) + np.float32(0.1)
        return x
    return chain, (np.linspace(-1, 1, 1000).astype(np.float32),)


def mlp_theano() -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    """(b) the SGD step of benchmarks/run.py, written as a Theano user would."""
    d = mlp_data()
    xb, yb, cost, updates = theano_mlp_step(d)
    return (lambda: theano.function([xb, yb], cost, updates=updates)), (lambda f: f(d["x"], d["y"]))


def mlp_jax() -> tuple[Callable[..., Any], tuple]:
    d = mlp_data()
    # a fresh function per build, so that no build finds the previous one's trace in JAX's caches
    return (lambda *args: jax_sgd_step(*args)), ({k: jnp.asarray(d[k]) for k in PARAM_NAMES}, d["x"], d["y"])


# ---------------------------------------------------------------------------- report

def median_timings(runs: list[Timings]) -> Timings:
    return Timings({k: statistics.median(r.get(k, 0.0) for r in runs) for k in runs[0]})


def report(name: str, ours: Timings, ref: Timings) -> None:
    print(f"\n{name}")
    print(f"  {'part':<10}{'theano.function':>18}{'hand-written JAX':>19}")
    for part in PARTS + ("total",):
        a = f"{ours[part] * 1e3:10.1f} ms" if part in ours else ""
        b = f"{ref[part] * 1e3:10.1f} ms" if part in ref else ""
        print(f"  {part:<10}{a:>18}{b:>19}")
    outside = sum(ours[p] for p in OUTSIDE_XLA)
    ratio = outside / ours["compile"]
    ok = "meets" if ratio <= TARGET else "misses"
    print(f"  theano.function outside XLA's compile (all but compile and run): {outside * 1e3:.1f} ms = "
          f"{ratio:.0%} of XLA's compile ({ok} the <= {TARGET:.0%} target); without the passes: "
          f"{(outside - ours['passes']) / ours['compile']:.0%}")
    print(f"  hand-written JAX outside XLA's compile: {(ref['total'] - ref['compile'] - ref['run']) * 1e3:.1f} ms = "
          f"{(ref['total'] - ref['compile'] - ref['run']) / ref['compile']:.0%} of its compile")


# ---------------------------------------------------------------------------- end-to-end ratios

def _ours_end_to_end(build: Callable[[], tuple[Callable[[], Any], Callable[[Any], Any]]]) -> tuple[float, ...]:
    """(wall, CPU) seconds of graph + theano.function + first call, then (wall, CPU) of theano.function +
    first call alone, for one fresh build."""
    gc.collect()  # neither side pays for the garbage of the build before it
    w0, c0 = time.perf_counter(), time.process_time()
    compile_fn, first_call = build()
    w1, c1 = time.perf_counter(), time.process_time()
    jax.block_until_ready(first_call(compile_fn()))
    w2, c2 = time.perf_counter(), time.process_time()
    return w2 - w0, c2 - c0, w2 - w1, c2 - c1


def _jax_end_to_end(build: Callable[[], tuple[Callable[..., Any], tuple]]) -> tuple[float, float]:
    """(wall, CPU) seconds of device_put of the arguments + jax.jit of a fresh function + its first call."""
    from theano.lowering.device import current_device

    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    with jax.default_matmul_precision(JAX_PRECISION[0]):
        fn, fn_args = build()
        device_args = jax.device_put(fn_args, current_device())
        jax.block_until_ready(jax.jit(fn)(*device_args))
    return time.perf_counter() - w0, time.process_time() - c0


def end_to_end_ratios(cases: list[tuple[str, Any, Any]], repeats: int) -> None:
    """Best of `repeats` fresh builds per side, alternating which side runs first in each round.

    Wall-clock is what a user waits; CPU time (process_time: every thread of this process, XLA's compile
    threads included) is printed too because it is much less disturbed by other processes on a shared machine.
    """
    print(f"\nend to end, best of {repeats} fresh builds per side, alternating order "
          f"(ours: graph + theano.function + first call; JAX: device_put + jax.jit + first call, "
          f"matmul precision {JAX_PRECISION[0]!r})")
    print(f"  {'graph':<34}{'clock':<6}{'ours':>10}{'JAX':>10}{'ratio':>8}   {'theano.function + call only':>28}")
    for name, ours_build, jax_build in cases:
        ours: list[tuple[float, ...]] = []
        ref: list[tuple[float, float]] = []
        for k in range(repeats):
            for side in ((0, 1) if k % 2 == 0 else (1, 0)):
                if side == 0:
                    ours.append(_ours_end_to_end(ours_build))
                else:
                    ref.append(_jax_end_to_end(jax_build))
        for clock, i in (("wall", 0), ("CPU", 1)):
            best_ours, best_fn = min(o[i] for o in ours), min(o[i + 2] for o in ours)
            best_ref = min(r[i] for r in ref)
            ratio = best_ours / best_ref
            verdict = "ok" if ratio <= RATIO_TARGET else "MISSED"
            print(f"  {name if i == 0 else '':<34}{clock:<6}{best_ours:>8.3f} s{best_ref:>8.3f} s{ratio:>7.2f}x   "
                  f"{best_fn:>9.3f} s = {best_fn / best_ref:.2f}x   (target <= {RATIO_TARGET}x: {verdict})")


def warm_up() -> None:
    """Import and initialise everything (the device, its BLAS) once, so no measured build pays for it."""
    x, m = T.fvector("x"), T.fmatrix("m")
    theano.function([x], T.tanh(x) * 2 + 1)(np.ones(3, np.float32))
    theano.function([m], T.dot(m, m))(np.ones((4, 4), np.float32))
    jax.block_until_ready(jax.jit(lambda v: jnp.tanh(v) * 2)(np.ones(3, np.float32)))
    jax.block_until_ready(jax.jit(lambda a: a @ a)(np.ones((4, 4), np.float32)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time split of theano.function + first call vs hand-written JAX")
    parser.add_argument("--quick", action="store_true", help="one build per graph instead of three")
    parser.add_argument("--ratio-only", action="store_true", help="skip the breakdown, print the end-to-end ratios")
    parser.add_argument("--repeats", type=int, default=None, help="fresh builds per side for the ratios")
    parser.add_argument("--jax-precision", choices=("default", "highest"), default="default",
                        help="matmul precision of the JAX side in the ratios (ours follows config)")
    args = parser.parse_args(argv)
    JAX_PRECISION[0] = args.jax_precision
    repeats = 1 if args.quick else 3
    ratio_repeats = args.repeats or (2 if args.quick else 5)
    jax.config.update("jax_enable_compilation_cache", False)  # every build compiles, on both sides
    from theano.lowering.device import current_device
    device = current_device()
    print(f"compile time on {device.platform} ({device.device_kind}, config.device={theano.config.device}; "
          f"jax {jax.__version__}); times in ms")
    with jax.default_device(device):
        warm_up()  # initialises the device for both sides before anything is timed
        cases = [("(a) chain of 500 x (tanh, * c, + c), float32 vector", chain_theano, chain_jax),
                 ("(b) MLP 784-512-512-10 SGD step, batch 128, float32", mlp_theano, mlp_jax)]
        if not args.ratio_only:
            breakdowns(cases, repeats)
        end_to_end_ratios([("(a) 1,500-op elementwise chain", chain_theano, chain_jax),
                           ("(b) MLP SGD step", mlp_theano, mlp_jax)], ratio_repeats)
    return 0


def breakdowns(cases: list[tuple[str, Any, Any]], repeats: int) -> None:
    """The per-stage split of each graph, median of `repeats` fresh builds per side."""
    print(f"\nbreakdown by stage, median of {repeats} fresh build(s)")
    for name, ours_build, jax_build in cases:
        ours = median_timings([theano_breakdown(ours_build) for _ in range(repeats)])
        ref_runs = []
        for _ in range(repeats):
            fn, fn_args = jax_build()
            ref_runs.append(jax_breakdown(fn, fn_args))
        report(name, ours, median_timings(ref_runs))


if __name__ == "__main__":
    sys.exit(main())
