"""theano.tensor.nnet.conv3d2d (re-exports): conv3d over (batch, time, channel, row, column) built from conv2d."""
from theano.frontend.ops.conv3d2d import (  # noqa: F401
    DiagonalSubtensor, IncDiagonalSubtensor, conv3d, diagonal_subtensor, get_diagonal_subtensor_view,
    inc_diagonal_subtensor)
