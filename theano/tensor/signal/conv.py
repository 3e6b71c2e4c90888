"""theano.tensor.signal.conv: 2-D convolution of image stacks with filter stacks (re-exports)."""
from theano.frontend.ops.conv_legacy import signal_conv2d as conv2d  # noqa: F401
