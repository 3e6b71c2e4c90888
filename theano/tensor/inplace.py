"""theano.tensor.inplace: Theano 1.0.5's `*_inplace` elementwise functions (they compute out of place here)."""
from theano.frontend.ops.inplace_elemwise import INPLACE_FUNCTIONS as _FUNCTIONS, transpose_inplace
from theano.tensor import elemwise  # as in Theano's module
from theano import scalar as scal  # as in Theano's module

globals().update(_FUNCTIONS)
fill_inplace = _FUNCTIONS["second_inplace"]

__all__ = sorted(_FUNCTIONS) + ["fill_inplace", "transpose_inplace", "elemwise", "scal"]
