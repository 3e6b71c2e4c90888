"""RandomStreams and raw_random draw numpy RandomState's numbers, as Theano 1.0.5: golden values recorded from
Theano 1.0.5 itself (same seeds, same calls), the RandomState value API (get_value/set_value/borrow,
theano.shared of a RandomState, f[state]), RandomFunction over any RandomState method or function, and draws
inside scan."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.grad_types import NullTypeGradError
from theano.tensor import raw_random
from theano.tensor.raw_random import RandomFunction, random_state_type
from theano.tensor.shared_randomstreams import RandomStateSharedVariable, RandomStreams

# Recorded with Theano 1.0.5 (/tmp/theano-ref) running the calls of the tests below.
GOLDEN = {'after_seed': [[0, 3, 1, 2], [5, 7, 3, 4], [30, 10, 30]],
 'binomial': [('int64', [0, 1, 1, 0]), ('int64', [2, 3, 2, 1])],
 'choice_noreplace': [('int64', [6, 2, 9, 1]), ('int64', [6, 5, 1, 7])],
 'choice_p': [('int64', [20, 10, 10]), ('int64', [30, 20, 10])],
 'multinomial': [('int64', [[4, 2, 4], [4, 1, 5]]), ('int64', [[4, 4, 2], [1, 3, 6]])],
 'normal': [('float64', [1.746568945534983, -0.3149334374586965, 0.27395254248414236]),
            ('float64', [-0.9496924910027211, -2.6704178294471634, -0.22021352226425828])],
 'permutation': [('int64', [[3, 2, 4, 0, 1], [2, 4, 1, 3, 0]]), ('int64', [[0, 4, 3, 2, 1], [1, 4, 2, 0, 3]])],
 'poisson': [('int64', [3, 3, 3, 3]), ('int64', [1, 0, 2, 2])],
 'random_integers': [('int64', [3, 3, 2, -2, 0]), ('int64', [1, 2, 2, 1, 2])],
 'raw_normal_gauss_cache': [[1.690525703800356, -0.4659373705408328, 0.0328201636785844],
                            [0.40751628299650783, -0.7889230286257386, 0.00206557290594813], 1],
 'raw_uniform': [[3.745401188473625, 9.556428757689245, 7.855951534491241], [7.993292420985183]],
 'scan': [[[0.2860259850969876, 0.36567373238074874], [0.6578808561988095, 0.9106009638708857],
           [1.4037749302852744, 1.507230908484555]],
          [[0.4127158172087523, 0.024714376238009428], [0.5826260645482156, 0.30414566058159753],
           [0.9357346893033671, 0.9799819743657006]]],
 'shuffle': [('float64', [[1.0, 0.0, 2.0, 3.0], [6.0, 5.0, 7.0, 4.0]]),
             ('float64', [[0.0, 3.0, 1.0, 2.0], [4.0, 7.0, 5.0, 6.0]])],
 'uniform': [('float64',
              [[-0.6198285579730373, 1.9127478970359295, -0.5803270641225606],
               [1.6626447625979752, -0.04085754898786753, 0.42753130001481066]]),
             ('float64',
              [[-0.2761251049205399, 0.26138244182266823, 0.32234672972936007],
               [-0.19019858264684542, -0.570481697097633, 0.3071461719433666]])],
 'uniform_f32': [('float32', [0.41451188921928406, 0.9786490797996521, 0.1268603801727295]),
                 ('float32', [0.4014434218406677, 0.5013134479522705, 0.8779617547988892])]}


def _close(got, want):
    """Exact for integers; float64 to the last bit (numpy does the arithmetic in both), float32 exactly too."""
    got = np.asarray(got)
    assert got.shape == np.shape(want)
    assert np.array_equal(got, np.asarray(want, dtype=got.dtype)), (got, want)


def _streams_function():
    S = RandomStreams(234)
    draws = {
        "uniform": S.uniform((2, 3), low=-1.0, high=2.0),
        "normal": S.normal((3,), avg=1.0, std=2.0),
        "binomial": S.binomial((4,), n=5, p=0.3),
        "random_integers": S.random_integers((5,), low=-3, high=3),
        "choice_noreplace": S.choice((4,), a=10, replace=False),
        "choice_p": S.choice((3,), a=np.array([10, 20, 30]), p=[0.2, 0.3, 0.5]),
        "poisson": S.poisson((4,), lam=2.5),
        "permutation": S.permutation((2,), n=5),
        "multinomial": S.multinomial((2,), n=10, pvals=[0.2, 0.3, 0.5]),
        "uniform_f32": S.uniform((3,), dtype="float32"),
    }
    x = T.dmatrix()
    names = sorted(draws)
    f = theano.function([x], [draws[k] for k in names] + [S.shuffle_row_elements(x)])
    return S, f, names + ["shuffle"]


def test_every_sampler_gives_theanos_numbers_over_two_calls_and_after_seed():
    S, f, names = _streams_function()
    xv = np.arange(8.0).reshape(2, 4)
    for call in range(2):
        for name, v in zip(names, f(xv)):
            dtype, want = GOLDEN[name][call]
            assert str(v.dtype) == dtype, name
            _close(v, want)
    S.seed(99)
    for v, want in zip(f(xv)[:3], GOLDEN["after_seed"]):
        _close(v, want)


def test_raw_random_with_an_explicit_state_and_broadcast_parameters():
    r = random_state_type()
    low = T.dvector()
    new, u = raw_random.uniform(r, None, low, 10.0)
    g = theano.function([r, low], [new, u])
    s1, v1 = g(np.random.RandomState(42), np.array([0.0, 1.0, 2.0]))
    assert isinstance(s1, np.random.RandomState)
    s2, v2 = g(s1, np.array([5.0]))
    _close(v1, GOLDEN["raw_uniform"][0])
    _close(v2, GOLDEN["raw_uniform"][1])


def test_normal_carries_numpys_cached_gaussian_in_the_state():
    r = random_state_type()
    new, n3 = raw_random.normal(r, (3,))
    h = theano.function([r], [new, n3])
    t1, w1 = h(np.random.RandomState(7))
    t2, w2 = h(t1)
    w1_want, w2_want, has_gauss = GOLDEN["raw_normal_gauss_cache"]
    _close(w1, w1_want)
    _close(w2, w2_want)
    assert t1.get_state()[3] == has_gauss
    ref = np.random.RandomState(7)
    ref.normal(size=(3,))
    assert r.type.values_eq(t1, ref) and not r.type.values_eq(t2, ref)


def test_draws_inside_scan():
    S = RandomStreams(5)

    def step(a):
        return a + S.uniform((2,))
    res, upd = theano.scan(step, outputs_info=T.zeros((2,), dtype="float64"), n_steps=3)
    fs = theano.function([], res, updates=upd)
    _close(fs(), GOLDEN["scan"][0])
    _close(fs(), GOLDEN["scan"][1])


def test_a_seed_gives_numpys_sequence():
    S = RandomStreams(77)
    u = S.uniform((5,))
    f = theano.function([], u)
    seed = np.random.RandomState(77).randint(2 ** 30)  # RandomStreams.gen's seeding
    ref = np.random.RandomState(seed)
    assert np.array_equal(f(), ref.uniform(size=(5,)))
    assert np.array_equal(f(), ref.uniform(size=(5,)))
    assert np.array_equal(u.eval(), ref.uniform(size=(5,)))  # eval advances the state too
    g = theano.function([], u, no_default_updates=True)
    following = ref.uniform(size=(5,))
    assert np.array_equal(g(), following) and np.array_equal(g(), following)


def test_state_values_are_random_states():
    S = RandomStreams(3)
    u = S.normal((4,))
    rng = u.rng
    assert isinstance(rng, RandomStateSharedVariable) and rng.default_update is u.update[1]
    assert S.updates() == [u.update] and u.update[0] is rng
    a = rng.get_value()
    b = rng.get_value()
    assert isinstance(a, np.random.RandomState) and a is not b
    assert rng.get_value(borrow=True) is rng.get_value(borrow=True) is S[rng]
    first = theano.function([], u)()
    theano.function([], u)()
    rng.set_value(a)  # back to the state before the first call
    assert np.array_equal(theano.function([], u)(), first)
    S[rng] = np.random.RandomState(11)
    assert np.array_equal(theano.function([], u)(), np.random.RandomState(11).normal(size=(4,)))
    # drawing from the borrowed object moves the stream, as in Theano
    held = rng.get_value(borrow=True)
    ref = np.random.RandomState(0)
    ref.set_state(held.get_state())
    held.uniform(size=(2,))
    ref.uniform(size=(2,))
    assert np.array_equal(theano.function([], u)(), ref.normal(size=(4,)))


def test_shared_of_a_random_state_and_pickling():
    rng = np.random.RandomState(123)
    s = theano.shared(rng)
    assert isinstance(s, RandomStateSharedVariable) and str(s.type) == "RandomStateType"
    assert s.get_value(borrow=True) is not rng
    t = theano.shared(rng, borrow=True)
    assert t.get_value(borrow=True) is rng
    new, v = raw_random.uniform(s, (3,))
    f = theano.function([], v, updates=[(s, new)])
    want = np.random.RandomState(123).uniform(size=(6,))
    assert np.array_equal(f(), want[:3])
    back = pickle.loads(pickle.dumps(s))
    assert back.get_value().get_state()[2] == s.get_value().get_state()[2]
    assert np.array_equal(f(), want[3:])


def test_random_function_over_a_method_name_or_a_function():
    r = random_state_type()
    rf = RandomFunction("uniform", T.dvector)
    assert str(rf) == "RandomFunction{uniform}" and rf == RandomFunction("uniform", T.dvector)
    post, out = rf(r, (4,), 0.0, 1.0)
    assert out.type == T.dvector and post.type == r.type
    f = theano.function([r], [post, out])
    state = np.random.RandomState(5)
    new, v = f(state)
    assert np.array_equal(v, np.random.RandomState(5).uniform(0.0, 1.0, (4,)))
    assert np.array_equal(f(state)[1], v)  # the state given is not advanced (not inplace)

    def triangular_rows(rs, left, size):
        return rs.triangular(left, 1.0, 2.0, size=(size[0], 2) if size is not None else None)
    tri = RandomFunction(triangular_rows, T.dmatrix, ndim_added=1)
    post, out = tri(r, (3,), 0.5)
    v = theano.function([r], out)(np.random.RandomState(1))
    assert v.shape == (3, 2) and np.array_equal(v, np.random.RandomState(1).triangular(0.5, 1.0, 2.0, size=(3, 2)))
    wrong = RandomFunction("uniform", T.dmatrix)  # uniform's result has one dimension, not two
    post, out = wrong(r, (4,), 0.0, 1.0)
    with pytest.raises(ValueError, match="Shape mismatch"):
        theano.function([r], out)(np.random.RandomState(1))


def test_symbolic_sizes_and_their_errors():
    S = RandomStreams(2)
    shape = T.lvector()
    f = theano.function([shape], S.uniform(size=shape, ndim=2))
    assert f([2, 3]).shape == (2, 3) and f([4, 8]).shape == (4, 8)
    with pytest.raises(ValueError):
        f([4])
    with pytest.raises(ValueError):
        f([4, 3, 4, 5])
    n = T.lscalar()
    g = theano.function([n], S.normal((n, 2)))
    assert g(4).shape == (4, 2) and g(1).shape == (1, 2)
    x = T.matrix()
    h = theano.function([x], S.uniform(x.shape).shape)
    assert tuple(h(np.zeros((2, 7), dtype=theano.config.floatX))) == (2, 7)


def test_dtypes_shapes_and_broadcasting_follow_theano():
    S = RandomStreams(9)
    assert S.uniform((2, 3)).dtype == theano.config.floatX
    assert S.uniform((2, 3), dtype="float32").dtype == "float32"
    assert S.binomial((2,), p=0.5, dtype="int8").dtype == "int8"
    assert S.uniform((2, 1)).broadcastable == (False, True)
    assert S.permutation(n=6).ndim == 1 and S.multinomial((2,), n=3).ndim == 2
    low = T.matrix()
    out = S.uniform(low=low, high=low + 1)  # size None: the parameters' broadcast shape
    assert out.ndim == 2
    assert theano.function([low], out)(np.zeros((3, 2), dtype=theano.config.floatX)).shape == (3, 2)
    with pytest.raises(ValueError):
        S.uniform((2, 3), ndim=3)
    r = random_state_type()
    with pytest.raises(TypeError):
        raw_random.poisson(r, size=None, ndim=2)
    ndim, shape, bcast = raw_random._infer_ndim_bcast(None, (2, 1))
    assert ndim == 2 and bcast == (False, True) and shape.dtype == "int64"


def test_no_gradient_through_sampling():
    S = RandomStreams(1)
    p = T.dscalar()
    with pytest.raises(NullTypeGradError):
        theano.grad(S.normal((3,), avg=p).sum(), p)
