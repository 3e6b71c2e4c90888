"""Shared variables: symbolic inputs that hold a value between calls (on the device, via the injected backend).

frontend never imports jax: the storage (`to_device`, `to_host`) comes from theano.lowering,
which registers it in `graph.backend` at import.
"""
from __future__ import annotations

import copy
import itertools
import threading
from typing import Any, Sequence

import numpy as np

from theano.frontend.graph import Variable, backend, pickle_hooks
from theano.frontend.type import TensorType, generic
from theano.frontend.variable import _tensor_py_operators

_SERIAL = itertools.count()  # lock order: functions take their shared variables' locks by ascending serial


class SharedVariable(Variable):
    """A Variable with a value that persists across function calls (compile.sharedvalue.SharedVariable)."""

    _sharding: Any = None  # where the value lives over a device mesh (theano.shared(..., sharding=...)); None: config.device

    def __init__(self, name: str | None, type: Any, value: Any, strict: bool, allow_downcast: bool | None = None,
                 container: Any = None, sharding: Any = None):
        super().__init__(type=type, name=name, owner=None, index=None)
        if sharding is not None:
            self._sharding = backend["check_sharding"](sharding, getattr(value, "shape", np.shape(value)), name)
        self._allow_downcast = allow_downcast
        self._strict = strict  # set_value filters as the constructor did (Theano's Container(strict=...))
        self.default_update: Variable | None = None
        if isinstance(container, SharedVariable):  # Theano's container=: one value cell for both variables
            self._share_storage(container)
            return
        self._value = None
        self._init_lock()
        self._set(value, strict=strict, allow_downcast=allow_downcast)

    @property
    def _value(self) -> Any:
        """The value (a device buffer), held in a one-element cell that clones share: a clone (a compiled
        function's graph holds clones of its shared inputs) reads what the original's last update wrote, never
        a buffer that update donated, as Theano's clones share their Container."""
        cell = self.__dict__.get("_cell")
        return None if cell is None else cell[0]

    @_value.setter
    def _value(self, value: Any) -> None:
        cell = self.__dict__.get("_cell")
        if cell is None:
            self.__dict__["_cell"] = [value]
        else:
            cell[0] = value

    def _share_storage(self, other: "SharedVariable") -> None:
        """Read and write `other`'s value cell (and take its lock: a call that donates it holds that lock)."""
        self.__dict__["_cell"] = other._cell
        self._lock = other._lock
        self._serial = other._serial  # the same lock, the same place in the lock order

    def _init_lock(self) -> None:
        """The lock that makes a compiled call's read-run-write of this value atomic (see docs/threading.md)."""
        self._lock = threading.RLock()
        self._serial = next(_SERIAL)

    def _set(self, value: Any, strict: bool = False, allow_downcast: bool | None = None) -> None:
        if _is_device_array(value) and str(value.dtype) == self.type.dtype and value.ndim == self.type.ndim:
            self._check_bcast(value.shape)
            if self._sharding is not None:  # a device array goes to the variable's sharding (device to device)
                value = backend["to_device"](value, sharding=self._checked_sharding(value.shape))
            with self._lock:
                self._value = value
            return
        data = self.type.filter(value, strict=strict, allow_downcast=allow_downcast)
        if not isinstance(self.type, TensorType):  # a Generic value stays a Python object on the host
            with self._lock:
                self._value = data
            return
        value = np.array(data, copy=True) if isinstance(data, np.ndarray) else data
        if self._sharding is not None:  # scattered over the mesh: each device gets its part
            stored = backend["to_device"](value, sharding=self._checked_sharding(np.shape(value)))
        else:
            stored = backend["to_device"](value)
        with self._lock:
            self._value = stored

    def _checked_sharding(self, shape: Sequence[int]) -> Any:
        """The variable's sharding, checked against the shape of a new value (set_value of another shape)."""
        return backend["check_sharding"](self._sharding, shape, self.name)

    def _check_bcast(self, shape: Sequence[int]) -> None:
        for i, b in enumerate(self.type.broadcastable):
            if b and shape[i] != 1:
                raise TypeError("Non-unit value on shape on a broadcastable dimension.", tuple(shape), self.type.broadcastable)

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> Any:
        """The value as a numpy array (the device buffer itself with return_internal_type=True)."""
        with self._lock:  # a call running now may donate the current buffer: wait for it
            if return_internal_type:
                return self._value
            if not isinstance(self.type, TensorType):
                return self._value if borrow else copy.deepcopy(self._value)
            return backend["to_host"](self._value, copy=not borrow)

    def set_value(self, new_value: Any, borrow: bool = False) -> None:
        """Replace the value; it is checked against the variable's type (no silent downcast; with strict=True
        at construction, only a value of exactly that type)."""
        if not borrow and _is_device_array(new_value):  # a device copy: an update donates the buffer it replaces
            new_value = backend["device_value"](new_value, copy=True)
        self._set(new_value, strict=getattr(self, "_strict", False), allow_downcast=self._allow_downcast)

    @property
    def container(self) -> "SharedVariable":
        return self

    @property
    def value(self) -> Any:
        return self.get_value()

    @property
    def storage(self) -> list[Any]:
        return [self.get_value(borrow=True)]

    def zero(self, borrow: bool = False) -> None:
        self.set_value(np.zeros(self.get_value(borrow=True).shape, dtype=self.type.dtype))

    def clone(self) -> "SharedVariable":
        extra = {"sharding": self._sharding} if self._sharding is not None else {}  # (subclasses may not take it)
        cp = self.__class__(name=self.name, type=self.type, value=self._value, strict=True,
                            allow_downcast=self._allow_downcast, **extra)
        cp._strict = getattr(self, "_strict", False)
        cp.tag = copy.copy(self.tag)
        cp._share_storage(self)  # Theano's clone shares the container
        return cp

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_value"] = self.get_value()  # the whole value, gathered from every device
        state.pop("_cell", None)
        state.pop("_lock", None)
        state.pop("_serial", None)
        state.pop("_fn_cache", None)  # eval()'s compiled functions
        if "_sharding" in state:  # devices do not pickle: the mesh and spec are stored as plain data
            state["_sharding"] = backend["describe_sharding"](state["_sharding"])
        return state

    def __setstate__(self, state: dict) -> None:
        if pickle_hooks["shared_setstate"](self, state):  # pickled by Theano 1.0.5: value in a Container
            return
        value = state.pop("_value")
        sharding = state.pop("_sharding", None)
        self.__dict__.update(state)
        self._init_lock()
        if sharding is not None:  # rebuilt over this process's devices; None (default device) if too few
            self._sharding = backend["sharding_from_description"](sharding)
        if self._sharding is not None:
            self._value = backend["to_device"](value, sharding=self._sharding)
        else:
            self._value = backend["to_device"](value)


class TensorSharedVariable(_tensor_py_operators, SharedVariable):
    """A shared tensor: operators of TensorVariable, value of SharedVariable."""


class ScalarSharedVariable(TensorSharedVariable):
    pass


def _is_device_array(value: Any) -> bool:
    return backend["is_device_array"](value)


_OTHER_CONSTRUCTORS: list[tuple[Any, Any]] = []


def register_shared_constructor(accepts: Any, build: Any) -> None:
    """Let theano.shared build `build(value, name=, strict=, allow_downcast=, borrow=)` for values where
    `accepts(value)` (Theano's shared_constructor; theano.frontend.sparse registers scipy matrices)."""
    _OTHER_CONSTRUCTORS.append((accepts, build))


def shared(value: Any, name: str | None = None, strict: bool = False, allow_downcast: bool | None = None,
           borrow: bool = False, broadcastable: Sequence[bool] | None = None, target: Any = None,
           sharding: Any = None) -> TensorSharedVariable:
    """theano.shared: a shared variable whose type comes from `value` (Python floats become floatX only if strict=False... as in Theano: float64)."""
    if isinstance(value, Variable):
        raise TypeError("Shared variable constructor needs numeric values and not symbolic variables.")
    for accepts, build in _OTHER_CONSTRUCTORS:  # values of other types (a scipy matrix: theano.sparse)
        if accepts(value):
            if sharding is not None:
                raise TypeError(f"shared: sharding= is for dense tensors; {type(value).__name__} values are not sharded")
            return build(value, name=name, strict=strict, allow_downcast=allow_downcast, borrow=borrow)
    if _is_device_array(value):  # a jax.Array stays on the device: copied there unless borrow=True
        arr = backend["device_value"](value, copy=not borrow)
        dtype, ndim = str(value.dtype), value.ndim
    else:
        if isinstance(value, (bool, int, float, complex, np.generic)) and not isinstance(value, np.ndarray):
            arr = _scalar_value(value)
        elif isinstance(value, np.ndarray) and value.dtype.kind not in "OUSV":
            arr = value
        else:  # Theano's generic_constructor: lists, strings, objects, ... are held as they are
            if broadcastable is not None or sharding is not None:
                what = f"broadcastable={broadcastable!r}" if broadcastable is not None else "sharding="
                raise TypeError(f"shared: {what} needs a numeric value (a numpy array or a "
                                f"number); got {type(value).__name__} {value!r:.60}")
            return SharedVariable(name=name, type=generic, value=value,
                                  strict=strict, allow_downcast=allow_downcast)
        dtype, ndim = str(arr.dtype), arr.ndim
    if broadcastable is None:
        broadcastable = (False,) * ndim
    ttype = TensorType(dtype, broadcastable)
    cls = ScalarSharedVariable if ndim == 0 else TensorSharedVariable
    return cls(name=name, type=ttype, value=arr, strict=strict, allow_downcast=allow_downcast, sharding=sharding)


def _scalar_value(value: Any) -> np.ndarray:
    # Theano's scalar_constructor: Python float -> float64 (not floatX), int -> int64, numpy scalars keep dtype
    if isinstance(value, np.generic):
        return np.asarray(value)
    if isinstance(value, bool):
        return np.asarray(value)
    if isinstance(value, int):
        return np.asarray(value, dtype="int64")
    if isinstance(value, float):
        return np.asarray(value, dtype="float64")
    return np.asarray(value, dtype="complex128")
