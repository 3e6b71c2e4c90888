"""theano.scalar.sharedvar: shared variables holding one number (0-d tensors here, as in Theano)."""
from theano.frontend.scalar import Scalar  # noqa: F401
from theano.frontend.scalar_ops import scalar_shared as shared  # noqa: F401
from theano.frontend.shared import ScalarSharedVariable, SharedVariable  # noqa: F401

__all__ = ["Scalar", "ScalarSharedVariable", "SharedVariable", "shared"]
