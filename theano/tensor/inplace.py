"""theano.tensor.inplace: Theano 1.0.5's `*_inplace` elementwise functions (they compute out of place here)."""
from theano.frontend.ops.inplace_elemwise import INPLACE_FUNCTIONS as _FUNCTIONS, transpose_inplace  # noqa: F401
from theano.tensor import elemwise  # noqa: F401 - as in Theano's module
from theano import scalar as scal  # noqa: F401 - as in Theano's module

globals().update(_FUNCTIONS)
fill_inplace = second_inplace  # noqa: F821 - defined by the update above, as in Theano
