"""theano.tensor.fft / theano.tensor.fourier (values against numpy, shapes, grads) and theano.tensor.utils."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor import fft
from theano.tensor.fourier import Fourier
from theano.tensor.fourier import fft as fourier_fft
from theano.tensor.utils import hash_from_ndarray, shape_of_variables


def _complex(out: np.ndarray) -> np.ndarray:
    return out[..., 0] + 1j * out[..., 1]


@pytest.mark.parametrize("shape", [(2, 16), (1, 15), (3, 6, 5)])
def test_rfft_matches_numpy_and_irfft_inverts(shape: tuple) -> None:
    rng = np.random.RandomState(0)
    x = T.TensorType("float64", (False,) * len(shape))("x")
    spec = fft.rfft(x)
    val = rng.rand(*shape)
    out = theano.function([x], spec)(val)
    assert out.dtype == np.float64
    assert out.shape == shape[:-1] + (shape[-1] // 2 + 1, 2)
    np.testing.assert_allclose(_complex(out), np.fft.rfftn(val, axes=tuple(range(1, len(shape)))), atol=1e-10)
    m = spec.type()
    back = theano.function([m], fft.irfft(m, is_odd=bool(shape[-1] % 2)))(out)
    np.testing.assert_allclose(back, val, atol=1e-10)


def test_norm_modes_float32() -> None:
    rng = np.random.RandomState(1)
    val = rng.rand(1, 8, 8).astype("float32")
    x = T.ftensor3("x")
    ref = np.fft.rfftn(val, axes=(1, 2))
    ortho = theano.function([x], fft.rfft(x, norm="ortho"))(val)
    assert ortho.dtype == np.float32
    np.testing.assert_allclose(_complex(ortho), ref / 8, rtol=1e-4, atol=1e-4)
    plain = theano.function([x], fft.rfft(x, norm="no_norm"))(val)
    np.testing.assert_allclose(_complex(plain), ref, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="Invalid value 123 for norm"):
        fft.rfft(x, norm=123)
    with pytest.raises(ValueError, match="id_odd"):
        fft.irfft(x, is_odd=123)


def test_rfft_irfft_grads() -> None:
    rng = np.random.RandomState(2)
    verify_grad(fft.rfft, [rng.rand(1, 8, 8)], rng=rng)
    verify_grad(lambda a: fft.rfft(a, norm="ortho"), [rng.rand(2, 7)], rng=rng)
    verify_grad(fft.irfft, [rng.rand(1, 8, 5, 2)], rng=rng)


def test_rfft_input_checks() -> None:
    with pytest.raises(TypeError, match="dimension > 2"):
        fft.rfft_op(T.vector())
    with pytest.raises(TypeError, match="dimension >= 3"):
        fft.irfft_op(T.matrix())
    with pytest.raises(TypeError, match="integer"):
        fft.rfft_op(T.matrix(), T.dvector())


def test_fourier_constant_and_symbolic_axis() -> None:
    rng = np.random.RandomState(3)
    a = T.dmatrix()
    val = rng.rand(8, 6)
    f = theano.function([a], fourier_fft(a, 10, 0))
    out = f(val)
    assert out.dtype == np.complex128
    np.testing.assert_allclose(out, np.fft.fft(val, 10, 0))
    b = T.iscalar()
    g = theano.function([a, b], fourier_fft(a, 16, b))
    np.testing.assert_allclose(g(val, 0), np.fft.fft(val, 16, 0))
    np.testing.assert_allclose(g(val, 1), np.fft.fft(val, 16, 1))
    h = theano.function([a, b], fourier_fft(a, None, b))
    np.testing.assert_allclose(h(val, 1), np.fft.fft(val, axis=1))
    assert isinstance(fourier_fft(a, None, None).owner.op, Fourier)
    with pytest.raises(TypeError, match="strictly positive"):
        fourier_fft(a, 0, 0)


def test_hash_from_ndarray() -> None:
    rng = np.random.rand(5, 5)
    datas = [np.asarray(-1), np.zeros((1, 0)), np.zeros((2, 0)), np.arange(25).reshape(5, 5),
             np.arange(25).reshape(5, 5).T, np.zeros((5, 5), "uint32"), np.zeros((5, 5), "int32"), rng, rng[1:]]
    hashes = [hash_from_ndarray(d) for d in datas]
    assert len(set(hashes)) == len(hashes)
    assert hash_from_ndarray(rng[::2]) == hash_from_ndarray(rng[::2].copy())


def test_shape_of_variables() -> None:
    x = T.matrix("x")
    y = T.dot(x, x.T)[1:]
    fgraph = theano.FunctionGraph([x], [y], clone=False)
    shapes = shape_of_variables(fgraph, {x: (5, 3)})
    assert shapes[x] == (5, 3) and shapes[y] == (4, 5)
    fgraph = theano.FunctionGraph([x], [y])
    with pytest.raises(ValueError, match="input_shapes keys"):
        shape_of_variables(fgraph, {x: (5, 3)})
