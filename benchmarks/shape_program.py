"""Host shape program cost of an embedding -> scan -> reshape((-1, k)) -> gradient function.

    python benchmarks/shape_program.py           # a few seconds after the compile
    python benchmarks/shape_program.py --calls 2000

The function of tests/frontend/test_scan.py::test_the_host_shape_program_reads_shapes_not_the_loop. Its XLA
program needs run-time lengths (the trip count, the reshape(-1) length and the lengths in its gradient); the host
shape program computes them before each call. It should read input shapes only (a few microseconds, memoised per
input shape), not run the loop, the matrix products and the gather on the host to measure their outputs.
Prints the ops the host program runs, the median call time of the function and of the host program alone.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def build():
    import theano
    import theano.tensor as T

    rng = np.random.RandomState(0)
    E, W = theano.shared(rng.randn(10, 4)), theano.shared(rng.randn(4, 4) * 0.3)
    x = T.imatrix("x")
    xp = T.dot(E[x], W)
    h, _ = theano.scan(lambda xp_t, h: T.tanh(xp_t + h), sequences=xp, outputs_info=T.zeros((x.shape[1], 4)))
    cost = T.dot(h.reshape((-1, 4)), W).sum()
    f = theano.function([x], [cost] + T.grad(cost, [E, W]))
    return f, [E, W]


def timed(fn, calls: int, repeats: int = 5) -> float:
    """Median over `repeats` of the mean time of one call (microseconds)."""
    fn()
    fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - t0) / calls * 1e6)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=200)
    args = ap.parse_args()
    f, shared = build()
    xv = np.array([[1, 2], [3, 4], [5, 6]], dtype="int32")
    sp = f._shape_program
    ops = sorted({type(n.op).__name__ for n, _, _ in getattr(sp, "steps", ())})
    print("host shape program runs:", ", ".join(ops) or "nothing")
    values = [xv] + [s.get_value(borrow=True) for s in shared]
    print(f"function call: {timed(lambda: f(xv), args.calls):10.1f} us")
    if not sp.empty:
        print(f"shape program: {timed(lambda: sp.evaluate(values), args.calls):10.1f} us "
              f"(memoised per input shape: {sp._memo is not None})")
        print(f"  unmemoised : {timed(lambda: sp._evaluate(values), args.calls):10.1f} us")


if __name__ == "__main__":
    main()
