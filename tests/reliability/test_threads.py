"""Threads: compiled functions called, compiled and fed shared values from several threads at once (docs/threading.md).

A call reads the shared values, runs the program (donating the updated buffers) and writes the updates back;
without the per-variable locks two threads read the same counter (a lost update) or run on a buffer another
call just donated (a crash). Each test checks exact values against a serial computation.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

import numpy as np

import theano
import theano.tensor as T

N_THREADS = 8
CALLS = 60


def run_threads(work: Callable[[int], Any], n: int = N_THREADS) -> list[Any]:
    """Run work(t) for t in range(n) in n threads started together; re-raise the first error."""
    results: list[Any] = [None] * n
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def target(t: int) -> None:
        try:
            barrier.wait()
            results[t] = work(t)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(t,)) for t in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not any(th.is_alive() for th in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def test_one_function_from_eight_threads_loses_no_update() -> None:
    x = T.dvector("x")
    count = theano.shared(np.int64(0), name="count")
    acc = theano.shared(np.zeros(4), name="acc")
    f = theano.function([x], [x * 2 + 1, T.sum(x ** 2)], updates=[(count, count + 1), (acc, acc + x)])
    inputs = [np.arange(4.0) * (t + 1) - t for t in range(N_THREADS)]
    expected = [(v * 2 + 1, np.sum(v ** 2)) for v in inputs]

    def work(t: int) -> list[Any]:
        return [f(inputs[t]) for _ in range(CALLS)]

    per_thread = run_threads(work)
    assert count.get_value() == N_THREADS * CALLS  # no lost update
    np.testing.assert_array_equal(acc.get_value(), sum(inputs) * CALLS)
    for t, outs in enumerate(per_thread):
        assert len(outs) == CALLS
        for out in outs:
            np.testing.assert_array_equal(out[0], expected[t][0])
            assert out[1] == expected[t][1]


def test_functions_sharing_a_variable_update_it_atomically() -> None:
    # two functions (one with a default_update) read and write the same shared variable from several threads
    total = theano.shared(np.float64(0.0), name="total")
    seen = theano.shared(np.int64(0), name="seen")
    seen.default_update = seen + 1
    a = T.dscalar("a")
    add = theano.function([a], total, updates=[(total, total + a)])
    sub = theano.function([a], [total, seen], updates=[(total, total - 2 * a)])

    def work(t: int) -> None:
        for k in range(CALLS):
            (add if t % 2 else sub)(float(k + 1))

    run_threads(work)
    half = N_THREADS // 2
    step_sum = CALLS * (CALLS + 1) / 2
    assert total.get_value() == half * step_sum - 2 * half * step_sum
    assert seen.get_value() == half * CALLS  # only `sub` reads `seen`, so only its calls apply the default update


def test_set_value_and_get_value_while_other_threads_call() -> None:
    w = theano.shared(np.ones(3), name="w")
    x = T.dvector("x")
    f = theano.function([x], T.dot(w, x), updates=[(w, w + 1)])
    readers_saw: list[np.ndarray] = []

    def work(t: int) -> None:
        for k in range(CALLS):
            if t == 0 and k % 10 == 0:
                w.set_value(np.full(3, 100.0 * k))
            elif t == 1:
                readers_saw.append(w.get_value())
            else:
                out = f(np.ones(3))
                assert np.isfinite(out)

    run_threads(work)
    for v in readers_saw:  # every read is a whole vector written by one call or one set_value
        assert v.shape == (3,) and v[0] == v[1] == v[2]
    final = w.get_value()
    assert final[0] == final[1] == final[2] and final.dtype == np.float64


def test_compiling_different_functions_from_several_threads() -> None:
    builders: list[Callable[[], tuple[Any, Any, Any]]] = []
    for t in range(N_THREADS):
        def build(t: int = t) -> tuple[Any, Any, Any]:
            x = T.dmatrix("x")
            y = (T.tanh(x * (t + 1)) + T.exp(-x)).sum(axis=t % 2) + T.arange(x.shape[1 - t % 2])
            f = theano.function([x], y)
            value = np.linspace(-1, 1, 12).reshape(3, 4) + t
            ref = (np.tanh(value * (t + 1)) + np.exp(-value)).sum(axis=t % 2) + np.arange(value.shape[1 - t % 2])
            return f, value, ref
        builders.append(build)

    def work(t: int) -> bool:
        f, value, ref = builders[t]()
        np.testing.assert_allclose(f(value), ref, rtol=1e-12)
        return True

    assert run_threads(work) == [True] * N_THREADS


def test_eval_from_several_threads() -> None:
    # Variable.eval caches compiled functions in one dict: several threads fill and evict it at once
    xs = [T.dscalar(f"x{t}") for t in range(N_THREADS)]

    def work(t: int) -> list[float]:
        return [float((xs[t] * k + t).eval({xs[t]: 2.0})) for k in range(9)]  # 72 entries: past the cache size of 64

    results = run_threads(work)
    for t, vals in enumerate(results):
        assert vals == [2.0 * k + t for k in range(9)]


def test_serial_and_threaded_runs_agree_on_a_training_step() -> None:
    rng = np.random.RandomState(0)
    data = [rng.randn(5, 3) for _ in range(N_THREADS)]

    def make() -> tuple[Any, Any]:
        w = theano.shared(np.zeros(3), name="w")
        x = T.dmatrix("x")
        cost = T.sum((T.dot(x, w) - 1.0) ** 2)
        return w, theano.function([x], cost, updates=[(w, w - 0.01 * T.grad(cost, w))])

    # each thread owns its model: results must equal a serial run of the same steps
    serial = []
    for t in range(N_THREADS):
        w, step = make()
        serial.append([step(data[t]) for _ in range(20)] + [w.get_value()])
    models = [make() for _ in range(N_THREADS)]

    def work(t: int) -> list[Any]:
        w, step = models[t]
        return [step(data[t]) for _ in range(20)] + [w.get_value()]

    threaded = run_threads(work)
    for s, r in zip(serial, threaded):
        for a, b in zip(s, r):
            np.testing.assert_array_equal(a, b)
