"""theano.scalar: scalar types, dtype rules and scalar ops (re-exports of theano.frontend.scalar)."""
from theano.frontend.scalar import *  # noqa: F401,F403
from theano.frontend.scalar import __all__  # noqa: F401
from theano.scalar import basic, basic_scipy, sharedvar  # noqa: F401,E402 - submodules as attributes, as in Theano (theano.scalar.basic.UnaryScalarOp)
