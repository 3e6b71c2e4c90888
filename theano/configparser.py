"""theano.configparser (re-exports)."""
from theano.frontend.config import ConfigError, TheanoConfig, change_flags, config  # noqa: F401
from theano.frontend.config_params import (  # noqa: F401
    THEANO_FLAGS_DICT, AddConfigVar, BoolParam, ConfigParam, EnumStr, FloatParam, IntParam, StrParam, TypedParam)

__all__ = ["AddConfigVar", "BoolParam", "ConfigError", "ConfigParam", "EnumStr", "FloatParam", "IntParam", "StrParam",
           "THEANO_FLAGS_DICT", "TheanoConfig", "TypedParam", "change_flags", "config"]
