"""theano.gof.op (re-exports)."""
from theano.frontend.graph import Op  # noqa: F401
from theano.frontend.graph import Op as PureOp  # noqa: F401
