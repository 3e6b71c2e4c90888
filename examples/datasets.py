"""Data loading for the examples: the UCI optdigits 8x8 digits shipped in examples/data (numpy only).

`load_digits()` returns the whole set; `load_digits_splits()` returns a fixed train/valid/test split
made with a seeded permutation, so every run (and every machine) sees the same three sets.
"""
from __future__ import annotations

import gzip
import os

import numpy as np

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
DIGITS_PATH = os.path.join(DATA_DIR, "digits.csv.gz")

N_SAMPLES = 1797
N_FEATURES = 64
N_CLASSES = 10
SPLIT_SEED = 1234
N_VALID = 300
N_TEST = 300


def load_digits(path: str = DIGITS_PATH) -> tuple[np.ndarray, np.ndarray]:
    """Return (X, y): X float64 of shape (1797, 64) scaled to [0, 1], y int64 labels 0..9."""
    with gzip.open(path, "rt") as f:
        raw = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if raw.shape != (N_SAMPLES, N_FEATURES + 1):
        raise ValueError(f"{path}: expected {N_SAMPLES} rows of {N_FEATURES + 1} integers, got shape {raw.shape}")
    X = raw[:, :N_FEATURES].astype(np.float64) / 16.0
    y = raw[:, N_FEATURES].astype(np.int64)
    return X, y


def load_digits_splits(
    seed: int = SPLIT_SEED, n_valid: int = N_VALID, n_test: int = N_TEST
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return [(train_X, train_y), (valid_X, valid_y), (test_X, test_y)] from a seeded permutation.

    With the defaults: 1197 training, 300 validation and 300 test examples, always the same ones.
    """
    X, y = load_digits()
    perm = np.random.RandomState(seed).permutation(len(X))
    X, y = X[perm], y[perm]
    n_train = len(X) - n_valid - n_test
    bounds = [(0, n_train), (n_train, n_train + n_valid), (n_train + n_valid, len(X))]
    return [(X[a:b], y[a:b]) for a, b in bounds]


if __name__ == "__main__":
    (tx, ty), (vx, vy), (sx, sy) = load_digits_splits()
    print(f"train {tx.shape} valid {vx.shape} test {sx.shape}; classes {np.bincount(ty).tolist()}")
