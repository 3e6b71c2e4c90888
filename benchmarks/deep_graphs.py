#!/usr/bin/env python
"""Deep graphs: time per stage of a long op chain at 10k, 30k and 100k ops, at the default recursion limit.

    python benchmarks/deep_graphs.py                 # 10k, 30k, 100k ops
    python benchmarks/deep_graphs.py --sizes 10000   # one size
    python benchmarks/deep_graphs.py --xla           # also XLA's compile and the first run (slow: XLA's CPU
                                                     # compile of a long chain grows faster than linearly)

The chain is x -> tanh -> * c -> + c, repeated (one graph level per op). Stages: build the graph, T.grad of its
sum, the FAST_RUN rewrites of (output, gradient), debugprint (up to 10k ops), min_informative_str, pickle.dumps, theano.function (graph, rewrites,
shape program; no XLA) and JAX's trace and lowering to StableHLO. Every stage should grow linearly: the last
columns give the time per node and the 100k/10k ratio (10x is linear). Times are CPU seconds of the process
(steadier than wall time on a shared machine). debugprint's text itself grows as n^2 on a chain (each line is
indented one step per level, as in Theano), so its time cannot be linear. Not a test: nothing is asserted on time.
"""
from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from typing import Any, Callable

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402
from theano.frontend.fgraph import FunctionGraph  # noqa: E402
from theano.lowering.device import x64_scope  # noqa: E402
from theano.passes.pipeline import optimize  # noqa: E402

STAGES = ("build", "grad", "rewrite", "debugprint", "min_inf_str", "pickle", "function", "trace+lower",
          "xla compile+run")
DEBUGPRINT_MAX = 10_000  # debugprint's text is n^2 characters on a chain (100k ops: 10 GB): larger ones skip it


def tanh_chain(n_ops: int) -> tuple[Any, Any]:
    """(x, out): n_ops elementwise ops x -> tanh -> * c -> + c -> tanh ... on a float64 vector."""
    x = T.dvector("x")
    c = T.constant(np.float64(0.999))
    out = x
    for _ in range(n_ops // 3):
        out = T.tanh(out) * c + c
    return x, out


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """(fn(), CPU seconds of this process): steadier than wall time on a shared machine."""
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def measure(n_ops: int, xla: bool) -> dict[str, float]:
    """Seconds per stage for one chain of n_ops ops."""
    t: dict[str, float] = {}
    (x, out), t["build"] = timed(lambda: tanh_chain(n_ops))
    g, t["grad"] = timed(lambda: T.grad(out.sum(), x))
    fg = FunctionGraph([x], [out, g], clone=True)
    _, t["rewrite"] = timed(lambda: optimize(fg, theano.compile.mode.get_mode("FAST_RUN")))
    if n_ops <= DEBUGPRINT_MAX:
        _, t["debugprint"] = timed(lambda: theano.printing.debugprint(out, file="str"))
    _, t["min_inf_str"] = timed(lambda: theano.printing.min_informative_str(out))
    _, t["pickle"] = timed(lambda: pickle.dumps([out, g], protocol=pickle.HIGHEST_PROTOCOL))
    f, t["function"] = timed(lambda: theano.function([x], [out, g]))
    value = np.array([0.5, -0.25])
    with x64_scope():
        _, t["trace+lower"] = timed(lambda: f._jitted.lower((), value))
    if xla:
        _, t["xla compile+run"] = timed(lambda: f(value))
    return t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--xla", action="store_true", help="also time XLA's compile and the first run")
    args = parser.parse_args(argv)
    limit = sys.getrecursionlimit()
    measure(300, False)  # warm-up: imports and first-use caches
    rows = {n: measure(n, args.xla) for n in args.sizes}
    assert sys.getrecursionlimit() == limit
    stages = [s for s in STAGES if any(s in r for r in rows.values())]
    print(f"op chain x -> tanh -> *c -> +c ..., float64 vector, recursion limit {limit} (unchanged)")
    print("%-10s" % "ops" + "".join("%16s" % s for s in stages))
    for n, r in rows.items():
        print("%-10d" % n + "".join("%15.2fs" % r[s] if s in r else "%16s" % "-" for s in stages))
    for n, r in rows.items():
        print("%-10s" % f"us/op {n}" + "".join("%15.1f " % (r[s] / n * 1e6) if s in r else "%16s" % "-"
                                               for s in stages))
    lo, hi = min(rows), max(rows)
    if hi > lo:
        print("%-10s" % f"{hi // 1000}k/{lo // 1000}k"
              + "".join("%15.1fx" % (rows[hi][s] / rows[lo][s]) if s in rows[hi] else "%16s" % "-"
                        for s in stages) + f"   (linear: {hi / lo:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
