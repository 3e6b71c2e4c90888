"""SparseType: a 2-d scipy.sparse matrix of a format ('csr', 'csc', 'bsr') and a dtype (theano.sparse.type).

Values cross the function boundary as scipy.sparse matrices, as in Theano; inside a compiled program they are
padded (data, indices, indptr) triples (see theano.lowering.sparse_values for the representation and why).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse

from theano.frontend.graph import Type


def _is_sparse(x: Any) -> bool:
    """True iff `x` is a scipy.sparse matrix (not an ndarray); other objects are refused, as in Theano."""
    if not isinstance(x, (scipy.sparse.spmatrix, np.ndarray, tuple, list)):
        raise NotImplementedError("this function should only be called on sparse.scipy.sparse.spmatrix or "
                                  "numpy.ndarray, not,", x)
    return isinstance(x, scipy.sparse.spmatrix)


class SparseType(Type):
    """The Type of sparse matrices: `SparseType(format, dtype)`, printed `Sparse[float64, csr]`."""

    format_cls = {"csr": scipy.sparse.csr_matrix, "csc": scipy.sparse.csc_matrix, "bsr": scipy.sparse.bsr_matrix}
    dtype_set = {"int8", "int16", "int32", "int64", "float32", "uint8", "uint16", "uint32", "uint64",
                 "float64", "complex64", "complex128"}
    ndim = 2
    broadcastable = (False, False)
    is_sparse = True  # lowering reads this flag to convert values at the function boundary

    def __init__(self, format: str, dtype: Any):
        dtype = str(np.dtype(dtype)) if not isinstance(dtype, str) else dtype
        if dtype not in self.dtype_set:
            raise NotImplementedError('unsupported dtype "%s" not in list' % dtype, sorted(self.dtype_set))
        if not isinstance(format, str):
            raise TypeError(f"SparseType: format must be a string ('csr', 'csc' or 'bsr'); got {format!r}")
        if format not in self.format_cls:
            raise NotImplementedError('unsupported format "%s" not in list' % format, list(self.format_cls))
        self.dtype = dtype
        self.format = format

    def filter(self, value: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        """`value` as a scipy matrix of this format and dtype, with Theano's errors."""
        cls = self.format_cls[self.format]
        if isinstance(value, cls) and value.dtype == self.dtype:
            return value
        if strict:
            raise TypeError("%s is not sparse, or not the right dtype (is %s, expected %s)"
                            % (value, getattr(value, "dtype", type(value).__name__), self.dtype))
        if allow_downcast:
            sp = cls(value, dtype=self.dtype)
        else:
            sp = cls(value)
            if str(sp.dtype) != self.dtype:
                raise NotImplementedError("Expected %s dtype but got %s" % (self.dtype, str(sp.dtype)))
        if sp.format != self.format:
            raise NotImplementedError()
        return sp

    @staticmethod
    def may_share_memory(a: Any, b: Any) -> bool:
        """Whether two values (sparse or dense) may share a buffer (Theano's quick check on the three arrays)."""
        if _is_sparse(a) and _is_sparse(b):
            return (SparseType.may_share_memory(a, b.data) or SparseType.may_share_memory(a, b.indices)
                    or SparseType.may_share_memory(a, b.indptr))
        if _is_sparse(b) and isinstance(a, np.ndarray):
            a, b = b, a
        if _is_sparse(a) and isinstance(b, np.ndarray):
            return bool(np.may_share_memory(a.data, b) or np.may_share_memory(a.indices, b)
                        or np.may_share_memory(a.indptr, b))
        return False

    def make_variable(self, name: str | None = None) -> Any:
        return self.Variable(self, name=name)

    def clone(self, format: str | None = None, dtype: Any = None) -> "SparseType":
        return SparseType(self.format if format is None else format, self.dtype if dtype is None else dtype)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and other.dtype == self.dtype and other.format == self.format  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.dtype) ^ hash(self.format)

    def __str__(self) -> str:
        return "Sparse[%s, %s]" % (self.dtype, self.format)

    __repr__ = __str__

    def values_eq_approx(self, a: Any, b: Any, eps: float = 1e-6) -> bool:
        if not scipy.sparse.issparse(a) or not scipy.sparse.issparse(b):
            return False
        diff = abs(a - b)
        if diff.nnz == 0:
            return True
        return bool(max(diff.data) < eps)

    def values_eq(self, a: Any, b: Any) -> bool:
        return bool(scipy.sparse.issparse(a) and scipy.sparse.issparse(b) and abs(a - b).sum() == 0.0)

    def is_valid_value(self, a: Any) -> bool:
        return bool(scipy.sparse.issparse(a) and a.format == self.format)

    def get_shape_info(self, obj: Any) -> tuple:
        obj = self.filter(obj)
        return (obj.shape, obj.data.size, obj.indices.size, obj.indptr.size, obj.nnz)

    def get_size(self, shape_info: tuple) -> int:
        return int(shape_info[1] * np.dtype(self.dtype).itemsize + (shape_info[2] + shape_info[3]) * 4)

    def value_zeros(self, shape: Any) -> Any:
        return self.format_cls[self.format](tuple(shape), dtype=self.dtype)

    # Variable and Constant are bound in theano.frontend.sparse.variable (they carry the operators, built on the ops)


def _hash_from_code(msg: Any) -> str:
    """Theano's gof.utils.hash_from_code (Python 3): 'm' + the sha256 hex digest of a str or buffer."""
    import hashlib
    if isinstance(msg, str):
        msg = msg.encode()
    return "m" + hashlib.sha256(np.ascontiguousarray(msg) if isinstance(msg, np.ndarray) else msg).hexdigest()


def hash_from_sparse(data: Any) -> str:
    """A hash of a scipy matrix's arrays, shape, dtype and format (theano.sparse.utils.hash_from_sparse)."""
    return _hash_from_code(_hash_from_code(data.data) + _hash_from_code(data.indices) + _hash_from_code(data.indptr)
                           + _hash_from_code(str(data.shape)) + _hash_from_code(str(data.dtype))
                           + _hash_from_code(data.format))
