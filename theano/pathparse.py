"""theano.pathparse (re-exports)."""
from theano.frontend.pathparse import PathParser  # noqa: F401
