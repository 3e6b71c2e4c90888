"""theano.tensor.nnet.bn: batch normalisation against numpy, running averages, gradients, Theano's graph shape."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor.nnet import bn

RNG = np.random.RandomState(42)


@pytest.mark.parametrize("mode", ["low_mem", "high_mem"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_batch_normalization_formula(mode, dtype) -> None:
    x, g, b, m, s = T.matrix(dtype=dtype), *(T.vector(dtype=dtype) for _ in range(4))
    vals = [RNG.rand(4, 3).astype(dtype)] + [(1 + RNG.rand(3)).astype(dtype) for _ in range(4)]
    out = bn.batch_normalization(x, g, b, m, s, mode=mode)
    assert out.dtype == dtype
    got = theano.function([x, g, b, m, s], out)(*vals)
    xv, gv, bv, mv, sv = vals
    np.testing.assert_allclose(got, (xv - mv) / sv * gv + bv, rtol=1e-5 if dtype == "float32" else 1e-12)
    with pytest.raises(ValueError):
        bn.batch_normalization(x, g, b, m, s, mode="other")


@pytest.mark.parametrize("mode", ["low_mem", "high_mem"])
def test_batch_normalization_gradient(mode) -> None:
    vals = [RNG.rand(4, 3)] + [1 + RNG.rand(3) for _ in range(4)]
    verify_grad(lambda x, g, b, m, s: bn.batch_normalization(x, g, b, m, s, mode=mode), vals, rng=RNG)


def _numpy_train(x, g, b, axes, eps, factor, rm, rv):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    invstd = 1 / np.sqrt(var + eps)
    m = np.prod([x.shape[a] for a in axes])
    return ((x - mean) * g * invstd + b, mean, invstd, rm * (1 - factor) + mean * factor,
            rv * (1 - factor) + m / (m - 1) * var * factor)


@pytest.mark.parametrize("axes,ndim", [("per-activation", 2), ("spatial", 4), ((0, 2), 3), ("per-activation", 4)])
def test_batch_normalization_train_with_running_averages(axes, ndim) -> None:
    x = T.TensorType("float64", (False,) * ndim)("x")
    shape = (5, 3, 4, 2)[:ndim]
    full_axes = {"per-activation": (0,), "spatial": (0,) + tuple(range(2, ndim))}.get(axes, axes)
    param_shape = tuple(1 if i in full_axes else s for i, s in enumerate(shape))
    p = T.TensorType("float64", tuple(d == 1 for d in param_shape))
    g, b, rm, rv = p("g"), p("b"), p("rm"), p("rv")
    outs = bn.batch_normalization_train(x, g, b, axes, 5e-3, 0.3, rm, rv)
    assert len(outs) == 5
    vals = [RNG.rand(*shape)] + [RNG.rand(*param_shape) + 0.5 for _ in range(4)]
    got = theano.function([x, g, b, rm, rv], list(outs))(*vals)
    want = _numpy_train(vals[0], vals[1], vals[2], full_axes, 5e-3, 0.3, vals[3], vals[4])
    for gv, wv in zip(got, want):
        np.testing.assert_allclose(gv, wv, rtol=1e-10)
    test_out = bn.batch_normalization_test(x, g, b, rm, rv, axes, 5e-3)
    got = theano.function([x, g, b, rm, rv], test_out)(*vals)
    np.testing.assert_allclose(got, (vals[0] - vals[3]) * vals[1] / np.sqrt(vals[4] + 5e-3) + vals[2], rtol=1e-10)


def test_parameters_without_the_normalised_axes() -> None:
    """gamma/beta of ndim - len(axes) dimensions are broadcast, and the statistics come back in that layout."""
    x, g, b = T.dtensor4("x"), T.dvector("g"), T.dvector("b")
    out, mean, invstd = bn.batch_normalization_train(x, g, b, "spatial")
    assert mean.ndim == 1 and invstd.ndim == 1
    xv, gv, bv = RNG.rand(2, 3, 2, 2), RNG.rand(3), RNG.rand(3)
    o, m, s = theano.function([x, g, b], [out, mean, invstd])(xv, gv, bv)
    np.testing.assert_allclose(m, xv.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(s, 1 / np.sqrt(xv.var(axis=(0, 2, 3)) + 1e-4))


def test_running_averages_as_shared_updates() -> None:
    x = T.dmatrix("x")
    g, b = theano.shared(np.ones(3)), theano.shared(np.zeros(3))
    rm, rv = theano.shared(np.zeros(3)), theano.shared(np.ones(3))
    out, _, _, new_rm, new_rv = bn.batch_normalization_train(x, g, b, running_mean=rm, running_var=rv)
    f = theano.function([x], out, updates=[(rm, new_rm), (rv, new_rv)])
    xv = RNG.rand(6, 3)
    f(xv)
    np.testing.assert_allclose(rm.get_value(), 0.1 * xv.mean(0))
    np.testing.assert_allclose(rv.get_value(), 0.9 + 0.1 * xv.var(0, ddof=1))


def test_errors() -> None:
    x, v = T.dmatrix(), T.dvector()
    with pytest.raises(ValueError):
        bn.batch_normalization_train(x, v, v, epsilon=1e-6)
    with pytest.raises(ValueError):
        bn.batch_normalization_train(x, v, v, axes=(2,))
    with pytest.raises(ValueError):
        bn.batch_normalization_train(x, v, v, running_mean=v)
    with pytest.raises(ValueError):
        bn.batch_normalization_train(x, T.dmatrix(), v)
    with pytest.raises(ValueError):
        bn.batch_normalization_test(x, v, v, v, T.dmatrix())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("axes", ["per-activation", "spatial"])
def test_train_and_test_gradients(dtype, axes) -> None:
    # its own generator: the values must not depend on which tests ran before in this process (under xdist the
    # order varies, and some draws make float32 finite differences of 1/std too coarse for the tolerance)
    rng = np.random.RandomState(1234)
    vals = [rng.rand(4, 2, 3).astype(dtype), (0.5 + rng.rand(2)).astype(dtype), rng.rand(2).astype(dtype)]
    if axes == "per-activation":
        vals[1:] = [(0.5 + rng.rand(2, 3)).astype(dtype), rng.rand(2, 3).astype(dtype)]

    def train(x, g, b):
        out, mean, invstd = bn.batch_normalization_train(x, g, b, axes)
        return out * 1.3 + (mean.sum() + invstd.sum())  # the statistics are differentiable too
    stats = [rng.rand(*vals[1].shape).astype(dtype), (0.5 + rng.rand(*vals[1].shape)).astype(dtype)]
    if dtype == "float32":
        # verify_grad's float32 finite differences are too coarse for its tolerance on some draws (and the inference
        # gradient is float64 as in Theano): the float32 gradients must match the float64 ones, which verify_grad checks
        def grads(values: list) -> list:
            xs = [T.TensorType(v.dtype, (False,) * v.ndim)() for v in values]
            weights = np.linspace(-1.0, 1.0, values[0].size).reshape(values[0].shape).astype(values[0].dtype)
            cost = (train(*xs[:3]) * weights).sum() + (bn.batch_normalization_test(*xs, axes=axes) * weights).sum()
            return theano.function(xs, T.grad(cost, xs))(*values)
        for g32, g64 in zip(grads(vals + stats), grads([v.astype("float64") for v in vals + stats])):
            # (the inference gradient of x is float64, as in Theano 1.0.5: its float64 epsilon upcasts it)
            np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-4)
        return
    verify_grad(train, vals, rng=rng)
    verify_grad(lambda x, g, b, m, v: bn.batch_normalization_test(x, g, b, m, v, axes), vals + stats, rng=rng)


def test_second_order_gradient() -> None:
    vals = [RNG.rand(5, 3), 0.5 + RNG.rand(3), RNG.rand(3), RNG.rand(5, 3)]

    def grad_of_train(x, g, b, dy):
        out = bn.batch_normalization_train(x, g, b)[0]
        return T.concatenate([t.flatten() for t in T.grad(None, [x, g, b], known_grads={out: dy})])
    verify_grad(grad_of_train, vals, rng=RNG)


def test_compiled_graph_holds_no_abstract_op() -> None:
    x, g, b, dy = T.dmatrix(), T.dvector(), T.dvector(), T.dmatrix()
    out, mean, invstd = bn.batch_normalization_train(x, g, b)
    grads = T.grad(None, [x, g, b], known_grads={out: dy})
    test_out = bn.batch_normalization_test(x, g, b, g, g)
    f = theano.function([x, g, b, dy], [out, mean, invstd, test_out] + grads)
    ops = {type(n.op) for n in f.maker.fgraph.toposort()}
    assert not ops & {bn.AbstractBatchNormTrain, bn.AbstractBatchNormInference, bn.AbstractBatchNormTrainGrad}
    # without the rewrite the ops lower through the same decomposition
    slow = theano.function([x, g, b, dy], [out] + grads, mode=theano.Mode(optimizer=None))
    vals = [RNG.rand(4, 3), RNG.rand(3) + 0.5, RNG.rand(3), RNG.rand(4, 3)]
    for a, c in zip(slow(*vals), f(*vals)[:1] + f(*vals)[4:]):
        np.testing.assert_allclose(a, c, rtol=1e-10)
