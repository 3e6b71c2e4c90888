"""theano.tensor.nnet.corr3d: the Corr3dMM cross-correlation ops (re-exports)."""
from theano.frontend.ops.conv_corr import Corr3dMM, Corr3dMM_gradInputs, Corr3dMM_gradWeights  # noqa: F401
