"""theano.sparse.sharedvar: sparse shared variables (re-exports theano.frontend.sparse.shared)."""
from theano.frontend.sparse.shared import SparseTensorSharedVariable, sparse_constructor  # noqa: F401

__all__ = ["SparseTensorSharedVariable", "sparse_constructor"]
