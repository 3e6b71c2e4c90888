"""Random streams (MRG_RandomStreams, RandomStreams, raw_random): statistics of every distribution, dtypes and
shapes as Theano 1.0.5 gives them, state advancing on every call and on eval(), reseeding, independence of
streams, symbolic sizes, no gradient through sampling, and a state that stays a device buffer."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.grad_types import NullTypeGradError
from theano.frontend.ops.random import RandomDraw
from theano.sandbox.rng_mrg import MRG_RandomStreams, mrg_uniform

N = 20000  # samples for the moment checks: standard error of a mean of unit variance is 0.007


def _moments_close(v: np.ndarray, mean: float, std: float, tol: float = 0.03) -> None:
    assert abs(v.mean() - mean) < tol * max(1.0, std) * 2, (v.mean(), mean)
    assert abs(v.std() - std) < tol * max(1.0, std) * 2, (v.std(), std)


# --------------------------------------------------------------------------- MRG_RandomStreams

def test_mrg_uniform_range_moments_dtype():
    R = MRG_RandomStreams(234)
    u = R.uniform((N,), low=-1.0, high=3.0)
    assert u.dtype == theano.config.floatX
    v = theano.function([], u)()
    assert v.shape == (N,) and v.dtype == np.dtype(theano.config.floatX)
    assert v.min() > -1.0 and v.max() < 3.0
    _moments_close(v, 1.0, 4 / np.sqrt(12))
    u32 = R.uniform((1000,), dtype="float32")
    v32 = u32.eval()
    assert u32.dtype == "float32" and v32.dtype == np.float32 and 0 < v32.min() and v32.max() < 1


def test_mrg_uniform_open_interval_allows_log():
    v = MRG_RandomStreams(1).uniform((200000,), dtype="float32").eval()
    assert np.all(v > 0) and np.all(v < 1) and np.isfinite(np.log(v)).all()


def test_mrg_normal_moments_and_odd_sizes():
    R = MRG_RandomStreams(99)
    n = R.normal((101, 201), avg=2.0, std=3.0)
    v = n.eval()
    assert v.shape == (101, 201) and n.dtype == theano.config.floatX
    _moments_close(v.ravel(), 2.0, 3.0)
    assert R.normal((7,)).eval().shape == (7,)
    assert R.normal(5).eval().shape == (5,)
    assert R.normal((3, 5, 1), dtype="float32").dtype == "float32"


def test_mrg_truncated_normal_is_cut_and_has_the_requested_std():
    v = MRG_RandomStreams(5).truncated_normal((N,), avg=1.0, std=2.0).eval()
    cut = 2.0 / 0.87962566103423978 * 2
    assert np.all(np.abs(v - 1.0) <= cut + 1e-9)
    _moments_close(v, 1.0, 2.0)
    w = MRG_RandomStreams(5).normal((N,), truncate=True).eval()
    assert np.abs(w).max() <= 2.0 + 1e-12


def test_mrg_binomial_n1_mean_dtype_and_tensor_p():
    R = MRG_RandomStreams(7)
    b = R.binomial(size=(N,), p=0.3)
    assert b.dtype == "int64"
    v = b.eval()
    assert set(np.unique(v)) <= {0, 1} and abs(v.mean() - 0.3) < 0.02
    p = T.vector()
    bp = R.binomial(size=p.shape, p=p, dtype="float32")
    assert bp.dtype == "float32"
    out = theano.function([p], bp)(np.array([0.0, 1.0, 0.5] * 1000, dtype=theano.config.floatX))
    assert np.all(out[0::3] == 0) and np.all(out[1::3] == 1) and abs(out[2::3].mean() - 0.5) < 0.05


def test_mrg_multinomial_row_sums_and_frequencies():
    R = MRG_RandomStreams(11)
    pv = T.matrix()
    m = R.multinomial(pvals=pv, n=5)
    assert m.dtype == "int64"
    pvals = np.tile(np.array([[0.2, 0.3, 0.5]], dtype=theano.config.floatX), (4000, 1))
    v = theano.function([pv], m)(pvals)
    assert v.shape == (4000, 3)
    assert np.all(v.sum(axis=1) == 5) and v.min() >= 0
    assert np.allclose(v.mean(axis=0) / 5, [0.2, 0.3, 0.5], atol=0.02)
    with pytest.raises(ValueError):
        R.multinomial(size=(3,), pvals=pvals)
    with pytest.raises(NotImplementedError):
        R.multinomial(pvals=np.array([0.5, 0.5]))


def test_mrg_choice_without_replacement():
    R = MRG_RandomStreams(12)
    p = T.matrix()
    c = R.choice(size=3, p=p, replace=False)
    probs = np.full((500, 5), 0.2, dtype=theano.config.floatX)
    v = theano.function([p], c)(probs)
    assert v.shape == (500, 3) and v.dtype == np.int64
    assert all(len(set(row)) == 3 for row in v) and v.min() >= 0 and v.max() <= 4
    point = np.zeros((10, 4), dtype=theano.config.floatX)
    point[:, 2] = 1.0
    assert np.all(theano.function([p], R.choice(size=1, p=p, replace=False))(point) == 2)
    with pytest.raises(NotImplementedError):
        R.choice(size=2, p=p)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w = R.multinomial_wo_replacement(pvals=p, n=2)
    assert any("deprecated" in str(c.message) for c in caught)
    assert theano.function([p], w)(probs).shape == (500, 2)
    with pytest.raises(ValueError):
        theano.function([p], R.choice(size=7, p=p, replace=False))(probs)


def test_mrg_seed_checks_and_size_errors():
    with pytest.raises(ValueError):
        MRG_RandomStreams(0)
    with pytest.raises(ValueError):
        MRG_RandomStreams(2147462579)
    with pytest.raises(TypeError):
        MRG_RandomStreams([1, 2])
    R = MRG_RandomStreams(1)
    with pytest.raises(ValueError):
        R.uniform((3, 0))
    with pytest.raises(TypeError):
        R.uniform(3)
    with pytest.raises(ValueError):
        R.normal((2, -1))


def test_mrg_symbolic_sizes():
    R = MRG_RandomStreams(3)
    x = T.matrix()
    n, k = T.iscalars("n", "k")
    f = theano.function([x, n, k], [R.uniform(x.shape), R.normal((n, k)), R.binomial((n, 2), p=0.5)])
    a, b, c = f(np.zeros((4, 5), dtype=theano.config.floatX), 3, 2)
    assert a.shape == (4, 5) and b.shape == (3, 2) and c.shape == (3, 2)
    a, b, c = f(np.zeros((1, 2), dtype=theano.config.floatX), 6, 1)
    assert a.shape == (1, 2) and b.shape == (6, 1) and c.shape == (6, 2)


def test_mrg_state_advances_on_every_call_and_on_eval():
    R = MRG_RandomStreams(42)
    u = R.uniform((5,))
    f = theano.function([], u)
    g = theano.function([], u * 2)
    a, b = f(), f()
    assert not np.allclose(a, b)
    c = g() / 2
    assert not np.allclose(b, c) and not np.allclose(a, c)
    d, e = u.eval(), u.eval()
    assert not np.allclose(d, e)


def test_mrg_seed_reproduces_and_updates_lists_streams():
    R = MRG_RandomStreams(42)
    u, n = R.uniform((4,)), R.normal((3,))
    f = theano.function([], [u, n])
    first = [f() for _ in range(3)]
    R.seed(42)
    again = [f() for _ in range(3)]
    for x, y in zip(first, again):
        assert np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1])
    R.seed(7)
    assert not np.allclose(f()[0], first[0][0])
    assert len(R.updates()) == 2  # uniform() returns u * (high - low) + low: no .rstate, as in Theano
    assert all(s.default_update is new for s, new, _, _ in R.updates())
    # a fresh object with the same seed gives the same sequence (every run, every process)
    S = MRG_RandomStreams(42)
    assert np.array_equal(theano.function([], [S.uniform((4,)), S.normal((3,))])()[0], first[0][0])


def test_mrg_streams_in_one_function_are_independent():
    R = MRG_RandomStreams(10)
    a, b = R.uniform((N,)), R.uniform((N,))
    va, vb = theano.function([], [a, b])()
    assert not np.allclose(va, vb)
    assert abs(np.corrcoef(va, vb)[0, 1]) < 0.03


def test_mrg_no_gradient_through_sampling():
    R = MRG_RandomStreams(1)
    low = T.scalar()
    out = R.uniform((3,), low=low, high=1.0)
    with pytest.raises(NullTypeGradError):
        theano.grad(out.sum(), low)
    p = T.scalar()
    with pytest.raises(NullTypeGradError):
        theano.grad(R.binomial((3,), p=p).astype(theano.config.floatX).sum(), p)


# RandomStreams / raw_random (numpy RandomState draws): tests/frontend/test_random_numpy.py

def test_random_draw_printing_and_equality():
    assert str(RandomDraw("normal", "float32")) == "RandomDraw{normal, float32}"
    assert RandomDraw("normal", "float32") == RandomDraw("normal", "float32")
    assert RandomDraw("normal", "float32") != RandomDraw("uniform", "float32")


def test_mrg_uniform_graph_float16_and_sample_limit():
    R = MRG_RandomStreams(4)
    m = R.uniform(size=(300, 300), dtype="float16")
    f = theano.function([], m)
    assert any(isinstance(n.op, mrg_uniform) for n in f.maker.fgraph.apply_nodes)
    v = f()
    assert v.dtype == np.float16 and np.all((0 < v) & (v < 1))
    with pytest.raises(ValueError):
        theano.function([], R.uniform((2 ** 31,)))()
    with pytest.raises(ValueError):
        theano.function([], R.uniform((2 ** 15, 2 ** 16)))()
