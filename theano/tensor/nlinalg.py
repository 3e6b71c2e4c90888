"""theano.tensor.nlinalg (re-exports; the linear-algebra ops beyond diagonals come with their issue)."""
from theano.frontend.ops.diagonal import AllocDiag, ExtractDiag, diag, trace  # noqa: F401
