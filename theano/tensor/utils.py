"""theano.tensor.utils (re-exports)."""
from theano.frontend.tensor_utils import hash_from_ndarray, shape_of_variables  # noqa: F401
