"""SparseVariable, SparseConstant and the constructors (csr_matrix, csc_matrix, as_sparse_variable, ...).

The operators of Theano's `_sparse_py_operators` call the sparse ops by name through `_OPERATORS`, which the op
modules fill with `register_operators` when they are imported (they build on this module, so it cannot import
them); an operator whose op has not landed raises PendingFeatureError.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse

from theano._pending import PendingFeatureError
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.shape import shape as _tensor_shape
from theano.frontend.sparse.type import SparseType
from theano.frontend.type import TensorType

__all__ = ["SparseVariable", "SparseConstant", "SparseConstantSignature", "constant", "as_sparse_variable",
           "as_sparse", "as_sparse_or_tensor_variable", "matrix", "csc_matrix", "csr_matrix", "bsr_matrix",
           "csc_dmatrix", "csr_dmatrix", "bsr_dmatrix", "csc_fmatrix", "csr_fmatrix", "bsr_fmatrix", "all_dtypes",
           "complex_dtypes", "float_dtypes", "int_dtypes", "uint_dtypes", "integer_dtypes", "continuous_dtypes",
           "discrete_dtypes", "sparse_formats"]


_OPERATORS: dict[str, Any] = {}


def register_operators(**fns: Any) -> None:
    """Make sparse ops reachable from the variables' operators and methods (called by the op modules)."""
    _OPERATORS.update(fns)


def _op(name: str) -> Any:
    fn = _OPERATORS.get(name)
    if fn is None:
        raise PendingFeatureError(f"theano.sparse.{name} is not implemented in theano-xla yet: it comes with the "
                                  "sparse issue (14)")
    return fn


class _sparse_py_operators:
    """The methods and operators legacy code calls on sparse variables (theano.sparse.basic)."""

    T = property(lambda self: _op("transpose")(self), doc="Return aliased transpose of self (read-only)")

    def astype(self, dtype: Any) -> Any:
        return _op("cast")(self, dtype)

    def __neg__(self) -> Any:
        return _op("neg")(self)

    def __add__(left, right: Any) -> Any:
        return _op("add")(left, right)

    def __radd__(right, left: Any) -> Any:
        return _op("add")(left, right)

    def __sub__(left, right: Any) -> Any:
        return _op("sub")(left, right)

    def __rsub__(right, left: Any) -> Any:
        return _op("sub")(left, right)

    def __mul__(left, right: Any) -> Any:
        return _op("mul")(left, right)

    def __rmul__(left, right: Any) -> Any:
        return _op("mul")(left, right)

    def __lt__(self, other: Any) -> Any:
        return _op("lt")(self, other)

    def __le__(self, other: Any) -> Any:
        return _op("le")(self, other)

    def __gt__(self, other: Any) -> Any:
        return _op("gt")(self, other)

    def __ge__(self, other: Any) -> Any:
        return _op("ge")(self, other)

    def __dot__(left, right: Any) -> Any:
        return _op("structured_dot")(left, right)

    def __rdot__(right, left: Any) -> Any:
        return _op("structured_dot")(left, right)

    def toarray(self) -> Any:
        return _op("dense_from_sparse")(self)

    @property
    def shape(self) -> Any:
        return _tensor_shape(_op("dense_from_sparse")(self))

    ndim = property(lambda self: self.type.ndim)
    dtype = property(lambda self: self.type.dtype)
    broadcastable = property(lambda self: self.type.broadcastable)  # (False, False): what the shape rewrites read
    size = property(lambda self: _op("csm_data")(self).size)

    def zeros_like(model) -> Any:
        return _op("sp_zeros_like")(model)

    def __getitem__(self, args: Any) -> Any:
        return _op("getitem")(self, args)


class SparseVariable(_sparse_py_operators, Variable):
    """A symbolic sparse matrix, printed `SparseVariable{csr,float64}` (named or not, as Theano)."""

    format = property(lambda self: self.type.format)

    def __str__(self) -> str:  # named or not, as Theano 1.0.5 prints it
        return "%s{%s,%s}" % (self.__class__.__name__, self.format, self.dtype)

    def __repr__(self) -> str:
        return str(self)


class SparseConstantSignature(tuple):
    """The merge key of a SparseConstant: equal type, shape and (nearly) equal values."""

    def __eq__(self, other: Any) -> bool:
        (a, b), (x, y) = self, other
        return bool(a == x and b.dtype == y.dtype and type(b) is type(y) and b.shape == y.shape
                    and abs(b - y).sum() <= 1e-6 * b.nnz)

    def __ne__(self, other: Any) -> bool:
        return not self == other

    def __hash__(self) -> int:
        a, b = self
        return hash(type(self)) ^ hash(a) ^ hash(type(b))


class SparseConstant(_sparse_py_operators, Constant):
    """A constant scipy matrix in a graph, printed `SparseConstant{csr,float64,shape=(3, 4),nnz=2}`."""

    format = property(lambda self: self.type.format)

    def signature(self) -> SparseConstantSignature:
        return SparseConstantSignature((self.type, self.data))

    def __str__(self) -> str:
        return "%s{%s,%s,shape=%s,nnz=%s}" % (self.__class__.__name__, self.format, self.dtype,
                                              self.data.shape, self.data.nnz)

    def __repr__(self) -> str:
        return str(self)


SparseType.Variable = SparseVariable
SparseType.Constant = SparseConstant


def _is_sparse_variable(x: Any) -> bool:
    """True iff `x` is a Variable of SparseType (other non-Variables are refused, as in Theano)."""
    if not isinstance(x, Variable):
        raise NotImplementedError("this function should only be called on *variables* (of type sparse.SparseType "
                                  "or tensor.TensorType, for instance), not ", x)
    return isinstance(x.type, SparseType)


def _is_dense_variable(x: Any) -> bool:
    if not isinstance(x, Variable):
        raise NotImplementedError("this function should only be called on *variables* (of type sparse.SparseType "
                                  "or tensor.TensorType, for instance), not ", x)
    return isinstance(x.type, TensorType)


def _is_dense(x: Any) -> bool:
    if not isinstance(x, (scipy.sparse.spmatrix, np.ndarray)):
        raise NotImplementedError("this function should only be called on sparse.scipy.sparse.spmatrix or "
                                  "numpy.ndarray, not,", x)
    return isinstance(x, np.ndarray)


def constant(x: Any, name: str | None = None) -> SparseConstant:
    """A SparseConstant holding a copy of the scipy matrix `x`."""
    if not isinstance(x, scipy.sparse.spmatrix):
        raise TypeError("sparse.constant must be called on a scipy.sparse.spmatrix")
    try:
        return SparseConstant(SparseType(format=x.format, dtype=x.dtype), x.copy(), name=name)
    except TypeError:
        raise TypeError("Could not convert %s to SparseType" % x, type(x))


def as_sparse_variable(x: Any, name: str | None = None) -> Variable:
    """`x` as a sparse Variable: a sparse Variable itself, or a SparseConstant of a scipy matrix."""
    if isinstance(x, Apply):
        if len(x.outputs) != 1:
            raise ValueError("It is ambiguous which output of a multi-output Op has to be fetched.", x)
        x = x.outputs[0]
    if isinstance(x, Variable):
        if not isinstance(x.type, SparseType):
            raise TypeError("Variable type field must be a SparseType.", x, x.type)
        return x
    try:
        return constant(x, name=name)
    except TypeError:
        raise TypeError("Cannot convert %s to SparseType" % x, type(x))


as_sparse = as_sparse_variable


def csx_variable(x: Any, what: str) -> Variable:
    """`x` as a sparse variable of format csr or csc (the formats compiled programs hold); `what` names the op in
    the NotImplementedError for another format (bsr)."""
    x = as_sparse_variable(x)
    if x.format not in ("csr", "csc"):
        raise NotImplementedError(f"{what}: format {x.format!r} (csr or csc expected)")
    return x


def sparse_operands(x: Any, y: Any) -> tuple[Any, Any, bool, bool]:
    """(x, y, x is sparse, y is sparse) for a product: scipy.sparse values become sparse variables, other
    operands are left as they are (the products check that one of them is sparse, each with its own error)."""
    if hasattr(x, "getnnz"):
        x = as_sparse_variable(x)
    if hasattr(y, "getnnz"):
        y = as_sparse_variable(y)
    return (x, y, isinstance(x, Variable) and _is_sparse_variable(x),
            isinstance(y, Variable) and _is_sparse_variable(y))


def as_sparse_or_tensor_variable(x: Any, name: str | None = None) -> Variable:
    """as_sparse_variable, or as_tensor_variable where `x` is not sparse."""
    try:
        return as_sparse_variable(x, name)
    except (ValueError, TypeError):
        return as_tensor_variable(x, name)


def matrix(format: str, name: str | None = None, dtype: Any = None) -> SparseVariable:
    """A symbolic sparse matrix of `format` and `dtype` (floatX by default)."""
    return SparseType(format=format, dtype=config.floatX if dtype is None else dtype)(name)


def csc_matrix(name: str | None = None, dtype: Any = None) -> SparseVariable:
    return matrix("csc", name, dtype)


def csr_matrix(name: str | None = None, dtype: Any = None) -> SparseVariable:
    return matrix("csr", name, dtype)


def bsr_matrix(name: str | None = None, dtype: Any = None) -> SparseVariable:
    return matrix("bsr", name, dtype)


csc_dmatrix = SparseType(format="csc", dtype="float64")
csr_dmatrix = SparseType(format="csr", dtype="float64")
bsr_dmatrix = SparseType(format="bsr", dtype="float64")
csc_fmatrix = SparseType(format="csc", dtype="float32")
csr_fmatrix = SparseType(format="csr", dtype="float32")
bsr_fmatrix = SparseType(format="bsr", dtype="float32")

all_dtypes = SparseType.dtype_set
complex_dtypes = [t for t in all_dtypes if t[:7] == "complex"]
float_dtypes = [t for t in all_dtypes if t[:5] == "float"]
int_dtypes = [t for t in all_dtypes if t[:3] == "int"]
uint_dtypes = [t for t in all_dtypes if t[:4] == "uint"]
integer_dtypes = int_dtypes + uint_dtypes
continuous_dtypes = complex_dtypes + float_dtypes
discrete_dtypes = int_dtypes + uint_dtypes

sparse_formats = ["csc", "csr"]
_mtypes = [scipy.sparse.csc_matrix, scipy.sparse.csr_matrix]
_mtype_to_str = {scipy.sparse.csc_matrix: "csc", scipy.sparse.csr_matrix: "csr"}
