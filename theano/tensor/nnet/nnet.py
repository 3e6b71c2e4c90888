"""theano.tensor.nnet.nnet: softmax, cross-entropies and activations (re-exports)."""
from theano.frontend.ops.nnet import (  # noqa: F401
    CrossentropyCategorical1Hot, CrossentropyCategorical1HotGrad, CrossentropySoftmax1HotWithBiasDx,
    CrossentropySoftmaxArgmax1HotWithBias, LogSoftmax, Softmax, SoftmaxGrad, SoftmaxWithBias,
    binary_crossentropy, categorical_crossentropy, crossentropy_categorical_1hot,
    crossentropy_categorical_1hot_grad, crossentropy_softmax_1hot, crossentropy_softmax_1hot_with_bias,
    crossentropy_softmax_1hot_with_bias_dx, crossentropy_softmax_argmax_1hot_with_bias,
    crossentropy_softmax_max_and_argmax_1hot, crossentropy_softmax_max_and_argmax_1hot_with_bias, elu,
    hard_sigmoid, logsoftmax, logsoftmax_op, relu, scalar_sigmoid, scalar_softplus, scalar_softsign, selu, sigmoid,
    sigmoid_binary_crossentropy, softmax, softmax_grad, softmax_graph, softmax_op, softmax_with_bias, softplus,
    softsign, ultra_fast_sigmoid,
)
from theano.frontend.ops.nnet import ScalarSoftsign  # noqa: F401
from theano.frontend.ops.nnet_graphs import (  # noqa: F401
    Prepend_scalar_constant_to_each_row, Prepend_scalar_to_each_row, confusion_matrix,
    crossentropy_to_crossentropy_with_softmax, crossentropy_to_crossentropy_with_softmax_with_bias,
    graph_merge_softmax_with_crossentropy_softmax, h_softmax, prepend_0_to_each_row, prepend_1_to_each_row,
    prepend_scalar_to_each_row,
)
