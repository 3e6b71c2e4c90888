"""Convolutions (tensor/nnet/abstract_conv.py, nnet/conv.py, signal/conv.py) against a direct numpy reference
(tests/lowering/conv_reference.py: loops over output windows), in float32 and float64, with verify_grad."""
from __future__ import annotations

import inspect
import os
import sys

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor.nnet import abstract_conv as AC

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lowering"))
import conv_reference as R  # noqa: E402  (tests/lowering/conv_reference.py)

RNG = np.random.RandomState(1234)


def _rand(*shape, dtype="float64"):
    return RNG.uniform(-1, 1, size=shape).astype(dtype)


def _tol(dtype):
    return dict(rtol=1e-4, atol=1e-4) if dtype == "float32" else dict(rtol=1e-10, atol=1e-10)


CASES_2D = [
    # (image shape, filter shape, kwargs)
    ((2, 3, 7, 6), (4, 3, 3, 2), dict()),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(border_mode="full")),
    ((2, 3, 7, 6), (4, 3, 3, 3), dict(border_mode="half")),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(border_mode=1)),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(border_mode=(2, 1))),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(border_mode=((1, 2), (0, 3)))),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(subsample=(2, 3))),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(border_mode="full", subsample=(2, 2))),
    ((2, 3, 9, 8), (4, 3, 3, 2), dict(filter_dilation=(2, 3))),
    ((2, 3, 9, 8), (4, 3, 3, 2), dict(border_mode="half", filter_dilation=(2, 2), subsample=(2, 1))),
    ((2, 3, 7, 6), (4, 3, 3, 2), dict(filter_flip=False)),
    ((2, 4, 7, 6), (6, 2, 3, 2), dict(num_groups=2)),
    ((2, 4, 7, 6), (8, 1, 3, 2), dict(num_groups=4, border_mode="half")),
    ((2, 3, 6, 5), (4, 5, 3, 3, 2, 3), dict(unshared=True)),
    ((2, 4, 6, 5), (4, 3, 3, 2, 3, 2), dict(unshared=True, num_groups=2, border_mode=1, subsample=(2, 2))),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("ishape,kshape,kw", CASES_2D)
def test_conv2d_matches_the_numpy_reference(ishape, kshape, kw, dtype):
    x, w = T.tensor4("x", dtype=dtype), T.TensorType(dtype, (False,) * len(kshape))("w")
    y = T.nnet.conv2d(x, w, **kw)
    assert y.dtype == dtype and y.broadcastable == (False,) * 4
    xv, wv = _rand(*ishape, dtype=dtype), _rand(*kshape, dtype=dtype)
    f = theano.function([x, w], [y, y.shape])
    got, shape = f(xv, wv)
    want = R.forward(xv.astype("float64"), wv.astype("float64"), **kw)
    assert got.dtype == dtype and got.shape == want.shape and tuple(shape) == want.shape
    np.testing.assert_allclose(got, want, **_tol(dtype))


@pytest.mark.parametrize("ishape,kshape,kw", CASES_2D)
def test_conv2d_gradients_match_the_numpy_adjoints(ishape, kshape, kw):
    x, w = T.dtensor4("x"), T.TensorType("float64", (False,) * len(kshape))("w")
    y = T.nnet.conv2d(x, w, **kw)
    xv, wv = _rand(*ishape), _rand(*kshape)
    top = _rand(*R.forward(xv, wv, **kw).shape)
    gx, gw = theano.grad((y * top).sum(), [x, w])
    assert isinstance(gx.owner.op, AC.AbstractConv2d_gradInputs) or gx.owner.inputs
    gxv, gwv = theano.function([x, w], [gx, gw])(xv, wv)
    np.testing.assert_allclose(gxv, R.grad_inputs(wv, top, ishape[2:], **kw), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(gwv, R.grad_weights(xv, top, kshape[-2:], **kw), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("ishape,kshape,kw", CASES_2D)
def test_host_implementations_match_the_reference(ishape, kshape, kw):
    """The numpy host_impl of each op (used by the host shape program and constant folding)."""
    xv, wv = _rand(*ishape), _rand(*kshape)
    want = R.forward(xv, wv, **kw)
    top = _rand(*want.shape)
    x, w, t = T.dtensor4(), T.TensorType("float64", (False,) * len(kshape))(), T.dtensor4()
    fwd = T.nnet.conv2d(x, w, **kw).owner
    np.testing.assert_allclose(fwd.op.host_impl(fwd, xv, wv), want, rtol=1e-10)
    gi = AC.conv2d_grad_wrt_inputs(t, w, ishape, kshape, **kw).owner
    got = gi.op.host_impl(gi, wv, top, np.array(ishape[2:]))
    np.testing.assert_allclose(got, R.grad_inputs(wv, top, ishape[2:], **kw), rtol=1e-10, atol=1e-12)
    gw = AC.conv2d_grad_wrt_weights(x, t, kshape, ishape, **kw).owner
    got = gw.op.host_impl(gw, xv, top, np.array(kshape[-2:]))
    np.testing.assert_allclose(got, R.grad_weights(xv, top, kshape[-2:], **kw), rtol=1e-10, atol=1e-12)


def test_stacked_convolutions_train_with_shared_parameters():
    """The gradient ops' spatial shapes come from shape arithmetic on other layers (computed by the host shape
    program); a two-layer training step compiles once and updates the shared filters."""
    rng = np.random.RandomState(0)
    x = T.dtensor4("x")
    w1 = theano.shared(rng.uniform(-1, 1, (4, 1, 3, 3)))
    w2 = theano.shared(rng.uniform(-1, 1, (3, 4, 3, 3)))
    y = T.nnet.conv2d(T.tanh(T.nnet.conv2d(x, w1, border_mode="half")), w2, border_mode="half", subsample=(2, 2))
    cost = (y ** 2).sum()
    g1, g2 = T.grad(cost, [w1, w2])
    f = theano.function([x], cost, updates=[(w1, w1 - 0.001 * g1), (w2, w2 - 0.001 * g2)])
    xv = rng.uniform(-1, 1, (5, 1, 8, 7))
    w1v, w2v = w1.get_value(), w2.get_value()
    h = np.tanh(R.forward(xv, w1v, border_mode="half"))
    top = 2 * R.forward(h, w2v, border_mode="half", subsample=(2, 2))
    want_g2 = R.grad_weights(h, top, (3, 3), border_mode="half", subsample=(2, 2))
    want_g1 = R.grad_weights(xv, R.grad_inputs(w2v, top, (8, 7), border_mode="half", subsample=(2, 2)) * (1 - h ** 2),
                             (3, 3), border_mode="half")
    c0 = f(xv)
    np.testing.assert_allclose(c0, (R.forward(h, w2v, border_mode="half", subsample=(2, 2)) ** 2).sum(), rtol=1e-10)
    np.testing.assert_allclose(w2.get_value(), w2v - 0.001 * want_g2, rtol=1e-10)
    np.testing.assert_allclose(w1.get_value(), w1v - 0.001 * want_g1, rtol=1e-10)
    assert f(xv) < c0


def test_the_gradient_of_a_convolution_is_its_gradweights_and_gradinputs_ops():
    x, w = T.dtensor4("x"), T.dtensor4("w")
    y = T.nnet.conv2d(x, w, border_mode="half", subsample=(2, 1))
    gx, gw = theano.grad(y.sum(), [x, w])
    kinds = {type(v.owner.op) for v in theano.gof.graph.ancestors([gx, gw]) if v.owner is not None}
    assert AC.AbstractConv2d_gradInputs in kinds and AC.AbstractConv2d_gradWeights in kinds


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kw", [dict(), dict(border_mode="full", subsample=(2, 2)),
                                dict(border_mode="half", filter_dilation=(2, 1)), dict(num_groups=2),
                                dict(border_mode=((1, 0), 2), filter_flip=False)])
def test_conv2d_verify_grad(kw, dtype):
    xv, wv = _rand(2, 4, 6, 5, dtype=dtype), _rand(4, 4 // kw.get("num_groups", 1), 3, 2, dtype=dtype)
    verify_grad(lambda x, w: T.nnet.conv2d(x, w, **kw), [xv, wv], rng=RNG)


def test_unshared_conv2d_verify_grad():
    verify_grad(lambda x, w: T.nnet.conv2d(x, w, unshared=True, border_mode=1), [_rand(2, 2, 4, 4),
                                                                                 _rand(3, 4, 4, 2, 3, 3)], rng=RNG)


@pytest.mark.parametrize("kw", [dict(), dict(border_mode="half", subsample=(2, 1))])
def test_second_order_gradients_verify_grad(kw):
    """gradInputs and gradWeights are differentiable (their grads are the other two ops)."""
    ishape, kshape = (2, 3, 5, 6), (2, 3, 3, 2)
    top = _rand(*R.forward(_rand(*ishape), _rand(*kshape), **kw).shape)
    verify_grad(lambda w, t: AC.conv2d_grad_wrt_inputs(t, w, ishape, **kw), [_rand(*kshape), top], rng=RNG)
    verify_grad(lambda x, t: AC.conv2d_grad_wrt_weights(x, t, kshape, **kw), [_rand(*ishape), top], rng=RNG)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kw", [dict(), dict(border_mode="full"), dict(border_mode="half", subsample=(2, 1, 2)),
                                dict(border_mode=(1, 0, 2), filter_dilation=(2, 1, 1)), dict(num_groups=2)])
def test_conv3d_matches_the_numpy_reference(kw, dtype):
    x, w = T.tensor5("x", dtype=dtype), T.tensor5("w", dtype=dtype)
    y = AC.conv3d(x, w, **kw)
    xv, wv = _rand(2, 4, 5, 6, 4, dtype=dtype), _rand(3 if not kw.get("num_groups") else 4,
                                                      4 // kw.get("num_groups", 1), 2, 3, 2, dtype=dtype)
    got = theano.function([x, w], y)(xv, wv)
    np.testing.assert_allclose(got, R.forward(xv.astype("float64"), wv.astype("float64"), **kw), **_tol(dtype))
    if dtype == "float64":
        verify_grad(lambda a, b: AC.conv3d(a, b, **kw), [xv, wv], rng=RNG)


def test_conv3d_grad_functions_match_the_reference():
    xv, wv = _rand(2, 2, 5, 4, 4), _rand(3, 2, 2, 3, 2)
    top = _rand(*R.forward(xv, wv, border_mode="half").shape)
    t, w, x = T.tensor5("t"), T.tensor5("w"), T.tensor5("x")
    gi = AC.conv3d_grad_wrt_inputs(t, w, (2, 2, 5, 4, 4), border_mode="half")
    gw = AC.conv3d_grad_wrt_weights(x, t, (3, 2, 2, 3, 2), border_mode="half")
    giv, gwv = theano.function([t, w, x], [gi, gw])(top, wv, xv)
    np.testing.assert_allclose(giv, R.grad_inputs(wv, top, (5, 4, 4), border_mode="half"), rtol=1e-10)
    np.testing.assert_allclose(gwv, R.grad_weights(xv, top, (2, 3, 2), border_mode="half"), rtol=1e-10)


def test_abstract_ops_built_directly_with_symbolic_shapes():
    """Users build AbstractConv2d_gradInputs/gradWeights themselves with a symbolic spatial shape."""
    w, t, x = T.dtensor4("w"), T.dtensor4("t"), T.dtensor4("x")
    rows = T.lscalar("rows")
    op = AC.AbstractConv2d_gradInputs(border_mode="valid", subsample=(2, 2))
    out = op(w, t, T.stack([rows, T.constant(7, dtype="int64")]))
    wv, tv = _rand(3, 2, 3, 3), _rand(2, 3, 3, 3)
    f = theano.function([w, t, rows], out)
    for r in (7, 8):  # subsample 2: both image heights give a 3-row output
        np.testing.assert_allclose(f(wv, tv, r), R.grad_inputs(wv, tv, (r, 7), subsample=(2, 2)), rtol=1e-10)
    opw = AC.AbstractConv2d_gradWeights(imshp=(2, 2, 8, 7), kshp=(3, 2, 3, 3), subsample=(2, 2))
    xv = _rand(2, 2, 8, 7)
    got = theano.function([x, t], opw(x, t, [3, 3]))(xv, tv)
    np.testing.assert_allclose(got, R.grad_weights(xv, tv, (3, 3), subsample=(2, 2)), rtol=1e-10)


def test_conv2d_transpose_is_the_gradient_of_conv2d():
    x, w = T.dtensor4("x"), T.dtensor4("w")
    xv, wv = _rand(2, 3, 4, 4), _rand(3, 5, 3, 3)  # (input channels, output channels, rows, cols)
    y = AC.conv2d_transpose(x, w, output_shape=(2, 5, 9, 9), input_dilation=(2, 2))
    got = theano.function([x, w], y)(xv, wv)
    np.testing.assert_allclose(got, R.grad_inputs(wv, xv, (9, 9), subsample=(2, 2)), rtol=1e-10)


def test_separable_conv2d():
    x, dw, pw = T.dtensor4("x"), T.dtensor4("dw"), T.dtensor4("pw")
    xv, dwv, pwv = _rand(2, 3, 6, 6), _rand(6, 1, 3, 3), _rand(4, 6, 1, 1)
    got = theano.function([x, dw, pw], AC.separable_conv2d(x, dw, pw, 3, border_mode="half"))(xv, dwv, pwv)
    want = R.forward(R.forward(xv, dwv, border_mode="half", num_groups=3), pwv)
    np.testing.assert_allclose(got, want, rtol=1e-10)


def test_causal_conv1d_sees_only_the_past():
    x, w = T.dtensor3("x"), T.dtensor3("w")
    xv, wv = _rand(2, 3, 10), _rand(4, 3, 3)
    got = theano.function([x, w], AC.causal_conv1d(x, w, (4, 3, 3), filter_dilation=2))(xv, wv)
    want = R.forward(xv[..., None], wv[..., None], border_mode=((4, 0), 0), filter_dilation=(2, 1))[..., 0]
    assert got.shape == (2, 4, 10)
    np.testing.assert_allclose(got, want, rtol=1e-10)


def _upsampled_two_by_two(two_by_two, ratio):
    """Bilinear upsampling of a 2x2 image as Theano defines it (edges repeated, an extra last row/column for even
    ratios), written from the interpolation weights 0..ratio."""
    kern = np.arange(ratio + 1)
    up = two_by_two[:, :, :, :1] * kern[::-1] + two_by_two[:, :, :, 1:] * kern
    up = up[:, :, :1, :] * kern[::-1][:, None] + up[:, :, 1:, :] * kern[:, None]
    extra = (ratio - 1) // 2
    up = np.pad(up, [(0, 0), (0, 0), (extra, extra + (ratio % 2 == 0)), (extra, extra + (ratio % 2 == 0))], mode="edge")
    return up / float(ratio) ** 2


@pytest.mark.parametrize("use_1d", [True, False])
@pytest.mark.parametrize("ratio", [2, 3, 4, 5])
def test_bilinear_upsampling(use_1d, ratio):
    img = np.array([[[[1, 2], [3, 4]]]], dtype=theano.config.floatX)
    x = T.tensor4("x", dtype=theano.config.floatX)
    out = theano.function([x], AC.bilinear_upsampling(x, ratio, use_1D_kernel=use_1d))(img)
    np.testing.assert_allclose(out, _upsampled_two_by_two(img, ratio), rtol=1e-6)
    big = np.tile(img, (2, 3, 1, 1))
    out = theano.function([x], AC.bilinear_upsampling(x, ratio, batch_size=2, num_input_channels=3,
                                                      use_1D_kernel=use_1d))(big)
    np.testing.assert_allclose(out, _upsampled_two_by_two(big, ratio), rtol=1e-6)


def test_fractional_bilinear_upsampling_as_theano():
    """Theano 1.0.5's own expected values (test_abstract_conv.py) for ratios 7/4 by 5/3."""
    img = np.arange(1, 13, dtype=theano.config.floatX).reshape(1, 3, 2, 2)
    out = theano.function([], AC.bilinear_upsampling(img, frac_ratio=((7, 4), (5, 3)), use_1D_kernel=False))()
    np.testing.assert_allclose(out[0, 0], [[1., 1.2, 1.8, 2.], [1.28571429, 1.48571429, 2.08571429, 2.28571429],
                                           [2.42857143, 2.62857143, 3.22857143, 3.42857143], [3., 3.2, 3.8, 4.]],
                               rtol=1e-6)
    np.testing.assert_allclose(out[0, 2] - out[0, 0], 8.0, rtol=1e-6)
    z = AC.bilinear_upsampling(T.as_tensor_variable(np.zeros((1, 1, 200, 200), theano.config.floatX)),
                               frac_ratio=(24, 20), use_1D_kernel=False)
    assert tuple(theano.function([], z.shape)()) == (1, 1, 240, 240)
    with pytest.raises(ValueError, match="imshp should be None or a tuple of constant int values"):
        AC.AbstractConv2d(imshp=T.lvector())


def test_bilinear_kernels():
    k1 = theano.function([], AC.bilinear_kernel_1D(3))()
    np.testing.assert_allclose(k1, np.array([1, 2, 3, 2, 1]) / 3.0)
    k2 = theano.function([], AC.bilinear_kernel_2D(2, normalize=False))()
    np.testing.assert_allclose(k2, np.outer([1, 2, 1], [1, 2, 1]))


def test_legacy_nnet_conv_conv2d_and_conv_op():
    from theano.tensor.nnet import conv

    x, w = T.dtensor4("x"), T.dtensor4("w")
    xv, wv = _rand(3, 2, 7, 5), _rand(5, 2, 2, 3)
    for mode, sub in (("valid", (1, 1)), ("full", (2, 2))):
        y = conv.conv2d(x, w, (3, 2, 7, 5), (5, 2, 2, 3), border_mode=mode, subsample=sub, unroll_batch=3)
        assert isinstance(y.owner.op, conv.ConvOp)
        got = theano.function([x, w], y)(xv, wv)
        np.testing.assert_allclose(got, R.forward(xv, wv, border_mode=mode, subsample=sub), rtol=1e-10)
        verify_grad(lambda a, b: conv.conv2d(a, b, border_mode=mode, subsample=sub), [xv, wv], rng=RNG)
    y = conv.conv2d(x, w, (3, 2, 7, 5), (5, 2, 2, 3))
    with pytest.raises(ValueError):  # the run-time shape differs from the given image_shape
        theano.function([x, w], y)(_rand(2, 2, 7, 5), wv)


def test_signal_conv2d_on_2d_and_3d_stacks():
    from theano.tensor.signal import conv as sconv

    img, filt = T.dtensor3("img"), T.dmatrix("filt")
    iv, fv = _rand(4, 6, 5), _rand(2, 3)
    out = sconv.conv2d(img, filt)
    got = theano.function([img, filt], out)(iv, fv)
    assert out.ndim == 3 and got.shape == (4, 5, 3)
    np.testing.assert_allclose(got, R.forward(iv[:, None], fv[None, None])[:, 0], rtol=1e-10)
    m = T.dmatrix("m")
    got2 = theano.function([m, filt], sconv.conv2d(m, filt, border_mode="full"))(iv[0], fv)
    np.testing.assert_allclose(got2, R.forward(iv[:1, None], fv[None, None], border_mode="full")[0, 0], rtol=1e-10)


def test_shape_helpers_as_theano():
    assert AC.get_conv_output_shape((2, 3, 7, 6), (4, 3, 3, 2), "valid", (1, 1)) == (2, 4, 5, 5)
    assert AC.get_conv_output_shape((2, 3, 7, 6), (4, 3, 3, 2), "full", (2, 2), (1, 2)) == (2, 4, 5, 4)
    assert AC.get_conv_output_shape((None, 3, 7, 6), (4, 3, 3, 3), "half", (1, 1)) == (None, 4, 7, 6)
    assert AC.get_conv_output_shape((2, 3, 7, 6), (4, 3, 3, 2), ((1, 2), 0), (1, 1)) == (2, 4, 8, 5)
    assert AC.get_conv_shape_1axis(10, 3, "valid", 2, 2) == 3
    assert AC.get_conv_gradinputs_shape((4, 3, 3, 2), (2, 4, 5, 5), "valid", (1, 1)) == (2, 3, 7, 6)
    assert AC.get_conv_gradinputs_shape((4, 3, 3, 2), (2, 4, 5, 5), "valid", (2, 1)) == (2, 3, None, 6)
    assert AC.get_conv_gradweights_shape((2, 3, 7, 6), (2, 4, 5, 5), "valid", (1, 1)) == (4, 3, 3, 2)
    assert AC.check_conv_gradinputs_shape((2, 3, 7, 6), (4, 3, 3, 2), (2, 4, 5, 5), "valid", (1, 1))
    assert not AC.check_conv_gradinputs_shape((2, 3, 7, 6), (4, 3, 3, 2), (2, 4, 6, 5), "valid", (1, 1))
    assert AC.border_mode_to_pad("half", 2, (3, 5)) == ((1, 1), (2, 2))
    assert AC.border_mode_to_pad((1, (2, 3)), 2, (3, 3)) == ((1, 1), (2, 3))
    with pytest.raises(ValueError, match="invalid shape"):
        AC.assert_conv_shape((2, 3, 0, 4))
    s = T.lscalar()
    checked = AC.assert_conv_shape((2, 3, s))[2]  # a symbolic entry is checked at run time, as in Theano
    f = theano.function([s], checked)
    assert f(5) == 5
    with pytest.raises(AssertionError, match=r"invalid shape \(dim\[2\] <= 0\)"):
        f(0)


def test_bad_arguments_raise_theano_errors():
    x, w = T.dtensor4("x"), T.dtensor4("w")
    with pytest.raises(ValueError, match="invalid border_mode"):
        T.nnet.conv2d(x, w, border_mode="same")
    with pytest.raises(ValueError, match="invalid border_mode"):
        T.nnet.conv2d(x, w, border_mode=-1)
    with pytest.raises(ValueError, match="subsample must have 2 elements"):
        T.nnet.conv2d(x, w, subsample=(1, 1, 1))
    with pytest.raises(TypeError, match="img must be 4D tensor"):
        T.nnet.conv2d(T.dmatrix(), w)
    with pytest.raises(TypeError, match="kern must be 4D tensor"):
        T.nnet.conv2d(x, T.dtensor3())
    with pytest.raises(ValueError, match="num_groups must have value greater than zero"):
        T.nnet.conv2d(x, w, num_groups=0)
    with pytest.raises(NotImplementedError):
        AC.AbstractConv3d_gradInputs(border_mode=((1, 2), 0, 0))
    f = theano.function([x, w], T.nnet.conv2d(x, w))
    with pytest.raises(ValueError, match="channels"):
        f(_rand(2, 3, 5, 5), _rand(2, 2, 3, 3))


def test_public_signatures_are_theanos():
    params = list(inspect.signature(T.nnet.conv2d).parameters)
    assert params == ["input", "filters", "input_shape", "filter_shape", "border_mode", "subsample", "filter_flip",
                      "image_shape", "filter_dilation", "num_groups", "unshared"]
    assert list(inspect.signature(AC.conv2d).parameters) == [
        "input", "filters", "input_shape", "filter_shape", "border_mode", "subsample", "filter_flip",
        "filter_dilation", "num_groups", "unshared"]
    assert list(inspect.signature(AC.AbstractConv2d).parameters) == [
        "imshp", "kshp", "border_mode", "subsample", "filter_flip", "filter_dilation", "num_groups", "unshared"]
    with pytest.warns(UserWarning, match="image_shape"):
        T.nnet.conv2d(T.dtensor4(), T.dtensor4(), image_shape=(2, 3, 4, 4))


def test_op_printing_and_equality_follow_props():
    a = AC.AbstractConv2d(border_mode=(1, 1), subsample=(2, 2))
    b = AC.AbstractConv2d(border_mode=1, subsample=[2, 2])
    assert a == b and hash(a) == hash(b)
    assert a != AC.AbstractConv2d(border_mode="valid")
    assert AC.AbstractConv2d(border_mode=(0, (0, 0))).border_mode == "valid"
    assert str(AC.AbstractConv2d()) == (
        "AbstractConv2d{convdim=2, border_mode='valid', subsample=(1, 1), filter_flip=True, imshp=(None, None, None, "
        "None), kshp=(None, None, None, None), filter_dilation=(1, 1), num_groups=1, unshared=False}")


def test_float32_grads_verify_grad_3d():
    verify_grad(lambda a, b: AC.conv3d(a, b, border_mode="half"),
                [_rand(1, 2, 4, 3, 4, dtype="float32"), _rand(2, 2, 3, 2, 3, dtype="float32")], rng=RNG)


def test_rop_of_conv2d():
    x, w, vx, vw = T.dtensor4("x"), T.dtensor4("w"), T.dtensor4("vx"), T.dtensor4("vw")
    y = T.nnet.conv2d(x, w, border_mode="half")
    r = theano.gradient.Rop(y, [x, w], [vx, vw])
    xv, wv, vxv, vwv = _rand(2, 2, 5, 5), _rand(3, 2, 3, 3), _rand(2, 2, 5, 5), _rand(3, 2, 3, 3)
    got = theano.function([x, w, vx, vw], r)(xv, wv, vxv, vwv)
    want = R.forward(vxv, wv, border_mode="half") + R.forward(xv, vwv, border_mode="half")
    np.testing.assert_allclose(got, want, rtol=1e-10)


def test_legacy_nnet_conv_conv2d_warns_deprecated_like_theano():
    import warnings

    import theano.tensor as T
    from theano.tensor.nnet import conv
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        conv.conv2d(T.tensor4(), T.tensor4())
    assert [str(w.message) for w in caught] == [
        "theano.tensor.nnet.conv.conv2d is deprecated. Use theano.tensor.nnet.conv2d instead."]
    assert caught[0].category is UserWarning and caught[0].filename == __file__
