"""theano.tensor.nnet.conv: Theano's legacy ConvOp and its conv2d (re-exports; pending the convolution issue)."""
from theano._pending import pending_class, pending_function

_FEATURE = "convolution"
conv2d = pending_function("theano.tensor.nnet.conv.conv2d", _FEATURE)
ConvOp = pending_class("theano.tensor.nnet.conv.ConvOp", _FEATURE)
