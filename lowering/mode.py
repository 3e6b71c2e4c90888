"""Compilation modes (compile.mode): which rewrite sets run before lowering, and how the result runs."""
from __future__ import annotations

from typing import Any

from theano.frontend.config import config


class Mode:
    """A linker name (kept for compatibility; everything runs through XLA) and an optimizer (rewrite query)."""

    def __init__(self, linker: Any = None, optimizer: Any = "default", including: tuple = (), excluding: tuple = (),
                 requiring: tuple = ()):
        self.linker = linker if linker is not None else "xla"
        if optimizer == "default":
            optimizer = config.optimizer
        self.optimizer = "None" if optimizer is None else optimizer
        self.included = tuple(including)
        self.excluded = tuple(excluding)
        self.required = tuple(requiring)

    def _with(self, **kw: Any) -> "Mode":
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.__dict__.update(kw)
        return new

    def including(self, *tags: str) -> "Mode":
        return self._with(included=self.included + tags)

    def excluding(self, *tags: str) -> "Mode":
        return self._with(excluded=self.excluded + tags)

    def requiring(self, *tags: str) -> "Mode":
        return self._with(required=self.required + tags)

    @property
    def provided_optimizer(self) -> Any:
        return self.optimizer

    def __str__(self) -> str:
        return f"{type(self).__name__}(linker={self.linker}, optimizer={self.optimizer})"

    __repr__ = __str__


class DebugMode(Mode):
    """Placeholder for the checking mode (the full DebugMode comes with the rewrite passes)."""

    def __init__(self, **kw: Any):
        super().__init__(linker="debug", optimizer=kw.pop("optimizer", "fast_run"))


FAST_RUN = Mode(optimizer="fast_run")
FAST_COMPILE = Mode(optimizer="fast_compile")
predefined_modes: dict[str, Mode] = {
    "FAST_RUN": FAST_RUN, "FAST_COMPILE": FAST_COMPILE, "JAX": FAST_RUN, "NanGuardMode": FAST_RUN,
    "ProfileMode": FAST_RUN,
}


def get_mode(mode: Any) -> Mode:
    """A Mode from None (config.mode), a name, or a Mode."""
    if mode is None:
        mode = config.mode
    if isinstance(mode, Mode):
        return mode
    if mode == "Mode":
        return Mode()
    if mode in ("DebugMode", "DEBUG_MODE"):
        return DebugMode()
    if mode in predefined_modes:
        return predefined_modes[mode]
    raise ValueError(f"unknown mode {mode!r}; expected a Mode or one of "
                     f"{sorted(predefined_modes) + ['Mode', 'DebugMode', 'DEBUG_MODE']}")


def get_default_mode() -> Mode:
    return get_mode(None)
