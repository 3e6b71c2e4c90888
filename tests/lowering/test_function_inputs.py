"""theano.function inputs: graph cuts at intermediate variables, givens of intermediates, In/Out options,
default values and state by name, and the errors for bad inputs."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import In, Out
from theano.compile.function_module import UnusedInputError
from theano.gof import MissingInputError


def _mlp():
    X = T.matrix("X")
    W = theano.shared(np.linspace(-1, 1, 6).reshape(3, 2), "W")
    H = T.tanh(T.dot(X, W))
    cost = (H ** 2).sum()
    return X, W, H, cost


def test_cut_at_intermediate_value():
    X, W, H, cost = _mlp()
    f = theano.function([H], cost)
    h = np.random.RandomState(0).rand(4, 2)
    np.testing.assert_allclose(f(h), (h ** 2).sum())
    # the shared variable above the cut is not an input of the cut function
    assert W not in f.maker.fgraph.inputs and len(f.maker.fgraph.inputs) == 1


def test_cut_gradient_at_intermediate():
    X, W, H, cost = _mlp()
    g_H = T.grad(cost, H)
    g_W = T.grad(None, W, known_grads={H: g_H})  # g_W computed from g_H, an intermediate result
    f = theano.function([X, g_H], g_W)
    rng = np.random.RandomState(1)
    x, gh = rng.rand(4, 3), rng.rand(4, 2)
    h = np.tanh(x.dot(W.get_value()))
    np.testing.assert_allclose(f(x, gh), x.T.dot(gh * (1 - h ** 2)))


def test_cut_output_is_input_and_eval():
    X, W, H, cost = _mlp()
    h = np.ones((2, 2))
    np.testing.assert_allclose(H.eval({H: h}), h)  # Lasagne: out.eval({out: x_in})
    np.testing.assert_allclose(cost.eval({H: h}), 4.0)
    f = theano.function([H], [H, cost])
    np.testing.assert_allclose(f(h)[0], h)


def test_givens_replace_intermediate():
    X, W, H, cost = _mlp()
    y = T.vector("y")
    f = theano.function([y], cost, givens={H: T.stack([y, 2 * y])})
    np.testing.assert_allclose(f(np.array([1.0, 2.0])), 5.0 + 20.0)


def test_givens_plain_value_and_update_value():
    z = theano.shared(np.int64(0))
    assert theano.function([], z * 2, givens={z: 3})() == 6
    theano.function([], [], updates={z: 3})()
    assert z.get_value() == 3


def test_missing_input_above_cut_and_unused_first():
    x, s = T.scalars("xs")
    with pytest.raises(UnusedInputError):
        theano.function([s], x)
    with pytest.raises(MissingInputError):
        theano.function([s], x, on_unused_input="ignore")
    X, W, H, cost = _mlp()
    y = T.matrix("y")
    with pytest.raises(MissingInputError):
        theano.function([H], cost + y.sum())


def test_default_values_by_name_and_state():
    a = T.scalar()
    x, s = T.scalars("xs")
    f = theano.function([x, In(a, value=1.0, name="a"), In(s, value=0.0, update=s + a * x)], s + a * x)
    assert f[a] == 1.0 and f["a"] == 1.0 and f[s] == 0.0
    assert f(3.0) == 3.0
    assert f(3.0, a=2.0) == 9.0
    assert f[a] == 1.0 and f[s] == 9.0  # a given value does not replace the default; the update does
    f[a] = 5.0
    assert f.value["a"] == 5.0
    assert f(3.0) == 24.0 and f[s] == 24.0


def test_shared_container_between_functions():
    a = T.scalar()
    x, s = T.scalars("xs")
    f = theano.function([x, In(a, value=1.0, name="a"), In(s, value=0.0, update=s + a * x, mutable=True)], s + a * x)
    g = theano.function([x, In(a, value=1.0, name="a"), In(s, value=f.container[s], update=s - a * x,
                                                        mutable=True)], s + a * x)
    f(1, 2)
    assert f[s] == 2 and g[s] == 2
    g(1, 2)
    assert f[s] == 0 and g[s] == 0


def test_implicit_input():
    x, s = T.scalars("xs")
    inc = theano.function([x, In(s, update=(s + x), value=10.0)], [])
    dec = theano.function([x, In(s, update=(s - x), value=inc.container[s], implicit=False)], [])
    assert dec[s] is inc[s]
    inc[s] = 2
    dec(1)
    assert inc[s] == 1
    dec(1, 0)  # not implicit: a value may be given
    assert inc[s] == -1
    g = theano.function([x, In(s, value=inc.container[s])], s + x)  # a container makes it implicit
    assert g(1) == 0
    with pytest.raises(TypeError, match="implicit"):
        g(1, 2)


def test_in_options_and_errors():
    a, x, s = T.scalars("xxx")
    with pytest.raises(TypeError, match="name must be a string"):
        In(a, name=[])
    with pytest.raises(TypeError, match="implicit input must be given a default"):
        In(a, implicit=True)
    with pytest.raises(TypeError, match="update"):
        In(a, update=T.vector())
    with pytest.raises(AssertionError):
        In(a, mutable=True, borrow=False)
    f = theano.function([a, x, s], a + x + s)
    assert f(1, 2, 3) == 6
    with pytest.raises(TypeError, match="Ambiguous name"):
        f(1, 2, x=3)
    v = T.vector("v")
    g = theano.function([In(v, strict=True)], v * 2)
    with pytest.raises(TypeError):
        g([1, 2])  # a list is not a float64 array: strict refuses to convert
    h = theano.function([In(v, allow_downcast=True, borrow=True, mutable=True)], v * 2)
    np.testing.assert_allclose(h([1, 2]), [2.0, 4.0])
    assert h._check_for_aliased_inputs and not f._check_for_aliased_inputs
    p, q = T.scalars("pq")
    with pytest.raises(TypeError, match="Missing required input"):
        theano.function([p, In(q, value=1.0)], p + q)(q=2.0)


def test_out_borrow_and_storage():
    x = T.vector("x")
    f = theano.function([In(x, name="x")], [Out(x * 2, borrow=True), Out(x + 1)])
    r = f(np.ones(3))
    np.testing.assert_allclose(r[0], 2 * np.ones(3))
    assert len(f.output_storage) == 2
    assert len(f.input_storage) == 1 and f.input_storage[0] is f.container["x"]
    assert f.maker.fgraph.outputs and len(f.maker.fgraph.inputs) == 1
    f.trust_input = True
    np.testing.assert_allclose(f(np.ones(3))[1], 2 * np.ones(3))
    f.free()
    np.testing.assert_allclose(f(np.ones(3))[1], 2 * np.ones(3))
