"""theano.updates (re-exports)."""
from theano.frontend.updates import OrderedUpdates  # noqa: F401
