"""theano.tensor.blas (re-exports; XLA picks the BLAS kernels)."""
from theano.frontend.ops.blas import BatchedDot, Dot, batched_dot  # noqa: F401
