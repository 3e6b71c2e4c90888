"""theano.gof.type (re-exports)."""
from theano.frontend.graph import Type  # noqa: F401
from theano.frontend.type import Generic, generic  # noqa: F401
from theano.frontend.op_params import CDataType, CEnumType, EnumList, EnumType  # noqa: F401
