"""theano.raise_op: the Raise op (re-exports)."""
from theano.frontend.ops.raise_op import Raise  # noqa: F401

__docformat__ = "restructuredtext en"
