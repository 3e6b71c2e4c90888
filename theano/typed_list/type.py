"""theano.typed_list.type."""
from theano.frontend.typed_list.type import TypedListType

__all__ = ["TypedListType"]
