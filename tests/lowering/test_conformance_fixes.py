"""Behaviour found missing by Theano 1.0.5's own tests (the conformance run), end to end."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T


def test_load_runs_on_the_host_each_call_and_keeps_the_memmap(tmp_path):
    path = str(tmp_path / "a.npy")
    np.save(path, np.arange(5, dtype="int32"))
    p = theano.generic()
    mapped = theano.function([p], T.load(p, "int32", (False,), mmap_mode="c"))
    out = mapped(path)
    assert type(out) is np.memmap  # Theano hands back the copy-on-write map itself
    np.testing.assert_array_equal(out, np.arange(5))
    doubled = theano.function([p], T.load(p, "int32", (False,)) * 2)
    np.testing.assert_array_equal(doubled(path), np.arange(5) * 2)
    # a constant path is read when the function runs, not folded at compile time
    const = theano.function([], T.load(path, "int32", (False,)) + 1)
    np.testing.assert_array_equal(const(), np.arange(5) + 1)
    np.save(path, np.arange(3, dtype="int32"))
    np.testing.assert_array_equal(const(), np.arange(3) + 1)
    assert type(const()) is np.ndarray
