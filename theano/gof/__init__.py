"""theano.gof: the graph IR names (re-exports)."""
from theano.frontend.fgraph import FunctionGraph, InconsistencyError, MissingInputError  # noqa: F401
from theano.frontend.graph import Apply, Constant, Op, Type, Variable  # noqa: F401
from theano.frontend.graph import Op as PureOp  # noqa: F401
from theano.frontend.graph import Op as COp  # noqa: F401
from theano.frontend.graph import Scratchpad  # noqa: F401
from theano.gof import fg, graph, op, type  # noqa: F401,A004 - submodules as attributes, as in Theano
