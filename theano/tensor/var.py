"""theano.tensor.var (re-exports)."""
from theano.frontend.variable import AsTensorError, TensorConstant, TensorConstantSignature, TensorVariable, _tensor_py_operators  # noqa: F401
