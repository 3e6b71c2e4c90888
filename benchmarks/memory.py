#!/usr/bin/env python
"""Memory over a long training loop, and over compiling and discarding many functions.

    python benchmarks/memory.py                 # 10,000 SGD steps of the 784-512-512-10 MLP, then 200 functions
    python benchmarks/memory.py --steps 2000 --functions 50    # shorter

Host memory is the process's resident set (/proc/self/statm), device memory the arrays JAX holds
(`jax.live_arrays()`: how many, and their bytes). After warm-up neither should grow: the parameters are
updated in place (their old buffers donated), and a compiled function that is dropped frees its buffers.
Prints the figures at steps 100, 1000, ..., the growth per 1000 steps after step 1000, and the live arrays
and resident set before and after compiling, calling and dropping the functions. Not a test: nothing is
asserted here (tests/reliability/test_memory.py checks a smaller loop with a bound).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import BATCH, N_IN, N_OUT, mlp_data, theano_mlp_step  # noqa: E402

MB = 1024.0 * 1024.0


def rss_bytes() -> int:
    """The resident set size of this process now (Linux /proc; elsewhere the peak, from resource)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def live_arrays() -> tuple[int, int]:
    """(number, total bytes) of the arrays JAX holds alive."""
    import jax
    arrays = jax.live_arrays()
    return len(arrays), sum(a.nbytes for a in arrays)


def training_loop(steps: int) -> list[tuple[int, float, int, int, float]]:
    """Run `steps` SGD steps over a pool of random batches; sample (step, RSS, live count, live bytes, loss)."""
    import theano

    d = mlp_data()
    xb, yb, cost, updates = theano_mlp_step(d)
    step = theano.function([xb, yb], cost, updates=updates)
    rng = np.random.RandomState(1)
    pool = [(rng.rand(BATCH, N_IN).astype(np.float32), rng.randint(0, N_OUT, size=BATCH).astype(np.int32))
            for _ in range(16)]
    marks = {100, 1000} | set(range(1000, steps + 1, 1000)) | {steps}
    samples = []
    for k in range(1, steps + 1):
        x, y = pool[k % len(pool)]
        loss = float(step(x, y))
        if k in marks:
            gc.collect()
            samples.append((k, rss_bytes() / MB, *live_arrays(), loss))
    return samples


def compile_and_discard(n: int) -> list[tuple[str, float, int, int]]:
    """Compile, call and drop n functions (each over its own shared vector and a constant), then n over one
    shared matrix kept alive; sample RSS and live arrays at the start, after each half, and after collection."""
    import theano
    import theano.tensor as T

    x = T.dvector("x")
    gc.collect()
    out = [("start", rss_bytes() / MB, *live_arrays())]
    for k in range(n):
        w = theano.shared(np.full(1000, float(k)), name="w")
        f = theano.function([x], T.tanh(x) * np.float64(k) + w, updates=[(w, w + 1.0)])
        f(np.ones(1000))
        del f, w
    gc.collect()
    out.append((f"{n} dropped (own shared)", rss_bytes() / MB, *live_arrays()))
    kept = theano.shared(np.ones((100, 100)), name="kept")
    for k in range(n):
        f = theano.function([], (kept * np.float64(k)).sum())
        f()
        del f
    gc.collect()
    out.append((f"{n} dropped (one shared)", rss_bytes() / MB, *live_arrays()))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--functions", type=int, default=200)
    args = parser.parse_args(argv)
    import jax
    import theano

    start = time.perf_counter()
    samples = training_loop(args.steps)
    seconds = time.perf_counter() - start
    print(f"theano-xla {theano.__version__} | jax {jax.__version__} | {jax.devices()[0].platform} | "
          f"MLP 784-512-512-10, batch {BATCH}, float32, {args.steps} SGD steps in {seconds:.1f} s")
    print("%8s %10s %12s %14s %10s" % ("step", "RSS MB", "live arrays", "live bytes", "loss"))
    for k, rss, n, nbytes, loss in samples:
        print("%8d %10.1f %12d %14d %10.4f" % (k, rss, n, nbytes, loss))
    after = [s for s in samples if s[0] >= 1000]
    if len(after) >= 2:
        span = (after[-1][0] - after[0][0]) / 1000.0
        print(f"growth per 1000 steps after step {after[0][0]}: RSS {(after[-1][1] - after[0][1]) / span:+.2f} MB, "
              f"live arrays {(after[-1][2] - after[0][2]) / span:+.2f}, "
              f"live bytes {(after[-1][3] - after[0][3]) / span:+.0f}")
    print(f"\ncompiling, calling and dropping {args.functions} functions (gc.collect() before each sample):")
    print("%-28s %10s %12s %14s" % ("", "RSS MB", "live arrays", "live bytes"))
    for label, rss, n, nbytes in compile_and_discard(args.functions):
        print("%-28s %10.1f %12d %14d" % (label, rss, n, nbytes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
