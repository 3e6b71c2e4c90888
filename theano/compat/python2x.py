"""theano.compat.python2x: the OrderedDict the Theano tutorial recommends."""
from collections import OrderedDict  # noqa: F401
