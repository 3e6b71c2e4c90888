"""theano.compat: Python 2/3 shims legacy code imports."""
from collections import OrderedDict  # noqa: F401

PY3 = True
integer_types = (int,)
string_types = (str,)
