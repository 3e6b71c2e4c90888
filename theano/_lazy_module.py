"""A stand-in for a module that is imported on first attribute access: theano.tensor.compile, which Theano's
`from theano.tensor import *` brings along, is theano.compile, and importing that loads the lowering (jax), which
`import theano` must not."""
from __future__ import annotations

import importlib
import types
from typing import Any


class LazyModule(types.ModuleType):
    """Behaves as the module `name` once touched: attribute reads import it and forward."""

    def __init__(self, name: str):
        super().__init__(name)
        self.__dict__["_lazy_target"] = name

    def _load(self) -> types.ModuleType:
        return importlib.import_module(self.__dict__["_lazy_target"])

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._load(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._load())

    def __repr__(self) -> str:
        return f"<lazy module {self.__dict__['_lazy_target']!r}>"
