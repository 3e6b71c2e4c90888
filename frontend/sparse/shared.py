"""Sparse shared variables: `theano.shared(scipy.sparse matrix)` (theano.sparse.sharedvar).

The value lives on the device as padded (data, indices, indptr) arrays (theano.lowering.sparse_values), so a
compiled function reads it without a host conversion per call; get_value returns a scipy matrix.
"""
from __future__ import annotations

from typing import Any

import scipy.sparse

from theano.frontend.graph import backend, pickle_hooks
from theano.frontend.shared import SharedVariable, register_shared_constructor
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import _sparse_py_operators


class SparseTensorSharedVariable(_sparse_py_operators, SharedVariable):
    """A shared scipy matrix: the operators of SparseVariable, the value of SharedVariable.

    The value programs read is a SparseArrays of device arrays (`_value`), so a training loop converts nothing per
    call. As for dense shared variables, the value is a copy on the device, never an alias of a scipy matrix the
    user holds: `shared(m, borrow=True)`, `set_value(m, borrow=True)` upload `m` (changing `m` in place later does
    not change the variable), and `get_value(borrow=...)` returns a new scipy matrix. Keeping Theano's CPU
    aliasing would cost a comparison of the whole matrix on every call (the tutorial's
    `shared(X, borrow=True)` and `X.get_value(borrow=True).shape` idioms would both start it): see
    docs/sparse.md, "Shared variables".
    """

    dtype = property(lambda self: self.type.dtype)
    format = property(lambda self: self.type.format)

    def _upload(self, data: Any) -> Any:
        """`data` (a scipy matrix of the type) on the device. The first value is stored unpadded, a later one keeps
        the current capacity where it fits (no recompilation for a new minibatch): lowering/sparse_values.py,
        shared_capacity."""
        previous = self._value
        return backend["sparse_to_device"](data, previous, first=previous is None)

    def _set(self, value: Any, strict: bool = False, allow_downcast: bool | None = None,
             borrow: bool = False) -> None:
        if backend["is_sparse_arrays"](value):  # a program's result (an update) or another variable's storage
            with self._lock:
                self._value = value
            return
        data = self.type.filter(value, strict=strict, allow_downcast=allow_downcast)
        with self._lock:
            self._value = self._upload(data)

    def set_value(self, new_value: Any, borrow: bool = False) -> None:
        """Replace the value (checked against the type). `borrow` changes nothing: the value is uploaded to the
        device, so the variable never aliases `new_value` (as dense shared variables)."""
        self._set(new_value, strict=getattr(self, "_strict", False), allow_downcast=self._allow_downcast,
                  borrow=borrow)

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> Any:
        """The value as a new scipy matrix (Theano's internal type for sparse, so return_internal_type changes
        nothing; borrow neither: writing into the result does not change the variable)."""
        with self._lock:
            return backend["sparse_to_host"](self._value)

    def zero(self, borrow: bool = False) -> None:
        self.set_value(self.type.value_zeros(self.get_value().shape))

    def __setstate__(self, state: dict) -> None:
        if pickle_hooks["shared_setstate"](self, state):  # pickled by Theano 1.0.5: value in a Container
            return
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
    var = SparseTensorSharedVariable(type=stype, value=value, name=name, strict=strict,
                                     allow_downcast=allow_downcast)
    return var


register_shared_constructor(lambda value: isinstance(value, scipy.sparse.spmatrix), sparse_constructor)
