"""theano.typed_list: lists of one Theano type in graphs (re-exports theano.frontend.typed_list; docs/typed_list.md)."""
from theano.typed_list.type import TypedListType
from theano.typed_list.basic import (Append, Count, Extend, GetItem, Index, Insert, Length, MakeList, Remove, Reverse,
                                     TypedListConstant, TypedListVariable, append, count, extend, getitem, index_,
                                     insert, length, make_list, remove, reverse)
from theano.typed_list import basic, opt, type

__all__ = ["TypedListType", "basic", "opt", "type", "TypedListVariable", "TypedListConstant", "GetItem", "getitem",
           "Append", "append", "Extend", "extend", "Insert", "insert", "Remove", "remove", "Reverse", "reverse",
           "Index", "index_", "Count", "count", "Length", "length", "MakeList", "make_list"]
