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
from theano.tensor import raw_random
from theano.tensor.shared_randomstreams import RandomStateSharedVariable, RandomStreams

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


# --------------------------------------------------------------------------- RandomStreams

def test_randomstreams_distributions():
    S = RandomStreams(123)
    u = S.uniform((N,), low=2, high=5)
    assert u.dtype == theano.config.floatX
    v = u.eval()
    assert v.min() >= 2 and v.max() < 5
    _moments_close(v, 3.5, 3 / np.sqrt(12))
    _moments_close(S.normal((N,), avg=-1, std=0.5).eval(), -1.0, 0.5)
    b = S.binomial((N,), n=4, p=0.5)
    assert b.dtype == "int64"
    _moments_close(b.eval().astype(float), 2.0, 1.0)
    r = S.random_integers((N,), low=-2, high=3)
    assert r.dtype == "int64"
    assert set(np.unique(r.eval())) == {-2, -1, 0, 1, 2, 3}
    assert abs(S.poisson((N,), lam=3.0).eval().mean() - 3.0) < 0.06


def test_randomstreams_choice_permutation_multinomial_shuffle():
    S = RandomStreams(5)
    c = S.choice((N,), a=4)
    assert c.dtype == "int64" and set(np.unique(c.eval())) == {0, 1, 2, 3}
    cp = S.choice((N,), a=3, p=[0.0, 0.25, 0.75]).eval()
    assert cp.min() >= 1 and abs((cp == 2).mean() - 0.75) < 0.02
    wo = S.choice((5,), a=5, replace=False).eval()
    assert sorted(wo) == [0, 1, 2, 3, 4]
    av = S.choice((4,), a=np.array([10, 20, 30, 40, 50]), replace=False).eval()
    assert len(set(av)) == 4 and set(av) <= {10, 20, 30, 40, 50}
    with pytest.raises(ValueError):
        S.choice((6,), a=5, replace=False).eval()
    perm = S.permutation((30,), n=7)
    assert perm.ndim == 2 and perm.dtype == "int64"
    pv = perm.eval()
    assert pv.shape == (30, 7) and all(sorted(row) == list(range(7)) for row in pv)
    assert len({tuple(row) for row in pv}) > 10
    single = S.permutation(n=6).eval()
    assert single.shape == (6,) and sorted(single) == list(range(6))
    m = S.multinomial((1000,), n=20, pvals=[0.1, 0.6, 0.3])
    mv = m.eval()
    assert m.ndim == 2 and mv.shape == (1000, 3) and np.all(mv.sum(axis=1) == 20)
    assert np.allclose(mv.mean(axis=0) / 20, [0.1, 0.6, 0.3], atol=0.02)
    x = T.matrix()
    xv = np.arange(20.0, dtype=theano.config.floatX).reshape(4, 5)
    sv = theano.function([x], S.shuffle_row_elements(x))(xv)
    assert np.array_equal(np.sort(sv, axis=1), xv)
    y = T.vector()
    yv = np.arange(9.0, dtype=theano.config.floatX)
    assert sorted(theano.function([y], S.shuffle_row_elements(y))(yv)) == list(yv)


def test_randomstreams_dtypes_ndim_and_shapes():
    S = RandomStreams(9)
    assert S.uniform((2, 3), dtype="float32").dtype == "float32"
    assert S.binomial((2,), p=0.5, dtype="int8").dtype == "int8"
    assert S.uniform((2, 1)).broadcastable == (False, True)
    low = T.matrix()
    out = S.uniform(low=low, high=low + 1)  # size None: the parameters' broadcast shape
    lv = np.zeros((3, 2), dtype=theano.config.floatX)
    assert out.ndim == 2 and theano.function([low], out)(lv).shape == (3, 2)
    n = T.lscalar()
    f = theano.function([n], S.normal((n, 2)))
    assert f(4).shape == (4, 2) and f(1).shape == (1, 2)
    with pytest.raises(ValueError):
        S.uniform((2, 3), ndim=3)
    with pytest.raises(TypeError):
        S.uniform(3.5)


def test_randomstreams_default_updates_seed_and_items():
    S = RandomStreams(77)
    u = S.uniform((3,))
    f = theano.function([], u)
    g = theano.function([], u, no_default_updates=True)
    a, b = f(), f()
    assert not np.allclose(a, b)
    assert np.array_equal(g(), g())
    assert S.updates() == [u.update] and u.update[0] is u.rng
    assert isinstance(u.rng, RandomStateSharedVariable) and u.rng.default_update is u.update[1]
    S.seed(77)
    c = f()
    S.seed(77)
    assert np.array_equal(c, f())
    key = S[u.rng]
    first = f()
    S[u.rng] = key
    assert np.array_equal(f(), first)
    S[u.rng] = np.random.RandomState(4)  # a numpy RandomState sets a state derived from it
    d = f()
    S[u.rng] = np.random.RandomState(4)
    assert np.array_equal(f(), d)
    # the same seed gives the same sequence in a new object
    T2 = RandomStreams(77)
    u2 = T2.uniform((3,))
    assert np.array_equal(theano.function([], u2)(), a)


def test_raw_random_functions_return_state_and_sample():
    rng = raw_random.random_state_type()
    assert str(rng.type) == "RandomStateType"
    new, out = raw_random.uniform(rng, (4,), -2.0, 2.0)
    assert new.type == rng.type and out.dtype == theano.config.floatX
    f = theano.function([rng], [new, out])
    s1, v1 = f(np.random.RandomState(3))
    s2, v2 = f(s1)
    assert v1.shape == (4,) and np.all(np.abs(v1) < 2) and not np.allclose(v1, v2)
    assert np.array_equal(f(np.random.RandomState(3))[1], v1)
    for fn, args in ((raw_random.normal, ((3,),)), (raw_random.binomial, ((3,), 2, 0.5)),
                     (raw_random.random_integers, ((3,), 0, 4)), (raw_random.poisson, ((3,), 2.0)),
                     (raw_random.choice, ((3,), 4)), (raw_random.permutation, ((2,), 4)),
                     (raw_random.multinomial, ((2,), 3, [0.5, 0.5]))):
        new, out = fn(rng, *args)
        assert theano.function([rng], out)(np.array([0, 1], dtype="uint32")).shape[:1] == args[0][:1]
    with pytest.raises(TypeError):
        raw_random.uniform(T.vector(), (3,))


def test_random_ops_infer_shape_and_printing():
    S = RandomStreams(1)
    x = T.matrix()
    u = S.uniform(x.shape)
    f = theano.function([x], u.shape)
    assert tuple(f(np.zeros((2, 7), dtype=theano.config.floatX))) == (2, 7)
    assert str(RandomDraw("normal", "float32")) == "RandomDraw{normal, float32}"
    assert RandomDraw("normal", "float32") == RandomDraw("normal", "float32")
    assert RandomDraw("normal", "float32") != RandomDraw("uniform", "float32")


def test_raw_random_size_conventions():
    rng = raw_random.random_state_type()
    low = T.dmatrix()
    new, out = raw_random.uniform(rng, (-1, 3), low=low[:, :1], high=1.0)  # -1: the dimension of the parameters
    assert out.ndim == 2
    lv = np.zeros((5, 2))
    assert theano.function([rng, low], out)(np.array([0, 1], dtype="uint32"), lv).shape == (5, 3)
    with pytest.raises(TypeError):
        raw_random.poisson(rng, size=None, ndim=2)
    with pytest.raises(ValueError):
        raw_random.uniform(rng, (2, 3), ndim=3)
    ndim, shape, bcast = raw_random._infer_ndim_bcast(None, (2, 1))
    assert ndim == 2 and bcast == (False, True) and shape.dtype == "int64"
    _, c = raw_random.choice(rng, (11, 8), 10, 1, 0)  # p=0 means "no probabilities", as Theano's tests use it
    cv = theano.function([rng], c)(np.array([0, 1], dtype="uint32"))
    assert cv.shape == (11, 8) and cv.min() >= 0 and cv.max() <= 9


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


def test_symbolic_size_vector_of_the_wrong_length_raises():
    S = RandomStreams(2)
    shape = T.lvector()
    f = theano.function([shape], S.uniform(size=shape, ndim=2))
    assert f([2, 3]).shape == (2, 3) and f([4, 8]).shape == (4, 8)
    with pytest.raises(ValueError):
        f([4])
    with pytest.raises(ValueError):
        f([4, 3, 4, 5])
