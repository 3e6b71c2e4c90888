"""theano.tensor.nnet.corr: the CorrMM cross-correlation ops (re-exports)."""
from theano.frontend.ops.conv_corr import CorrMM, CorrMM_gradInputs, CorrMM_gradWeights  # noqa: F401
