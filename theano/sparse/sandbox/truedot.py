"""theano.sparse.sandbox.truedot: TrueDot and true_dot, kept here by Theano 1.0.5 for compatibility."""
from theano.sparse.basic import TrueDot, true_dot  # noqa: F401

__all__ = ['TrueDot', 'true_dot']
