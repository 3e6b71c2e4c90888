"""Theano's `config` object: flags with defaults, read from THEANO_FLAGS and .theanorc as Theano does.

Precedence (lowest to highest): defaults, the config files named by $THEANORC (default
~/.theanorc; `[global]` section or `[section]` for dotted names), then $THEANO_FLAGS
(`name=value,name=value`). Every flag of Theano 1.0.5 is accepted (frontend/config_flags.py says
which ones have an effect); an unknown flag in THEANO_FLAGS or set on `config` is an error.
`add_flag` (theano.configparser.AddConfigVar) registers a new flag, as libraries did.
"""
from __future__ import annotations

import configparser
import os
from typing import Any, Callable


from theano.frontend.compiledir import DerivedDefault, bind_config
from theano.frontend.config_flags import _FLAGS, ConfigError, _Flag

__all__ = ["ConfigError", "TheanoConfig", "change_flags", "config"]


class _Section:
    """`config.blas.ldflags`-style access to dotted flag names."""

    def __init__(self, owner: "TheanoConfig", prefix: str):
        object.__setattr__(self, "_owner", owner)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._owner, f"{self._prefix}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._owner, f"{self._prefix}.{name}", value)


def _prefixes(name: str) -> list[str]:
    """The section names above a dotted flag name: 'dnn.conv.algo_fwd' -> ['dnn', 'dnn.conv']."""
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts))]


class TheanoConfig:
    """Holds the flag values; attribute access as in `theano.config.floatX`."""

    def __init__(self) -> None:
        flags = {f.name: f for f in _FLAGS}
        object.__setattr__(self, "_flags", flags)
        object.__setattr__(self, "_values", {name: f.default for name, f in flags.items()})
        object.__setattr__(self, "_sections", {p for n in flags for p in _prefixes(n)})

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            value = values[name]
            return value(self) if isinstance(value, DerivedDefault) else value  # compiledir from base_compiledir
        if name in object.__getattribute__(self, "_sections"):
            return _Section(self, name)
        raise AttributeError(f"theano.config has no flag {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        self._set(name, value)

    def _set(self, name: str, value: Any) -> None:
        if name not in self._flags:
            raise ConfigError(f"unknown Theano flag {name!r}")
        if isinstance(value, DerivedDefault):  # change_flags restoring a computed default
            self._values[name] = value
            return
        try:
            self._values[name] = self._flags[name].convert(value)
        except (ConfigError, ValueError) as err:
            raise ConfigError(f"Theano flag {name!r}: {err}") from None

    def add_flag(self, flag: _Flag, value: Any) -> None:
        """Register a new flag with its first value (AddConfigVar); its name must be new."""
        if flag.name in self._flags or flag.name in self._sections:
            raise AttributeError("This name is already taken", flag.name)
        self._flags[flag.name] = flag
        try:
            self._set(flag.name, value)
        except Exception:
            del self._flags[flag.name]
            raise
        self._sections.update(_prefixes(flag.name))

    def flags(self) -> list[_Flag]:
        """Every flag's definition (name, doc, default, status), sorted by name."""
        return [self._flags[n] for n in self.flag_names()]

    def flag_names(self) -> list[str]:
        return sorted(self._flags)

    def change_flags(self, *args: dict, **kwargs: Any) -> "_ChangeFlags":
        changes: dict[str, Any] = {}
        for mapping in args:
            changes.update(mapping)
        changes.update(kwargs)
        return _ChangeFlags(self, changes)

    def __str__(self) -> str:
        return "\n".join(f"{n} ({self._flags[n].doc})\n    Value: {getattr(self, n)}" for n in self.flag_names())

    def load(self, environ: "os._Environ[str] | dict[str, str]") -> None:
        """Apply .theanorc files then THEANO_FLAGS from `environ`."""
        rc_names = environ.get("THEANORC", "~/.theanorc")
        for path in rc_names.split(os.pathsep):
            path = os.path.expanduser(path)
            if os.path.isfile(path):
                self._load_rc(path)
        self._load_flags_string(environ.get("THEANO_FLAGS", ""))

    def _load_rc(self, path: str) -> None:
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str  # keep flag case (floatX)
        parser.read(path)
        for section in parser.sections():
            for key, value in parser.items(section):
                name = key if section == "global" else f"{section}.{key}"
                if name not in self._flags:
                    raise ConfigError(f"unknown Theano flag {name!r} in config file {path}")
                self._set(name, value)

    def _load_flags_string(self, text: str) -> None:
        for item in text.split(","):
            item = item.strip()
            if not item:
                continue
            if "=" not in item:
                raise ConfigError(f"THEANO_FLAGS entry {item!r} is not of the form name=value")
            name, value = (s.strip() for s in item.split("=", 1))
            if name not in self._flags:
                raise ConfigError(f"unknown Theano flag {name!r} in THEANO_FLAGS")
            self._set(name, value)


class _ChangeFlags:
    """Context manager / decorator that sets flags and restores them (theano.configparser.change_flags)."""

    def __init__(self, config: TheanoConfig, changes: dict[str, Any]):
        self.config, self.changes, self.saved = config, changes, []

    def __enter__(self) -> None:
        raw = object.__getattribute__(self.config, "_values")  # a computed default is restored as computed
        self.saved.append({n: raw[n] if n in raw else getattr(self.config, n) for n in self.changes})
        for name, value in self.changes.items():
            setattr(self.config, name, value)

    def __exit__(self, *exc: object) -> None:
        for name, value in self.saved.pop().items():
            setattr(self.config, name, value)

    def __call__(self, fn: Callable) -> Callable:
        import functools

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return fn(*args, **kwargs)
        return wrapper


config = TheanoConfig()
bind_config(config)  # frontend/compiledir.py reads config.device and the compiledir flags through it
config.load(os.environ)


def apply_numpy_seterr(cfg: TheanoConfig = config) -> None:
    """np.seterr from the numpy.seterr_* flags ('None' leaves a category alone), as `import theano` did."""
    import numpy as np

    kinds = ("all", "divide", "over", "under", "invalid")
    values = {k: getattr(cfg, f"numpy.seterr_{k}") for k in kinds}
    np.seterr(**{k: (None if v == "None" else v) for k, v in values.items()})


apply_numpy_seterr()


def change_flags(*args: dict, **kwargs: Any) -> _ChangeFlags:
    """Set flags for a `with` block or a decorated function: change_flags(floatX='float32') or change_flags({...})."""
    return config.change_flags(*args, **kwargs)
