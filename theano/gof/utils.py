"""theano.gof.utils: the tag class and the optional-method error (re-exports)."""
from theano.frontend.graph import MethodNotDefined
from theano.frontend.graph import Scratchpad as scratchpad
from theano.frontend.graph import ValidatingScratchpad

__all__ = ["MethodNotDefined", "scratchpad", "ValidatingScratchpad"]
