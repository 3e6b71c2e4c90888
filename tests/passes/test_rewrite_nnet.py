"""The softmax / cross-entropy family: fused forward and gradient ops, values, and gradient graph sizes."""
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.tensor import nnet

from rewrite_helpers import NO_REWRITES, compare_modes, op_names

RNG = np.random.RandomState(3)
FUSED = {"CrossentropySoftmaxArgmax1HotWithBias", "CrossentropySoftmax1HotWithBiasDx"}


def _model():
    x = T.dmatrix("x")
    y = T.ivector("y")
    W = theano.shared(RNG.randn(4, 3), name="W")
    b = theano.shared(RNG.randn(3), name="b")
    return x, y, W, b


COSTS = {
    "nll_log_softmax_index": lambda z, y: -T.mean(T.log(nnet.softmax(z))[T.arange(y.shape[0]), y]),
    "nll_logsoftmax_op": lambda z, y: -T.mean(nnet.logsoftmax(z)[T.arange(y.shape[0]), y]),
    "nll_log_of_indexed": lambda z, y: -T.mean(T.log(nnet.softmax(z)[T.arange(y.shape[0]), y])),
    "categorical_crossentropy": lambda z, y: T.mean(nnet.categorical_crossentropy(nnet.softmax(z), y)),
    "nll_rows_of_z": lambda z, y: -T.sum(T.log(nnet.softmax(z))[T.arange(z.shape[0]), y]),
}


@pytest.mark.parametrize("name", sorted(COSTS))
def test_nll_and_gradient_fuse(name):
    x, y, W, b = _model()
    cost = COSTS[name](T.dot(x, W) + b, y)
    gW, gb = T.grad(cost, [W, b])
    f = theano.function([x, y], [cost, gW, gb])
    ops = set().union(*(op_names(o) for o in f.maker.fgraph.outputs))
    assert FUSED <= ops, ops
    assert not ops & {"Softmax", "SoftmaxGrad", "LogSoftmax", "AdvancedSubtensor", "AdvancedIncSubtensor", "log"}, ops
    assert len(f.maker.fgraph.apply_nodes) <= 12  # Theano 1.0.5 without elementwise fusion: 12 (for the means)
    values = [RNG.randn(5, 4), np.array([0, 2, 1, 1, 0], dtype="int32")]
    compare_modes([x, y], [cost, gW, gb], values, rtol=1e-10)


def test_fused_nll_is_finite_where_the_naive_graph_is_not():
    x, y, W, b = _model()
    z = T.dmatrix("z")
    cost = -T.mean(T.log(nnet.softmax(z))[T.arange(y.shape[0]), y])
    g = T.grad(cost, z)
    big = np.array([[1000.0, 0.0, -1000.0], [0.0, 800.0, 0.0]])
    labels = np.array([2, 0], dtype="int32")
    got_cost, got_g = theano.function([z, y], [cost, g])(big, labels)
    with np.errstate(all="ignore"):
        naive_cost, naive_g = theano.function([z, y], [cost, g], mode=NO_REWRITES)(big, labels)
    np.testing.assert_allclose(got_cost, (2000.0 + 800.0) / 2)
    sm = np.exp(big - big.max(axis=1, keepdims=True))
    sm /= sm.sum(axis=1, keepdims=True)
    want_g = sm.copy()
    want_g[[0, 1], labels] -= 1
    np.testing.assert_allclose(got_g, want_g / 2, atol=1e-300)  # d mean(-log softmax[y]) / dz = (sm - onehot) / n
    assert np.all(np.isfinite(got_g)) and not np.isfinite(naive_cost) and not np.all(np.isfinite(naive_g))


def test_softmax_with_bias_and_shared_softmax_output():
    x, y, W, b = _model()
    p = nnet.softmax(T.dot(x, W) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    f = theano.function([x, y], [cost, p, T.argmax(p, axis=1)])
    fg = f.maker.fgraph
    assert fg.outputs[1].owner.op == nnet.crossentropy_softmax_argmax_1hot_with_bias  # the fused op's softmax
    assert "SoftmaxWithBias" not in op_names(fg.outputs[2]) and "Softmax" not in op_names(fg.outputs[2])
    values = [RNG.randn(6, 4), np.array([0, 2, 1, 1, 0, 2], dtype="int32")]
    compare_modes([x, y], [cost, p, T.argmax(p, axis=1)], values, rtol=1e-10)
    only_softmax = theano.function([x], p).maker.fgraph
    assert op_names(only_softmax.outputs[0]) == {"SoftmaxWithBias", "Dot"}


def _mlp_training_outputs(layers, width=16):
    x = T.dmatrix("x")
    y = T.ivector("y")
    rng = np.random.RandomState(0)
    params, h = [], x
    for k in range(layers):
        W = theano.shared(rng.randn(width, width) * 0.1, name="W%d" % k)
        b = theano.shared(np.zeros(width), name="b%d" % k)
        params += [W, b]
        z = T.dot(h, W) + b
        h = T.tanh(z) if k < layers - 1 else nnet.softmax(z)
    cost = -T.mean(T.log(h)[T.arange(y.shape[0]), y])
    return [x, y], [cost] + T.grad(cost, params)


# Theano 1.0.5 on the same functions: 31, 48, 65 nodes with optimizer=None; 12, 24, 36 with FAST_RUN excluding
# elementwise fusion (which XLA does here); 12, 21, 30 with fusion
@pytest.mark.parametrize("layers,unrewritten,theano_fast_run_without_fusion", [(1, 30, 12), (2, 46, 24), (3, 62, 36)])
def test_gradient_graphs_are_as_small_as_theanos(layers, unrewritten, theano_fast_run_without_fusion):
    inputs, outputs = _mlp_training_outputs(layers)
    slow = theano.function(inputs, outputs, mode=NO_REWRITES)
    fast = theano.function(inputs, outputs)
    assert len(slow.maker.fgraph.apply_nodes) == unrewritten
    assert len(fast.maker.fgraph.apply_nodes) <= theano_fast_run_without_fusion
    values = [RNG.randn(7, 16), RNG.randint(0, 16, size=7).astype("int32")]
    compare_modes(inputs, outputs, values, rtol=1e-9, atol=1e-12)


def test_sigmoid_binary_crossentropy_gradient_is_finite():
    x = T.dvector("x")
    t = T.dvector("t")
    cost = T.sum(nnet.binary_crossentropy(nnet.sigmoid(x), t))
    g = T.grad(cost, x)
    got = compare_modes([x, t], [cost, g], [np.array([-2.0, 0.5, 3.0]), np.array([0.0, 1.0, 1.0])], rtol=1e-10)
    assert np.all(np.isfinite(got[1]))
