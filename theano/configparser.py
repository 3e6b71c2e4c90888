"""theano.configparser (re-exports)."""
from theano.frontend.config import ConfigError, TheanoConfig, change_flags, config  # noqa: F401
