"""theano.tensor.nnet.opt: Theano's convolution rewrites, none of which has a counterpart here, and the block-sparse
inplace rewrites (passes/blocksparse_rewrites.py).

Theano replaced its abstract convolution ops by C implementations (CorrMM, Corr3dMM and their gradients, the
legacy ConvOp); `local_abstractconv_check` raised when no implementation took an abstract op. Here the abstract
convolution ops are lowered to XLA's convolution directly (lowering/rules/conv.py), so there is nothing to rewrite:
each of those names raises an AttributeError that says so (rather than a rewrite that would silently do nothing).
`local_inplace_sparse_block_gemv` / `_outer` swap in the ops' inplace=True variants, as Theano's graphs show them.
"""
from __future__ import annotations

from theano.passes.blocksparse_rewrites import RULES as _BLOCKSPARSE_RULES

local_inplace_sparse_block_gemv, local_inplace_sparse_block_outer = _BLOCKSPARSE_RULES

_TO_C = ("rewrites an abstract convolution into Theano's C implementation ({}); here the abstract op is lowered "
         "to XLA's convolution directly (lowering/rules/conv.py), so theano-xla has no such rewrite")
NO_COUNTERPART = {
    "local_abstractconv_gemm": _TO_C.format("CorrMM"),
    "local_abstractconv3d_gemm": _TO_C.format("Corr3dMM"),
    "local_abstractconv_gradweight_gemm": _TO_C.format("CorrMM_gradWeights"),
    "local_abstractconv3d_gradweight_gemm": _TO_C.format("Corr3dMM_gradWeights"),
    "local_abstractconv_gradinputs_gemm": _TO_C.format("CorrMM_gradInputs"),
    "local_abstractconv3d_gradinputs_gemm": _TO_C.format("Corr3dMM_gradInputs"),
    "local_conv2d_cpu": _TO_C.format("the legacy ConvOp"),
    "local_conv2d_gradweight_cpu": _TO_C.format("the legacy ConvOp"),
    "local_conv2d_gradinputs_cpu": _TO_C.format("the legacy ConvOp"),
    "local_abstractconv_check": ("raised when no C or GPU implementation had replaced an abstract convolution; "
                                 "here every abstract convolution lowers to XLA, so there is nothing to check"),
    "conv_groupopt": ("was the optimizer database of the convolution implementations (register a rewrite into "
                      "theano.compile.optdb or with theano.tensor.opt.register_specialize instead)"),
}


def __getattr__(name: str) -> object:
    if name in NO_COUNTERPART:
        raise AttributeError(f"theano.tensor.nnet.opt.{name} is not available in theano-xla: in Theano it "
                             f"{NO_COUNTERPART[name]}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
