"""tensor.nnet extras: Theano's sigmoid approximations (values from Theano 1.0.5), h_softmax, confusion_matrix,
the prepend ops, the graph-level cross-entropy rewrites and the module paths."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor import nnet

RNG = np.random.RandomState(7)
POINTS = np.array([-8, -3.5, -2.9, -1.7, -1.0, -0.3, 0, 0.2, 1.1, 1.69, 2.5, 3.4, 6.0])
# theano.function([x], T.nnet.ultra_fast_sigmoid(x) / hard_sigmoid(x))(POINTS) with the real Theano 1.0.5
THEANO_ULTRA_FAST = [0.00247262315663499, 0.031148432331457587, 0.0561224489795919, 0.15540540540540543, 0.25,
                     0.40217391304347827, 0.5, 0.5681818181818182, 0.7661290322580645, 0.8434959349593496,
                     0.9166666666666667, 0.9677045353015494, 0.997527376843365]
THEANO_HARD = [0.0, 0.0, 0.0, 0.15999999999999998, 0.3, 0.44, 0.5, 0.54, 0.72, 0.8380000000000001, 1.0, 1.0, 1.0]


def test_sigmoid_approximations_match_theano() -> None:
    x = T.dvector()
    ufs, hard = theano.function([x], [nnet.ultra_fast_sigmoid(x), nnet.hard_sigmoid(x)])(POINTS)
    np.testing.assert_allclose(ufs, THEANO_ULTRA_FAST, rtol=1e-12)
    np.testing.assert_allclose(hard, THEANO_HARD, rtol=1e-12, atol=1e-15)


def _np_softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_h_softmax_matches_numpy() -> None:
    batch, n_in, n_classes, per_class, n_outputs = 4, 5, 3, 4, 10
    x, w1, b1, w2, b2 = T.dmatrix(), T.dmatrix(), T.dvector(), T.dtensor3(), T.dmatrix()
    y = T.lvector()
    vals = [RNG.randn(batch, n_in), RNG.randn(n_in, n_classes), RNG.randn(n_classes),
            RNG.randn(n_classes, n_in, per_class), RNG.randn(n_classes, per_class)]
    targets = np.array([0, 9, 5, 3])
    full = nnet.h_softmax(x, batch, n_outputs, n_classes, per_class, w1, b1, w2, b2)
    picked = nnet.h_softmax(x, batch, n_outputs, n_classes, per_class, w1, b1, w2, b2, target=y)
    got_full, got_picked = theano.function([x, w1, b1, w2, b2, y], [full, picked])(*vals, targets)
    xv, w1v, b1v, w2v, b2v = vals
    class_p = _np_softmax(xv @ w1v + b1v)
    out_p = _np_softmax(np.einsum("bi,cio->bco", xv, w2v) + b2v)
    want = (class_p[:, :, None] * out_p).reshape(batch, -1)[:, :n_outputs]
    np.testing.assert_allclose(got_full, want, rtol=1e-12)
    np.testing.assert_allclose(got_picked, want[np.arange(batch), targets], rtol=1e-12)
    assert got_full.shape == (batch, n_outputs)


def test_confusion_matrix() -> None:
    a, p = T.ivector(), T.ivector()
    conf, order = theano.function([a, p], nnet.confusion_matrix(a, p))([0, 1, 2, 2, 5], [0, 2, 2, 5, 1])
    np.testing.assert_array_equal(order, [0, 1, 2, 5])
    np.testing.assert_array_equal(conf, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1], [0, 1, 0, 0]])
    assert conf.dtype == "int64"
    with pytest.raises(ValueError):
        nnet.confusion_matrix(T.imatrix(), p)


def test_prepend_ops() -> None:
    m, v = T.dmatrix(), T.dscalar()
    mv = RNG.rand(2, 3)
    r0, r1, rv = theano.function([m, v], [nnet.prepend_0_to_each_row(m), nnet.prepend_1_to_each_row(m),
                                          nnet.prepend_scalar_to_each_row(v, m)])(mv, 4.0)
    np.testing.assert_array_equal(r0, np.hstack([np.zeros((2, 1)), mv]))
    np.testing.assert_array_equal(r1, np.hstack([np.ones((2, 1)), mv]))
    np.testing.assert_array_equal(rv, np.hstack([np.full((2, 1), 4.0), mv]))
    assert str(nnet.prepend_1_to_each_row) == "Prepend_scalar_constant_to_each_row{1.0}"
    with pytest.raises(TypeError):
        nnet.prepend_0_to_each_row(T.dvector())
    verify_grad(lambda val, mat: nnet.prepend_scalar_to_each_row(val, mat), [np.asarray(2.0), mv], rng=RNG)


def test_crossentropy_to_crossentropy_with_softmax() -> None:
    from theano.gof import FunctionGraph

    x, y = T.dmatrix(), T.lvector()
    nll = nnet.crossentropy_categorical_1hot(nnet.softmax(x), y)
    fg = FunctionGraph([x, y], [nll], clone=False)
    nnet.crossentropy_to_crossentropy_with_softmax(fg)
    assert [type(n.op).__name__ for n in fg.toposort()].count("CrossentropySoftmaxArgmax1HotWithBias") == 1
    xv, yv = RNG.randn(3, 4), np.array([0, 3, 1])
    got = theano.function([x, y], fg.outputs[0])(xv, yv)
    np.testing.assert_allclose(got, -np.log(_np_softmax(xv))[np.arange(3), yv], rtol=1e-12)


def test_graph_merge_softmax_with_crossentropy_softmax() -> None:
    from theano.gof import FunctionGraph

    x, b, y = T.dmatrix(), T.dvector(), T.lvector()
    sm = nnet.softmax_with_bias(x, b)
    nll = nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[0]
    fg = FunctionGraph([x, b, y], [sm, nll], clone=False)
    merged = nnet.graph_merge_softmax_with_crossentropy_softmax(sm.owner, fg)
    assert merged is not None and merged[0].owner.op == nnet.crossentropy_softmax_argmax_1hot_with_bias
    assert nnet.graph_merge_softmax_with_crossentropy_softmax(nll.owner, fg) is None


def test_module_paths() -> None:
    import theano.sandbox.softsign as old_softsign
    import theano.tensor.nnet.nnet as nnet_module
    import theano.tensor.nnet.sigm as sigm

    assert old_softsign.softsign is nnet.softsign is nnet_module.softsign
    assert sigm.ultra_fast_sigmoid is nnet.ultra_fast_sigmoid
    assert isinstance(nnet.scalar_softsign, nnet_module.ScalarSoftsign)
    assert nnet_module.h_softmax is nnet.h_softmax and nnet.bn.batch_normalization is nnet.batch_normalization
