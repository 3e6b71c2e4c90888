"""Theano's subtensor rewrites (passes/subtensor_rewrites.py): node counts after FAST_RUN, values against numpy,
and the run-time index errors of the graph as written."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.ops.advanced_subtensor import AdvancedIncSubtensor1, AdvancedSubtensor1
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.compile_ops import DeepCopyOp
from theano.frontend.ops.subtensor import IncSubtensor, Subtensor

NO_MERGE = theano.compile.mode.get_default_mode().excluding("local_subtensor_merge")


def ops_of(f, cls):
    return [n for n in f.maker.fgraph.toposort() if isinstance(n.op, cls)]


def outcome(f, *args):
    """The value f returns, or the class of the error it raises."""
    try:
        return f(*args)
    except Exception as err:  # noqa: BLE001 - the error class is what is compared
        return type(err)


def same_outcome(a, b):
    if isinstance(a, type) or isinstance(b, type):
        return a is b
    return a.shape == b.shape and np.array_equal(a, b)


SHAPES = [(5, 3), (4, 1), (1, 2), (0, 2), (2, 0), (7, 2)]


def expected(x, first, second):
    try:
        return np.asarray(x[first][second])
    except IndexError:
        return IndexError


@pytest.mark.parametrize("first, second", [
    (slice(2, None), -1), (slice(None, None, -1), 1), (slice(None, None, -1), slice(None, -2)),
    (slice(1, 4, 2), slice(None, None, -1)), (slice(None, None, -2), slice(1, None)),
    (slice(-3, None, -1), slice(None, None, 2)), (slice(1, None), slice(0, 0)), (slice(-7, None), -1),
    (slice(None, None, -1), -8), (slice(3, 1, -1), slice(None, None, -3)), (slice(None, -1, 3), 1),
])
def test_merge_constant_slices(first, second):
    x = T.dmatrix("x")
    out = x[first][second]
    f = theano.function([x], out)
    assert len(ops_of(f, Subtensor)) == 1
    assert isinstance(f.maker.fgraph.toposort()[-1].op, DeepCopyOp)  # a view of the input, copied as in Theano
    for shp in SHAPES:
        xv = np.arange(np.prod(shp), dtype="float64").reshape(shp)
        want = expected(xv, first, second)
        got = outcome(f, xv)
        assert same_outcome(got, want), (first, second, shp, got, want)


def test_merge_symbolic_bounds_and_steps_match_numpy():
    """x[b1:e1:s1][b2:e2:s2] and x[b:e:s][i] with every sign of bound and step, empty results included."""
    x = T.dmatrix("x")
    b1, e1, s1, b2, e2, s2, i = [T.iscalar(n) for n in ("b1", "e1", "s1", "b2", "e2", "s2", "i")]
    f = theano.function([x, b1, e1, s1, b2, e2, s2], x[b1:e1:s1][b2:e2:s2])
    g = theano.function([x, b1, e1, s1, i], x[b1:e1:s1][i])
    assert len(ops_of(f, Subtensor)) == 1 and len(ops_of(g, Subtensor)) == 1
    rng = np.random.RandomState(3)
    for n in (0, 1, 4, 6):
        xv = rng.rand(n, 2)
        for _ in range(60):
            b1v, e1v, b2v, e2v, iv = rng.randint(-8, 8, size=5)
            s1v, s2v = [int(rng.choice([-3, -2, -1, 1, 2, 3])) for _ in range(2)]
            want = xv[b1v:e1v:s1v][b2v:e2v:s2v]
            got = f(xv, b1v, e1v, s1v, b2v, e2v, s2v)
            assert got.shape == want.shape and np.array_equal(got, want), (n, b1v, e1v, s1v, b2v, e2v, s2v)
            want_i = expected(xv, slice(b1v, e1v, s1v), iv)
            assert same_outcome(outcome(g, xv, b1v, e1v, s1v, iv), want_i), (n, b1v, e1v, s1v, iv)


def test_merge_keeps_zero_step_error():
    x = T.dvector("x")
    s = T.iscalar("s")
    f = theano.function([x, s], x[::s][1:])
    with pytest.raises(ValueError):
        f(np.arange(4.0), 0)


def test_merge_three_deep_and_trailing_dims():
    x = T.tensor3("x", dtype="float64")
    f = theano.function([x], x[1:][:, ::-1][0, 1:, ::2])
    assert len(ops_of(f, Subtensor)) == 1
    xv = np.arange(60.0).reshape(3, 4, 5)
    np.testing.assert_array_equal(f(xv), xv[1:][:, ::-1][0, 1:, ::2])


def test_useless_slice_and_subtensor():
    x = T.dmatrix("x")
    f = theano.function([x], 2 * x[0, :])
    sub, = ops_of(f, Subtensor)
    assert not any(isinstance(e, slice) for e in sub.op.idx_list)
    g = theano.function([x], T.exp(x)[0:x.shape[0]])
    assert not ops_of(g, Subtensor)
    h = theano.function([x], T.exp(T.specify_shape(x, (2, 3)))[0:2, 0:13])
    assert not ops_of(h, Subtensor)
    k = theano.function([x], T.exp(T.specify_shape(x, (2, 3)))[0:1])
    assert ops_of(k, Subtensor)
    xv = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(g(xv), np.exp(xv))
    np.testing.assert_allclose(k(xv), np.exp(xv)[0:1])


def test_remove_broadcastable_index():
    x = T.dmatrix("x")
    y = x.dimshuffle("x", 1, 0, "x")
    f = theano.function([x], [y[0, :, :, -1], y[-1, 1:, :, 0]])
    subs = ops_of(f, Subtensor)
    assert len(subs) == 1 and len(subs[0].op.idx_list) == 4  # the second keeps its slice 1:
    xv = np.arange(6.0).reshape(2, 3)
    a, b = f(xv)
    np.testing.assert_array_equal(a, xv.T)
    np.testing.assert_array_equal(b, xv.T[1:])


def test_subtensor_of_set_subtensor():
    x = T.dmatrix("x")
    v = T.dvector("v")
    i = T.iscalar("i")
    f = theano.function([x, v, i], T.set_subtensor(x[i], v)[i])
    assert not ops_of(f, (Subtensor, IncSubtensor))
    np.testing.assert_array_equal(f(np.zeros((3, 2)), [1.0, 2.0], 1), [1.0, 2.0])
    s = T.dscalar("s")  # a broadcast value: allocated to x[i]'s shape
    g = theano.function([x, s, i], T.set_subtensor(x[i], s)[i])
    np.testing.assert_array_equal(g(np.zeros((3, 2)), 5.0, 2), [5.0, 5.0])


def test_subtensor_of_make_vector():
    a, b, c = T.lscalars("abc")
    vec = T.stack([a, b, c])
    f = theano.function([a, b, c], [vec[0:2], vec[::2], vec[[0, 2]]])
    assert not ops_of(f, (Subtensor, AdvancedSubtensor1))
    r = f(1, 2, 3)
    assert [list(v) for v in r] == [[1, 2], [1, 3], [1, 3]]


def test_subtensor_lift_and_alloc():
    x, z = T.dmatrices("x", "z")
    f = theano.function([x, z], T.exp(x + z)[0])
    topo = f.maker.fgraph.toposort()
    assert all(isinstance(n.op, Subtensor) for n in topo[:2])  # x[0], z[0] first, then the elementwise ops
    xv, zv = np.arange(6.0).reshape(2, 3), np.ones((2, 3))
    np.testing.assert_allclose(f(xv, zv), np.exp(xv + zv)[0])
    v = T.dvector("v")
    n = T.lscalar("n")
    g = theano.function([v, n], T.alloc(v, n, 3)[1])
    assert not ops_of(g, Subtensor)
    np.testing.assert_array_equal(g([1.0, 2.0, 3.0], 4), [1.0, 2.0, 3.0])
    with pytest.raises((IndexError, AssertionError, ValueError)):  # row 1 of a 1-row alloc: still an error
        g([1.0, 2.0, 3.0], 1)


def test_useless_inc_subtensor():
    x, y = T.dmatrices("x", "y")
    for sub in (slice(None), slice(None, None, -1)):
        f = theano.function([x, y], T.set_subtensor(x[:, sub], T.specify_shape(y, x.shape)))
        assert not ops_of(f, IncSubtensor)
        np.testing.assert_array_equal(f([[2.0, 3.0]], [[3.0, 4.0]]), np.asarray([[3.0, 4.0]])[:, sub])
        g = theano.function([x, y], T.set_subtensor(x[:, sub], y))  # no shape information: kept
        assert ops_of(g, IncSubtensor)
        np.testing.assert_array_equal(g([[2.0, 3.0], [3.0, 4.0]], [[5.0, 6.0]]),
                                      np.asarray([[5.0, 6.0], [5.0, 6.0]])[:, sub])


def test_adv_sub1_of_set_and_set_to_inc():
    x, y = T.dmatrices("x", "y")
    idx = T.ivector("idx")
    f = theano.function([x, y, idx], T.set_subtensor(x[idx], y)[idx])
    assert not ops_of(f, (AdvancedSubtensor1, AdvancedIncSubtensor1))
    yv = np.arange(4.0).reshape(2, 2)
    np.testing.assert_array_equal(f(np.zeros((3, 2)), yv, [0, 2]), yv)
    with pytest.raises((IndexError, AssertionError, ValueError)):
        f(np.zeros((3, 2)), yv, [0, 5])  # out of bounds: still an error
    with pytest.raises((IndexError, AssertionError, ValueError)):
        f(np.zeros((3, 2)), yv, [0, 1, 2])  # y too short: still an error
    o = T.dmatrix("o")
    g = theano.function([x, o, idx], T.set_subtensor(x[idx], x[idx] + o))
    inc, = ops_of(g, AdvancedIncSubtensor1)
    assert not inc.op.set_instead_of_inc
    xv = np.arange(6.0).reshape(3, 2)
    want = xv.copy()
    want[[0, 2]] = xv[[0, 2]] + yv
    np.testing.assert_array_equal(g(xv, yv, [0, 2]), want)


def test_inc_subtensor_of_alloc():
    x = T.dmatrix("x")
    y = T.dscalar("y")
    i = T.lscalar("i")
    f = theano.function([x, y, i], T.inc_subtensor(x[:, 0:2], T.alloc(y, i, 2)))
    assert not ops_of(f, Alloc)
    xv = np.zeros((3, 4))
    want = xv.copy()
    want[:, 0:2] += 7.0
    np.testing.assert_array_equal(f(xv, 7.0, 3), want)
    np.testing.assert_array_equal(f(xv, 7.0, 1), want)  # a 1-row increment broadcasts
    with pytest.raises((AssertionError, ValueError)):
        f(xv, 7.0, 2)  # a 2-row increment into 3 rows: the shape error stays


def test_excluding_by_name():
    x = T.dmatrix("x")
    f = theano.function([x], x[1:][0], mode=NO_MERGE)
    assert len(ops_of(f, Subtensor)) == 2
    assert callable(theano.tensor.opt.local_subtensor_merge.transform)


@pytest.mark.parametrize("first, second", list(itertools.product(
    [slice(None, None, -1), slice(1, None), slice(None, -1, 2)], [slice(None, None, -2), 0, -1])))
def test_merge_against_unmerged(first, second):
    x = T.dvector("x")
    f = theano.function([x], x[first][second])
    g = theano.function([x], x[first][second], mode=NO_MERGE)
    for n in range(0, 5):
        xv = np.arange(float(n))
        assert same_outcome(outcome(f, xv), outcome(g, xv)), (first, second, n)


def test_inc_subtensor_serialize():
    """The gradient of several indexings of W is one chain of increments (no add of full-size increments)."""
    W = theano.shared(np.arange(20.0).reshape(5, 4), name="W")
    i = T.lvector("i")
    t = T.dscalar("t")
    y = W[i].sum() + (W[1] * W[2]).sum() + W[i, i].sum()
    dW = theano.grad(T.sqr(t - y), W)
    f = theano.function([i, t], dW)
    incs = (IncSubtensor, AdvancedIncSubtensor1, theano.tensor.AdvancedIncSubtensor)
    for n in f.maker.fgraph.toposort():
        if getattr(getattr(n.op, "scalar_op", None), "name", None) == "add":
            assert not any(v.owner is not None and isinstance(v.owner.op, incs) for v in n.inputs)
    g = theano.function([i, t], dW, mode=theano.compile.get_default_mode().excluding("local_IncSubtensor_serialize"))
    np.testing.assert_allclose(f([0, 3, 3], 2.0), g([0, 3, 3], 2.0))


def test_dot_of_zeros_keeps_shape_error():
    m1, m2 = T.dmatrices("m1", "m2")
    f = theano.function([m1, m2], T.dot(T.zeros_like(m1), m2))
    np.testing.assert_array_equal(f(np.ones((2, 3)), np.ones((3, 4))), np.zeros((2, 4)))
    with pytest.raises((ValueError, AssertionError)):
        f(np.ones((2, 3)), np.ones((2, 4)))


def test_subtensor_of_canonical_alloc():
    """v.dimshuffle('x', 0) is alloc(v, 1, n) in canonical form: x[:, 3] of it reads one element of v."""
    x = T.drow("x")
    y = theano.shared(np.arange(5.0))
    f = theano.function([x], T.alloc(y, x.shape[0], x.shape[1])[:, 3])
    assert not isinstance(f.maker.fgraph.toposort()[-1].op, Subtensor)
    np.testing.assert_array_equal(f(np.zeros((1, 5))), [3.0])
    g = theano.function([x], T.alloc(y, x.shape[0], x.shape[1])[2])  # row 2 of a 1-row alloc: kept, an error
    with pytest.raises(IndexError):
        g(np.zeros((1, 5)))
