"""theano.tensor.nnet: softmax family, cross-entropies, activations, and a small MLP trained with SGD.

Types, printed names and error messages are Theano 1.0.5's (baked); values are compared with numpy;
gradients with central finite differences along random directions; shapes through each op's infer_shape.
"""
import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
import theano.tensor.nnet as nnet
from theano.frontend.ops import nnet as nnet_ops

from helpers import check_grad, check_infer_shape

RNG = np.random.RandomState(4321)


def np_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def np_logsoftmax(x):
    d = x - x.max(axis=1, keepdims=True)
    return d - np.log(np.exp(d).sum(axis=1, keepdims=True))


# ---------------------------------------------------------------------------------- names, types, errors

def test_printed_names_match_theano():
    names = {
        nnet.softmax_op: "Softmax", nnet.softmax_grad: "SoftmaxGrad", nnet.logsoftmax_op: "LogSoftmax",
        nnet.softmax_with_bias: "SoftmaxWithBias", nnet.crossentropy_categorical_1hot: "CrossentropyCategorical1Hot",
        nnet.crossentropy_categorical_1hot_grad: "CrossentropyCategorical1HotGrad",
        nnet.crossentropy_softmax_argmax_1hot_with_bias: "CrossentropySoftmaxArgmax1HotWithBias",
        nnet.crossentropy_softmax_1hot_with_bias_dx: "CrossentropySoftmax1HotWithBiasDx", nnet.softsign: "softsign",
    }
    for op, name in names.items():
        assert str(op) == name
    assert nnet.Softmax() == nnet.softmax_op and hash(nnet.Softmax()) == hash(nnet.softmax_op)


def test_types_match_theano():
    x = T.fmatrix()
    cases = [
        (nnet.softmax(x), "TensorType(float32, matrix)"),
        (nnet.logsoftmax(x), "TensorType(float32, matrix)"),
        (nnet.categorical_crossentropy(nnet.softmax(x), T.lvector()), "TensorType(float32, vector)"),
        (nnet.categorical_crossentropy(nnet.softmax(x), T.fmatrix()), "TensorType(float32, vector)"),
        (nnet.binary_crossentropy(T.fvector(), T.fvector()), "TensorType(float32, vector)"),
        (nnet.binary_crossentropy(T.fvector(), T.dvector()), "TensorType(float64, vector)"),
        (nnet.relu(T.fmatrix()), "TensorType(float32, matrix)"),
        (nnet.relu(T.fmatrix(), 0.1), "TensorType(float64, matrix)"),
        (nnet.relu(T.imatrix()), "TensorType(float64, matrix)"),
        (nnet.softmax_grad(T.fvector(), T.fvector()), "TensorType(float32, row)"),
        (nnet.softmax_grad(T.dmatrix(), T.fmatrix()), "TensorType(float32, matrix)"),
        (nnet.softmax_with_bias(T.fmatrix(), T.dvector()), "TensorType(float32, matrix)"),
        (nnet.softsign(T.fvector()), "TensorType(float32, vector)"),
        (nnet.softsign(T.ivector()), "TensorType(float64, vector)"),
    ]
    for var, expected in cases:
        assert str(var.type) == expected
    outs = nnet.crossentropy_softmax_argmax_1hot_with_bias(x, T.fvector(), T.ivector())
    assert [str(o.type) for o in outs] == ["TensorType(float32, vector)", "TensorType(float32, matrix)",
                                           "TensorType(int32, vector)"]
    assert str(nnet.categorical_crossentropy(nnet.softmax(x), T.lvector()).owner.op) == "CrossentropyCategorical1Hot"


def test_softmax_of_vector_pads_to_row_with_theano_warning():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        s = nnet.softmax(T.vector())
    assert str(s.type) == "TensorType(float64, row)"
    assert any(issubclass(x.category, UserWarning) and str(x.message).startswith(
        "DEPRECATION: If x is a vector, Softmax will not automatically pad x anymore") for x in w)
    v = T.vector("v")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = theano.function([v], nnet.softmax(v))(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(out, np_softmax(np.array([[1.0, 2.0, 3.0]])), rtol=1e-12)


def test_errors_match_theano():
    with pytest.raises(ValueError, match=r"x must be 1-d or 2-d tensor of floats. Got TensorType\(int32, matrix\)"):
        nnet.softmax(T.imatrix())
    with pytest.raises(ValueError, match=r"x must be 1-d or 2-d tensor of floats. Got TensorType\(float64, 3D\)"):
        nnet.logsoftmax(T.tensor3())
    with pytest.raises(TypeError, match=r"integer vector required for argument: true_one_of_n\(got type: "
                                        r"TensorType\(int8, vector\) instead of: TensorType\(int64, vector\)\)"):
        nnet.categorical_crossentropy(nnet.softmax(T.fmatrix()), T.bvector())
    with pytest.raises(TypeError, match="rank mismatch between coding and true distributions"):
        nnet.categorical_crossentropy(nnet.softmax(T.fmatrix()), T.tensor3())
    with pytest.raises(ValueError, match="dy must be 1-d or 2-d tensor of floats"):
        nnet.softmax_grad(T.imatrix(), T.fmatrix())
    with pytest.raises(ValueError, match="b must be 1-d tensor of floats"):
        nnet.softmax_with_bias(T.fmatrix(), T.fmatrix())
    with pytest.raises(ValueError, match=r"y_idx must be 1-d tensor of \[u\]ints"):
        nnet.crossentropy_softmax_argmax_1hot_with_bias(T.fmatrix(), T.fvector(), T.fvector())


def test_facade_exports_theano_names():
    for name in ["softmax", "logsoftmax", "relu", "elu", "selu", "softsign", "categorical_crossentropy",
                 "binary_crossentropy", "sigmoid_binary_crossentropy", "crossentropy_softmax_1hot",
                 "crossentropy_softmax_1hot_with_bias", "crossentropy_softmax_argmax_1hot_with_bias",
                 "crossentropy_softmax_1hot_with_bias_dx", "crossentropy_categorical_1hot", "softmax_graph",
                 "Softmax", "SoftmaxGrad", "LogSoftmax", "SoftmaxWithBias", "CrossentropyCategorical1Hot",
                 "CrossentropyCategorical1HotGrad", "CrossentropySoftmaxArgmax1HotWithBias",
                 "CrossentropySoftmax1HotWithBiasDx"]:
        assert getattr(nnet, name) is getattr(nnet_ops, name)


@pytest.mark.parametrize("name,ttype", [("sigmoid", "TensorType(float32, vector)"),
                                        ("softplus", "TensorType(float32, vector)"),
                                        ("ultra_fast_sigmoid", "TensorType(float32, vector)"),
                                        ("hard_sigmoid", "TensorType(float32, vector)")])
def test_elementwise_activations_reexported(name, ttype):
    fn = getattr(nnet, name)  # rows of the elementwise table
    assert fn is nnet_ops.__dict__[name]
    assert str(fn(T.fvector()).type) == ttype
    x = T.fvector("x")
    X = np.linspace(-6, 6, 13).astype("float32")
    out = theano.function([x], fn(x))(X)
    reference = {"sigmoid": 1 / (1 + np.exp(-X.astype("float64"))), "softplus": np.log1p(np.exp(X.astype("float64"))),
                 "hard_sigmoid": np.clip(0.2 * X + 0.5, 0, 1)}
    if name in reference:
        np.testing.assert_allclose(out, reference[name], rtol=1e-5, atol=1e-6)
    else:  # ultra_fast_sigmoid is a piecewise approximation
        np.testing.assert_allclose(out, 1 / (1 + np.exp(-X.astype("float64"))), atol=0.03)


# ---------------------------------------------------------------------------------------------- values

def test_softmax_family_values_and_stability():
    x, b = T.matrix("x"), T.vector("b")
    fx = T.fmatrix("fx")
    X = RNG.randn(5, 7) * 1000  # naive exp overflows
    B = RNG.randn(7)
    FX = (RNG.randn(4, 3) * 100).astype("float32")
    f = theano.function([x, b, fx], [nnet.softmax(x), nnet.logsoftmax(x), nnet.softmax_with_bias(x, b),
                                     nnet.softmax(fx), nnet.logsoftmax(fx)])
    sm, lsm, smb, fsm, flsm = f(X, B, FX)
    for out in (sm, lsm, smb, fsm, flsm):
        assert np.all(np.isfinite(out))
    np.testing.assert_allclose(sm.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(sm, np_softmax(X), rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(lsm, np_logsoftmax(X), rtol=1e-12)
    np.testing.assert_allclose(smb, np_softmax(X + B), rtol=1e-10, atol=1e-300)
    assert fsm.dtype == np.float32 and flsm.dtype == np.float32
    np.testing.assert_allclose(fsm, np_softmax(FX.astype("float64")), rtol=1e-5, atol=1e-30)
    np.testing.assert_allclose(fsm.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(flsm, np_logsoftmax(FX.astype("float64")), rtol=1e-5, atol=1e-4)


def test_crossentropy_ops_values_and_stability():
    x, b, y, c = T.matrix("x"), T.vector("b"), T.lvector("y"), T.matrix("c")
    X = RNG.randn(4, 5) * 1000
    B = RNG.randn(5)
    Y = np.array([0, 4, 2, 1])
    C = np_softmax(RNG.randn(4, 5))
    nll, sm, am = nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)
    dx = nnet.crossentropy_softmax_1hot_with_bias_dx(T.vector("dy"), c, y)
    dy = dx.owner.inputs[0]
    f = theano.function([x, b, y, c, dy], [nll, sm, am, dx, nnet.categorical_crossentropy(c, y),
                                           nnet.crossentropy_categorical_1hot_grad(dy, c, y),
                                           nnet.categorical_crossentropy(c, np.eye(5)[Y])])
    DY = RNG.randn(4)
    r = f(X, B, Y, C, DY)
    rows = np.arange(4)
    np.testing.assert_allclose(r[0], -np_logsoftmax(X + B)[rows, Y], rtol=1e-12)
    assert np.all(np.isfinite(r[0]))
    np.testing.assert_allclose(r[1], np_softmax(X + B), rtol=1e-10, atol=1e-300)
    np.testing.assert_array_equal(r[2], np.argmax(X + B, axis=1))
    assert r[2].dtype == np.int64
    onehot = np.eye(5)[Y]
    np.testing.assert_allclose(r[3], DY[:, None] * (C - onehot), rtol=1e-12)
    np.testing.assert_allclose(r[4], -np.log(C[rows, Y]), rtol=1e-12)
    expected_grad = np.zeros_like(C)
    expected_grad[rows, Y] = -DY / C[rows, Y]
    np.testing.assert_allclose(r[5], expected_grad, rtol=1e-12)
    np.testing.assert_allclose(r[6], -np.log(C[rows, Y]), rtol=1e-12)


def test_out_of_range_target_raises_numpys_index_error():
    """CrossentropyCategorical1Hot's perform indexes coding[i, y[i]]: numpy's IndexError, never a NaN or garbage
    (the labels are computed in the graph, so the compiled program checks them)."""
    c, y = T.matrix("c"), T.lvector("y")
    f = theano.function([c, y], nnet.categorical_crossentropy(c, y * 1))
    C = np_softmax(RNG.randn(2, 3))
    with pytest.raises(IndexError, match="index 7 is out of bounds for axis 1 with size 3"):
        f(C, np.array([1, 7]))
    out = f(C, np.array([1, -1]))  # negative labels wrap, as numpy's indexing
    np.testing.assert_allclose(out, -np.log([C[0, 1], C[1, 2]]))


@pytest.mark.parametrize("labels", [[1, 7], [0, -1]])
def test_fused_crossentropy_ops_raise_theanos_value_error_for_bad_labels(labels):
    """CrossentropySoftmaxArgmax1HotWithBias and its Dx check labels on the host, as Theano's C code did."""
    x, b, y, dy = T.matrix("x"), T.vector("b"), T.lvector("y"), T.vector("dy")
    f = theano.function([x, b, y], nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[0])
    g = theano.function([dy, x, y], nnet.crossentropy_softmax_1hot_with_bias_dx(dy, x, y))
    C = np_softmax(RNG.randn(2, 3))
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        f(C, np.zeros(3), np.array(labels))
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        g(np.ones(2), C, np.array(labels))
    assert np.all(np.isfinite(f(C, np.zeros(3), np.array([0, 2]))))


def test_crossentropy_softmax_1hot():
    x, y = T.matrix("x"), T.lvector("y")
    X, Y = RNG.randn(3, 4), np.array([3, 0, 1])
    nll, sm = nnet.crossentropy_softmax_1hot(x, y)
    assert str(nll.owner.op) == "CrossentropySoftmaxArgmax1HotWithBias"
    r = theano.function([x, y], [nll, sm])(X, Y)
    np.testing.assert_allclose(r[0], -np_logsoftmax(X)[np.arange(3), Y], rtol=1e-12)
    np.testing.assert_allclose(r[1], np_softmax(X), rtol=1e-12)


def test_activation_values():
    x = T.matrix("x")
    X = RNG.randn(3, 4) * 3
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    f = theano.function([x], [nnet.relu(x), nnet.relu(x, 0.1), nnet.elu(x), nnet.elu(x, 0.5), nnet.selu(x),
                              nnet.softsign(x)])
    r = f(X)
    np.testing.assert_allclose(r[0], np.maximum(X, 0), rtol=1e-12)
    np.testing.assert_allclose(r[1], np.where(X > 0, X, 0.1 * X), rtol=1e-12)
    np.testing.assert_allclose(r[2], np.where(X > 0, X, np.expm1(X)), rtol=1e-12)
    np.testing.assert_allclose(r[3], np.where(X > 0, X, 0.5 * np.expm1(X)), rtol=1e-12)
    np.testing.assert_allclose(r[4], scale * np.where(X > 0, X, alpha * np.expm1(X)), rtol=1e-12)
    np.testing.assert_allclose(r[5], X / (1 + np.abs(X)), rtol=1e-12)


def test_binary_crossentropies_values():
    o, t = T.vector("o"), T.vector("t")
    O = RNG.randn(6) * 5
    P = 1 / (1 + np.exp(-O))
    Tt = RNG.rand(6)
    r = theano.function([o, t], [nnet.binary_crossentropy(o, t), nnet.sigmoid_binary_crossentropy(o, t)])(P, Tt)
    expected = -(Tt * np.log(P) + (1 - Tt) * np.log(1 - P))
    np.testing.assert_allclose(r[0], expected, rtol=1e-10)
    r2 = theano.function([o, t], nnet.sigmoid_binary_crossentropy(o, t))(O, Tt)
    np.testing.assert_allclose(r2, expected, rtol=1e-8)


# ------------------------------------------------------------------------------------------ gradients

def test_softmax_grad_finite_differences():
    check_grad(nnet.softmax, np_softmax, [RNG.randn(3, 5)])


def test_logsoftmax_grad_finite_differences():
    check_grad(nnet.logsoftmax, np_logsoftmax, [RNG.randn(3, 5)])
    x = T.matrix("x")
    assert str(T.grad(T.sum(nnet.logsoftmax(x)), x).owner.op) == "Elemwise{sub,no_inplace}"


def test_softmax_with_bias_grad_finite_differences():
    check_grad(nnet.softmax_with_bias, lambda x, b: np_softmax(x + b), [RNG.randn(3, 5), RNG.randn(5)])


def test_softmax_grad_op_second_order_finite_differences():
    sm = np_softmax(RNG.randn(3, 4))

    def ref(dy, s):
        p = dy * s
        return p - p.sum(axis=1, keepdims=True) * s
    check_grad(nnet.softmax_grad, ref, [RNG.randn(3, 4), sm])


def test_categorical_crossentropy_int_targets_grad():
    Y = np.array([2, 0, 3])
    y = theano.shared(Y)
    check_grad(lambda x: nnet.categorical_crossentropy(nnet.softmax(x), y),
               lambda x: -np_logsoftmax(x)[np.arange(3), Y], [RNG.randn(3, 4)])
    x = T.matrix("x")
    g = T.grad(T.sum(nnet.categorical_crossentropy(nnet.softmax(x), y)), x)
    assert str(g.owner.op) == "SoftmaxGrad"
    assert str(g.owner.inputs[0].owner.op) == "CrossentropyCategorical1HotGrad"


def test_categorical_crossentropy_onehot_targets_grad():
    Y = np.eye(4)[[1, 3, 0]] * 0.7 + 0.1
    check_grad(lambda x, t: nnet.categorical_crossentropy(nnet.softmax(x), t),
               lambda x, t: -(t * np_logsoftmax(x)).sum(axis=1), [RNG.randn(3, 4), Y])


def test_crossentropy_softmax_argmax_grad():
    Y = np.array([1, 3, 0])
    y = theano.shared(Y)
    check_grad(lambda x, b: nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[0],
               lambda x, b: -np_logsoftmax(x + b)[np.arange(3), Y], [RNG.randn(3, 4), RNG.randn(4)])
    # nll and softmax both used
    check_grad(lambda x, b: nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[0].dimshuffle(0, "x")
               * nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[1],
               lambda x, b: -np_logsoftmax(x + b)[np.arange(3), Y][:, None] * np_softmax(x + b),
               [RNG.randn(3, 4), RNG.randn(4)])
    x, b = T.matrix("x"), T.vector("b")
    g = T.grad(T.sum(nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[0]), x)
    assert str(g.owner.op) == "CrossentropySoftmax1HotWithBiasDx"


def test_crossentropy_dx_second_order():
    Y = np.array([1, 3, 0])
    y = theano.shared(Y)
    sm = np_softmax(RNG.randn(3, 4))
    check_grad(lambda dy, s: nnet.crossentropy_softmax_1hot_with_bias_dx(dy, s, y),
               lambda dy, s: dy[:, None] * (s - np.eye(4)[Y]), [RNG.randn(3), sm])


def test_binary_crossentropy_grad():
    P = 1 / (1 + np.exp(-RNG.randn(5)))
    Tt = RNG.rand(5)
    check_grad(nnet.binary_crossentropy, lambda o, t: -(t * np.log(o) + (1 - t) * np.log(1 - o)), [P, Tt])
    check_grad(nnet.sigmoid_binary_crossentropy,
               lambda o, t: np.logaddexp(0, -np.abs(o)) + o * ((o > 0) - t), [RNG.randn(5) * 3, Tt])


def test_activation_grads():
    X = RNG.randn(3, 4) + 0.05  # keep away from the kink at 0
    X[np.abs(X) < 0.05] = 0.3
    check_grad(nnet.relu, lambda x: np.maximum(x, 0), [X])
    check_grad(lambda x: nnet.relu(x, 0.2), lambda x: np.where(x > 0, x, 0.2 * x), [X])
    check_grad(nnet.elu, lambda x: np.where(x > 0, x, np.expm1(x)), [X])
    check_grad(nnet.softsign, lambda x: x / (1 + np.abs(x)), [X])


def test_softmax_r_op():
    x, v = T.matrix("x"), T.matrix("v")
    sm = nnet.softmax(x)
    rop, = sm.owner.op.R_op([x], [v])
    lrop, = nnet.logsoftmax(x).owner.op.R_op([x], [v])
    X, V = RNG.randn(2, 3), RNG.randn(2, 3)
    r = theano.function([x, v], [rop, lrop])(X, V)
    eps = 1e-6
    np.testing.assert_allclose(r[0], (np_softmax(X + eps * V) - np_softmax(X - eps * V)) / (2 * eps), rtol=1e-6)
    np.testing.assert_allclose(r[1], (np_logsoftmax(X + eps * V) - np_logsoftmax(X - eps * V)) / (2 * eps), rtol=1e-6)


# ------------------------------------------------------------------------------------------- infer_shape

def test_infer_shape_of_nnet_ops():
    x, b, y, dy, c = T.matrix("x"), T.vector("b"), T.lvector("y"), T.vector("dy"), T.matrix("c")
    X, B, Y, DY, C = RNG.randn(3, 4), RNG.randn(4), np.array([0, 1, 3]), RNG.randn(3), np_softmax(RNG.randn(3, 4))
    syms, vals = [x, b, y, dy, c], [X, B, Y, DY, C]
    outs = [nnet.softmax(x), nnet.logsoftmax(x), nnet.softmax_with_bias(x, b), nnet.softmax_grad(c, x),
            nnet.crossentropy_softmax_1hot_with_bias_dx(dy, c, y), nnet.categorical_crossentropy(c, y),
            nnet.crossentropy_categorical_1hot_grad(dy, c, y)]
    outs += nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, y)
    for out in outs:
        check_infer_shape(out, syms, vals)


# ------------------------------------------------------------------------------------------ training

def _train_mlp(nll_of):
    """784-512-10 tanh + softmax MLP on one random minibatch: a few SGD steps with shared weights."""
    rng = np.random.RandomState(0)
    n_in, n_hid, n_out, n = 784, 512, 10, 64
    data = rng.rand(n, n_in)
    labels = rng.randint(0, n_out, n)
    W1 = theano.shared(rng.uniform(-np.sqrt(6.0 / (n_in + n_hid)), np.sqrt(6.0 / (n_in + n_hid)), (n_in, n_hid)),
                       name="W1")
    b1 = theano.shared(np.zeros(n_hid), name="b1")
    W2 = theano.shared(np.zeros((n_hid, n_out)), name="W2")
    b2 = theano.shared(np.zeros(n_out), name="b2")
    x, y = T.matrix("x"), T.lvector("y")
    hidden = T.tanh(T.dot(x, W1) + b1)
    p = nnet.softmax(T.dot(hidden, W2) + b2)
    loss = nll_of(p, y)
    params = [W1, b1, W2, b2]
    grads = T.grad(loss, params)
    train = theano.function([x, y], loss, updates=[(w, w - 0.1 * g) for w, g in zip(params, grads)])
    losses = [float(train(data, labels)) for _ in range(6)]
    assert abs(losses[0] - np.log(10)) < 1e-9  # zero output weights: uniform prediction
    assert all(b < a for a, b in zip(losses, losses[1:])), losses
    assert losses[-1] < losses[0] - 0.05
    assert W1.get_value().shape == (n_in, n_hid) and not np.allclose(W2.get_value(), 0)


def test_mlp_trains_with_categorical_crossentropy():
    _train_mlp(lambda p, y: T.mean(nnet.categorical_crossentropy(p, y)))


def test_mlp_trains_with_advanced_indexing_nll():
    _train_mlp(lambda p, y: -T.mean(T.log(p)[T.arange(y.shape[0]), y]))
