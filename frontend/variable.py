"""TensorVariable and TensorConstant: the operators and methods legacy code calls on tensors.

Methods delegate to the functions of the op modules, imported here: this module sits above them, and
binds TensorType.Variable/Constant to these classes when it is imported (theano.frontend.tensor imports it).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import AsTensorError, constant
from theano.frontend.float64_check import check_float64
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops import (blas as _blas, constant_value as _constant_value, diagonal as _diagonal,
                                 elemwise_table as _elemwise_table, extra_ops as _extra_ops, indexing as _indexing,
                                 layout as _layout, math as _math, max_argmax as _max_argmax, moments as _moments,
                                 reduce as _reduce, shape as _shape)
from theano.frontend.ops import choose as _choose, index_math as _index_math  # issue 10
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.indexing import getitem
from theano.frontend.ops.math import (abs_, add, and_, ge, gt, int_div, invert, le, lt, mod_check, mul, neg, or_, sub,
                                      tensor_copy, true_div_or_int, xor)
from theano.frontend.ops.shape import get_vector_length
from theano.frontend.type import TensorType

_tensor_ns = None


class _tensor_py_operators:
    # unary
    def __abs__(self) -> Any: return abs_(self)
    def __neg__(self) -> Any: return neg(self)
    def __invert__(self) -> Any: return invert(self)

    # comparisons (== and != stay identity, as in Theano; T.eq compares)
    _is_nonzero = True

    def __lt__(self, other: Any) -> Any: return _cmp(lt(self, other))
    def __le__(self, other: Any) -> Any: return _cmp(le(self, other))
    def __gt__(self, other: Any) -> Any: return _cmp(gt(self, other))
    def __ge__(self, other: Any) -> Any: return _cmp(ge(self, other))

    def __bool__(self) -> bool:
        if self._is_nonzero:
            return True
        raise TypeError("Variables do not support boolean operations.")

    # bitwise
    def __and__(self, other: Any) -> Any: return and_(self, other)
    def __or__(self, other: Any) -> Any: return or_(self, other)
    def __xor__(self, other: Any) -> Any: return xor(self, other)
    def __rand__(self, other: Any) -> Any: return and_(other, self)
    def __ror__(self, other: Any) -> Any: return or_(other, self)
    def __rxor__(self, other: Any) -> Any: return xor(other, self)

    # arithmetic: a TypeError/NotImplementedError from building the node means "not supported"
    def __add__(self, other: Any) -> Any: return _binary(add, self, other)
    def __sub__(self, other: Any) -> Any: return _binary(sub, self, other)
    def __mul__(self, other: Any) -> Any: return _binary(mul, self, other)
    def __truediv__(self, other: Any) -> Any: return _binary(true_div_or_int, self, other, reraise_div=True)
    def __floordiv__(self, other: Any) -> Any: return _binary(int_div, self, other)
    def __mod__(self, other: Any) -> Any: return _binary(mod_check, self, other, reraise_div=True)
    def __pow__(self, other: Any) -> Any: return _binary(_math.pow, self, other)
    def __divmod__(self, other: Any) -> Any: return _math.divmod(self, other)
    def __radd__(self, other: Any) -> Any: return add(other, self)
    def __rsub__(self, other: Any) -> Any: return sub(other, self)
    def __rmul__(self, other: Any) -> Any: return mul(other, self)
    def __rtruediv__(self, other: Any) -> Any: return true_div_or_int(other, self)
    def __rfloordiv__(self, other: Any) -> Any: return int_div(other, self)
    def __rmod__(self, other: Any) -> Any: return mod_check(other, self)
    def __rpow__(self, other: Any) -> Any: return _math.pow(other, self)
    def __rdivmod__(self, other: Any) -> Any: return _math.divmod(other, self)
    def __ceil__(self) -> Any: return _math.ceil(self)
    def __floor__(self) -> Any: return _math.floor(self)
    def __trunc__(self) -> Any: return _math.trunc(self)

    # shape and layout
    @property
    def T(self) -> Any: return _layout.transpose(self)

    def transpose(self, *axes: Any) -> Any:
        if len(axes) == 0:
            return _layout.transpose(self)
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = tuple(axes[0])
        return _layout.transpose(self, axes)

    @property
    def shape(self) -> Any: return _shape.shape(self)

    @property
    def size(self) -> Any:
        return self.shape[0] if self.ndim == 1 else _reduce.prod(self.shape)

    def reshape(self, shape: Any, ndim: int | None = None) -> Any:
        if ndim is not None and not isinstance(ndim, int):
            raise ValueError(f"Expected ndim to be an integer, is {type(ndim)}")
        return _shape.reshape(self, shape, ndim=ndim)

    def dimshuffle(self, *pattern: Any) -> Any:
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = tuple(pattern[0])
        return DimShuffle(self.broadcastable, pattern)(self)

    def flatten(self, ndim: int = 1) -> Any: return _layout.flatten(self, ndim)
    def ravel(self) -> Any: return _layout.flatten(self)
    def diagonal(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
        return _diagonal.diagonal(self, offset, axis1, axis2)
    def squeeze(self) -> Any: return _layout.squeeze(self)
    def swapaxes(self, axis1: int, axis2: int) -> Any: return _layout.swapaxes(self, axis1, axis2)
    def repeat(self, repeats: Any, axis: int | None = None) -> Any: return _extra_ops.repeat(self, repeats, axis)
    def transfer(self, target: Any) -> Any: return self
    def astype(self, dtype: Any) -> Any: return cast(self, dtype)
    def copy(self, name: str | None = None) -> Any:
        out = tensor_copy(self)
        out.name = name
        return out

    # indexing
    def __getitem__(self, args: Any) -> Any: return getitem(self, args)
    def take(self, indices: Any, axis: int | None = None, mode: str = "raise") -> Any:
        return _indexing.take(self, indices, axis, mode)

    # issue 10: numpy-style methods from extra_ops / basic
    def searchsorted(self, v: Any, side: str = "left", sorter: Any = None) -> Any:
        return _index_math.searchsorted(self, v, side, sorter)

    def choose(self, choices: Any, out: Any = None, mode: str = "raise") -> Any:
        return _choose.choose(self, choices, out=out, mode=mode)

    def compress(self, a: Any, axis: int | None = None) -> Any:
        return _index_math.compress(self, a, axis=axis)

    def __iter__(self) -> Any:
        try:
            n = get_vector_length(self)
        except (TypeError, ValueError):
            raise TypeError("TensorType does not support iteration. Maybe you are using builtin.sum instead of "
                            "theano.tensor.sum? (Maybe .max?)") from None
        return (self[i] for i in range(n))

    # type properties
    @property
    def ndim(self) -> int: return self.type.ndim

    @property
    def broadcastable(self) -> tuple[bool, ...]: return self.type.broadcastable

    @property
    def dtype(self) -> str: return self.type.dtype

    # linear algebra and reductions
    def __dot__(self, other: Any) -> Any: return _blas.dot(self, other)
    def __rdot__(self, other: Any) -> Any: return _blas.dot(other, self)
    dot = __dot__
    def __matmul__(self, other: Any) -> Any: return _blas.dot(self, other)
    def __rmatmul__(self, other: Any) -> Any: return _blas.dot(other, self)

    def sum(self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None) -> Any:
        return _reduce.sum(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    def prod(self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None) -> Any:
        return _reduce.prod(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    def mean(self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None) -> Any:
        return _moments.mean(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    def var(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False) -> Any:
        return _moments.var(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)
    def std(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False) -> Any:
        return _moments.std(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)
    def norm(self, L: Any, axis: Any = None, keepdims: bool = False) -> Any:
        if L == 0:
            raise NotImplementedError()
        if np.isinf(L):
            raise NotImplementedError()
        return _math.pow(_reduce.sum(_math.pow(abs_(self), L), axis=axis, keepdims=keepdims), 1.0 / L)
    def min(self, axis: Any = None, keepdims: bool = False) -> Any: return _max_argmax.min(self, axis, keepdims=keepdims)
    def max(self, axis: Any = None, keepdims: bool = False) -> Any: return _max_argmax.max(self, axis, keepdims=keepdims)
    def argmin(self, axis: Any = None, keepdims: bool = False) -> Any: return _max_argmax.argmin(self, axis, keepdims=keepdims)
    def argmax(self, axis: Any = None, keepdims: bool = False) -> Any: return _max_argmax.argmax(self, axis, keepdims=keepdims)
    def any(self, axis: Any = None, keepdims: bool = False) -> Any: return _reduce.any(self, axis, keepdims)
    def all(self, axis: Any = None, keepdims: bool = False) -> Any: return _reduce.all(self, axis, keepdims)
    def ptp(self, axis: Any = None) -> Any: return sub(_max_argmax.max(self, axis), _max_argmax.min(self, axis))
    def cumsum(self, axis: int | None = None) -> Any: return _extra_ops.cumsum(self, axis)
    def cumprod(self, axis: int | None = None) -> Any: return _extra_ops.cumprod(self, axis)
    def trace(self) -> Any: return _diagonal.trace(self)

    def nonzero(self, return_matrix: bool = False) -> Any: return _extra_ops.nonzero(self, return_matrix)
    def nonzero_values(self) -> Any: return _extra_ops.nonzero_values(self)
    def sort(self, axis: int = -1, kind: str = "quicksort", order: Any = None) -> Any: return _extra_ops.sort(self, axis, kind, order)
    def argsort(self, axis: int = -1, kind: str = "quicksort", order: Any = None) -> Any: return _extra_ops.argsort(self, axis, kind, order)
    def clip(self, a_min: Any, a_max: Any) -> Any: return _math.clip(self, a_min, a_max)
    def conj(self) -> Any: return _math.conj(self)

    @property
    def real(self) -> Any: return _math.real(self)

    @property
    def imag(self) -> Any: return _math.imag(self)
    conjugate = conj
    def round(self, mode: str | None = None) -> Any: return _elemwise_table.round(self, mode)
    def zeros_like(self, dtype: Any = None) -> Any: return _math.zeros_like(self, dtype=dtype)
    def ones_like(self, dtype: Any = None) -> Any: return _math.ones_like(self, dtype=dtype)
    def fill(self, value: Any) -> Any: return _math.fill(self, value)
    def get_scalar_constant_value(self) -> Any: return _constant_value.get_scalar_constant_value(self)

    # elementwise methods
    def arccos(self) -> Any: return _math.arccos(self)
    def arccosh(self) -> Any: return _math.arccosh(self)
    def arcsin(self) -> Any: return _math.arcsin(self)
    def arcsinh(self) -> Any: return _math.arcsinh(self)
    def arctan(self) -> Any: return _math.arctan(self)
    def arctanh(self) -> Any: return _math.arctanh(self)
    def ceil(self) -> Any: return _math.ceil(self)
    def cos(self) -> Any: return _math.cos(self)
    def cosh(self) -> Any: return _math.cosh(self)
    def deg2rad(self) -> Any: return _math.deg2rad(self)
    def exp(self) -> Any: return _math.exp(self)
    def exp2(self) -> Any: return _math.exp2(self)
    def expm1(self) -> Any: return _math.expm1(self)
    def floor(self) -> Any: return _math.floor(self)
    def log(self) -> Any: return _math.log(self)
    def log10(self) -> Any: return _math.log10(self)
    def log1p(self) -> Any: return _math.log1p(self)
    def log2(self) -> Any: return _math.log2(self)
    def rad2deg(self) -> Any: return _math.rad2deg(self)
    def sin(self) -> Any: return _math.sin(self)
    def sinh(self) -> Any: return _math.sinh(self)
    def sqrt(self) -> Any: return _math.sqrt(self)
    def tan(self) -> Any: return _math.tan(self)
    def tanh(self) -> Any: return _math.tanh(self)
    def trunc(self) -> Any: return _math.trunc(self)

    __array_priority__ = 1000


def _cmp(result: Any) -> Any:
    result._is_nonzero = False
    return result


def _binary(fn: Any, a: Any, b: Any, reraise_div: bool = False) -> Any:
    try:
        return fn(a, b)
    except _math.ComplexError:
        if reraise_div:  # as Theano: x % y on complex numbers raises its ComplexError, not "unsupported operand"
            raise
        return NotImplemented
    except (NotImplementedError, AsTensorError):
        return NotImplemented


class TensorVariable(_tensor_py_operators, Variable):
    """A symbolic tensor: a Variable whose type is a TensorType."""

    def __init__(self, type: TensorType, owner: Any = None, index: int | None = None, name: str | None = None):
        super().__init__(type, owner, index, name)
        if type.dtype == "float64":
            check_float64("float64")  # config.warn_float64


class TensorConstant(_tensor_py_operators, Constant):
    """A constant tensor; printed as TensorConstant{...}, merged by value."""

    def __init__(self, type: TensorType, data: Any, name: str | None = None):
        Constant.__init__(self, type, data, name)
        self.tag.unique_value = None
        if isinstance(self.data, np.ndarray) and self.data.ndim > 0:
            flat = self.data.ravel()
            if flat.shape[0] and (flat == flat[0]).all():
                self.tag.unique_value = flat[0]

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        unique = getattr(self.tag, "unique_value", None)  # (a constant loaded from a Theano pickle may have none)
        if unique is not None:
            text = "%s of %s" % (str(self.data.shape), str(unique))
        else:
            text = "%s" % self.data
        if len(text) > 20:
            text = text[:10] + ".." + text[-10:]
        return "TensorConstant{%s}" % text

    def signature(self) -> Any:
        """(type, data) compared by value; made once per constant (merging asks for it on every graph change)."""
        sig = self.__dict__.get("_signature")
        if sig is None or sig[1] is not self.data or sig[0] is not self.type:
            sig = self.__dict__["_signature"] = TensorConstantSignature((self.type, self.data))
        return sig

    def equals(self, other: Any) -> bool:
        if isinstance(other, (np.ndarray, int, float)):
            other = constant(other)
        return isinstance(other, TensorConstant) and self.signature() == other.signature()

    def __copy__(self) -> "TensorConstant":
        return type(self)(self.type, self.data, self.name)

    def __deepcopy__(self, memo: dict) -> "TensorConstant":
        return type(self)(self.type, self.data.copy(), self.name)


class IndexConstant(TensorConstant):
    """A constant integer index; printed `Constant{1}` as Theano's scalar constants are."""

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        return "Constant{%s}" % self.data


class TensorConstantSignature(tuple):
    """(type, data) compared by value (NaN equals NaN), hashed cheaply."""

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return False
        (t0, d0), (t1, d1) = self, other  # type: ignore[misc]
        if t0 != t1 or d0.shape != d1.shape:
            return False
        if d0 is d1 or (d0.dtype == d1.dtype and d0.dtype.kind in "biufc" and d0.tobytes() == d1.tobytes()):
            return True  # the same bits are the same value (NaN included); other bits may still be equal (-0.0)
        return TensorType.values_eq(d0, d1)

    def __ne__(self, other: object) -> bool:
        return not self == other

    @property
    def constant_cache_key(self) -> tuple:
        """The constant cache's key for this signature (frontend/constructors.py, ConstantCache)."""
        ttype, data = self
        return (ttype, data.shape, data.tobytes())

    def __reduce__(self) -> Any:
        return (type(self), (tuple(self),))  # without the cached hash: it is only valid in this process

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            t, d = self
            first = d.flat[0] if d.size and d.dtype.kind in "biuf" else 0
            h = self.__dict__["_hash"] = hash((type(self), t, d.shape, 0 if first != first else first))
        return h


TensorType.Variable = TensorVariable
TensorType.Constant = TensorConstant
TensorType.IndexConstant = IndexConstant
