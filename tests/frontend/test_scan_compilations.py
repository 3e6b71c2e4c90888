"""How often a function holding a scan compiles (Function.n_compilations) as its calls change values, indices and
trip counts: the cases that must compile once (a symbolic n_steps whose per-step outputs are read only at their
last step included), and a symbolic n_steps whose per-step outputs are read whole, which compiles once per
distinct trip count (their shape is the trip count, so the host shape program puts it in the jit key)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import theano
import theano.tensor as T

B, N_IN, N_HID, L = 4, 3, 5, 12


def numpy_rnn(xv: np.ndarray, Wv: np.ndarray, Uv: np.ndarray, n: int) -> np.ndarray:
    """The reference: every hidden state of h_t = tanh(x_t W + h_{t-1} U), h_0 = 0, for n steps."""
    h = np.zeros((xv.shape[1], Wv.shape[1]), dtype=np.float64)
    out = []
    for t in range(n):
        h = np.tanh(xv[t] @ Wv + h @ Uv)
        out.append(h)
    return np.stack(out)


@pytest.fixture()
def rnn() -> dict[str, Any]:
    """A float64 tanh RNN with shared weights over a time-major input x, its step function and data."""
    rng = np.random.RandomState(0)
    W = theano.shared(rng.randn(N_IN, N_HID) * 0.5, name="W")
    U = theano.shared(rng.randn(N_HID, N_HID) * 0.3, name="U")
    x = T.dtensor3("x")

    def step(x_t: Any, h: Any, U: Any) -> Any:
        return T.tanh(T.dot(x_t, W) + T.dot(h, U))

    h0 = T.zeros((x.shape[1], N_HID))
    return dict(W=W, U=U, x=x, step=step, h0=h0, xv=rng.randn(L, B, N_IN))


def test_same_trip_count_compiles_once(rnn: dict[str, Any]) -> None:
    n = T.iscalar("n")
    hs, _ = theano.scan(rnn["step"], sequences=rnn["x"], outputs_info=rnn["h0"], non_sequences=rnn["U"], n_steps=n)
    loss = T.mean(hs ** 2)
    f = theano.function([rnn["x"], n], [loss] + T.grad(loss, [rnn["W"], rnn["U"]]))
    rng = np.random.RandomState(1)
    for _ in range(3):
        xv = rng.randn(L, B, N_IN)
        out = f(xv, 7)
        ref = numpy_rnn(xv, rnn["W"].get_value(), rnn["U"].get_value(), 7)
        np.testing.assert_allclose(out[0], np.mean(ref ** 2), rtol=1e-10)
    assert f.n_compilations == 1


def test_constant_n_steps_with_changing_values_compiles_once(rnn: dict[str, Any]) -> None:
    hs, _ = theano.scan(rnn["step"], sequences=rnn["x"], outputs_info=rnn["h0"], non_sequences=rnn["U"], n_steps=10)
    loss = T.mean(hs ** 2)
    f = theano.function([rnn["x"]], [loss] + T.grad(loss, [rnn["W"], rnn["U"]]))
    rng = np.random.RandomState(2)
    for _ in range(3):
        f(rng.randn(L, B, N_IN))
    rnn["U"].set_value(rnn["U"].get_value() * 0.5)  # a new shared value of the same shape
    f(rnn["xv"])
    assert f.n_compilations == 1


def test_minibatch_index_through_givens_compiles_once(rnn: dict[str, Any]) -> None:
    """The training-loop idiom of examples/lstm.py: the minibatch index moves a slice of a shared data set along
    the batch axis; no shape changes, so one program serves every index."""
    rng = np.random.RandomState(3)
    data_v = rng.randn(L, 4 * B, N_IN)
    data = theano.shared(data_v, name="data")
    i = T.lscalar("i")
    hs, _ = theano.scan(rnn["step"], sequences=rnn["x"], outputs_info=rnn["h0"], non_sequences=rnn["U"])
    loss = T.mean(hs[-1] ** 2)
    f = theano.function([i], [loss] + T.grad(loss, [rnn["W"], rnn["U"]]), givens={rnn["x"]: data[:, i * B:(i + 1) * B]})
    for k in (0, 1, 2, 3, 1):
        ref = numpy_rnn(data_v[:, k * B:(k + 1) * B], rnn["W"].get_value(), rnn["U"].get_value(), L)
        np.testing.assert_allclose(f(k)[0], np.mean(ref[-1] ** 2), rtol=1e-10)
    assert f.n_compilations == 1


def test_symbolic_n_steps_with_only_shared_updates_compiles_once(rnn: dict[str, Any]) -> None:
    """Nothing per step is kept, so the trip count stays a run-time value (a while loop): one program."""
    acc = theano.shared(np.zeros(N_IN), name="acc")
    n = T.iscalar("n")
    _, updates = theano.scan(lambda x_t: {acc: acc + x_t.sum(axis=0)}, sequences=rnn["x"], n_steps=n)
    f = theano.function([rnn["x"], n], [], updates=updates)
    xv, total = rnn["xv"], np.zeros(N_IN)
    for k in (3, 7, 12, 5):
        f(xv, k)
        total += xv[:k].sum(axis=(0, 1))
        np.testing.assert_allclose(acc.get_value(), total, rtol=1e-12)
    assert f.n_compilations == 1


def test_symbolic_n_steps_compiles_once_per_distinct_trip_count(rnn: dict[str, Any]) -> None:
    """Trip counts 5, 10, 5, 10, 12 over one input shape: two programs for the first four calls, a third for 12;
    a trip count seen before reuses its program, and every value is right."""
    n = T.iscalar("n")
    hs, _ = theano.scan(rnn["step"], sequences=rnn["x"], outputs_info=rnn["h0"], non_sequences=rnn["U"], n_steps=n)
    loss = T.mean(hs ** 2)
    f = theano.function([rnn["x"], n], [loss] + T.grad(loss, [rnn["W"], rnn["U"]]))
    xv = rnn["xv"]
    for k in (5, 10, 5, 10):
        ref = numpy_rnn(xv, rnn["W"].get_value(), rnn["U"].get_value(), k)
        np.testing.assert_allclose(f(xv, k)[0], np.mean(ref ** 2), rtol=1e-10)
    assert f.n_compilations == 2
    f(xv, 12)
    assert f.n_compilations == 3


def test_symbolic_n_steps_fixed_output_shapes_compiles_once(rnn: dict[str, Any]) -> None:
    """Only the last state is read (scan_save_mem keeps one value): the trip count is a run-time value of one
    program bounded by the sequence length, for the loss and its gradients."""
    n = T.iscalar("n")
    hs, _ = theano.scan(rnn["step"], sequences=rnn["x"], outputs_info=rnn["h0"], non_sequences=rnn["U"], n_steps=n)
    loss = T.mean(hs[-1] ** 2)
    f = theano.function([rnn["x"], n], [loss] + T.grad(loss, [rnn["W"], rnn["U"]]))
    for k in (4, 8, 12, 4):
        ref = numpy_rnn(rnn["xv"], rnn["W"].get_value(), rnn["U"].get_value(), k)
        np.testing.assert_allclose(f(rnn["xv"], k)[0], np.mean(ref[-1] ** 2), rtol=1e-10)
    assert f.n_compilations == 1
