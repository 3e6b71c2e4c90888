"""Theano 1.0.5 pickles of conv ops from its C back-end (CorrMM, the legacy ConvOp) and AbstractConv2d load as our
conv ops and compute scipy's correlations (golden/theano_pickles/make_conv_pickles.py; the oracle, without a C
compiler, can pickle these graphs but not run them)."""
import os
import pickle

import numpy as np
import pytest
from scipy.signal import correlate2d

import theano

HERE = os.path.join(os.path.dirname(__file__), "golden", "theano_pickles")


def corr(x, w, mode="valid", flip=False, pad=(0, 0), stride=(1, 1)):
    """Batched multi-channel 2-D correlation (convolution when `flip`), numpy-style."""
    x = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    if flip:
        w = w[:, :, ::-1, ::-1]
    out = np.array([[sum(correlate2d(x[b, c], w[o, c], mode) for c in range(x.shape[1])) for o in range(w.shape[0])]
                    for b in range(x.shape[0])])
    return out[:, :, ::stride[0], ::stride[1]]


@pytest.mark.parametrize("proto", [2, 5])
def test_conv_ops_load_and_compute(proto):
    with open(os.path.join(HERE, "conv_ops_p%d.pkl" % proto), "rb") as fh:
        ins, outs = pickle.load(fh, encoding="latin1")
    assert [type(o.owner.op).__name__ for o in outs] == ["CorrMM", "CorrMM", "ConvOp", "ConvOp", "AbstractConv2d"]
    rng = np.random.RandomState(0)
    x, w = rng.rand(2, 3, 7, 6), rng.rand(4, 3, 3, 3)
    got = theano.function(ins, outs)(x, w)
    want = [corr(x, w), corr(x, w, pad=(1, 1), stride=(2, 1)), corr(x, w, "full", flip=True),
            corr(x, w, flip=True, stride=(1, 2)), corr(x, w, flip=True, pad=(1, 1))]
    for k, (g, e) in enumerate(zip(got, want)):
        assert g.shape == e.shape, (k, g.shape, e.shape)
        np.testing.assert_allclose(g, e, rtol=1e-10, err_msg="output %d" % k)
    # the loaded ops differentiate (their gradients are our conv ops'; as in Theano 1.0.5, not the legacy ConvOp's
    # 'valid' one with a stride, outs[3])
    cost = sum(o.sum() for k, o in enumerate(outs) if k != 3)
    gx = theano.function(ins, theano.grad(cost, ins[0]))(x, w)
    assert gx.shape == x.shape
