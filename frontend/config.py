"""Theano's `config` object: flags with defaults, read from THEANO_FLAGS and .theanorc as Theano does.

Precedence (lowest to highest): defaults, the config files named by $THEANORC (default
~/.theanorc; `[global]` section or `[section]` for dotted names), then $THEANO_FLAGS
(`name=value,name=value`). An unknown flag in THEANO_FLAGS or set on `config` is an error.
"""
from __future__ import annotations

import configparser
import os
from typing import Any, Callable


class ConfigError(ValueError):
    """A flag name or value that Theano would not accept."""


class _Flag:
    def __init__(self, name: str, doc: str, default: Any, convert: Callable[[str | Any], Any]):
        self.name, self.doc, self.default, self.convert = name, doc, default, convert


def _enum(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if isinstance(value, bool) and "False" in allowed:
            value = str(value)
        if value not in allowed:
            raise ConfigError(f"invalid value {value!r}; expected one of {', '.join(map(repr, allowed))}")
        return value
    return convert


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"invalid boolean value {value!r}")


def _device(value: Any) -> str:
    text = str(value)
    if text in ("cpu", "cuda", "gpu") or (text.startswith(("cuda", "gpu")) and text[4 if text.startswith("cuda") else 3:].isdigit()):
        return text
    raise ConfigError(f"invalid device {value!r}; expected 'cpu', 'cuda', 'cudaN', 'gpu' or 'gpuN'")


def _str(value: Any) -> str:
    return str(value)


def _int(value: Any) -> int:
    return int(value)


def _float(value: Any) -> float:
    return float(value)


_FLAGS = [
    _Flag("floatX", "default float dtype of T.scalar(), T.matrix(), ...", "float64", _enum("float64", "float32", "float16")),
    _Flag("device", "device that compiled functions and shared variables use", "cpu", _device),
    _Flag("init_gpu_device", "accepted for compatibility", "", _str),
    _Flag("mode", "default compilation mode", "Mode", _enum("Mode", "FAST_RUN", "FAST_COMPILE", "DebugMode", "DEBUG_MODE", "DebugMode", "ProfileMode", "NanGuardMode", "JAX")),
    _Flag("optimizer", "default rewrite set", "fast_run", _enum("fast_run", "merge", "fast_compile", "None", "o4", "o3", "o2", "o1", "unsafe")),
    _Flag("optimizer_excluding", "rewrite names or tags to exclude (':'-separated)", "", _str),
    _Flag("optimizer_including", "rewrite names or tags to include (':'-separated)", "", _str),
    _Flag("optimizer_requiring", "rewrite names or tags to require (':'-separated)", "", _str),
    _Flag("cast_policy", "how Python scalars are cast", "custom", _enum("custom", "numpy+floatX")),
    _Flag("int_division", "what / does on two integers", "floatX", _enum("int", "raise", "floatX")),
    _Flag("compute_test_value", "evaluate test values while building the graph", "off", _enum("off", "ignore", "warn", "raise", "pdb")),
    _Flag("compute_test_value_opt", "test values during rewrites", "off", _enum("off", "ignore", "warn", "raise", "pdb")),
    _Flag("print_test_value", "print test values in errors", False, _bool),
    _Flag("on_unused_input", "default of theano.function(on_unused_input=...)", "raise", _enum("raise", "warn", "ignore")),
    _Flag("exception_verbosity", "detail in error messages", "low", _enum("low", "high")),
    _Flag("warn_float64", "what to do when a float64 variable is made", "ignore", _enum("ignore", "warn", "raise", "pdb")),
    _Flag("allow_gc", "accepted for compatibility (XLA manages buffers)", True, _bool),
    _Flag("deterministic", "accepted for compatibility", "default", _enum("default", "more")),
    _Flag("profile", "accepted for compatibility", False, _bool),
    _Flag("profile_memory", "accepted for compatibility", False, _bool),
    _Flag("profile_optimizer", "accepted for compatibility", False, _bool),
    _Flag("traceback.limit", "stack depth kept on variables", 8, _int),
    _Flag("traceback.compile_limit", "accepted for compatibility", 0, _int),
    _Flag("cxx", "accepted for compatibility; no C++ compiler is used", "", _str),
    _Flag("base_compiledir", "accepted for compatibility", os.path.expanduser("~/.theano"), _str),
    _Flag("compiledir", "accepted for compatibility", os.path.expanduser("~/.theano/compiledir"), _str),
    _Flag("linker", "accepted for compatibility; every function runs through XLA", "cvm", _str),
    _Flag("openmp", "accepted for compatibility", False, _bool),
    _Flag("openmp_elemwise_minsize", "accepted for compatibility", 200000, _int),
    _Flag("cycle_detection", "accepted for compatibility", "regular", _enum("regular", "fast")),
    _Flag("unittests.rseed", "seed of the unit-test helpers (theano.tests.unittest_tools)", "666", _str),
    _Flag("warn.sum_div_dimshuffle_bug", "accepted for compatibility (warned about a Theano 0.x bug)", False, _bool),
    _Flag("warn.argmax_pushdown_bug", "accepted for compatibility (warned about a Theano 0.x bug)", False, _bool),
    _Flag("warn.gpu_set_subtensor1", "accepted for compatibility (warned about a Theano 0.x bug)", False, _bool),
    _Flag("warn.inc_set_subtensor1", "accepted for compatibility (warned about a Theano 0.x bug)", False, _bool),
    _Flag("on_opt_error", "accepted for compatibility (what a failing rewrite does)", "warn", _enum("warn", "raise", "pdb", "ignore")),
    _Flag("blas.ldflags", "accepted for compatibility", "", _str),
    _Flag("gcc.cxxflags", "accepted for compatibility", "", _str),
    _Flag("nvcc.fastmath", "accepted for compatibility", False, _bool),
    _Flag("lib.cnmem", "accepted for compatibility", 0.0, _float),
    _Flag("gpuarray.preallocate", "accepted for compatibility", 0.0, _float),
    _Flag("dnn.enabled", "accepted for compatibility", "auto", _str),
    _Flag("scan.allow_gc", "accepted for compatibility", False, _bool),
    _Flag("scan.allow_output_prealloc", "accepted for compatibility", True, _bool),
    _Flag("DebugMode.check_py", "accepted for compatibility", True, _bool),
    _Flag("DebugMode.patience", "accepted for compatibility", 10, _int),
    _Flag("tensor.cmp_sloppy", "accepted for compatibility", 0, _int),
    _Flag("numpy.seterr_all", "accepted for compatibility", "ignore", _str),
    _Flag("reoptimize_unpickled_function", "accepted for compatibility", False, _bool),
    _Flag("unpickle_function", "accepted for compatibility", True, _bool),
    _Flag("experimental.unpickle_gpu_on_cpu", "accepted for compatibility", False, _bool),
    _Flag("check_input", "accepted for compatibility", True, _bool),
    # --- issue 12: NanGuardMode's defaults (lowering/nanguardmode.py)
    _Flag("NanGuardMode.nan_is_error", "NanGuardMode's default: a NaN is an error", True, _bool),
    _Flag("NanGuardMode.inf_is_error", "NanGuardMode's default: an Inf is an error", True, _bool),
    _Flag("NanGuardMode.big_is_error", "NanGuardMode's default: a value above 1e10 in magnitude is an error", True, _bool),
    # --- issue 12: profiling (lowering/profiling.py)
    _Flag("profiling.n_apply", "rows of the Apply table in profile summaries", 20, _int),
    _Flag("profiling.n_ops", "rows of the op-class table in profile summaries", 20, _int),
    _Flag("profiling.output_line_width", "accepted for compatibility", 512, _int),
    _Flag("profiling.min_memory_size", "accepted for compatibility", 1024, _int),
    _Flag("profiling.min_peak_memory", "accepted for compatibility (XLA plans the buffers)", False, _bool),
    _Flag("profiling.destination", "where the profiles are printed at exit: stderr, stdout or a file name", "stderr", _str),
    _Flag("profiling.debugprint", "accepted for compatibility", False, _bool),
    _Flag("profiling.ignore_first_call", "leave each profiled function's first call (its compile) out of the call times",
          False, _bool),
    _Flag("profiling.time_thunks", "accepted for compatibility (no per-op times inside one XLA program)", True, _bool),
    _Flag("NanGuardMode.action", "what NanGuardMode does on an error: raise, warn (log it) or pdb", "raise",
          _enum("raise", "warn", "pdb")),
]


class _Section:
    """`config.blas.ldflags`-style access to dotted flag names."""

    def __init__(self, owner: "TheanoConfig", prefix: str):
        object.__setattr__(self, "_owner", owner)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._owner, f"{self._prefix}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._owner, f"{self._prefix}.{name}", value)


class TheanoConfig:
    """Holds the flag values; attribute access as in `theano.config.floatX`."""

    def __init__(self) -> None:
        flags = {f.name: f for f in _FLAGS}
        object.__setattr__(self, "_flags", flags)
        object.__setattr__(self, "_values", {name: f.default for name, f in flags.items()})
        object.__setattr__(self, "_sections", {n.split(".")[0] for n in flags if "." in n})

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        if name in object.__getattribute__(self, "_sections"):
            return _Section(self, name)
        raise AttributeError(f"theano.config has no flag {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        self._set(name, value)

    def _set(self, name: str, value: Any) -> None:
        if name not in self._flags:
            raise ConfigError(f"unknown Theano flag {name!r}")
        try:
            self._values[name] = self._flags[name].convert(value)
        except (ConfigError, ValueError) as err:
            raise ConfigError(f"Theano flag {name!r}: {err}") from None

    def flag_names(self) -> list[str]:
        return sorted(self._flags)

    def change_flags(self, *args: dict, **kwargs: Any) -> "_ChangeFlags":
        changes: dict[str, Any] = {}
        for mapping in args:
            changes.update(mapping)
        changes.update(kwargs)
        return _ChangeFlags(self, changes)

    def __str__(self) -> str:
        return "\n".join(f"{n} ({self._flags[n].doc})\n    Value: {self._values[n]}" for n in self.flag_names())

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
        self.saved.append({n: getattr(self.config, n) for n in self.changes})
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
config.load(os.environ)


def change_flags(*args: dict, **kwargs: Any) -> _ChangeFlags:
    """Set flags for a `with` block or a decorated function: change_flags(floatX='float32') or change_flags({...})."""
    return config.change_flags(*args, **kwargs)
