"""theano.tensor.type_other: NoneConst and its type, SliceType / SliceConstant and MakeSlice."""
from theano.frontend.type_other import NoneConst, NoneTypeT, none_type_t
from theano.frontend.type_other import MakeSlice, SliceConstant, SliceType, as_int_none_variable, make_slice, slicetype

__all__ = ["NoneConst", "NoneTypeT", "none_type_t", "SliceConstant", "SliceType", "slicetype", "MakeSlice",
           "make_slice", "as_int_none_variable"]
