"""theano.scan_checkpoints: values and gradients equal plain scan's; the gradient program keeps less memory."""
from __future__ import annotations

import os
import sys

import numpy as np
import pytest

import theano
import theano.tensor as T

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

from scan_checkpoints_memory import compiled_memory, gradient_functions  # noqa: E402


def _power_graphs(every: int):
    k, A = T.iscalar("k"), T.dvector("A")
    plain, _ = theano.scan(lambda p, A: p * A, outputs_info=T.ones_like(A), non_sequences=A, n_steps=k)
    ckpt, _ = theano.scan_checkpoints(lambda p, A: p * A, outputs_info=T.ones_like(A), non_sequences=A, n_steps=k,
                                      save_every_N=every)
    return k, A, plain, ckpt


def test_power_forward_and_backward_as_theanos_test():
    k, A, plain, ckpt = _power_graphs(100)
    assert ckpt.owner.inputs[0].owner.op.info.checkpoint and not plain.owner.inputs[0].owner.op.info.checkpoint
    f = theano.function([A, k], [plain[-1], ckpt[-1], T.grad(plain[-1].sum(), A), T.grad(ckpt[-1].sum(), A)])
    a = np.linspace(0.5, 1.02, 10)
    for steps in (101, 100, 7, 250):  # a short last block, whole blocks, fewer steps than a block
        p, c, gp, gc = f(a, steps)
        np.testing.assert_allclose(c, a ** steps, rtol=1e-10)
        np.testing.assert_allclose(c, p, rtol=1e-12)
        np.testing.assert_allclose(gc, gp, rtol=1e-10)
        np.testing.assert_allclose(gc, steps * a ** (steps - 1), rtol=1e-10)


def test_sequences_are_padded_and_every_nth_output_is_returned():
    X, h0, W = T.dmatrix("X"), T.dvector("h0"), T.dmatrix("W")

    def step(x, h, W):
        new = T.tanh(T.dot(W, h) + x)
        return new, T.sum(new * x)  # a recurrent output and one that is not fed back

    (ph, py), _ = theano.scan(step, sequences=X, outputs_info=[h0, None], non_sequences=W)
    (ch, cy), _ = theano.scan_checkpoints(step, sequences=X, outputs_info=[h0, None], non_sequences=W,
                                          save_every_N=5)
    cost_p = ph[-1].sum() + py[-1]
    cost_c = ch[-1].sum() + cy[-1]
    f = theano.function([X, h0, W], [ph, py, ch, cy] + T.grad(cost_p, [X, h0, W]) + T.grad(cost_c, [X, h0, W]))
    rng = np.random.RandomState(2)
    for n in (23, 20):
        Xv, hv, Wv = rng.randn(n, 3), rng.randn(3), rng.randn(3, 3) * 0.5
        out = f(Xv, hv, Wv)
        phv, pyv, chv, cyv = out[:4]
        picks = [min(i + 5, n) - 1 for i in range(0, n, 5)]  # the state after steps 5, 10, ..., and the last
        assert chv.shape == (len(picks), 3) and cyv.shape == (len(picks),)
        np.testing.assert_allclose(chv, phv[picks], rtol=1e-12)
        np.testing.assert_allclose(cyv, pyv[picks], rtol=1e-12)
        for gp, gc in zip(out[4:7], out[7:10]):
            np.testing.assert_allclose(gc, gp, rtol=1e-10, atol=1e-12)


def test_without_padding_a_multiple_of_the_block_runs():
    X = T.dmatrix("X")
    acc, _ = theano.scan_checkpoints(lambda x, s: s + x, sequences=X, outputs_info=T.zeros_like(X[0]),
                                     save_every_N=4, padding=False)
    Xv = np.arange(24.0).reshape(8, 3)
    np.testing.assert_allclose(theano.function([X], acc)(Xv), np.cumsum(Xv, axis=0)[[3, 7]])


def test_taps_are_refused_as_in_theano():
    A = T.dvector("A")
    with pytest.raises(RuntimeError, match="taps"):
        theano.scan_checkpoints(lambda: None, [], {"initial": A, "taps": [-2]})


def test_checkpointed_gradient_compiles_to_less_temporary_memory():
    steps, width, every = 2000, 32, 50
    f_plain, f_ckpt = gradient_functions(width, every)
    rng = np.random.RandomState(0)
    args = (rng.randn(steps, width) * 0.1, rng.randn(width, width) / np.sqrt(width), np.zeros(width))
    plain = compiled_memory(f_plain, *args).temp_size_in_bytes
    ckpt = compiled_memory(f_ckpt, *args).temp_size_in_bytes
    # the plain gradient keeps every state (steps * width * 8 bytes at least); the checkpointed one about
    # steps / every boundaries plus one block's states
    assert plain >= steps * width * 8
    assert ckpt * 5 < plain, (ckpt, plain)
    np.testing.assert_allclose(f_ckpt(*args), f_plain(*args), rtol=1e-10, atol=1e-13)
