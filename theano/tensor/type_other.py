"""theano.tensor.type_other (the part theano-xla has: NoneConst and its type, SliceType)."""
from theano.frontend.type_other import NoneConst, NoneTypeT, none_type_t  # noqa: F401
from theano.frontend.type_other import SliceConstant, SliceType, slicetype  # noqa: F401
