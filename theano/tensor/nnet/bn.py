"""theano.tensor.nnet.bn: batch normalisation (re-exports)."""
from theano.frontend.ops.bn import (  # noqa: F401
    AbstractBatchNormInference, AbstractBatchNormTrain, AbstractBatchNormTrainGrad, BNComposite, batch_normalization,
    batch_normalization_test, batch_normalization_train,
)
