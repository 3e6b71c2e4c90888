"""Function's per-call path (issue 13): the fast positional call, converters, x64 switching, the minibatch idiom's
shape program. Its speed is measured in benchmarks/run.py and benchmarks/minibatch.py, never asserted here."""

import threading

import jax
import numpy as np
import pytest

import theano.tensor as T
from theano import In, Out, function, shared
from theano.frontend.evaluate import host_or_backend
from theano.lowering.device import x64_off, x64_on


# ---------------------------------------------------------------------------- x64 switching

def test_x64_on_off_restores_the_previous_setting():
    assert not jax.config.x64_enabled
    token = x64_on()
    try:
        assert jax.config.x64_enabled
        assert jax.numpy.ones(2).dtype == np.float64
        inner = x64_on()  # nested: the inner switch leaves it on
        x64_off(inner)
        assert jax.config.x64_enabled
    finally:
        x64_off(token)
    assert not jax.config.x64_enabled
    assert jax.numpy.ones(2).dtype == np.float32


def test_a_call_leaves_x64_as_it_found_it_also_when_it_fails():
    x = T.dvector("x")
    f = function([x], x[3])
    assert f(np.arange(5.0)) == 3.0
    assert not jax.config.x64_enabled
    with pytest.raises(IndexError):
        f(np.arange(2.0))
    assert not jax.config.x64_enabled
    with jax.enable_x64(True):  # a caller that has x64 on keeps it
        assert f(np.arange(5.0)) == 3.0
        assert jax.config.x64_enabled


def test_x64_switch_is_per_thread():
    x = T.dscalar("x")
    f = function([x], x * 2)
    seen = []

    def other() -> None:
        seen.append((jax.config.x64_enabled, float(f(1.5))))

    token = x64_on()
    try:
        t = threading.Thread(target=other)
        t.start()
        t.join()
    finally:
        x64_off(token)
    assert seen == [(False, 3.0)]


# ---------------------------------------------------------------------------- converters

def test_strict_input_takes_ndarrays_only():
    """Theano's filter(strict=True): a numpy scalar or a Python float is refused, even of the right dtype."""
    x = T.dscalar("x")
    f = function([In(x, strict=True)], x * 2)
    assert f(np.array(1.0)) == 2.0
    for bad in (np.float64(1.0), 1.0):
        with pytest.raises(TypeError, match="expected a ndarray object"):
            f(bad)
    i = T.lscalar("i")
    g = function([In(i, strict=True)], i * 2)
    with pytest.raises(TypeError, match="expected a ndarray object"):
        g(3)


def test_python_int_into_integer_scalars():
    i = T.lscalar("i")
    f = function([i], i * 2)
    out = f(3)
    assert out == 6 and out.dtype == np.int64 and isinstance(out, np.ndarray)
    assert f(-2 ** 63) == 0  # int64 wraps as Theano's does
    with pytest.raises(TypeError, match="index 0"):
        f(2 ** 63)  # does not fit: the generic filter's error
    u = T.scalar("u", dtype="uint8")
    g = function([u], u * 1)
    assert g(255) == 255 and g(3) == 3
    for bad in (256, -1):
        with pytest.raises(TypeError, match="cannot store accurately"):
            g(bad)
    assert function([i], i + 1)(True) == 2  # a bool is no int here: the generic filter converts it


def test_float_and_int_fast_paths_match_the_filter():
    x, i = T.dscalar("x"), T.iscalar("i")
    f = function([x, i], x * i)
    assert f(1.5, 2) == 3.0 and f(np.float64(1.5), np.int32(2)) == 3.0 and f(np.array(1.5), np.array(2, "int32")) == 3.0
    fx = T.fscalar("fx")
    g = function([fx], fx * 2)
    with pytest.raises(TypeError):
        g(1.1)  # a Python float into float32 with floatX=float64: lossy, refused as before


def test_generated_call_path_converts_each_kind_of_input_as_the_filter():
    """fast_call generates the call for the function's inputs with each converter's pass-through tests inlined:
    what passes them is taken as it is, everything else goes through the converter (and its errors)."""
    m, r, s, i = T.dmatrix("m"), T.row("r", dtype="float64"), T.dscalar("s"), T.lscalar("i")
    f = function([m, r, s, i], (m + r) * s + i)
    mat, row = np.ones((2, 3)), np.full((1, 3), 2.0)
    want = (mat + row) * 2.0 + 3
    for args in [(mat, row, 2.0, 3), (mat, row, np.float64(2.0), np.int64(3)), (mat, row, np.array(2.0), np.array(3)),
                 (mat.tolist(), row.tolist(), np.float32(2.0), np.int8(3)), (mat.astype("float32"), row, 2, 3)]:
        assert np.array_equal(f(*args), want)
    with pytest.raises(TypeError):
        f(np.ones((2, 3, 1)), row, 2.0, 3)  # wrong ndim: the converter's error
    with pytest.raises(TypeError, match="index 1"):
        f(mat, np.ones((2, 3)), 2.0, 3)  # a row with two rows: not broadcastable as declared
    with pytest.raises(TypeError, match="index 0"):
        f(np.ones((2, 3), "complex128"), row, 2.0, 3)  # complex into float64: refused as before
    assert function([], T.constant(2.0) * 3)() == 6.0  # no inputs at all
    many = [T.dscalar(f"x{k}") for k in range(12)]
    g = function(many, sum(many))
    assert g(*range(12)) == sum(range(12))
    w = shared(np.zeros(2), name="w")
    h = function([s], w.sum(), updates=[(w, w + s)])  # the locked path, one input
    h(1.0)
    assert h(np.float64(2.0)) == 2.0 and np.array_equal(w.get_value(), [3.0, 3.0])


# ---------------------------------------------------------------------------- the fast call and the general one

def test_fast_path_keeps_the_output_contract():
    x = T.dvector("x")
    f = function([x], [x * 2, x.sum()])
    a = f(np.ones(3))
    assert isinstance(a, list) and a[0].flags.writeable
    a[0][0] = 9.0
    b = f(np.ones(3))
    assert b[0][0] == 2.0 and b[1] == 3.0
    d = function([x], {"s": x.sum()})(np.ones(2))
    assert d == {"s": 2.0}
    borrowed = function([x], Out(x * 3, borrow=True))(np.ones(2))
    assert np.allclose(borrowed, 3.0)


def test_keyword_defaults_and_trust_input_take_the_general_path():
    x, y = T.dscalar("x"), T.dscalar("y")
    f = function([x, In(y, value=1.0)], x + y)
    assert f(1.0) == 2.0 and f(1.0, 2.0) == 3.0 and f(x=1.0, y=3.0) == 4.0
    v = T.dvector("v")
    g = function([v], v * 2)
    assert np.allclose(g([1.0, 2.0]), [2.0, 4.0])  # a list is converted
    g.trust_input = True  # set after the fast path exists: the arguments go in unconverted, as Theano's
    assert np.allclose(g(np.array([2.0])), [4.0])
    with pytest.raises(Exception):
        g([1.0, 2.0])  # not converted any more: no program takes a list
    g.trust_input = False
    assert np.allclose(g([1.0, 2.0]), [2.0, 4.0])


def test_allow_gc_false_after_a_call_still_records_storage():
    """f.fn.allow_gc=False replaces _run on the instance: the fast path (built at the first call) is rebuilt."""
    x = T.dvector("x")
    f = function([x], x * 2)
    f(np.ones(2))
    f.fn.allow_gc = False
    f(np.arange(3.0))
    out_var = f.maker.fgraph.outputs[0]
    assert np.allclose(f.fn.storage_map[out_var][0], [0.0, 2.0, 4.0])
    f.fn.allow_gc = True
    assert np.allclose(f(np.ones(1)), [2.0])


def test_updates_and_locks_on_the_fast_path():
    s = shared(np.float64(0.0), name="s")
    x = T.dscalar("x")
    f = function([x], s, updates=[(s, s + x)])
    assert [float(f(1.0)) for _ in range(3)] == [0.0, 1.0, 2.0]
    assert s.get_value() == 3.0
    results = []

    def work() -> None:
        for _ in range(200):
            f(1.0)
        results.append(True)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 3 and s.get_value() == 603.0


def test_copy_and_pickle_rebuild_the_call_path():
    import pickle

    s = shared(np.float64(1.0), name="s")
    x = T.dscalar("x")
    f = function([x], x * s, updates=[(s, s + 1)])
    assert f(2.0) == 2.0
    s2 = shared(np.float64(10.0), name="s2")
    g = f.copy(swap={s: s2})
    assert np.ravel(g(2.0))[0] == 20.0 and s2.get_value() == 11.0 and s.get_value() == 2.0
    h = pickle.loads(pickle.dumps(f))
    assert h(1.0) == 2.0


# ---------------------------------------------------------------------------- the minibatch idiom

def _minibatch_train(n: int = 10, batch: int = 4):
    rng = np.random.RandomState(0)
    X = rng.rand(n, 3)
    Y = rng.randint(0, 2, size=n).astype("int32")
    data_x, data_y = shared(X, borrow=True), shared(Y, borrow=True)
    W = shared(np.zeros((3, 2)), name="W")
    index = T.lscalar("index")
    x, y = T.dmatrix("x"), T.ivector("y")
    p = T.nnet.softmax(T.dot(x, W))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    train = function([index], cost, updates=[(W, W - 0.1 * T.grad(cost, W))],
                     givens={x: data_x[index * batch:(index + 1) * batch], y: data_y[index * batch:(index + 1) * batch]})
    return train, X, Y, W


def test_minibatch_idiom_matches_numpy_and_compiles_twice():
    batch = 4
    train, X, Y, W = _minibatch_train(batch=batch)
    w = np.zeros((3, 2))
    for i in [0, 1, 2, 0, 2, 1]:  # the last batch is short (2 rows)
        xb, yb = X[i * batch:(i + 1) * batch], Y[i * batch:(i + 1) * batch]
        z = xb @ w
        prob = np.exp(z - z.max(1, keepdims=True))
        prob /= prob.sum(1, keepdims=True)
        expected = -np.mean(np.log(prob[np.arange(len(yb)), yb]))
        onehot = np.eye(2)[yb]
        w = w - 0.1 * xb.T @ (prob - onehot) / len(yb)
        assert np.isclose(train(i), expected)
    assert np.allclose(W.get_value(), w)
    assert train.n_compilations == 2  # full batches and the short last one


def test_shape_program_fast_steps_match_host_impl():
    train, X, _, _ = _minibatch_train()
    sp = train._shape_program
    assert any(fn is not host_or_backend for fn in sp._fns)
    shared_vals = [s.get_value(borrow=True) for s in train._shared]
    for i in range(-4, 6):
        values = [np.int64(i)] + shared_vals
        fast = sp._plan.run(values, sp._fns)
        slow = sp._plan.run(values, host_or_backend)
        assert [np.asarray(a).tolist() for a in fast] == [np.asarray(b).tolist() for b in slow]
        assert all(np.asarray(a).dtype == np.asarray(b).dtype for a, b in zip(fast, slow))


def test_shape_program_fast_steps_cast_inputs_as_theano():
    """Mixed-dtype index arithmetic (int8 * int32 -> int32, float division) gives the shapes host_impl gives."""
    v = T.dvector("v")
    k = T.bscalar("k")
    n = T.iscalar("n")
    out = T.zeros(((k * n) // 3 + T.cast(T.sqrt(T.cast(n, "float32")), "int32"),))
    f = function([v, k, n], [out, v[k:n]])
    sp = f._shape_program
    for kv, nv in [(2, 9), (7, 50), (3, 40), (100, 100)]:
        values = [np.zeros(120), np.int8(kv), np.int32(nv)]
        fast = sp._plan.run(values, sp._fns)
        slow = sp._plan.run(values, host_or_backend)
        assert [np.asarray(a).tolist() for a in fast] == [np.asarray(b).tolist() for b in slow]
        z, sl = f(*values)
        assert z.shape == ((kv * nv) // 3 + int(np.sqrt(np.float32(nv))),) and np.array_equal(sl, np.zeros(120)[kv:nv])
