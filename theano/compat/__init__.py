"""theano.compat: Theano 1.0.5's Python 2/3 compatibility names (re-exports of theano.frontend.compat)."""
from theano.frontend.compat import *  # noqa: F401,F403
