"""Unique (value-dependent sizes), DiffOp, Bartlett, CpuContiguous, FillDiagonal(Offset) against numpy."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.tensor import extra_ops as E
from theano.tests import unittest_tools as utt

RNG = np.random.RandomState(12)


def test_unique_all_outputs_flat() -> None:
    x = T.lmatrix()
    f = theano.function([x], E.Unique(True, True, True)(x))
    for xv in (np.array([[3, 1, 3], [2, 1, 9]]), np.array([[5, 5]])):
        want = np.unique(xv.ravel(), return_index=True, return_inverse=True, return_counts=True)
        for g, w in zip(f(xv), want):
            np.testing.assert_array_equal(g, w)


def test_unique_axis_and_shapes() -> None:
    x = T.dmatrix()
    f = theano.function([x], E.Unique(return_counts=True, axis=0)(x))
    xv = np.array([[1.0, 2], [0, 5], [1, 2]])
    u, c = f(xv)
    wu, wc = np.unique(xv, axis=0, return_counts=True)
    np.testing.assert_array_equal(u, wu)
    np.testing.assert_array_equal(c, wc)
    with pytest.raises(RuntimeError):
        E.Unique(axis=2)(x)
    g = theano.function([x], E.Unique()(x).shape)
    assert tuple(g(xv)) == (4,)


def test_diff() -> None:
    x = T.dmatrix()
    xv = RNG.rand(4, 5)
    f = theano.function([x], [E.diff(x), E.diff(x, n=2, axis=0), E.diff(x, n=0)])
    got = f(xv)
    for g, w in zip(got, [np.diff(xv), np.diff(xv, n=2, axis=0), xv]):
        np.testing.assert_allclose(g, w)
    utt.verify_grad(lambda v: E.diff(v, n=2), [RNG.rand(6)])
    with pytest.raises(NotImplementedError):
        theano.grad(E.diff(x).sum(), x)


def test_bartlett_length_from_a_value() -> None:
    m = T.lscalar()
    f = theano.function([m], E.bartlett(m))
    for mv in (0, 1, 5, 8, -2):
        np.testing.assert_allclose(f(mv), np.bartlett(mv))
    with pytest.raises(TypeError):
        E.bartlett(T.dscalar())


def test_cpu_contiguous_is_the_identity() -> None:
    x = T.dmatrix()
    xv = RNG.rand(3, 4)
    np.testing.assert_array_equal(theano.function([x], E.cpu_contiguous(x.T))(xv), xv.T)


def test_fill_diagonal_and_offset() -> None:
    a, v, k = T.dmatrix(), T.dscalar(), T.lscalar()
    t = T.dtensor3()
    f = theano.function([a, v, k, t], [E.fill_diagonal(a, v), E.fill_diagonal_offset(a, v, k), E.fill_diagonal(t, v)])
    av, tv = RNG.rand(4, 6), RNG.rand(3, 3, 3)
    for off in (-5, -2, 0, 3, 6):
        d, o, d3 = f(av, 9.0, off, tv)
        want = av.copy()
        np.fill_diagonal(want, 9.0)
        np.testing.assert_array_equal(d, want)
        want_o = av.copy()
        rows = np.arange(4)
        cols = rows + off
        ok = (cols >= 0) & (cols < 6)
        want_o[rows[ok], cols[ok]] = 9.0
        np.testing.assert_array_equal(o, want_o)
        want3 = tv.copy()
        np.fill_diagonal(want3, 9.0)
        np.testing.assert_array_equal(d3, want3)
    with pytest.raises(TypeError):
        E.fill_diagonal(T.dvector(), v)
    with pytest.raises(TypeError):
        E.fill_diagonal(T.fmatrix(), v)  # float64 val does not fit a float32 matrix
    with pytest.raises(TypeError):
        E.fill_diagonal_offset(a, v, T.dscalar())
    utt.verify_grad(lambda x, y: E.fill_diagonal_offset(x, y, -1), [RNG.rand(3, 5), np.array(0.3)])


@pytest.mark.parametrize("fn", ["cumsum", "cumprod"])
def test_cumulative_ops_with_axis_none_flatten(fn: str) -> None:
    x = T.dtensor3()
    xv = RNG.rand(2, 3, 4) + 0.5
    out = getattr(E, fn)(x)
    assert out.ndim == 1
    np.testing.assert_allclose(theano.function([x], out)(xv), getattr(np, fn)(xv))
    utt.verify_grad(lambda v: getattr(E, fn)(v), [xv])
