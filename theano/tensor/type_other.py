"""theano.tensor.type_other (the part theano-xla has: NoneConst and its type, SliceType)."""
from theano.frontend.type_other import NoneConst, NoneTypeT, none_type_t
from theano.frontend.type_other import SliceConstant, SliceType, slicetype

__all__ = ["NoneConst", "NoneTypeT", "none_type_t", "SliceConstant", "SliceType", "slicetype"]
