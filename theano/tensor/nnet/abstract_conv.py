"""theano.tensor.nnet.abstract_conv: the abstract convolution ops and their front-ends (re-exports)."""
from theano.frontend.ops.conv import (  # noqa: F401
    AbstractConv, AbstractConv2d, AbstractConv2d_gradInputs, AbstractConv2d_gradWeights, AbstractConv3d,
    AbstractConv3d_gradInputs, AbstractConv3d_gradWeights, AbstractConv_gradInputs, AbstractConv_gradWeights,
    BaseAbstractConv, assert_conv_shape, assert_shape, border_mode_to_pad, check_conv_gradinputs_shape,
    get_conv_gradinputs_shape, get_conv_gradinputs_shape_1axis, get_conv_gradweights_shape,
    get_conv_gradweights_shape_1axis, get_conv_output_shape, get_conv_shape_1axis,
)
from theano.frontend.ops.conv_functions import (  # noqa: F401
    bilinear_kernel_1D, bilinear_kernel_2D, bilinear_upsampling, causal_conv1d, conv2d, conv2d_grad_wrt_inputs,
    conv2d_grad_wrt_weights, conv2d_transpose, conv3d, conv3d_grad_wrt_inputs, conv3d_grad_wrt_weights,
    frac_bilinear_upsampling, separable_conv2d, separable_conv3d,
)

# Theano used scipy.signal for its Python implementation; ours lowers to XLA, which is always available.
imported_scipy_signal = True
