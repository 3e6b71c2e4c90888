#!/usr/bin/env python
"""Compiled memory of a scan's gradient with and without theano.scan_checkpoints.

    python benchmarks/scan_checkpoints_memory.py                  # 10,000 steps of an RNN-like step, N=100
    python benchmarks/scan_checkpoints_memory.py --steps 2000 --every 50 --width 64

The figure is XLA's own buffer assignment for the compiled gradient program (`memory_analysis()` of the
jitted function, for the call's shapes): temp bytes are what the program allocates besides its inputs and
outputs, so the per-step states a plain scan keeps for the backward pass show up there. With checkpoints
only every N-th state is kept and each block of N steps is recomputed. Not a test: nothing is asserted
(tests/lowering/test_scan_checkpoints.py checks the inequality on a smaller loop).
"""
from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

import theano
import theano.tensor as T
from theano.lowering.device import x64_scope

MB = 1024.0 * 1024.0


def compiled_memory(fn: Any, *args: Any) -> Any:
    """XLA's memory analysis of `fn`'s jitted program for these arguments (a theano Function, no shared inputs)."""
    values = [conv(a) for conv, a in zip(fn._converters, args)]
    with x64_scope():
        key = () if fn._shape_program.empty else fn._shape_program.evaluate(values)
        return fn._jitted.lower(key, *values).compile().memory_analysis()


def gradient_functions(width: int, every: int) -> tuple[Any, Any]:
    """grad of the last state w.r.t. W for h_t = tanh(W h_{t-1} + x_t): plain scan and scan_checkpoints."""
    X, W, h0 = T.dmatrix("X"), T.dmatrix("W"), T.dvector("h0")

    def step(x: Any, h: Any, W: Any) -> Any:
        return T.tanh(T.dot(W, h) + x)

    plain, _ = theano.scan(step, sequences=X, outputs_info=h0, non_sequences=W)
    ckpt, _ = theano.scan_checkpoints(step, sequences=X, outputs_info=h0, non_sequences=W, save_every_N=every)
    fns = []
    for out in (plain, ckpt):
        fns.append(theano.function([X, W, h0], T.grad(out[-1].sum(), W)))
    return fns[0], fns[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=10000)
    p.add_argument("--every", type=int, default=100)
    p.add_argument("--width", type=int, default=256)
    a = p.parse_args(argv)
    rng = np.random.RandomState(0)
    X = rng.randn(a.steps, a.width) * 0.1
    W = rng.randn(a.width, a.width) / np.sqrt(a.width)
    h0 = np.zeros(a.width)
    f_plain, f_ckpt = gradient_functions(a.width, a.every)
    print(f"gradient of a {a.steps}-step scan, state width {a.width}, save_every_N={a.every}")
    results = {}
    for name, f in (("scan", f_plain), ("scan_checkpoints", f_ckpt)):
        mem = compiled_memory(f, X, W, h0)
        t0 = time.perf_counter()
        results[name] = f(X, W, h0)
        t1 = time.perf_counter()
        f(X, W, h0)
        t2 = time.perf_counter()
        print(f"  {name:17s} temp {mem.temp_size_in_bytes / MB:9.2f} MiB   args {mem.argument_size_in_bytes / MB:7.2f} MiB"
              f"   first call {t1 - t0:6.2f}s   call {t2 - t1:6.3f}s")
    diff = np.max(np.abs(results["scan"] - results["scan_checkpoints"]))
    print(f"  max |difference| of the gradients: {diff:.3g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
