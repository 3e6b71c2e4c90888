"""theano.tensor.nnet.sigm: the sigmoid family (re-exports)."""
from theano.frontend.ops.nnet import (  # noqa: F401
    ScalarSigmoid, ScalarSoftplus, UltraFastScalarSigmoid, hard_sigmoid, scalar_sigmoid, scalar_softplus, sigmoid,
    sigmoid_inplace, softplus, ultra_fast_scalar_sigmoid,
    ultra_fast_sigmoid, ultra_fast_sigmoid_inplace,
)
from theano.passes.sigm_rewrites import (  # noqa: F401
    compute_mul, is_1pexp, is_exp, is_mul, is_neg, parse_mul_tree, partition_num_or_denom, perform_sigm_times_exp,
    register_local_1msigmoid, replace_leaf, simplify_mul,
)

__all__ = ["ScalarSigmoid", "ScalarSoftplus", "UltraFastScalarSigmoid", "hard_sigmoid", "scalar_sigmoid",
           "scalar_softplus", "sigmoid", "sigmoid_inplace", "softplus", "ultra_fast_scalar_sigmoid", "ultra_fast_sigmoid",
           "ultra_fast_sigmoid_inplace", "compute_mul", "is_1pexp", "is_exp", "is_mul", "is_neg", "parse_mul_tree",
           "partition_num_or_denom", "perform_sigm_times_exp", "register_local_1msigmoid", "replace_leaf",
           "simplify_mul"]
