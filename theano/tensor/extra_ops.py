"""theano.tensor.extra_ops (re-exports)."""
from theano.frontend.ops.extra_ops import *  # noqa: F401,F403
from theano.frontend.ops.diagonal import diag  # noqa: F401
from theano.frontend.ops.fill_diagonal import (FillDiagonal, FillDiagonalOffset, fill_diagonal,  # noqa: F401
                                               fill_diagonal_, fill_diagonal_offset, fill_diagonal_offset_)
from theano.frontend.ops.index_math import (RavelMultiIndex, SearchsortedOp, UnravelIndex, bincount,  # noqa: F401
                                            compress, ravel_multi_index, searchsorted, squeeze, to_one_hot,
                                            unravel_index)
from theano.frontend.ops.sequences import (Bartlett, CpuContiguous, DiffOp, bartlett, bartlett_,  # noqa: F401
                                           cpu_contiguous, diff)
from theano.frontend.ops.unique import Unique  # noqa: F401
