"""theano.compile.function_module (re-exports)."""
from theano.lowering.function import Function, FunctionMaker, UnusedInputError  # noqa: F401
