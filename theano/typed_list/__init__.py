"""theano.typed_list: lists of one Theano type in graphs (re-exports theano.frontend.typed_list; docs/typed_list.md)."""
from theano.typed_list.type import TypedListType  # noqa: F401
from theano.typed_list.basic import *  # noqa: F401,F403
from theano.typed_list import basic, opt, type  # noqa: F401
