"""theano.tensor.sharedvar (re-exports)."""
from theano.frontend.shared import ScalarSharedVariable, TensorSharedVariable  # noqa: F401
from theano.frontend.shared import shared as tensor_constructor  # noqa: F401
from theano.frontend.shared import SharedVariable  # noqa: F401,E402
