"""The shipped examples run unchanged as real scripts (subprocesses) and learn the digits."""
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


def check_training_log(out: str, epochs: int, min_accuracy: float) -> None:
    """One progress line per epoch with a finite, decreasing cost, then a final accuracy above the bar."""
    lines = EPOCH.findall(out)
    assert [int(e) for e, _, _ in lines] == list(range(1, epochs + 1)), out
    costs = [float(c) for _, c, _ in lines]
    assert all(np.isfinite(costs)) and costs[-1] < costs[0], out
    found = ACCURACY.findall(out)
    assert len(found) == 1, out
    accuracy = float(found[0])
    assert min_accuracy < accuracy <= 1.0, out


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


@pytest.mark.parametrize("script, epochs, min_accuracy", [
    ("logistic_regression.py", 2, 0.80),  # Theano 1.0.5: 0.92 after 2 epochs
    ("mlp.py", 3, 0.85),                  # Theano 1.0.5: 0.94 after 3 epochs
])
def test_example_trains(script, epochs, min_accuracy):
    out = run_example(script, "--epochs", str(epochs))
    check_training_log(out, epochs, min_accuracy)
