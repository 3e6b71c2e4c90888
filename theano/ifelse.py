"""theano.ifelse: the lazy conditional (re-exports theano.frontend.ops.ifelse)."""
from theano.frontend.ops.ifelse import IfElse, ifelse  # noqa: F401

__all__ = ["IfElse", "ifelse"]
