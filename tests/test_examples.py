"""The shipped examples run unchanged as real scripts (subprocesses) and learn the digits."""
from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
ACCURACY = re.compile(r"^test accuracy: ([0-9.]+)$", re.M)
EPOCH = re.compile(r"^epoch (\d+), minibatch 59/59, train cost ([0-9.]+), validation error ([0-9.]+) %$", re.M)


def run_example(script: str, *args: str) -> str:
    """Run examples/<script> with this interpreter and default Theano flags; return its stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("THEANO_FLAGS", "THEANORC")}
    proc = subprocess.run([sys.executable, os.path.join(EXAMPLES, script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{script} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.stdout


def check_training_log(out: str, epochs: int, min_accuracy: float) -> tuple[list[float], list[float], float]:
    """One progress line per epoch with a finite, decreasing cost, then a final accuracy above the bar;
    returns the per-epoch train costs, validation errors (%) and the accuracy."""
    lines = EPOCH.findall(out)
    assert [int(e) for e, _, _ in lines] == list(range(1, epochs + 1)), out
    costs = [float(c) for _, c, _ in lines]
    assert all(np.isfinite(costs)) and costs[-1] < costs[0], out
    found = ACCURACY.findall(out)
    assert len(found) == 1, out
    accuracy = float(found[0])
    assert min_accuracy <= accuracy <= 1.0, out
    return costs, [float(v) for _, _, v in lines], accuracy


# What Theano 1.0.5 (numpy 1.23, Python mode) prints for the same scripts, data and epochs, measured by running
# them unchanged under the reference virtualenv: `cp -r examples /tmp/x && cd /tmp/x &&
# /tmp/theano-ref/bin/python examples/<script> --epochs N`. Both scripts are deterministic (zero init for the
# logistic regression, RandomState(1234) for the MLP, a seeded data split), and ours printed the same lines to
# every digit; so did the MLP reseeded with 1, 2 and 3 (test accuracy 0.9367, 0.9300, 0.9367 on both).
THEANO_1_0_5 = {
    "logistic_regression.py": dict(epochs=2, costs=[1.120774, 0.471556], valid=[8.000000, 5.666667],
                                   accuracy=0.9233),
    "mlp.py": dict(epochs=3, costs=[1.797544, 0.928371, 0.558473], valid=[14.333333, 8.666667, 7.333333],
                   accuracy=0.9400),
}
# The noise margin: one test example of 300 (a float rounding difference in XLA's summation order may move
# an example sitting on a decision boundary); the printed costs agree to 1e-4 relative.
ONE_TEST_EXAMPLE = 1.0 / 300
ONE_VALID_EXAMPLE_PCT = 100.0 / 300


def test_digits_dataset_is_the_shipped_optdigits():
    sys.path.insert(0, EXAMPLES)
    try:
        from datasets import DIGITS_PATH, load_digits, load_digits_splits
    finally:
        sys.path.remove(EXAMPLES)
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64 and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    with gzip.open(DIGITS_PATH, "rt") as f:
        first = [int(v) for v in f.readline().split(",")]
    np.testing.assert_array_equal(X[0] * 16, first[:64])
    splits = load_digits_splits()
    assert [s[0].shape[0] for s in splits] == [1197, 300, 300]
    again = load_digits_splits()
    for (a, b), (c, d) in zip(splits, again):  # the split is fixed
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    # the three sets are a partition of the whole data set
    assert sum(len(s[1]) for s in splits) == 1797
    np.testing.assert_array_equal(np.sort(np.concatenate([s[1] for s in splits])), np.sort(y))


@pytest.mark.parametrize("script", sorted(THEANO_1_0_5))
def test_example_trains_as_theano_1_0_5_does(script):
    """The example learns at least as well as Theano 1.0.5 on the same script (0.9233 and 0.9400), minus one
    test example, and follows Theano's training curve."""
    ref = THEANO_1_0_5[script]
    out = run_example(script, "--epochs", str(ref["epochs"]))
    costs, valid, accuracy = check_training_log(out, ref["epochs"], ref["accuracy"] - ONE_TEST_EXAMPLE)
    np.testing.assert_allclose(costs, ref["costs"], rtol=1e-4, err_msg=out)
    np.testing.assert_allclose(valid, ref["valid"], atol=ONE_VALID_EXAMPLE_PCT + 1e-6, err_msg=out)


# --- issue 10: convolution
def _pool_2d_is_pending() -> bool:
    from theano.tensor.signal import pool

    return getattr(pool.pool_2d, "__doc__", "") == "Not implemented yet (pooling issue)."


@pytest.mark.skipif(_pool_2d_is_pending(), reason="examples/lenet.py needs theano.tensor.signal.pool.pool_2d "
                                                  "(the pooling part of issue 10, branch wt-pool)")
def test_lenet_example_learns_the_digits():
    """Two conv + max-pool layers, a tanh layer and softmax reach 90% test accuracy in 5 epochs (0.9200 here).
    Theano 1.0.5 could not be run on it in the reference virtualenv: its CPU convolution needs either a C
    compiler or scipy.signal internals that current scipy no longer has."""
    out = run_example("lenet.py", "--epochs", "5")
    check_training_log(out, 5, 0.90)


# --- issue 10: random streams
RECONSTRUCTION = re.compile(r"^test reconstruction cost: ([0-9.]+)$", re.M)
RECONSTRUCTION_BEFORE = re.compile(r"^test reconstruction cost before training: ([0-9.]+)$", re.M)
DA_EPOCH = re.compile(r"^epoch (\d+), training cost ([0-9.]+)$", re.M)


# Theano 1.0.5 on examples/denoising_autoencoder.py --epochs 15, run unchanged under the reference virtualenv: its
# corruption masks come from numpy's RandomState, and so do ours (RandomStreams is numpy-exact), so every line agrees.
DA_THEANO_1_0_5 = dict(before=66.701892, after=17.933280,
                       costs=[27.201338, 22.935576, 21.921349, 21.339045, 20.945519, 20.798095, 20.616289, 20.406219,
                              20.222765, 20.179083, 20.204543, 20.017795, 19.980420, 19.930537, 19.883731])


def test_denoising_autoencoder_prints_theanos_numbers():
    """The dA (corruption masks from RandomStreams, a new mask on every call) prints Theano 1.0.5's lines: the same
    seed gives the same masks, so the training costs and the reconstruction cost agree to float rounding."""
    out = run_example("denoising_autoencoder.py", "--epochs", "15")
    costs = [float(c) for _, c in DA_EPOCH.findall(out)]
    assert len(costs) == 15, out
    np.testing.assert_allclose(costs, DA_THEANO_1_0_5["costs"], rtol=1e-4)
    np.testing.assert_allclose(float(RECONSTRUCTION_BEFORE.findall(out)[0]), DA_THEANO_1_0_5["before"], rtol=1e-6)
    np.testing.assert_allclose(float(RECONSTRUCTION.findall(out)[0]), DA_THEANO_1_0_5["after"], rtol=1e-4)


# --- issue 11: scan
LSTM_EPOCH = re.compile(r"^epoch (\d+), train cost ([0-9.]+), validation accuracy ([0-9.]+)$", re.M)
# Theano 1.0.5 on examples/lstm.py --epochs 3 (float64, Python mode), run unchanged under the reference virtualenv.
LSTM_THEANO_1_0_5 = dict(costs=[0.827305, 0.087134, 0.001307], valid=[0.800781, 1.0, 1.0], accuracy=1.0)


def test_lstm_example_recalls_the_first_symbol():
    """The LSTM (theano.scan, BPTT, RMSprop in Theano) learns to recall the first of 20 symbols (chance 0.25): test
    accuracy at least 0.99 after 3 epochs, on Theano 1.0.5's training curve (the third epoch's cost is near 1e-3,
    where float rounding in a different summation order shows, hence its looser tolerance)."""
    out = run_example("lstm.py", "--epochs", "3")
    lines = LSTM_EPOCH.findall(out)
    assert [int(e) for e, _, _ in lines] == [1, 2, 3], out
    costs = [float(c) for _, c, _ in lines]
    assert all(np.isfinite(costs)) and costs[-1] < costs[0], out
    accuracy = float(ACCURACY.findall(out)[0])
    assert accuracy >= 0.99, out
    np.testing.assert_allclose(costs[:2], LSTM_THEANO_1_0_5["costs"][:2], rtol=1e-4, err_msg=out)
    np.testing.assert_allclose(costs[2], LSTM_THEANO_1_0_5["costs"][2], rtol=2e-2, err_msg=out)
    np.testing.assert_allclose([float(v) for _, _, v in lines], LSTM_THEANO_1_0_5["valid"], atol=2.0 / 512, err_msg=out)
