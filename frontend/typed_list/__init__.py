"""theano.typed_list's implementation: TypedListType, its variables and ops (see docs/typed_list.md)."""
from theano.frontend.typed_list.type import TypedListType
from theano.frontend.typed_list.basic import *  # noqa: F401,F403
from theano.frontend.typed_list.basic import __all__ as _basic_all

__all__ = ["TypedListType", *_basic_all]
