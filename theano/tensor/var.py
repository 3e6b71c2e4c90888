"""theano.tensor.var (re-exports)."""
from theano.frontend.constructors import AsTensorError  # noqa: F401
from theano.frontend.variable import TensorConstant, TensorConstantSignature, TensorVariable, _tensor_py_operators  # noqa: F401
