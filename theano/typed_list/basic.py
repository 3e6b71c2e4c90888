"""theano.typed_list.basic: the typed list variables and ops."""
from theano.frontend.graph import Apply, Constant, Op, Variable  # noqa: F401
from theano.frontend.type_other import SliceType  # noqa: F401
from theano.frontend.typed_list.type import TypedListType  # noqa: F401
from theano.frontend.typed_list.basic import (Append, Count, Extend, GetItem, Index, Insert, Length,  # noqa: F401
                                              MakeList, Remove, Reverse, TypedListConstant, TypedListVariable,
                                              append, count, extend, getitem, index_,
                                              insert, length, make_list, remove, reverse)

__all__ = ["TypedListType", "TypedListVariable", "TypedListConstant", "GetItem", "getitem", "Append", "append",
           "Extend", "extend", "Insert", "insert", "Remove", "remove", "Reverse", "reverse", "Index", "index_",
           "Count", "count", "Length", "length", "MakeList", "make_list", "SliceType", "Apply", "Constant", "Op",
           "Variable"]
