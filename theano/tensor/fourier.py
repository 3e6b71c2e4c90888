"""theano.tensor.fourier (re-exports)."""
from theano.frontend.ops.fft import Fourier  # noqa: F401
from theano.frontend.ops.fft import fourier_fft as fft  # noqa: F401
