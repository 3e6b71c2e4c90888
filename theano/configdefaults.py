"""theano.configdefaults (re-exports): the config object and the platform bit-width helpers."""
from theano.frontend.compat import local_bitwidth, python_int_bitwidth  # noqa: F401
from theano.frontend.config import config  # noqa: F401
