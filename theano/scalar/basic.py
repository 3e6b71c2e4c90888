"""theano.scalar.basic: scalar types, dtype rules, scalar ops and Composite (re-exports of theano.frontend.scalar)."""
from theano.frontend.scalar import *  # noqa: F401,F403
from theano.frontend.scalar import __all__  # noqa: F401
from theano.frontend.theano_pickles import Scalar, specific_out, transfer_type  # noqa: F401,E402 - classes, as Theano pickled them
