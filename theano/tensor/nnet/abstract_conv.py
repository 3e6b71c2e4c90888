"""theano.tensor.nnet.abstract_conv: convolution front-ends (re-exports; pending the convolution issue)."""
from theano._pending import pending_class, pending_function

_FEATURE = "convolution"
conv2d = pending_function("theano.tensor.nnet.abstract_conv.conv2d", _FEATURE)
conv3d = pending_function("theano.tensor.nnet.abstract_conv.conv3d", _FEATURE)
conv2d_grad_wrt_inputs = pending_function("theano.tensor.nnet.abstract_conv.conv2d_grad_wrt_inputs", _FEATURE)
conv2d_grad_wrt_weights = pending_function("theano.tensor.nnet.abstract_conv.conv2d_grad_wrt_weights", _FEATURE)
conv2d_transpose = pending_function("theano.tensor.nnet.abstract_conv.conv2d_transpose", _FEATURE)
separable_conv2d = pending_function("theano.tensor.nnet.abstract_conv.separable_conv2d", _FEATURE)
get_conv_output_shape = pending_function("theano.tensor.nnet.abstract_conv.get_conv_output_shape", _FEATURE)
bilinear_upsampling = pending_function("theano.tensor.nnet.abstract_conv.bilinear_upsampling", _FEATURE)
AbstractConv2d = pending_class("theano.tensor.nnet.abstract_conv.AbstractConv2d", _FEATURE)
AbstractConv2d_gradInputs = pending_class("theano.tensor.nnet.abstract_conv.AbstractConv2d_gradInputs", _FEATURE)
AbstractConv2d_gradWeights = pending_class("theano.tensor.nnet.abstract_conv.AbstractConv2d_gradWeights", _FEATURE)
