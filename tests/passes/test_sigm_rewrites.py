"""The sigmoid family's product rewrites and helpers (passes/sigm_rewrites.py), and the nll graphs of
passes/nnet_rewrites.py, against Theano 1.0.5's optimised graphs."""
from __future__ import annotations

import warnings

import numpy as np

import theano
import theano.tensor as T
from theano.frontend.graph_utils import is_same_graph
from theano.tensor.nnet import sigmoid, softmax, softplus, ultra_fast_sigmoid
from theano.tensor.nnet.sigm import compute_mul, is_1pexp, parse_mul_tree, perform_sigm_times_exp, simplify_mul


def _ops(f):
    return [n.op for n in f.maker.fgraph.toposort()]


def test_mul_tree_helpers() -> None:
    x, y, z = T.vectors("x", "y", "z")
    assert parse_mul_tree(x * y) == [False, [[False, x], [False, y]]]
    assert parse_mul_tree(-(x * y)) == [True, [[False, x], [False, y]]]
    assert parse_mul_tree(-x) == [True, x]
    tree = (x * y) * -z
    assert is_same_graph(compute_mul(parse_mul_tree(tree)), tree)
    t = parse_mul_tree(sigmoid(x) * T.exp(-x))
    assert perform_sigm_times_exp(t)
    assert is_same_graph(compute_mul(simplify_mul(t)), sigmoid(-x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert is_1pexp(1 + T.exp(x), False) == (False, x)
        assert is_1pexp(2 + T.exp(x), False) is None


def test_sigm_times_exp_values_and_graph() -> None:
    x = T.vector("x")
    mode = theano.compile.mode.get_default_mode().excluding("local_elemwise_fusion")
    f = theano.function([x], sigmoid(-x) * T.exp(x), mode=mode)
    assert _ops(f) == [sigmoid]
    xv = np.linspace(-30, 30, 7)
    np.testing.assert_allclose(f(xv), 1 / (1 + np.exp(-xv)))
    g = theano.function([x], sigmoid(x) * T.exp(-x), mode=mode)
    assert _ops(g) == [T.neg, sigmoid]
    np.testing.assert_allclose(g(xv), 1 / (1 + np.exp(xv)))


def test_log1msigm_through_a_flatten() -> None:
    x = T.matrix()
    f = theano.function([x], T.log(1 - T.flatten(sigmoid(x))))
    topo = f.maker.fgraph.toposort()
    assert len(topo) == 3 and isinstance(topo[0].op, T.Reshape) and topo[1].op == softplus and topo[2].op == T.neg
    xv = np.linspace(-5, 5, 6).reshape(2, 3)
    np.testing.assert_allclose(f(xv), np.log(1 - 1 / (1 + np.exp(-xv.ravel()))))


def test_sigmoid_approximations_only_when_included() -> None:
    x = T.matrix()
    mode = theano.compile.mode.get_default_mode()
    assert _ops(theano.function([x], sigmoid(x), mode=mode)) == [sigmoid]
    f = theano.function([x], sigmoid(x), mode=mode.including("local_ultra_fast_sigmoid"))
    assert _ops(f) == [ultra_fast_sigmoid]
    h = theano.function([x], sigmoid(x), mode=mode.including("local_hard_sigmoid"))
    assert sigmoid not in _ops(h)
    xv = np.array([[-50.0, -1.0, 0.0, 1.0, 50.0]])
    np.testing.assert_allclose(h(xv), np.clip(0.2 * xv + 0.5, 0, 1))


def test_nll_graphs_as_theano() -> None:
    x, b = T.vector("x"), T.vector("b")
    y = T.lvector("y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expr = T.sum(-T.log(softmax(x + b)[T.arange(y.shape[0]), y]))
    f = theano.function([x, b, y], expr)
    assert [str(o) for o in _ops(f)] == ["InplaceDimShuffle{x,0}", "CrossentropySoftmaxArgmax1HotWithBias",
                                         "Sum{acc_dtype=float64}"]
    g = theano.function([x, b, y], T.grad(expr, x))
    assert [str(o) for o in _ops(g)] == ["InplaceDimShuffle{x,0}", "SoftmaxWithBias",
                                         "CrossentropySoftmax1HotWithBiasDx", "InplaceDimShuffle{1}"]
    xv, bv, yv = np.array([0.1, -0.3, 2.0]), np.array([1.0, 0.5, -1.0]), np.array([2])
    e = np.exp(xv + bv)
    sm = e / e.sum()
    np.testing.assert_allclose(f(xv, bv, yv), -np.log(sm[2]))
    np.testing.assert_allclose(g(xv, bv, yv), sm - np.eye(3)[2])
    m = T.matrix("m")
    yi = T.cast(y, "int32")
    expr = -T.sum(T.log(softmax(m))[T.arange(yi.shape[0]), yi])
    g = theano.function([m, y], T.grad(expr, m))
    assert [str(o) for o in _ops(g)] == ["Elemwise{Cast{int32}}", "Softmax", "CrossentropySoftmax1HotWithBiasDx"]
