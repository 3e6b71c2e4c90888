"""Memory over a training loop and over compiled functions that are dropped (issue 9).

A loop of SGD steps on a small MLP must not grow the arrays JAX holds (their number and bytes stay
exactly the same after warm-up: updates replace the parameters' buffers) nor the resident set beyond a few
MB (the median of the last samples against the first after warm-up, robust to allocator noise). Compiling,
calling and dropping functions must free their device buffers. benchmarks/memory.py runs the long version.
"""
from __future__ import annotations

import gc
import os
import statistics

import jax
import numpy as np

import theano
import theano.tensor as T

STEPS, WARMUP, EVERY = 2000, 200, 100
RSS_BOUND_MB = 8.0


def rss_mb() -> float:
    """This process's resident set (Linux /proc/self/statm), in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


def live() -> tuple[int, int]:
    arrays = jax.live_arrays()
    return len(arrays), sum(a.nbytes for a in arrays)


def small_mlp_step() -> theano.compile.function_module.Function:
    rng = np.random.RandomState(0)
    shapes = [(20, 32), (32,), (32, 10), (10,)]
    params = [theano.shared(rng.randn(*s) * 0.1, name="p%d" % k) for k, s in enumerate(shapes)]
    x, y = T.dmatrix("x"), T.ivector("y")
    h = T.tanh(T.dot(x, params[0]) + params[1])
    p_y = T.nnet.softmax(T.dot(h, params[2]) + params[3])
    cost = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])
    return theano.function([x, y], cost, updates=[(p, p - 0.1 * g) for p, g in zip(params, T.grad(cost, params))])


def test_training_loop_holds_memory_steady() -> None:
    step = small_mlp_step()
    rng = np.random.RandomState(1)
    batches = [(rng.randn(16, 20), rng.randint(0, 10, 16).astype(np.int32)) for _ in range(8)]
    samples = []
    for k in range(1, STEPS + 1):
        loss = step(*batches[k % 8])
        if k >= WARMUP and k % EVERY == 0:
            gc.collect()
            samples.append((rss_mb(), *live()))
    assert np.isfinite(loss)
    counts, nbytes = [s[1] for s in samples], [s[2] for s in samples]
    assert max(counts) <= counts[0] and max(nbytes) <= nbytes[0], (counts, nbytes)
    rss = [s[0] for s in samples]
    growth = statistics.median(rss[-5:]) - statistics.median(rss[:5])
    assert growth < RSS_BOUND_MB, rss


def test_dropped_functions_free_their_buffers() -> None:
    x = T.dvector("x")
    kept = theano.shared(np.ones(50), name="kept")
    gc.collect()
    before = live()
    for k in range(15):
        w = theano.shared(np.full(50, float(k)), name="w")
        f = theano.function([x], T.tanh(x) * np.float64(k) + w + kept, updates=[(w, w + 1.0)])
        assert np.allclose(f(np.zeros(50)), k + 1.0)
        g = theano.function([], (kept * np.float64(k)).sum())
        assert np.isclose(g(), 50.0 * k)
        del f, g, w
    gc.collect()
    assert live() == before
