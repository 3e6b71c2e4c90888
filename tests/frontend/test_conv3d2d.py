"""theano.tensor.nnet.conv3d2d: the diagonal stripe ops against numpy, and conv3d against the true
3-D convolution (scipy.signal) in each border mode, with gradients checked by verify_grad."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor.nnet.conv3d2d import (DiagonalSubtensor, IncDiagonalSubtensor, conv3d, diagonal_subtensor,
                                         get_diagonal_subtensor_view, inc_diagonal_subtensor)


def stripe(x: np.ndarray, i0: int, i1: int) -> np.ndarray:
    """out[a, b] = x[a + n1 - 1 - b, b] over axes (i0, i1), by loops."""
    n0, n1 = x.shape[i0], x.shape[i1]
    y = np.moveaxis(x, (i0, i1), (0, 1))
    out = np.empty((n0 - n1 + 1, n1) + y.shape[2:], x.dtype)
    for a in range(n0 - n1 + 1):
        for b in range(n1):
            out[a, b] = y[a + n1 - 1 - b, b]
    return np.moveaxis(out, (0, 1), (i0, i1))


def test_view_is_the_stripe_and_a_view() -> None:
    x = np.arange(20).reshape(5, 4).astype("float32")
    assert np.array_equal(get_diagonal_subtensor_view(x, 0, 1), [[12, 9, 6, 3], [16, 13, 10, 7]])
    x3 = np.arange(24).reshape(4, 3, 2)
    for i0, i1 in [(0, 1), (0, 2), (1, 2), (2, 1) if x3.shape[2] >= x3.shape[1] else (0, 2)]:
        assert np.array_equal(get_diagonal_subtensor_view(x3, i0, i1), stripe(x3, i0, i1))
    v = get_diagonal_subtensor_view(x, 0, 1)
    v[0, 0] = -1
    assert x[3, 0] == -1  # a view, as Theano's
    with pytest.raises(NotImplementedError):
        get_diagonal_subtensor_view(np.zeros((2, 3)), 0, 1)


@pytest.mark.parametrize("i0,i1", [(1, 3), (3, 1), (0, 2)])
def test_ops_match_numpy_and_their_gradients_hold(i0: int, i1: int) -> None:
    rng = np.random.RandomState(0)
    shape = [3, 5, 2, 4]
    shape[i0], shape[i1] = 6, 3
    xv = rng.randn(*shape)
    x = T.dtensor4("x")
    f = theano.function([x], diagonal_subtensor(x, i0, i1))
    assert np.array_equal(f(xv), stripe(xv, i0, i1))
    amt = rng.randn(*stripe(xv, i0, i1).shape)
    want = xv.copy()
    get_diagonal_subtensor_view(want, i0, i1)[...] += amt
    a = T.dtensor4("a")
    g = theano.function([x, a], inc_diagonal_subtensor(x, i0, i1, a))
    np.testing.assert_allclose(g(xv, amt), want)
    verify_grad(lambda t: diagonal_subtensor(t, i0, i1), [xv], rng=rng)
    verify_grad(lambda t, u: inc_diagonal_subtensor(t, i0, i1, u), [xv, amt], rng=rng)


def test_names_props_and_shapes() -> None:
    assert str(DiagonalSubtensor(True)) == "DiagonalSubtensor{inplace}" and str(diagonal_subtensor) == "DiagonalSubtensor"
    assert str(IncDiagonalSubtensor(False)) == "IncDiagonalSubtensor" and DiagonalSubtensor() == diagonal_subtensor
    x = T.dtensor3("x")
    out = diagonal_subtensor(x, 0, 1)
    assert out.type == x.type
    f = theano.function([x], out.shape)
    assert tuple(f(np.zeros((7, 3, 2)))) == (5, 3, 2)


def scipy_conv3d(signals: np.ndarray, filters: np.ndarray, border_mode: str) -> np.ndarray:
    """The true 3-D convolution of each (signal, filter) pair summed over channels (scipy.signal, direct)."""
    Ns, Ts, C, Hs, Ws = signals.shape
    Nf, Tf, C, Hf, Wf = filters.shape
    full = np.zeros((Ns, Ts + Tf - 1, Nf, Hs + Hf - 1, Ws + Wf - 1))
    for n in range(Ns):
        for k in range(Nf):
            for c in range(C):
                full[n, :, k] += signal.convolve(signals[n, :, c], filters[k, :, c], mode="full", method="direct")
    if border_mode == "full":
        return full
    if border_mode == "valid":
        return full[:, Tf - 1:Ts, :, Hf - 1:Hs, Wf - 1:Ws]
    # half: each axis padded by f // 2 on both sides, so the window of the full result starts at f - 1 - f // 2
    (t, nt), (h, nh), (w, nw) = [(f - 1 - f // 2, s + 2 * (f // 2) - f + 1) for s, f in ((Ts, Tf), (Hs, Hf), (Ws, Wf))]
    return full[:, t:t + nt, :, h:h + nh, w:w + nw]


@pytest.mark.parametrize("border_mode", ["valid", "full", "half"])
@pytest.mark.parametrize("Tf", [1, 2, 3])
def test_conv3d_is_the_true_3d_convolution(border_mode: str, Tf: int) -> None:
    rng = np.random.RandomState(1)
    signals = rng.rand(2, 5, 3, 6, 7)
    filters = rng.rand(4, Tf, 3, 3, 2)  # an even width too
    s, k = T.TensorType("float64", (False,) * 5)("s"), T.TensorType("float64", (False,) * 5)("k")
    f = theano.function([s, k], conv3d(s, k, signals_shape=signals.shape, filters_shape=filters.shape,
                                       border_mode=border_mode))
    got = f(signals, filters)
    np.testing.assert_allclose(got, scipy_conv3d(signals, filters, border_mode), rtol=1e-10, atol=1e-10)
    g = theano.function([s, k], conv3d(s, k, border_mode=border_mode))  # symbolic shapes
    np.testing.assert_allclose(g(signals, filters), got, rtol=1e-10)


def test_conv3d_gradients() -> None:
    rng = np.random.RandomState(2)
    signals = rng.rand(2, 3, 2, 4, 4)
    filters = rng.rand(3, 2, 2, 2, 2)
    for mode in ("valid", "full", "half"):
        verify_grad(lambda s, f: conv3d(s, f, border_mode=mode), [signals, filters], rng=rng)
