"""Input storage of a compiled function: one Container per input (gof.link.Container) and the maps that
find them by variable, name or position (`f.container[...]`, `f.value[...]`, `f[...]`).

A Container holds an input's default value between calls: `In(x, value=...)` fills it, `In(s, update=...)`
writes the new value into it after each call, and `In(s, value=f.container[s])` makes two functions share it.
"""
from __future__ import annotations

from typing import Any

import numpy as np


class Container:
    """One storage cell `storage[0]` for a value of `type`; setting `value` filters it through the type."""

    def __init__(self, r: Any, storage: list | None = None, readonly: bool = False, strict: bool = False,
                 allow_downcast: bool | None = None, name: str | None = None):
        self.type = getattr(r, "type", r)
        self.name = name if name is not None else getattr(r, "name", None)
        self.storage = storage if storage is not None else [None]
        self.readonly = readonly
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.required = False
        self.implicit = False
        self.provided = 0

    @property
    def data(self) -> Any:
        return self.storage[0]

    @property
    def value(self) -> Any:
        return self.storage[0]

    @value.setter
    def value(self, value: Any) -> None:
        if self.readonly:
            raise Exception(f"Cannot set readonly storage: {self.name}")
        self.storage[0] = None if value is None else self.type.filter(value, strict=self.strict,
                                                                     allow_downcast=self.allow_downcast)

    def __str__(self) -> str:
        return "<" + str(self.storage[0]) + ">"

    __repr__ = __str__


class SharedStorage:
    """A shared variable's storage seen as a Container (`data` reads and writes its value), the `value` of its
    implicit input in FunctionMaker.expanded_inputs."""

    def __init__(self, shared: Any):
        self.shared = shared
        self.type = shared.type
        self.name = shared.name

    @property
    def data(self) -> Any:
        return self.shared.get_value(borrow=True)

    @data.setter
    def data(self, value: Any) -> None:
        self.shared.set_value(value)

    value = data

    @staticmethod
    def implicit_input(shared: Any) -> Any:
        from theano.lowering.io import SymbolicInput

        inp = SymbolicInput(shared, implicit=True)
        inp.value = SharedStorage(shared)
        inp.shared = True
        return inp

    def __str__(self) -> str:
        return "<" + str(self.data) + ">"

    __repr__ = __str__


def default_storage(variable: Any, value: Any, strict: bool, allow_downcast: bool | None, name: str | None) -> Container:
    """The container of an explicit input: `value` itself when it is a Container (shared state), else a new one
    holding the filtered default (None: the input is required)."""
    if isinstance(value, Container):
        return value
    c = Container(variable, strict=strict, allow_downcast=allow_downcast, name=name)
    if value is not None:
        c.storage[0] = variable.type.filter(value, strict=strict, allow_downcast=allow_downcast)
    return c


_DUPLICATE = object()


class ContainerMap:
    """`f.container`: the Container of an input found by its variable, its In, its name or its position;
    `f.value`: the same keys, reading and writing the values (Theano's ValueMap)."""

    def __init__(self, inputs: list[Any], storage: list[Any], values: bool):
        self._storage = storage
        self._values = values
        finder: dict[Any, Any] = {}
        for k, (inp, c) in enumerate(zip(inputs, storage)):
            finder[k] = c
            finder[inp.variable] = c
            finder[inp] = c
            if inp.name is not None:
                finder[inp.name] = _DUPLICATE if inp.name in finder else c
        self._finder = finder

    def _find(self, item: Any) -> Any:
        try:
            c = self._finder[item]
        except (KeyError, TypeError):
            raise TypeError(f"Unknown input or state: {item}") from None
        if c is _DUPLICATE:
            raise TypeError(f"Ambiguous name: {item} - please check the names of the inputs of your function "
                            "for duplicates.")
        return c

    def __getitem__(self, item: Any) -> Any:
        c = self._find(item)
        if not self._values:
            return c
        if hasattr(c, "get_value"):  # a shared variable's storage
            return c.get_value(borrow=True)
        if c.storage[0] is not None and hasattr(c.type, "value_from_array"):  # a random state: its RandomState
            return c.type.value_from_array(c.storage[0], c)
        return c.storage[0]

    def __setitem__(self, item: Any, value: Any) -> None:
        c = self._find(item)
        if not self._values:
            raise TypeError("f.container[...] cannot be assigned; set f.value[...] or f[...] instead")
        if hasattr(c, "set_value"):
            c.set_value(value)
        else:
            c.value = value

    def __contains__(self, item: Any) -> bool:
        try:
            return self._finder[item] is not _DUPLICATE
        except (KeyError, TypeError):
            return False


def host_value(array: Any) -> np.ndarray:
    """A computed value as the numpy array an input container keeps (a 0-d array for a scalar, as Theano)."""
    return np.array(array)
