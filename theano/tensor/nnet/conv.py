"""theano.tensor.nnet.conv: Theano's legacy ConvOp and its conv2d (re-exports)."""
from theano.frontend.ops.conv_legacy import ConvOp  # noqa: F401
from theano.frontend.ops.conv_legacy import legacy_conv2d as conv2d  # noqa: F401

# Theano used scipy.signal for its Python implementation; ours lowers to XLA, which is always available.
imported_scipy_signal = True
