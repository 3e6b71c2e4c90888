"""theano.gof.utils: the tag class and the optional-method error (re-exports)."""
from theano.frontend.graph import MethodNotDefined
from theano.frontend.graph import Scratchpad as scratchpad
from theano.frontend.graph import ValidatingScratchpad
from theano.frontend.tag_trace import add_tag_trace

__all__ = ["MethodNotDefined", "scratchpad", "ValidatingScratchpad", "add_tag_trace"]
