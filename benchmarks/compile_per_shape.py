#!/usr/bin/env python
"""What a *new input length* costs a compiled training step, and where that time goes.

    python benchmarks/compile_per_shape.py                 # 4 new lengths, breakdown + hand-written JAX
    python benchmarks/compile_per_shape.py --lengths 8     # more new lengths
    python benchmarks/compile_per_shape.py --profile       # also: trace+lower time by package (cProfile)
    python benchmarks/compile_per_shape.py --cache-check   # two fresh processes, one compiledir, shuffled lengths

The step is the Deep Learning Tutorials' rnnslu.py (tests/legacy/dlt_rnn_program.py) at tutorial-like sizes:
embedding lookup of context windows -> scan (sigmoid recurrence, softmax per step) -> NLL of the labels ->
SGD updates of the 7 parameters. XLA needs static shapes, so each new sentence length is a new program: the
function compiles once per length (values are exact: no padding, no bucketing).

Per new length, the call is split into: the host shape program (ours), tracing (our interpreter running the
lowering rules under jax.jit: JAX's /jax/core/compile/jaxpr_trace_duration), lowering the jaxpr to StableHLO
(JAX's jaxpr_to_mlir_module_duration), XLA's compile (backend_compile_duration) and the rest (running the
program, dispatch, argument conversion). The same step written by hand in JAX (jax.lax.scan + value_and_grad)
is split the same way. The rewrite passes and the graph -> plan work run once per function (theano.function),
never per length: their time is printed once. The persistent compile cache is off (each length compiles).
CPU seconds (every thread of this process) are the main column: the machine may be shared, and CPU time is much
less disturbed by other processes than wall time. Benchmarks are never assertions: nothing here fails a build.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, REPO)

SIZES = dict(nh=100, nc=10, ne=1000, de=50, cs=5)  # hidden units, classes, vocabulary, embedding width, window
FIRST_LENGTH = 5
EVENTS = {"/jax/core/compile/jaxpr_trace_duration": "trace",
          "/jax/core/compile/jaxpr_to_mlir_module_duration": "lower",
          "/jax/core/compile/backend_compile_duration": "compile"}
PARTS = ("shape program", "trace", "lower", "compile", "rest")


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> "Clock":
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.wall, self.cpu = time.perf_counter() - self.w0, time.process_time() - self.c0


def build_theano_step() -> tuple[Any, Callable[[int, Any], Any], float]:
    """rnnslu's sentence_train: (function, call(length, rng), seconds of theano.function)."""
    import numpy as np
    import theano
    import theano.tensor as T

    nh, nc, ne, de, cs = (SIZES[k] for k in ("nh", "nc", "ne", "de", "cs"))
    rng = np.random.RandomState(345)

    def shared(name: str, *shape: int) -> Any:
        return theano.shared(name=name, value=(0.2 * rng.uniform(-1, 1, shape)).astype(theano.config.floatX))
    emb, wx, wh, w = shared("emb", ne + 1, de), shared("wx", de * cs, nh), shared("wh", nh, nh), shared("w", nh, nc)
    bh, b, h0 = shared("bh", nh), shared("b", nc), shared("h0", nh)
    params = [emb, wx, wh, w, bh, b, h0]
    idxs, y, lr = T.imatrix("idxs"), T.ivector("y"), T.scalar("lr")
    x = emb[idxs].reshape((idxs.shape[0], de * cs))

    def recurrence(x_t: Any, h_tm1: Any) -> list:
        h_t = T.nnet.sigmoid(T.dot(x_t, wx) + T.dot(h_tm1, wh) + bh)
        return [h_t, T.nnet.softmax(T.dot(h_t, w) + b)]
    [_, s], _ = theano.scan(fn=recurrence, sequences=x, outputs_info=[h0, None], n_steps=x.shape[0])
    p = s[:, 0, :]
    nll = -T.mean(T.log(p)[T.arange(x.shape[0]), y])
    grads = T.grad(nll, params)
    with Clock() as c:
        f = theano.function([idxs, y, lr], nll, updates=OrderedDict((q, q - lr * g) for q, g in zip(params, grads)))

    def call(length: int, data: Any) -> Any:
        return f(data.randint(0, ne + 1, (length, cs)).astype("int32"), data.randint(0, nc, length).astype("int32"),
                 0.1)
    return f, call, c.cpu


def build_jax_step() -> Callable[[int, Any], Any]:
    """The same step written by hand in JAX (float64 as theano's default floatX)."""
    import jax
    import jax.numpy as jnp
    import numpy as np

    nh, nc, ne, de, cs = (SIZES[k] for k in ("nh", "nc", "ne", "de", "cs"))
    rng = np.random.RandomState(345)
    params = {k: 0.2 * rng.uniform(-1, 1, shape) for k, shape in (
        ("emb", (ne + 1, de)), ("wx", (de * cs, nh)), ("wh", (nh, nh)), ("w", (nh, nc)), ("bh", (nh,)),
        ("b", (nc,)), ("h0", (nh,)))}

    def loss(P: dict, idxs: Any, y: Any) -> Any:
        x = P["emb"][idxs].reshape((idxs.shape[0], de * cs))

        def rec(h: Any, x_t: Any) -> tuple:
            h = jax.nn.sigmoid(x_t @ P["wx"] + h @ P["wh"] + P["bh"])
            return h, jax.nn.softmax(h @ P["w"] + P["b"])
        _, s = jax.lax.scan(rec, P["h0"], x)
        return -jnp.mean(jnp.log(s)[jnp.arange(x.shape[0]), y])

    @jax.jit
    def step(P: dict, idxs: Any, y: Any, lr: Any) -> tuple:
        value, g = jax.value_and_grad(loss)(P, idxs, y)
        return value, jax.tree_util.tree_map(lambda p, d: p - lr * d, P, g)

    state = [jax.device_put(params)]

    def call(length: int, data: Any) -> Any:
        value, state[0] = step(state[0], data.randint(0, ne + 1, (length, cs)).astype("int32"),
                               data.randint(0, nc, length).astype("int32"), 0.1)
        return np.asarray(value)
    return call


def breakdown(call: Callable[[int, Any], Any], lengths: list[int], shape_clock: dict | None = None) -> dict:
    """Mean seconds per new length of each part (CPU and wall), from JAX's own compile events."""
    import jax.monitoring
    import numpy as np

    seconds: dict[str, float] = collections.defaultdict(float)

    def listener(name: str, secs: float, **kw: Any) -> None:
        if name in EVENTS:
            seconds[EVENTS[name]] += secs
    jax.monitoring.register_event_duration_secs_listener(listener)
    data = np.random.RandomState(0)
    totals = collections.defaultdict(float)
    for length in lengths:
        seconds.clear()
        if shape_clock is not None:
            shape_clock["wall"] = shape_clock["cpu"] = 0.0
        with Clock() as c:
            call(length, data)
        # JAX's events are wall-clock; their CPU share is estimated with the call's CPU/wall ratio
        ratio = c.cpu / c.wall if c.wall else 1.0
        parts = {k: seconds.get(k, 0.0) for k in ("trace", "lower", "compile")}
        if shape_clock is not None:
            parts["shape program"] = shape_clock["wall"]
        parts["rest"] = c.wall - sum(parts.values())
        for k, v in parts.items():
            totals[("wall", k)] += v
            totals[("cpu", k)] += v * ratio
        totals[("wall", "total")] += c.wall
        totals[("cpu", "total")] += c.cpu
    n = len(lengths)
    return {k: v / n for k, v in totals.items()}


def timed_shape_program(f: Any) -> dict:
    """Wrap the function's host shape program with a clock (before its first call builds the call path)."""
    clock = {"wall": 0.0, "cpu": 0.0}
    evaluate = f._shape_program.evaluate

    def timed(values: Any) -> Any:
        w0 = time.perf_counter()
        try:
            return evaluate(values)
        finally:
            clock["wall"] += time.perf_counter() - w0
    f._shape_program.evaluate = timed
    f.reset_call_path()
    return clock


def profile_trace(f: Any, call: Callable[[int, Any], Any], lengths: list[int]) -> None:
    """cProfile of new-length calls' trace + lower: own time by package (ours vs JAX), per new length."""
    import cProfile
    import pstats

    import jax
    import numpy as np

    jitted = f._jitted

    class TraceOnly:  # the call's trace and lower under the profiler; XLA's compile and the run outside it
        def __call__(self, *args: Any) -> Any:
            prof.enable()
            try:
                lowered = jitted.trace(*args).lower()
            finally:
                prof.disable()
            return lowered.compile()(*args[1:])

    prof = cProfile.Profile()
    f._jitted = TraceOnly()
    f.reset_call_path()
    data = np.random.RandomState(1)
    try:
        for length in lengths:
            call(length, data)
    finally:
        f._jitted = jitted
        f.reset_call_path()
    by: dict[str, float] = collections.Counter()
    for (filename, _, _), (_, _, own, _, _) in pstats.Stats(prof).stats.items():
        path = filename.replace(os.sep, "/")
        if path.startswith(REPO.replace(os.sep, "/")):
            key = "ours (" + os.path.relpath(filename, REPO).split(os.sep)[0] + "/)"
        elif "/jax/" in path or "/jaxlib/" in path:
            key = "jax (Python)"
        elif filename == "~":
            key = "builtins and C (jaxlib's MLIR, numpy)"
        else:
            key = "other Python"
        by[key] += own
    total = sum(by.values())
    print(f"\ntrace + lower by package, own time under cProfile (inflated by the profiler; shares are what matter), "
          f"per new length, jax {jax.__version__}:")
    for key, own in by.most_common():
        print(f"  {key:<42}{own / len(lengths) * 1e3:9.1f} ms  {own / total:6.1%}")


def cache_check(lengths: int) -> None:
    """Run this script's --child twice in fresh processes on one new compiledir, the lengths shuffled differently
    each time: the second run should load every program (misses 0, writes 0)."""
    with tempfile.TemporaryDirectory(prefix="theano-per-shape-") as tmp:
        flags = ",".join(f for f in (os.environ.get("THEANO_FLAGS", ""), f"compiledir={tmp}") if f)
        env = dict(os.environ, THEANO_FLAGS=flags)
        print(f"persistent cache: two runs of the step over {lengths} lengths, one compiledir, lengths in another "
              f"order the second time")
        for run, seed in (("first", 1), ("second", 2)):
            proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", str(lengths), str(seed)],
                                  env=env, capture_output=True, text=True, timeout=1800)
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr[-3000:])
            rep = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"  {run} run: lengths {rep['order']}: our cache {rep['ours']}, XLA compile {rep['compile']:.2f} s, "
                  f"wall {rep['wall']:.2f} s")


def child(lengths: int, seed: int) -> None:
    import jax.monitoring
    import numpy as np

    compile_s = [0.0]
    jax.monitoring.register_event_duration_secs_listener(
        lambda name, secs, **kw: compile_s.__setitem__(0, compile_s[0] + secs)
        if name == "/jax/core/compile/backend_compile_duration" else None)
    order = list(np.random.RandomState(seed).permutation(np.arange(FIRST_LENGTH, FIRST_LENGTH + lengths)))
    t0 = time.perf_counter()
    _, call, _ = build_theano_step()
    data = np.random.RandomState(0)
    for length in order:
        call(int(length), data)
    from theano.lowering.compile_cache import cache_stats
    print(json.dumps({"order": [int(n) for n in order], "ours": cache_stats(), "compile": compile_s[0],
                      "wall": time.perf_counter() - t0}))


def report(title: str, parts: dict, once: float | None = None) -> None:
    print(f"\n{title}")
    print(f"  {'part':<16}{'CPU ms':>10}{'wall ms':>10}{'share':>8}")
    for part in PARTS + ("total",):
        if ("cpu", part) not in parts:
            continue
        share = parts[("cpu", part)] / parts[("cpu", "total")] if part != "total" else 1.0
        print(f"  {part:<16}{parts[('cpu', part)] * 1e3:10.1f}{parts[('wall', part)] * 1e3:10.1f}{share:8.1%}")
    if once is not None:
        print(f"  (once per function, not per length: theano.function, passes included: {once * 1e3:.0f} ms CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the cost of a new input length, and where it goes")
    parser.add_argument("--lengths", type=int, default=4, help="new lengths measured (after the first)")
    parser.add_argument("--profile", action="store_true", help="trace + lower time by package (cProfile)")
    parser.add_argument("--cache-check", action="store_true", help="second run of a script compiles nothing")
    parser.add_argument("--no-jax", action="store_true", help="skip the hand-written JAX side")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if args.cache_check:
        cache_check(args.lengths + 1)
        return 0
    import jax
    import numpy as np

    jax.config.update("jax_enable_compilation_cache", False)  # every new length compiles
    import theano

    new = list(range(FIRST_LENGTH + 1, FIRST_LENGTH + 1 + args.lengths))
    f, call, once = build_theano_step()
    clock = timed_shape_program(f)
    with Clock() as first:
        call(FIRST_LENGTH, np.random.RandomState(0))
    print(f"rnnslu step {SIZES}, floatX={theano.config.floatX}, {jax.devices()[0].platform}, jax {jax.__version__}")
    print(f"theano.function {once * 1e3:.0f} ms CPU; first call (length {FIRST_LENGTH}) {first.cpu * 1e3:.0f} ms CPU, "
          f"{first.wall * 1e3:.0f} ms wall; new lengths {new}")
    ours = breakdown(call, new, clock)
    with Clock() as known:
        call(FIRST_LENGTH, np.random.RandomState(0))
    report("theano.function, per new length (mean)", ours, once)
    print(f"  a call at a length already compiled: {known.cpu * 1e3:.1f} ms CPU")
    if not args.no_jax:
        jax.config.update("jax_enable_x64", True)  # float64, as theano's default floatX (ours are measured)
        jcall = build_jax_step()
        jcall(FIRST_LENGTH, np.random.RandomState(0))
        ref = breakdown(jcall, new)
        report("hand-written JAX (lax.scan + value_and_grad), per new length (mean)", ref)
        print(f"\nper new length, CPU: ours {ours[('cpu', 'total')] * 1e3:.0f} ms, JAX {ref[('cpu', 'total')] * 1e3:.0f} "
              f"ms ({ours[('cpu', 'total')] / ref[('cpu', 'total')]:.2f}x); outside XLA's compile: ours "
              f"{(ours[('cpu', 'total')] - ours[('cpu', 'compile')]) * 1e3:.0f} ms, JAX "
              f"{(ref[('cpu', 'total')] - ref[('cpu', 'compile')]) * 1e3:.0f} ms")
    if args.profile:
        profile_trace(f, call, [n + 100 for n in new])
    return 0


if __name__ == "__main__":
    sys.exit(main())
