"""theano.configparser's API for adding flags: AddConfigVar and the ConfigParam family, as in Theano 1.0.5.

Libraries (and Theano's own tests) register flags of their own with `AddConfigVar(name, doc,
ConfigParam(default, filter))`. The first value is taken from THEANO_FLAGS_DICT (popped, as Theano
did) or else the default, and goes through the filter, so an invalid default only fails when no
value overrides it. A registered flag behaves like a built-in one (config.<name>, change_flags).
"""
from __future__ import annotations

from typing import Any, Callable

from theano.frontend.config import TheanoConfig, config
from theano.frontend.config_flags import _Flag

# THEANO_FLAGS entries not consumed by a known flag, waiting for an AddConfigVar. The built-in flags
# consume theirs at import and an unknown name there is an error, so it starts empty.
THEANO_FLAGS_DICT: dict[str, str] = {}


class ConfigParam:
    """A flag's default and filter (the function that validates and converts a value)."""

    def __init__(self, default: Any, filter: Callable[[Any], Any] | None = None, allow_override: bool = True):
        self.default = default
        self.filter = filter
        self.allow_override = allow_override
        self.is_default = True
        self.fullname = ""
        self.doc = ""

    def convert(self, value: Any) -> Any:
        """`value` through the filter (unchanged without one)."""
        return self.filter(value) if self.filter is not None else value

    def __str__(self) -> str:
        return f"{self.fullname} ({type(self).__name__})"


class EnumStr(ConfigParam):
    """A string among the given options; the first is the default."""

    def __init__(self, default: str, *options: str, **kwargs: Any):
        self.all = (default,) + options
        for val in self.all:
            if not isinstance(val, str):
                raise ValueError("Valid values for an EnumStr parameter should be strings", val, type(val))
        convert = kwargs.get("convert")

        def filter(val: Any) -> Any:
            if convert:
                val = convert(val)
            if val in self.all:
                return val
            raise ValueError(f'Invalid value ("{val}") for configuration variable "{self.fullname}". '
                             f"Valid options are {self.all}")
        super().__init__(default, filter, kwargs.get("allow_override", True))

    def __str__(self) -> str:
        return f"{self.fullname} ({self.all}) "


class TypedParam(ConfigParam):
    """A value cast to `mytype`, optionally checked by `is_valid`."""

    def __init__(self, default: Any, mytype: Callable[[Any], Any], is_valid: Callable[[Any], bool] | None = None,
                 allow_override: bool = True):
        self.mytype = mytype

        def filter(val: Any) -> Any:
            cast_val = mytype(val)
            if callable(is_valid) and not is_valid(cast_val):
                raise ValueError(f'Invalid value ({val}) for configuration variable "{self.fullname}".', val)
            return cast_val
        super().__init__(default, filter, allow_override)

    def __str__(self) -> str:
        return f"{self.fullname} ({self.mytype}) "


def StrParam(default: str, is_valid: Callable[[Any], bool] | None = None, allow_override: bool = True) -> TypedParam:
    """A string flag."""
    return TypedParam(default, str, is_valid, allow_override)


def IntParam(default: int, is_valid: Callable[[Any], bool] | None = None, allow_override: bool = True) -> TypedParam:
    """An integer flag."""
    return TypedParam(default, int, is_valid, allow_override)


def FloatParam(default: float, is_valid: Callable[[Any], bool] | None = None, allow_override: bool = True) -> TypedParam:
    """A float flag."""
    return TypedParam(default, float, is_valid, allow_override)


_TRUE, _FALSE = ("True", "true", "1", True), ("False", "false", "0", False)


def BoolParam(default: Any, is_valid: Callable[[Any], bool] | None = None, allow_override: bool = True) -> TypedParam:
    """A boolean flag: True/true/1 or False/false/0."""
    def booltype(s: Any) -> bool | None:
        return True if s in _TRUE else False if s in _FALSE else None
    return TypedParam(default, booltype, is_valid or (lambda s: s in (True, False)), allow_override)


def AddConfigVar(name: str, doc: str, configparam: ConfigParam, root: TheanoConfig = config,
                 in_c_key: bool = True) -> None:
    """Register flag `name` on theano.config; its value comes from THEANO_FLAGS_DICT or the default, filtered."""
    configparam.fullname, configparam.doc = name, doc
    if name in THEANO_FLAGS_DICT:
        value = THEANO_FLAGS_DICT.pop(name)
        configparam.is_default = False
    else:
        value = configparam.default() if callable(configparam.default) else configparam.default
    flag = _Flag(name, doc, configparam.default, configparam.convert, used="registered by AddConfigVar")
    root.add_flag(flag, value)
