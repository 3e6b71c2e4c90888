"""theano.tensor.fft (re-exports)."""
from theano.frontend.ops.fft import IRFFTOp, RFFTOp, irfft, irfft_op, rfft, rfft_op  # noqa: F401
from theano.frontend.ops.fft import _unitary  # noqa: F401
