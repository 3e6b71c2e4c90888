"""theano.tensor.sort (re-exports)."""
from theano.frontend.ops.sort import (ArgSortOp, SortOp, TopKOp, argsort, argtopk, sort, topk,  # noqa: F401
                                      topk_and_argtopk)
