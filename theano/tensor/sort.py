"""theano.tensor.sort (re-exports)."""
from theano.frontend.ops.extra_ops import ArgSortOp, SortOp, argsort, sort  # noqa: F401
