"""theano.tensor.nnet: neural-network ops (re-exports)."""
from theano.frontend.ops.nnet import (  # noqa: F401
    CrossentropyCategorical1Hot, CrossentropyCategorical1HotGrad, CrossentropySoftmax1HotWithBiasDx,
    CrossentropySoftmaxArgmax1HotWithBias, LogSoftmax, Softmax, SoftmaxGrad, SoftmaxWithBias,
    binary_crossentropy, categorical_crossentropy, crossentropy_categorical_1hot,
    crossentropy_categorical_1hot_grad, crossentropy_softmax_1hot, crossentropy_softmax_1hot_with_bias,
    crossentropy_softmax_1hot_with_bias_dx, crossentropy_softmax_argmax_1hot_with_bias,
    crossentropy_softmax_max_and_argmax_1hot, crossentropy_softmax_max_and_argmax_1hot_with_bias, elu,
    hard_sigmoid, logsoftmax, logsoftmax_op, relu, scalar_sigmoid, scalar_softplus, scalar_softsign, selu, sigmoid,
    sigmoid_binary_crossentropy, sigmoid_inplace, softmax, softmax_grad, softmax_graph, softmax_op,
    softmax_with_bias, softplus, softsign, ultra_fast_scalar_sigmoid, ultra_fast_sigmoid, ultra_fast_sigmoid_inplace,
)

# --- issue 10: nnet extras, neighbours, batch norm
from theano.tensor.nnet import bn, neighbours, nnet, sigm  # noqa: F401,E402
from theano.tensor.nnet.bn import batch_normalization  # noqa: F401,E402
from theano.tensor.nnet.neighbours import images2neibs, neibs2images  # noqa: F401,E402
from theano.tensor.nnet.nnet import (  # noqa: F401,E402
    Prepend_scalar_constant_to_each_row, Prepend_scalar_to_each_row, confusion_matrix,
    crossentropy_to_crossentropy_with_softmax, crossentropy_to_crossentropy_with_softmax_with_bias,
    graph_merge_softmax_with_crossentropy_softmax, h_softmax, prepend_0_to_each_row, prepend_1_to_each_row,
    prepend_scalar_to_each_row,
)
# --- issue 10: convolution
from theano.frontend.ops.conv_legacy import ConvOp, nnet_conv2d as conv2d  # noqa: F401,E402
from theano.frontend.ops.conv_functions import (  # noqa: F401,E402
    conv2d as abstract_conv2d, conv2d_grad_wrt_inputs, conv2d_transpose, conv3d, separable_conv2d,
)
from theano.tensor.nnet import abstract_conv, conv, corr, corr3d  # noqa: F401,E402
