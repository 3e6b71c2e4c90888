"""Two scan cases from Lasagne 0.1's recurrent layers (lasagne/tests/layers/test_recurrent.py): a strict scan whose
non-sequence is an expression of shared variables (the LSTM/GRU's stacked weights), and a recurrent output whose
step shape can only be read from its initial state (CustomRecurrentLayer over convolutions)."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T


def test_strict_scan_accepts_a_non_sequence_computed_from_shared_variables() -> None:
    """Lasagne's LSTM passes W_hid_stacked = concatenate([shared, ...]) with strict=True: the step reads only the
    non-sequence it was given, so the shared variables behind it stay outside the loop (Theano 1.0.5 builds it)."""
    rng = np.random.RandomState(0)
    A = theano.shared(rng.randn(3, 2), name="A")
    Bw = theano.shared(rng.randn(3, 2), name="Bw")
    stacked = T.concatenate([A, Bw], axis=1)  # (3, 4)
    x = T.dmatrix("x")  # (steps, 4)
    h0 = T.zeros((3,))

    def step(x_t, h, W):
        return T.tanh(T.dot(W, x_t) + h)

    hs, _ = theano.scan(step, sequences=x, outputs_info=h0, non_sequences=[stacked], strict=True)
    f = theano.function([x], [hs, T.grad(hs.sum(), A)])
    xv = rng.randn(5, 4)
    W = np.concatenate([A.get_value(), Bw.get_value()], axis=1)
    h, ref = np.zeros(3), []
    for t in range(5):
        h = np.tanh(W @ xv[t] + h)
        ref.append(h)
    out, gA = f(xv)
    np.testing.assert_allclose(out, np.stack(ref), rtol=1e-12)
    assert gA.shape == (3, 2) and np.all(np.isfinite(gA)) and np.abs(gA).sum() > 0


def test_strict_scan_still_rejects_a_shared_variable_read_directly() -> None:
    A = theano.shared(np.ones((3, 3)), name="A")
    x = T.dmatrix("x")
    try:
        theano.scan(lambda x_t, h: T.dot(A, x_t) + h, sequences=x, outputs_info=T.zeros((3,)), strict=True)
    except theano.gof.fg.MissingInputError as err:
        assert "A" in str(err)
    else:
        raise AssertionError("strict=True accepted a shared variable that was not passed as a non-sequence")


def test_recurrent_output_over_convolutions_takes_its_initial_states_shape() -> None:
    """Lasagne's CustomRecurrentLayer with 'same' convolutions on a 4-d hidden state, over a sequence of symbolic
    length: the loop's output shape (a value-dependent scan) comes from the initial state, not from the loop."""
    rng = np.random.RandomState(1)
    Wi = theano.shared(rng.randn(2, 3, 3, 3) * 0.2, name="Wi")  # 3 input channels -> 2 filters
    Wh = theano.shared(rng.randn(2, 2, 3, 3) * 0.2, name="Wh")
    x = T.TensorType("float64", (False,) * 5)("x")  # (steps, batch, channels, width, height)

    def same_conv(v, W, shape):  # Lasagne 0.1's pad='same': a full convolution cropped to the input's size
        full = T.nnet.conv2d(v, W, input_shape=shape, filter_shape=W.get_value().shape, border_mode="full")
        return full[:, :, 1:v.shape[2] + 1, 1:v.shape[3] + 1]

    def step(x_t, h):
        return T.tanh(same_conv(x_t, Wi, (None, 3, 5, 6)) + same_conv(h, Wh, (None, 2, 5, 6)))

    # Lasagne's hid_init: a learned (1, 2, 5, 6) state repeated over the batch by a dot product
    hid_init = theano.shared(np.zeros((1, 2, 5, 6)), name="hid_init")
    h0 = T.dot(T.ones((x.shape[1], 1)), hid_init.dimshuffle(1, 2, 0, 3))
    hs, _ = theano.scan(step, sequences=x, outputs_info=h0)
    f = theano.function([x], hs)
    xv = rng.randn(4, 2, 3, 5, 6)
    out = f(xv)
    assert out.shape == (4, 2, 2, 5, 6)
    # the same recurrence unrolled by hand, without scan
    xt, h = T.TensorType("float64", (False,) * 4)(), T.dtensor4()
    one = theano.function([xt, h], step(xt, h))
    hv, ref = np.zeros((2, 2, 5, 6)), []
    for t in range(4):
        hv = one(xv[t], hv)
        ref.append(hv)
    np.testing.assert_allclose(out, np.stack(ref), rtol=1e-10, atol=1e-12)
    assert f(xv[:2]).shape == (2, 2, 2, 5, 6)
