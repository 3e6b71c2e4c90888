"""stabilize and specialize: each rule gives the expected op, the same numbers on ordinary inputs, and finite
numbers on extreme inputs where the unrewritten graph overflows."""
import numpy as np

import theano
import theano.tensor as T
from theano.tensor import nnet

from rewrite_helpers import NO_REWRITES, compare_modes, op_names, rewrite

RNG = np.random.RandomState(7)
IGNORED = {"DimShuffle", "DeepCopyOp"}


def _naive_and_rewritten(inputs, outputs, values):
    fast = theano.function(inputs, outputs)(*values)
    with np.errstate(all="ignore"):
        naive = theano.function(inputs, outputs, mode=NO_REWRITES)(*values)
    return naive, fast


def test_elementwise_stabilizations():
    x = T.dvector("x")
    cases = [
        (T.log(1 + T.exp(x)), {"softplus"}),
        (T.log1p(T.exp(x)), {"softplus"}),
        (T.log(nnet.sigmoid(x)), {"neg", "softplus"}),  # -softplus(-x)
        (T.log(1 - nnet.sigmoid(x)), {"neg", "softplus"}),  # -softplus(x)
        (1 - nnet.sigmoid(x), {"neg", "sigmoid"}),  # sigmoid(-x)
        (T.exp(x) / (1 + T.exp(x)), {"sigmoid"}),
        (1 / (1 + T.exp(-x)), {"sigmoid"}),
        (T.log(1 + x * x), {"log1p", "sqr"}),  # (x * x -> sqr(x) in specialize)
        (T.log(1 - x * x), {"log1p", "neg", "sqr"}),
        (T.exp(x) - 1, {"expm1"}),
    ]
    outs = [c[0] for c in cases]
    fg = rewrite([x], outs)
    for k, ((_, ops), out) in enumerate(zip(cases, fg.outputs)):
        assert op_names(out) - IGNORED == ops, (k, op_names(out))
    compare_modes([x], outs, [np.linspace(-0.9, 0.9, 7)], rtol=1e-12)


def test_elementwise_stabilizations_on_extreme_inputs():
    x = T.dvector("x")
    outs = [T.log(1 + T.exp(x)), T.log(nnet.sigmoid(x)), T.log(1 - nnet.sigmoid(x)), T.log(1 + x), T.exp(x) - 1]
    big = np.array([800.0, -800.0, 0.0])
    naive, fast = _naive_and_rewritten([x], outs[:3], [big])
    np.testing.assert_allclose(fast[0], [800.0, 0.0, np.log(2)])  # log(1 + exp(800)) = 800
    np.testing.assert_allclose(fast[1], [0.0, -800.0, -np.log(2)])  # log(sigmoid(-800)) = -800
    np.testing.assert_allclose(fast[2], [-800.0, 0.0, -np.log(2)])
    assert np.isinf(naive[0][0]) and np.isinf(naive[1][1]) and np.isinf(naive[2][0])
    tiny = np.array([1e-20, -1e-18])
    naive, fast = _naive_and_rewritten([x], outs[3:], [tiny])
    np.testing.assert_allclose(fast[0], tiny)  # log1p keeps what log(1 + x) rounds away
    np.testing.assert_allclose(fast[1], tiny)
    assert np.all(naive[0] == 0) and np.all(naive[1] == 0)


def test_softmax_forms_become_the_softmax_op_and_stay_finite():
    m, v = T.dmatrix("m"), T.dvector("v")
    shifted = T.exp(m - m.max(axis=1, keepdims=True))
    outs = [T.exp(m) / T.exp(m).sum(axis=1, keepdims=True),
            shifted / shifted.sum(axis=1, keepdims=True),
            T.exp(v) / T.exp(v).sum(),
            nnet.softmax_graph(m),
            T.log(nnet.softmax(m)),
            T.log(T.sum(T.exp(m), axis=1)),
            T.log(T.sum(T.exp(v)))]
    fg = rewrite([m, v], outs)
    for k in range(4):
        assert op_names(fg.outputs[k]) - IGNORED == {"Softmax"}, (k, op_names(fg.outputs[k]))
    assert op_names(fg.outputs[4]) == {"LogSoftmax"}
    # the max (uncanonicalize makes a max_and_argmax whose argmax is unused a CAReduce{maximum})
    assert "CAReduce" in op_names(fg.outputs[5]) and "CAReduce" in op_names(fg.outputs[6])
    compare_modes([m, v], outs, [RNG.randn(3, 4), RNG.randn(5)], rtol=1e-10)
    big_m = np.array([[1000.0, 1001.0, 999.0], [-1000.0, 0.0, -1001.0]])
    big_v = np.array([1000.0, 1002.0, -1000.0])
    naive, fast = _naive_and_rewritten([m, v], outs, [big_m, big_v])
    for k in (0, 2, 3, 4, 5, 6):
        assert np.all(np.isfinite(fast[k])), k
        assert not np.all(np.isfinite(naive[k])), k
    e = np.exp(big_m - big_m.max(axis=1, keepdims=True))
    np.testing.assert_allclose(fast[0], e / e.sum(axis=1, keepdims=True))
    np.testing.assert_allclose(fast[5], big_m.max(axis=1) + np.log(e.sum(axis=1)))
    np.testing.assert_allclose(fast[6], 1002 + np.log1p(np.exp(-2.0) + np.exp(-2002.0)))


def test_log_sum_exp_of_all_minus_infinity_stays_minus_infinity():
    m = T.dmatrix("m")
    f = theano.function([m], T.log(T.sum(T.exp(m), axis=1)))
    out = f(np.array([[-np.inf, -np.inf], [0.0, 0.0]]))
    assert out[0] == -np.inf and np.isclose(out[1], np.log(2))


def test_specialize():
    x = T.dvector("x")
    s = T.dscalar("s")
    cases = [(x ** 2, {"sqr"}), (x ** 0.5, {"sqrt"}), (x ** -1, {"inv"}), (x ** -2, {"inv", "sqr"}),
             (x ** -0.5, {"inv", "sqrt"}), (1 / x, {"inv"}), (x * x, {"sqr"})]
    outs = [c[0] for c in cases] + [T.sum(s * x), T.sum(x / s), T.sum(-x)]
    fg = rewrite([x, s], outs)
    for k, (_, ops) in enumerate(cases):
        assert op_names(fg.outputs[k]) - IGNORED == ops, (k, op_names(fg.outputs[k]))
    for k in (7, 8):  # the multiplication runs on the (scalar) sum
        node = fg.outputs[k].owner
        assert node.op in (T.mul, T.true_div) and any(type(i.owner.op).__name__ == "Sum" for i in node.inputs
                                                      if i.owner is not None)
    assert fg.outputs[9].owner.op == T.neg
    compare_modes([x, s], outs, [RNG.rand(4) + 0.5, 1.3], rtol=1e-12)


def test_float32_stays_float32():
    x = T.fvector("x")
    outs = [T.log(1 + T.exp(x)), T.log(nnet.sigmoid(x)), x ** 2, T.exp(x) - 1]
    fg = rewrite([x], outs)
    assert all(o.dtype == "float32" for o in fg.outputs)
    compare_modes([x], outs, [np.linspace(-2, 2, 5).astype("float32")], rtol=1e-5)
