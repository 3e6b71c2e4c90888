"""theano.tensor.elemwise (re-exports)."""
from theano.frontend.ops.elemwise import DimShuffle, Elemwise  # noqa: F401
