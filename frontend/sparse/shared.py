"""Sparse shared variables: `theano.shared(scipy.sparse matrix)` (theano.sparse.sharedvar).

The value lives on the device as padded (data, indices, indptr) arrays (theano.lowering.sparse_values), so a
compiled function reads it without a host conversion per call; get_value returns a scipy matrix.
"""
from __future__ import annotations

import copy
from typing import Any

import scipy.sparse

from theano.frontend.graph import backend
from theano.frontend.shared import SharedVariable, register_shared_constructor
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import _sparse_py_operators


class SparseTensorSharedVariable(_sparse_py_operators, SharedVariable):
    """A shared scipy matrix: the operators of SparseVariable, the value of SharedVariable."""

    dtype = property(lambda self: self.type.dtype)
    format = property(lambda self: self.type.format)

    def _set(self, value: Any, strict: bool = False, allow_downcast: bool | None = None) -> None:
        if backend["is_sparse_arrays"](value):  # a program's result (an update) or another variable's storage
            with self._lock:
                self._value = value
            return
        data = self.type.filter(value, strict=strict, allow_downcast=allow_downcast)
        # the first value is stored unpadded, a later one keeps the current capacity where it fits (no
        # recompilation for a new minibatch): lowering/sparse_values.py, shared_capacity
        previous = getattr(self, "_value", None)
        stored = backend["sparse_to_device"](data, previous, first=previous is None)
        with self._lock:
            self._value = stored

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> Any:
        """The value as a scipy matrix (a new one on every call; the device arrays with return_internal_type)."""
        with self._lock:
            if return_internal_type:
                return self._value
            return backend["sparse_to_host"](self._value)

    def zero(self, borrow: bool = False) -> None:
        self.set_value(self.type.value_zeros(self.get_value(borrow=True).shape))

    def __setstate__(self, state: dict) -> None:
        value = state.pop("_value")
        self.__dict__.update(state)
        self._init_lock()
        self._value = backend["sparse_to_device"](value, first=True)


def sparse_constructor(value: Any, name: str | None = None, strict: bool = False, allow_downcast: bool | None = None,
                       borrow: bool = False, format: str | None = None) -> SparseTensorSharedVariable:
    """The shared constructor for scipy matrices (registered with theano.shared)."""
    if not isinstance(value, scipy.sparse.spmatrix):
        raise TypeError("Expected a sparse matrix in the sparse shared variable constructor. Received: ",
                        value.__class__)
    if format is None:
        format = value.format
    stype = SparseType(format=format, dtype=value.dtype)
    if not borrow:
        value = copy.deepcopy(value)
    return SparseTensorSharedVariable(type=stype, value=value, name=name, strict=strict,
                                      allow_downcast=allow_downcast)


register_shared_constructor(lambda value: isinstance(value, scipy.sparse.spmatrix), sparse_constructor)
