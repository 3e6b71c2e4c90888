"""Keras 1.x theano-backend idioms run unchanged: values from Theano 1.0.5 where it can compute them, numpy for conv/pool."""
import numbers
import os
import sys

import numpy as np

import keras_backend_program as program

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lowering'))
import conv_reference  # noqa: E402  (tests/lowering's numpy convolution)

# printed by real Theano 1.0.5 running keras_backend_program.py
EXPECTED = {('rnn', False): ((2, 5), (2, 7, 5), 0.31515896510401686, 5.06687655517464, 'float64'),
 ('rnn_mask', False): (0.7685036784154134, 4.892909762796074),
 ('rnn_grad', False): 18.59893226623535,
 ('rnn', True): ((2, 5), (2, 7, 5), -0.2517136985449, 4.850448072624617, 'float64'),
 ('rnn_mask', True): (-0.2794056331095274, 3.6611065746717393),
 ('rnn_grad', True): 10.008379936218262,
 'cce': 0.9835020356181062,
 'cce_logits': 1.0343458629267233,
 'bce': 0.8838509295103116,
 'bn': ([(4, 3), (3,), (3,)], 11.965956192002915, 'float64'),
 'phase': (15.247152328491211, 22.870729446411133),
 'one_hot': [[[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]], [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]]],
 'repeat': (2, 14, 4),
 'temporal_padding': 27.523134630173445,
 'batch_dot': (97.20699, (2, 7, 7)),
 'batched_dot': 97.20699310302734,
 'dropout': ([0.0, 2.0], 0.5085),
 'set_subtensor': [[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]],
 'arange': ([3, 4, 5], [0, 1, 2, 3, 4, 5, 6]),
 'disconnected_grad': [[0.2098911851644516, 0.3492622971534729, 0.7356881499290466],
                       [0.20905327796936035, 0.906065046787262, 0.3314894139766693],
                       [0.6736586689949036, 0.8259968757629395, 0.6650790572166443],
                       [0.025412973016500473, 0.39551323652267456, 0.15874984860420227]],
 'cumsum': [[0.4581388235092163, 1.0491230487823486, 1.9068456888198853],
            [0.45722344517707825, 1.4090979099273682, 1.9848490953445435],
            [0.8207671046257019, 1.729610800743103, 2.5451345443725586],
            [0.15941447019577026, 0.7883129119873047, 1.1867471933364868]],
 'argmax': [[2], [1], [1], [1]],
 'std': [[0.23438455164432526, 0.16148695349693298, 0.1862676739692688]],
 'argsort': [[1, 2], [2, 1], [0, 1], [2, 1]],
 'update': ('float32', [-0.04738859459757805, -0.07701501995325089, -0.06618579477071762])}


def _assert_close(got, expected, where):
    if isinstance(expected, (list, tuple)):
        assert len(got) == len(expected), where
        for i, (g, e) in enumerate(zip(got, expected)):
            _assert_close(g, e, '%s[%d]' % (where, i))
    elif isinstance(expected, str) or isinstance(expected, bool):
        assert got == expected, where
    elif isinstance(expected, numbers.Number):
        np.testing.assert_allclose(got, expected, rtol=2e-6, atol=1e-7, err_msg=where)
    else:
        raise AssertionError('unexpected %r at %s' % (expected, where))


def test_keras_backend_idioms_match_theano():
    out = program.run_backend()
    assert list(out) == list(EXPECTED)
    for key, expected in EXPECTED.items():
        _assert_close(out[key], expected, repr(key))


def _pool(x, ws, stride, pad, mode):
    """max / average_exc_pad pooling in numpy, ignore_border=True, as Theano's Pool computes it."""
    xp = np.pad(x, [(0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])], constant_values=np.nan)
    rows = (xp.shape[2] - ws[0]) // stride[0] + 1
    cols = (xp.shape[3] - ws[1]) // stride[1] + 1
    out = np.zeros(x.shape[:2] + (rows, cols))
    for i in range(rows):
        for j in range(cols):
            win = xp[:, :, i * stride[0]:i * stride[0] + ws[0], j * stride[1]:j * stride[1] + ws[1]]
            out[:, :, i, j] = np.nanmax(win, axis=(2, 3)) if mode == 'max' else np.nanmean(win, axis=(2, 3))
    return out


def test_keras_conv2d_and_pool2d_match_numpy():
    out = program.run_conv_pool()
    x, k, k2 = out['xv'], out['kv'], out['k2v']
    for bm, theano_mode in [('valid', 'valid'), ('same', 'half'), ((1, 2), (1, 2))]:
        got = out['conv', bm]
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, conv_reference.forward(x, k, theano_mode), rtol=1e-5, atol=1e-6)
    # 'same' with an even kernel: 'half' pads one more, keras crops to ceil(n / stride)
    want = conv_reference.forward(x, k2, 'half', subsample=(2, 2))[:, :, :3, :3]
    np.testing.assert_allclose(out['conv_even_same_stride2'], want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out['conv_dilated'], conv_reference.forward(x, k, 'valid', filter_dilation=(2, 2)),
                               rtol=1e-5, atol=1e-6)
    for bm, pad in [('valid', (0, 0)), ('same', (1, 1))]:
        for pm in ['max', 'avg']:
            want = _pool(x, (2, 2), (2, 2), pad, pm)[:, :, :3, :3]
            np.testing.assert_allclose(out['pool', bm, pm], want, rtol=1e-6, err_msg=str((bm, pm)))
