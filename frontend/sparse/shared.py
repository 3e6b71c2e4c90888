"""Sparse shared variables: `theano.shared(scipy.sparse matrix)` (theano.sparse.sharedvar).

The value lives on the device as padded (data, indices, indptr) arrays (theano.lowering.sparse_values), so a
compiled function reads it without a host conversion per call; get_value returns a scipy matrix.
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np
import scipy.sparse

from theano.frontend.graph import backend
from theano.frontend.shared import SharedVariable, register_shared_constructor
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import _sparse_py_operators


class SparseTensorSharedVariable(_sparse_py_operators, SharedVariable):
    """A shared scipy matrix: the operators of SparseVariable, the value of SharedVariable.

    The value programs read is a SparseArrays of device arrays (`_value`), so a training loop converts nothing per
    call. Theano's aliasing holds as well: after `shared(m, borrow=True)`, `set_value(m, borrow=True)` or
    `get_value(borrow=True)` the variable *aliases* the scipy matrix `m` (the same object comes back from
    get_value(borrow=True), and changing it in place, `m /= 2`, changes what functions compute). While it aliases,
    each read of `_value` compares `m`'s arrays with a snapshot of the last upload (a host memcmp, O(nnz)) and
    uploads again only when they differ. An update by a function, or set_value(borrow=False), ends the aliasing,
    as a new storage object does in Theano.
    """

    dtype = property(lambda self: self.type.dtype)
    format = property(lambda self: self.type.format)
    _device_value: Any = None
    _host: Any = None  # the scipy matrix the variable aliases, or None
    _snapshot: Any = None  # (format, dtype, shape, data, indices, indptr) copies of the last upload of _host

    @property
    def _value(self) -> Any:
        if self._host is not None:
            self._sync()
        return self._device_value

    @_value.setter
    def _value(self, value: Any) -> None:  # a program's update or another variable's storage: no aliasing
        self._host = self._snapshot = None
        self._device_value = value

    def _sync(self) -> None:
        """Upload the aliased scipy matrix again if it changed since the last upload."""
        host = self._host
        if self._snapshot is not None and _same_matrix(host, self._snapshot):
            return
        data = self.type.filter(host, strict=False, allow_downcast=self._allow_downcast)
        self._device_value = self._upload(data)
        self._snapshot = _snapshot(host)

    def _upload(self, data: Any) -> Any:
        """`data` (a scipy matrix of the type) on the device. The first value is stored unpadded, a later one keeps
        the current capacity where it fits (no recompilation for a new minibatch): lowering/sparse_values.py,
        shared_capacity."""
        previous = self._device_value
        return backend["sparse_to_device"](data, previous, first=previous is None)

    def _alias(self, host: Any) -> None:
        """Make the variable alias the scipy matrix `host` (already filtered to the type)."""
        self._device_value = self._upload(host)
        self._host = host
        self._snapshot = _snapshot(host)

    def _set(self, value: Any, strict: bool = False, allow_downcast: bool | None = None,
             borrow: bool = False) -> None:
        if backend["is_sparse_arrays"](value):  # a program's result (an update) or another variable's storage
            with self._lock:
                self._value = value
            return
        data = self.type.filter(value, strict=strict, allow_downcast=allow_downcast)
        with self._lock:
            if borrow:
                self._alias(data)
            else:
                self._value = self._upload(data)

    def set_value(self, new_value: Any, borrow: bool = False) -> None:
        """Replace the value (checked against the type). With borrow=True the variable aliases `new_value`
        when it already is a scipy matrix of the type (Theano's set_value(borrow=True))."""
        self._set(new_value, strict=getattr(self, "_strict", False), allow_downcast=self._allow_downcast,
                  borrow=borrow)

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> Any:
        """The value as a scipy matrix (Theano's internal type for sparse, so return_internal_type changes
        nothing): a new one, or with borrow=True the matrix the variable aliases (from then on, if it did not)."""
        with self._lock:
            if self._host is None:
                host = backend["sparse_to_host"](self._device_value)
                if not borrow:
                    return host
                self._host, self._snapshot = host, _snapshot(host)
                return host
            return self._host if borrow else copy.deepcopy(self._host)

    def zero(self, borrow: bool = False) -> None:
        self.set_value(self.type.value_zeros(self.get_value(borrow=True).shape))

    def __getstate__(self) -> dict:
        state = SharedVariable.__getstate__(self)
        for key in ("_device_value", "_host", "_snapshot"):
            state.pop(key, None)
        return state

    def __setstate__(self, state: dict) -> None:
        value = state.pop("_value")
        self.__dict__.update(state)
        self._init_lock()
        self._value = backend["sparse_to_device"](value, first=True)


def _snapshot(m: Any) -> tuple:
    return (m.format, m.dtype, m.shape, m.data.copy(), m.indices.copy(), m.indptr.copy())


def _same_matrix(m: Any, snap: tuple) -> bool:
    """Whether scipy matrix `m` still holds what `snap` recorded (format, dtype, shape and the three arrays)."""
    fmt, dtype, shape, data, indices, indptr = snap
    try:
        return (m.format == fmt and m.dtype == dtype and m.shape == shape and m.data.shape == data.shape
                and m.indices.shape == indices.shape and m.indptr.shape == indptr.shape
                and np.array_equal(m.indptr, indptr) and np.array_equal(m.indices, indices)
                and np.array_equal(m.data.view(np.uint8), data.view(np.uint8)))  # bitwise: NaNs compare equal
    except (AttributeError, ValueError):
        return False


def sparse_constructor(value: Any, name: str | None = None, strict: bool = False, allow_downcast: bool | None = None,
                       borrow: bool = False, format: str | None = None) -> SparseTensorSharedVariable:
    """The shared constructor for scipy matrices (registered with theano.shared)."""
    if not isinstance(value, scipy.sparse.spmatrix):
        raise TypeError("Expected a sparse matrix in the sparse shared variable constructor. Received: ",
                        value.__class__)
    if format is None:
        format = value.format
    stype = SparseType(format=format, dtype=value.dtype)
    var = SparseTensorSharedVariable(type=stype, value=value, name=name, strict=strict,
                                     allow_downcast=allow_downcast)
    if borrow:  # Theano's container holds `value` itself: the variable aliases it
        var._set(value, strict=strict, allow_downcast=allow_downcast, borrow=True)
    return var


register_shared_constructor(lambda value: isinstance(value, scipy.sparse.spmatrix), sparse_constructor)
