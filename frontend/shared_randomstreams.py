"""theano.tensor.shared_randomstreams, numpy-exact: RandomStreams whose draws are numpy RandomState methods.

Each draw owns a `RandomStateSharedVariable`, seeded as Theano 1.0.5 does (`RandomState(seedgen.randint(2**30))`
from the object's seed generator), whose default_update is the state after the draw. The value lives on the
device as numpy's MT19937 state vector (frontend/raw_random.py); `get_value()` gives a numpy RandomState.
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np

from theano.frontend.graph import Variable, backend
from theano.frontend.raw_random import RandomStateType, RandomStreamsBase, random_state_of, state_array
from theano.frontend.shared import SharedVariable, TensorSharedVariable, register_shared_constructor

__all__ = ["RandomStateSharedVariable", "randomstate_constructor", "RandomStreams"]


class RandomStateSharedVariable(TensorSharedVariable):
    """A shared numpy random state. Its value is a RandomState for the user and a uint32 state vector on the
    device. `get_value(borrow=True)` hands out one RandomState object per variable, kept in step with the
    device value; drawing from that object directly (Theano's borrow contract) moves the device value too,
    before the next call reads it."""

    def __init__(self, name: str | None, type: Any, value: Any, strict: bool, allow_downcast: bool | None = None,
                 container: Any = None, sharding: Any = None):
        self._host: np.random.RandomState | None = None  # the object get_value(borrow=True) handed out
        self._host_of: Any = None  # the device value it was last synced with
        self._host_words: np.ndarray | None = None  # its state then (to see the user draw from it)
        super().__init__(name=name, type=type, value=value, strict=strict, allow_downcast=allow_downcast,
                         container=container, sharding=sharding)

    # `_value` is what compiled calls read and write: reading it first takes in any draw made on the host object
    @property
    def _value(self) -> Any:
        self._sync_from_host()
        cell = self.__dict__.get("_cell")  # the value cell, shared with clones (SharedVariable._value)
        return None if cell is None else cell[0]

    @_value.setter
    def _value(self, value: Any) -> None:
        SharedVariable._value.fset(self, value)

    def _sync_from_host(self) -> None:
        host = self.__dict__.get("_host")
        if host is None:
            return
        words = state_array(host)
        if not np.array_equal(words, self._host_words):
            SharedVariable._value.fset(self, backend["to_device"](words))
            self._host_of = self.__dict__["_cell"][0]
            self._host_words = words

    def _set(self, value: Any, strict: bool = False, allow_downcast: bool | None = None) -> None:
        self._host = None
        self._host_of = None
        self._host_words = None
        super()._set(value, strict=strict, allow_downcast=allow_downcast)

    def _host_object(self) -> np.random.RandomState:
        """The RandomState handed out by borrow=True, set to the current device value."""
        current = self._value
        if self._host is None or self._host_of is not current:
            words = np.asarray(backend["to_host"](current, copy=True), dtype=np.uint32)
            self._host = random_state_of(words, into=self._host)
            self._host_of = current
            self._host_words = words
        return self._host

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> np.random.RandomState:
        """The numpy RandomState (a copy unless borrow=True, as Theano's)."""
        if not isinstance(self.type, RandomStateType):  # built by hand over another type (Theano allows it)
            return super().get_value(borrow=borrow, return_internal_type=return_internal_type)
        with self._lock:
            host = self._host_object()
            return host if borrow else copy.deepcopy(host)

    def set_value(self, new_value: Any, borrow: bool = False) -> None:
        """A numpy RandomState (or its state vector); with borrow=True the object itself becomes the value
        `get_value(borrow=True)` hands out."""
        if not isinstance(self.type, RandomStateType):
            return super().set_value(new_value, borrow=borrow)
        with self._lock:
            self._set(new_value, strict=False, allow_downcast=self._allow_downcast)
            if borrow and isinstance(new_value, np.random.RandomState):
                self._host = new_value
                self._host_of = self.__dict__["_cell"][0]
                self._host_words = state_array(new_value)

    def zero(self, borrow: bool = False) -> None:
        raise TypeError("a random state has no zero value")

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state["_value"] = state_array(state["_value"])  # the state vector: the device value is rebuilt from it
        for k in ("_host", "_host_of", "_host_words"):
            state.pop(k, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__["_host"] = None
        self.__dict__["_host_of"] = None
        self.__dict__["_host_words"] = None
        super().__setstate__(state)


def randomstate_constructor(value: Any, name: str | None = None, strict: bool = False,
                            allow_downcast: bool | None = None, borrow: bool = False) -> RandomStateSharedVariable:
    """theano.shared for a numpy RandomState: a RandomStateSharedVariable (a copy of it unless borrow=True)."""
    if not isinstance(value, np.random.RandomState):
        raise TypeError(f"randomstate_constructor: expected a numpy RandomState, got {type(value).__name__}")
    var = RandomStateSharedVariable(type=RandomStateType(), value=value, name=name, strict=strict,
                                    allow_downcast=allow_downcast)
    if borrow:
        var._host = value
        var._host_of = var.__dict__["_cell"][0]
        var._host_words = state_array(value)
    return var


register_shared_constructor(lambda v: isinstance(v, np.random.RandomState), randomstate_constructor)


class RandomStreams(RandomStreamsBase):
    """Theano's RandomStreams: each draw gets a shared RandomState seeded from this object's seed generator;
    `seed(s)` reseeds all of them; `updates()` lists (state, new state)."""

    def __init__(self, seed: int | None = None):
        super().__init__()
        self.state_updates: list[tuple[Variable, Variable]] = []
        self.default_instance_seed = seed
        self.gen_seedgen = np.random.RandomState(seed)

    def updates(self) -> list[tuple[Variable, Variable]]:
        return list(self.state_updates)

    def seed(self, seed: int | None = None) -> None:
        """Re-seed every stream: each gets RandomState(randint(2**30)) from RandomState(seed) in turn."""
        if seed is None:
            seed = self.default_instance_seed
        seedgen = np.random.RandomState(seed)
        for old_r, _ in self.state_updates:
            old_r_seed = seedgen.randint(2 ** 30)
            old_r.set_value(np.random.RandomState(int(old_r_seed)), borrow=True)

    def __getitem__(self, item: Variable) -> np.random.RandomState:
        """The RandomState of a stream (`item.rng.get_value(borrow=True)`)."""
        return item.get_value(borrow=True)

    def __setitem__(self, item: Variable, val: Any) -> None:
        """Set the RandomState of a stream."""
        item.set_value(val, borrow=True)

    def gen(self, op: Any, *args: Any, **kwargs: Any) -> Variable:
        """Draw with `op(state, *args, **kwargs)` from a new shared state that advances on every call."""
        seed = int(self.gen_seedgen.randint(2 ** 30))
        random_state_variable = randomstate_constructor(np.random.RandomState(seed))
        random_state_variable.tag.is_rng = True
        new_r, out = op(random_state_variable, *args, **kwargs)
        out.rng = random_state_variable
        out.update = (random_state_variable, new_r)
        self.state_updates.append(out.update)
        random_state_variable.default_update = new_r
        return out
