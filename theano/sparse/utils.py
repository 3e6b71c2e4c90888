"""theano.sparse.utils: hash_from_sparse (re-exports theano.frontend.sparse.type)."""
from theano.frontend.sparse.type import hash_from_sparse  # noqa: F401

__all__ = ["hash_from_sparse"]
