"""theano.compile.sharedvalue (re-exports)."""
from theano.frontend.shared import SharedVariable, shared  # noqa: F401
