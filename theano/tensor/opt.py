"""theano.tensor.opt (re-exports): registering rewrites, Theano-style local optimizers, shape ops."""
from theano.frontend.ops.host_check import Assert, assert_, assert_op  # noqa: F401
from theano.frontend.ops.shape import MakeVector, Shape_i, make_vector, shape_i  # noqa: F401
from theano.passes.pipeline import register, unregister  # noqa: F401
from theano.passes.registration import (  # noqa: F401
    LocalOptimizer, local_optimizer, register_canonicalize, register_specialize, register_stabilize)

__all__ = ["Assert", "assert_", "assert_op", "register_canonicalize", "register_stabilize", "register_specialize", "register", "unregister", "local_optimizer",
           "LocalOptimizer", "MakeVector", "make_vector", "Shape_i", "shape_i"]
