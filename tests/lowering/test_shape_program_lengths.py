"""The host shape program reads lengths, not values: a length of a computed variable (a reshape(-1) of a loop's
output, of a product, of an advanced-indexing result; their `.shape`) comes from the ops' infer_shape down to the
input shapes, so the host never runs the loop, the matrix product or the gather to learn it. A value is computed
on the host only where a length truly depends on it (a reshape by a computed vector, a loop that stops on a
condition). Values are checked against numpy; the ops the host runs are read from `f._shape_program.steps`."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T
from theano.compile.builders import OpFromGraph

RNG = np.random.RandomState(7)
HEAVY = {"Scan", "Dot", "Dot22", "Gemm", "Gemv", "AdvancedSubtensor1", "AdvancedSubtensor", "OpFromGraph"}
X = np.array([[1, 2], [3, 4], [5, 6]], dtype="int32")


def host_ops(f) -> set[str]:
    """The op types the host shape program of `f` runs on every call."""
    return {type(n.op).__name__ for n, _, _ in getattr(f._shape_program, "steps", ())}


def _embed_rnn(E, W, x):
    xp = T.dot(E[x], W)
    h, _ = theano.scan(lambda xp_t, h: T.tanh(xp_t + h), sequences=xp, outputs_info=T.zeros((x.shape[1], 4)))
    return h


def _embed_rnn_np(E, W, x):
    xp = E[x].dot(W)
    h, out = np.zeros((x.shape[1], 4)), []
    for t in range(x.shape[0]):
        h = np.tanh(xp[t] + h)
        out.append(h)
    return np.array(out)


def test_reshape_of_a_scan_output_without_gradient():
    E, W = RNG.randn(10, 4), RNG.randn(4, 4) * 0.3
    x = T.imatrix("x")
    h = _embed_rnn(theano.shared(E), theano.shared(W), x)
    f = theano.function([x], [h.reshape((-1, 4)), h.reshape((-1,)).shape, h.shape])
    for xv in (X, X[:2], np.arange(12, dtype="int32").reshape(3, 4) % 10):
        flat, flat_shape, shape = f(xv)
        want = _embed_rnn_np(E, W, xv)
        np.testing.assert_allclose(flat, want.reshape(-1, 4), rtol=1e-12)
        assert tuple(flat_shape) == (want.size,) and tuple(shape) == want.shape
    assert not host_ops(f) & HEAVY, host_ops(f)


def test_reshape_of_a_scan_output_with_gradient():
    E, W = RNG.randn(10, 4), RNG.randn(4, 4) * 0.3
    sE, sW = theano.shared(E), theano.shared(W)
    x = T.imatrix("x")
    cost = T.dot(_embed_rnn(sE, sW, x).reshape((-1, 4)), sW).sum()
    f = theano.function([x], [cost] + T.grad(cost, [sE, sW]))
    c, gE, gW = f(X)
    np.testing.assert_allclose(c, _embed_rnn_np(E, W, X).reshape(-1, 4).dot(W).sum(), rtol=1e-12)
    assert gE.shape == E.shape and gW.shape == W.shape
    eps = 1e-6  # one finite difference of the cost in W[0, 1]
    W2 = W.copy()
    W2[0, 1] += eps
    num = (_embed_rnn_np(E, W2, X).reshape(-1, 4).dot(W2).sum() - c) / eps
    np.testing.assert_allclose(gW[0, 1], num, rtol=1e-4)
    assert not host_ops(f) & HEAVY, host_ops(f)


def test_reshape_of_a_dot_output_and_its_gradient():
    a, b, c = T.matrix("a"), T.matrix("b"), T.matrix("c")
    d = T.dot(a, b)
    cost = T.dot(d.reshape((-1, 2)), c).sum()  # the gradient's fill of the cost reads the product's length
    f = theano.function([a, b, c], [d.reshape((-1,)), d.reshape((-1, 2)).shape, cost, T.grad(cost, a)])
    av, bv, cv = RNG.randn(3, 5), RNG.randn(5, 4), RNG.randn(2, 3)
    flat, shp, cst, ga = f(av, bv, cv)
    np.testing.assert_allclose(flat, av.dot(bv).ravel(), rtol=1e-12)
    assert tuple(shp) == (6, 2)
    np.testing.assert_allclose(cst, av.dot(bv).reshape(-1, 2).dot(cv).sum(), rtol=1e-12)
    gd = np.ones((6, 3)).dot(cv.T).reshape(3, 4)
    np.testing.assert_allclose(ga, gd.dot(bv.T), rtol=1e-12)
    assert not host_ops(f) & HEAVY, host_ops(f)


def test_reshape_of_an_advanced_indexing_output_and_its_gradient():
    E, W = RNG.randn(10, 3), RNG.randn(3, 2)
    sE, sW = theano.shared(E), theano.shared(W)
    idx = T.ivector("idx")
    g = sE[idx]
    cost = T.dot(g.reshape((-1, 3)), sW).sum() + (g.reshape((-1,)) * T.arange(g.size)).sum()
    f = theano.function([idx], [g.reshape((-1,)), g.shape, cost, T.grad(cost, sE)])
    iv = np.array([4, 1, 4], dtype="int32")
    flat, shp, cst, gE = f(iv)
    np.testing.assert_allclose(flat, E[iv].ravel())
    assert tuple(shp) == (3, 3)
    np.testing.assert_allclose(cst, E[iv].dot(W).sum() + (E[iv].ravel() * np.arange(9)).sum(), rtol=1e-12)
    want = np.zeros_like(E)
    np.add.at(want, iv, np.arange(9.0).reshape(3, 3) + W.sum(axis=1))
    np.testing.assert_allclose(gE, want, rtol=1e-12)
    assert not host_ops(f) & HEAVY, host_ops(f)


def test_reshape_of_a_scan_inside_an_op_from_graph():
    xs, h0 = T.matrix("xs"), T.vector("h0")
    h, _ = theano.scan(lambda x_t, h: T.tanh(x_t + h), sequences=xs, outputs_info=h0)
    rnn = OpFromGraph([xs, h0], [h])
    a, b = T.matrix("a"), T.vector("b")
    out = rnn(a, b)
    f = theano.function([a, b], [out.reshape((-1,)), out.shape, T.grad(out.reshape((-1,)).sum(), b)])
    av, bv = RNG.randn(5, 3), RNG.randn(3)
    flat, shp, gb = f(av, bv)
    hs, hv = [], bv
    for t in range(5):
        hv = np.tanh(av[t] + hv)
        hs.append(hv)
    np.testing.assert_allclose(flat, np.array(hs).ravel(), rtol=1e-12)
    assert tuple(shp) == (5, 3) and gb.shape == (3,)
    assert not host_ops(f) & HEAVY, host_ops(f)


def test_a_length_that_depends_on_values_is_still_computed():
    """reshape by a computed vector and a loop that stops on a condition: the host computes what it must."""
    v = T.vector("v")
    m = T.matrix("m")
    target = T.cast(T.stack([v.sum(), 2]), "int64")
    f = theano.function([m, v], m.reshape(target, ndim=2).reshape((-1,)).shape)
    assert tuple(f(np.ones((3, 4)), np.array([1.0, 5.0]))) == (12,)
    k = T.scalar("k")
    out, _ = theano.scan(lambda p: (p * 2, theano.scan_module.until(p * 2 > k)),
                         outputs_info=T.constant(1.0, dtype="float64"), n_steps=10)
    g = theano.function([k], [out.reshape((-1, 1)), out.shape])
    for kv, n in ((5.0, 3), (100.0, 7)):
        col, shp = g(kv)
        np.testing.assert_allclose(col[:, 0], 2.0 ** np.arange(1, n + 1))
        assert tuple(shp) == (n,)
