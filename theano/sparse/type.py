"""theano.sparse.type: SparseType (re-exports theano.frontend.sparse.type)."""
from theano.frontend.sparse.type import SparseType, _is_sparse  # noqa: F401

__all__ = ["SparseType"]
