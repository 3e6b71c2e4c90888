"""Behaviour found missing by Theano 1.0.5's own tests (the conformance run), end to end."""
from __future__ import annotations

import numpy as np
import pytest

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


def test_symbolic_slice_indexes_like_a_python_slice():
    from theano.tensor.type_other import make_slice

    a = np.arange(12.0).reshape(3, 4)
    x, slc, i = T.matrix("x"), T.slicetype(), T.lscalar("i")
    f = theano.function([x, slc], x[slc])
    for s in (slice(1, 3), slice(None), slice(None, None, -1), slice(-1, None, -2), slice(None, -5, -1),
              slice(5, None), slice(0, 0), slice(np.int64(1), None)):
        out = f(a, s)
        assert out.shape == a[s].shape
        np.testing.assert_array_equal(out, a[s])
    shared = theano.shared(a)
    np.testing.assert_array_equal(theano.function([slc], shared[slc])(slice(1, 3)), a[1:3])  # Theano issue 5898
    mixed = theano.function([x, slc], x[slc, [0, 2]])
    np.testing.assert_array_equal(mixed(a, slice(None, None, -1)), a[::-1, [0, 2]])
    np.testing.assert_array_equal(theano.function([x, i], x[make_slice(i, None, None)])(a, 1), a[1:])
    expected = a.copy()
    expected[:, 1::2] = 0
    np.testing.assert_array_equal(theano.function([x, slc], T.set_subtensor(x[:, slc], 0))(a, slice(1, None, 2)),
                                  expected)
    grad = theano.function([x, slc], theano.grad(x[slc].sum(), x))(a, slice(None, None, 2))
    np.testing.assert_array_equal(grad, [[1] * 4, [0] * 4, [1] * 4])
    with pytest.raises(TypeError, match="Expected a slice"):
        f(a, 3)
    with pytest.raises(ValueError, match="step cannot be zero"):
        f(a, slice(None, None, 0))


def test_tensor_type_convert_variable_as_theano():
    row, mat = T.row("r"), T.matrix("m")
    converted = mat.type.convert_variable(row)  # more specific: converts through a Rebroadcast
    assert converted.type == mat.type and str(converted.owner.op) == "Rebroadcast{0}"
    assert mat.type.convert_variable(mat) is mat
    assert row.type.convert_variable(mat) is None  # less specific
    assert T.fmatrix().type.convert_variable(row) is None  # another dtype
    assert mat.type.filter_variable(row).type == mat.type
