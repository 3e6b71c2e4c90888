"""theano.compile.sharedvalue (re-exports)."""
from theano.frontend.shared import SharedVariable, shared  # noqa: F401
from theano.frontend.type import generic  # noqa: F401,E402 - the type of a shared non-numeric value
