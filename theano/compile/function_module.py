"""theano.compile.function_module (re-exports)."""
from theano.lowering.function import Function, FunctionMaker, UnusedInputError  # noqa: F401
from theano.lowering.function_pickle import _constructor_Function, _pickle_Function  # noqa: F401
from theano.frontend.theano_pickles import Supervisor  # noqa: F401,E402 - Theano pickles
from theano.lowering.theano_function_pickle import _constructor_FunctionMaker  # noqa: F401,E402 - Theano pickles
