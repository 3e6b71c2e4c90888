"""searchsorted, unravel_index / ravel_multi_index, bincount, to_one_hot, compress, squeeze against numpy."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.tensor import extra_ops as E

RNG = np.random.RandomState(11)


def test_searchsorted_sides_sorter_and_shapes() -> None:
    x, v, s = T.dvector(), T.dmatrix(), T.ivector()
    a = np.sort(RNG.rand(9))
    b = RNG.rand(3, 4)
    f = theano.function([x, v], [E.searchsorted(x, v), E.searchsorted(x, v, side="right"), x.searchsorted(0.5)])
    left, right, scalar = f(a, b)
    np.testing.assert_array_equal(left, np.searchsorted(a, b))
    np.testing.assert_array_equal(right, np.searchsorted(a, b, side="right"))
    assert scalar.shape == () and left.dtype == np.int64
    unsorted = RNG.permutation(a)
    g = theano.function([x, v, s], E.searchsorted(x, v, sorter=s))
    np.testing.assert_array_equal(g(unsorted, b, np.argsort(unsorted).astype("int32")), np.searchsorted(a, b))
    with pytest.raises(ValueError):
        E.searchsorted(T.dmatrix(), v)
    with pytest.raises(TypeError):
        E.searchsorted(x, v, sorter=T.fvector())
    with pytest.raises(ValueError):
        E.SearchsortedOp(side="middle")


@pytest.mark.parametrize("order", ["C", "F"])
def test_unravel_and_ravel_round_trip(order: str) -> None:
    i, d = T.lvector(), T.lvector()
    shape = (3, 4, 5)
    idx = np.array([0, 7, 59, 33])
    f = theano.function([i, d], list(E.unravel_index(i, d, order=order, ndim=3)))
    got = f(idx, np.array(shape))
    want = np.unravel_index(idx, shape)  # Theano 1.0.5 ignores `order` here (C-order coordinates)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    r = theano.function([i, d], E.ravel_multi_index(E.unravel_index(i, shape), d, order=order))
    np.testing.assert_array_equal(r(idx, np.array(shape)), np.ravel_multi_index(want, shape, order=order))
    with pytest.raises(ValueError):
        E.unravel_index(i, d)  # the number of dimensions cannot be known
    with pytest.raises(TypeError):
        E.ravel_multi_index(i, (3, 4))


@pytest.mark.parametrize("mode", ["wrap", "clip"])
def test_ravel_multi_index_modes(mode: str) -> None:
    a, b = T.lvector(), T.lvector()
    av, bv = np.array([-1, 2, 5]), np.array([4, -3, 1])
    got = theano.function([a, b], E.ravel_multi_index((a, b), (3, 4), mode=mode))(av, bv)
    np.testing.assert_array_equal(got, np.ravel_multi_index((av, bv), (3, 4), mode=mode))


def test_bincount_value_dependent_length() -> None:
    x, w = T.lvector(), T.dvector()
    f = theano.function([x, w], [E.bincount(x), E.bincount(x, weights=w), E.bincount(x, minlength=9)])
    for xv in (np.array([0, 4, 4, 1]), np.array([2, 2, 7, 0, 1])):
        wv = RNG.rand(len(xv))
        c, cw, cm = f(xv, wv)
        np.testing.assert_array_equal(c, np.bincount(xv))
        np.testing.assert_allclose(cw, np.bincount(xv, weights=wv))
        np.testing.assert_array_equal(cm, np.bincount(xv, minlength=9))
    g = theano.function([x], E.bincount(x, assert_nonneg=True))
    with pytest.raises(AssertionError, match="negative"):
        g(np.array([1, -1]))
    with pytest.raises(TypeError):
        E.bincount(T.lmatrix())


def test_to_one_hot_compress_squeeze() -> None:
    y, x, c, r = T.ivector(), T.dmatrix(), T.bvector(), T.drow()
    f = theano.function([y], E.to_one_hot(y, 5, dtype="int8"))
    yv = np.array([0, 3, 4], dtype="int32")
    np.testing.assert_array_equal(f(yv), np.eye(5, dtype="int8")[yv])
    g = theano.function([c, x], [E.compress(c, x, axis=1), E.compress(c, x), c.compress(x, axis=1)])
    xv, cv = RNG.rand(3, 4), np.array([1, 0, 1, 1], dtype="int8")
    got = g(cv, xv)
    np.testing.assert_array_equal(got[0], np.compress(cv, xv, axis=1))
    np.testing.assert_array_equal(got[1], np.compress(cv, xv))
    np.testing.assert_array_equal(got[2], np.compress(cv, xv, axis=1))
    assert E.squeeze(r).ndim == 1
