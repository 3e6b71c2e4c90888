"""theano.misc.frozendict: the name Theano 1.0.5 pickled inside ops and graphs (loaded as a read-only mapping)."""
from theano.frontend.theano_pickles import frozendict  # noqa: F401
