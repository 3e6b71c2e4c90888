"""Shared test fixtures: every test starts from default config flags."""
import pytest

from theano.frontend.config import config


@pytest.fixture(autouse=True)
def _restore_config():
    saved = dict(config._values)
    yield
    config._values.clear()
    config._values.update(saved)
