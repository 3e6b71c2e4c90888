"""Keras 1.2.2 theano-backend calls for volumes and transposed convolutions, as Keras makes them
(keras/backend/theano_backend.py: conv3d, pool3d, deconv2d, normalize_batch_in_training), values against numpy.
Found while running Keras 1.2.2's layers on our theano (docs/legacy-programs.md); Theano 1.0.5's Python mode has
no conv implementation to compare against, so numpy is the reference."""
import numpy as np
import pytest

import theano
from theano import tensor as T
from theano.tensor.nnet import bn
from theano.tensor.signal import pool


def _conv3d_ref(x, w):
    """True 3-D convolution (kernel flipped, Theano's filter_flip=True), 'valid'."""
    wf = w[:, :, ::-1, ::-1, ::-1]
    kd, kh, kw = w.shape[2:]
    d, h, ww = (x.shape[2] - kd + 1, x.shape[3] - kh + 1, x.shape[4] - kw + 1)
    out = np.zeros((x.shape[0], w.shape[0], d, h, ww))
    for i in range(d):
        for j in range(h):
            for k in range(ww):
                out[:, :, i, j, k] = np.einsum("bcdhw,fcdhw->bf", x[:, :, i:i + kd, j:j + kh, k:k + kw], wf)
    return out


def test_keras_conv3d_tf_ordering_half_and_valid():
    rng = np.random.RandomState(0)
    xv = rng.rand(1, 5, 4, 6, 2).astype("float32")            # tf ordering: (batch, d, h, w, channels)
    wv = rng.rand(3, 3, 3, 2, 4).astype("float32") - 0.5      # tf kernel: (kd, kh, kw, in, out)
    x = T.TensorType("float32", (False,) * 5)("x")
    w = theano.shared(wv)
    xt = x.dimshuffle((0, 4, 1, 2, 3))                        # Keras _preprocess_conv3d_input
    wt = w.dimshuffle((4, 3, 0, 1, 2))                        # Keras _preprocess_conv3d_kernel
    same = T.nnet.conv3d(xt, wt, border_mode="half", subsample=(1, 1, 1), input_shape=None,
                         filter_shape=None, filter_dilation=(1, 1, 1)).dimshuffle((0, 2, 3, 4, 1))
    strided = T.nnet.conv3d(xt, wt, border_mode="valid", subsample=(2, 2, 2)).dimshuffle((0, 2, 3, 4, 1))
    f = theano.function([x], [same, strided], allow_input_downcast=True)
    got_same, got_strided = f(xv)
    xth = xv.transpose(0, 4, 1, 2, 3).astype(float)
    wth = wv.transpose(4, 3, 0, 1, 2).astype(float)
    ref_same = _conv3d_ref(np.pad(xth, ((0, 0), (0, 0), (1, 1), (1, 1), (1, 1))), wth).transpose(0, 2, 3, 4, 1)
    ref_strided = _conv3d_ref(xth, wth)[:, :, ::2, ::2, ::2].transpose(0, 2, 3, 4, 1)
    assert got_same.dtype == np.float32 and got_same.shape == (1, 5, 4, 6, 4)
    np.testing.assert_allclose(got_same, ref_same, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(got_strided, ref_strided, rtol=1e-4, atol=1e-4)


def test_keras_pool3d_max_and_average_exc_pad():
    rng = np.random.RandomState(1)
    xv = rng.rand(1, 2, 5, 4, 6).astype("float32")
    x = T.TensorType("float32", (False,) * 5)("x")
    mx = pool.pool_3d(x, ws=(2, 2, 2), stride=(2, 2, 2), ignore_border=True, pad=(0, 0, 0), mode="max")
    av = pool.pool_3d(x, ws=(3, 3, 3), stride=(2, 2, 2), ignore_border=True, pad=(0, 0, 0), mode="average_exc_pad")
    same = pool.pool_3d(x, ws=(2, 2, 2), stride=(1, 1, 1), ignore_border=True, pad=(1, 1, 1),
                        mode="average_exc_pad")[:, :, :5, :4, :6]   # Keras 'same': pad ws-1, crop to the input
    got_mx, got_av, got_same = theano.function([x], [mx, av, same])(xv)
    np.testing.assert_allclose(got_mx, xv[:, :, :4, :4, :6].reshape(1, 2, 2, 2, 2, 2, 3, 2).max(axis=(3, 5, 7)))
    ref_av = np.zeros((1, 2, 2, 1, 2), "float32")
    for i in range(2):
        for k in range(2):
            ref_av[:, :, i, 0, k] = xv[:, :, 2 * i:2 * i + 3, 0:3, 2 * k:2 * k + 3].mean(axis=(2, 3, 4))
    np.testing.assert_allclose(got_av, ref_av, rtol=1e-5)
    # average_exc_pad: the padded cells do not count; the first output cell sees only xv[..., 0, 0, 0]
    assert got_same.shape == (1, 2, 5, 4, 6)
    np.testing.assert_allclose(got_same[:, :, 0, 0, 0], xv[:, :, 0, 0, 0], rtol=1e-6)
    np.testing.assert_allclose(got_same[:, :, 1, 1, 1], xv[:, :, 0:2, 0:2, 0:2].mean(axis=(2, 3, 4)), rtol=1e-5)


@pytest.mark.parametrize("stride,out_size,pad,border", [((1, 1), 6, 0, "valid"), ((1, 1), 4, 1, "half"),
                                                        ((2, 2), 9, 0, "valid")])
def test_keras_deconv2d_is_conv_grad_inputs(stride, out_size, pad, border):
    """Keras' Deconvolution2D: AbstractConv2d_gradInputs(imshp=output_shape, kshp=...)(kernel, x, output_shape[2:])."""
    rng = np.random.RandomState(2)
    xv = rng.rand(2, 3, 4, 4).astype("float32")
    wv = rng.rand(2, 3, 3, 3).astype("float32")               # Keras W: (nb_filter, stack_size, rows, cols)
    x = T.tensor4("x", dtype="float32")
    kernel = theano.shared(wv).dimshuffle((1, 0, 2, 3))
    output_shape = (2, 2, out_size, out_size)
    op = T.nnet.abstract_conv.AbstractConv2d_gradInputs(imshp=output_shape, kshp=(3, 2, 3, 3), subsample=stride,
                                                        border_mode=border, filter_flip=True)
    got = theano.function([x], op(kernel, x, output_shape[2:]))(xv)
    full = np.zeros((2, 2, out_size + 2 * pad, out_size + 2 * pad))
    wf = wv[:, :, ::-1, ::-1].astype(float)
    for i in range(4):
        for j in range(4):
            full[:, :, i * stride[0]:i * stride[0] + 3, j * stride[1]:j * stride[1] + 3] += \
                np.einsum("bc,fchw->bfhw", xv[:, :, i, j], wf)
    assert got.shape == output_shape and got.dtype == np.float32
    np.testing.assert_allclose(got, full[:, :, pad:pad + out_size, pad:pad + out_size], rtol=1e-4, atol=1e-4)


def test_keras_batchnorm_train_list_axes_and_test_with_reshaped_stats():
    """normalize_batch_in_training: batch_normalization_train(x, gamma, beta, [0, 2, 3]) and inv(stdinv ** 2);
    the layer's inference path: batch_normalization_test with stats reshaped to broadcastable (1, C, 1, 1)."""
    rng = np.random.RandomState(3)
    xv = (rng.rand(6, 3, 4, 4) * 4 + 1).astype("float32")
    x = T.tensor4("x", dtype="float32")
    gamma = theano.shared(rng.rand(3).astype("float32") + 0.5)
    beta = theano.shared(rng.rand(3).astype("float32"))
    normed, mean, stdinv = bn.batch_normalization_train(x, gamma, beta, [0, 2, 3], 1e-3)
    var = T.inv(stdinv ** 2)
    stat = (1, 3, 1, 1)
    tested = bn.batch_normalization_test(x, T.reshape(gamma, stat), T.reshape(beta, stat), T.reshape(mean, stat),
                                         T.reshape(var, stat), [0, 2, 3], 1e-3)
    got_n, got_m, got_v, got_t = theano.function([x], [normed, mean, var, tested])(xv)
    m = xv.mean(axis=(0, 2, 3))
    v = xv.var(axis=(0, 2, 3))
    ref = ((xv - m.reshape(stat)) / np.sqrt(v.reshape(stat) + 1e-3) * gamma.get_value().reshape(stat)
           + beta.get_value().reshape(stat))
    np.testing.assert_allclose(got_m, m, rtol=1e-5)
    np.testing.assert_allclose(got_v, v + 1e-3, rtol=1e-4)     # inv(stdinv**2) = var + epsilon, as in Theano
    np.testing.assert_allclose(got_n, ref, rtol=1e-4, atol=1e-5)
    ref_t = ((xv - m.reshape(stat)) / np.sqrt(v.reshape(stat) + 2e-3) * gamma.get_value().reshape(stat)
             + beta.get_value().reshape(stat))                   # Keras' stored var already holds one epsilon
    np.testing.assert_allclose(got_t, ref_t, rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="invalid axes"):   # Theano 1.0.5 refuses a py3 range (Keras passes one)
        bn.batch_normalization_test(x, gamma, beta, mean, var, range(0, 1))
