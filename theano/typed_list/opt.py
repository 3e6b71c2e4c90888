"""theano.typed_list.opt: `typed_list_inplace_opt` (fast_run, inplace; passes/typed_list_rewrites.py)."""
from theano.frontend.typed_list.basic import Append, Extend, Insert, Remove, Reverse
from theano.passes.typed_list_rewrites import typed_list_inplace_opt

__all__ = ["Append", "Extend", "Insert", "Remove", "Reverse", "typed_list_inplace_opt"]
