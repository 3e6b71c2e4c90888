"""Shared test fixtures: every test starts from default config flags."""
import atexit
import shutil
import tempfile

import pytest

from theano.frontend.config import config

# the persistent compile cache of this test session lives in a temporary folder, not in ~/.theano
_BASE_COMPILEDIR = tempfile.mkdtemp(prefix="theano-xla-tests-")
atexit.register(shutil.rmtree, _BASE_COMPILEDIR, True)
config.base_compiledir = _BASE_COMPILEDIR  # config.compiledir follows it

# a rewrite rule that crashes fails our tests (Theano's default, on_opt_error=warn, would log it and go on)
config.on_opt_error = "raise"


@pytest.fixture(autouse=True)
def _restore_config():
    saved = dict(config._values)
    yield
    config._values.clear()
    config._values.update(saved)


@pytest.fixture
def own_cache():
    """An empty constant cache for the test, the process's own put back after: what earlier tests left there (a
    named constant of the same value, a cache full of floats) would change which constants are shared, and a
    named cached node made by the test would leak into later ones."""
    from theano.tensor.basic import constant_cache
    saved = dict(constant_cache)
    constant_cache.clear()
    yield constant_cache
    constant_cache.clear()
    constant_cache.update(saved)
