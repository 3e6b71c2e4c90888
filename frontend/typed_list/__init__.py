"""theano.typed_list's implementation: TypedListType, its variables and ops (see docs/typed_list.md)."""
from theano.frontend.typed_list.type import TypedListType
from theano.frontend.typed_list.basic import (Append, Count, Extend, GetItem, Index, Insert, Length, ListKey,
                                              MakeList, Remove, Reverse, TypedListConstant, TypedListVariable,
                                              append, count, extend, getitem, index_, insert, length, make_list,
                                              remove, reverse)

__all__ = ["TypedListType", "TypedListVariable", "TypedListConstant", "GetItem", "getitem", "Append", "append",
           "Extend", "extend", "Insert", "insert", "Remove", "remove", "Reverse", "reverse", "Index", "index_",
           "Count", "count", "Length", "length", "MakeList", "make_list", "ListKey"]
