"""Stub of `nose` for conformance runs only: the names Theano 1.0.5's tests import, mapped to pytest.

nose does not run on Python 3.10+; this package sits on the conformance run's path, never on the
project's.
"""
from unittest import SkipTest  # noqa: F401  (nose.SkipTest was unittest.SkipTest)

from nose import tools  # noqa: F401
