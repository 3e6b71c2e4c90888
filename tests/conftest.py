"""Shared test fixtures: every test starts from default config flags."""
import pytest

from theano.frontend.config import config

# a rewrite rule that crashes fails our tests (Theano's default, on_opt_error=warn, would log it and go on)
config.on_opt_error = "raise"


@pytest.fixture(autouse=True)
def _restore_config():
    saved = dict(config._values)
    yield
    config._values.clear()
    config._values.update(saved)
