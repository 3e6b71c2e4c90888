"""theano.misc.ordered_set: the names Theano 1.0.5 pickled with a compiled function's graph (loaded as records)."""
from theano.frontend.theano_pickles import Link, OrderedSet  # noqa: F401
