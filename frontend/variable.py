"""TensorVariable and TensorConstant: the operators and methods legacy code calls on tensors.

Methods delegate to the functions of `theano.frontend.tensor` (imported lazily: that namespace
imports this module).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.graph import Constant, Variable
from theano.frontend.type import TensorType

_tensor_ns = None


def _T() -> Any:
    global _tensor_ns
    if _tensor_ns is None:
        from theano.frontend import tensor
        _tensor_ns = tensor
    return _tensor_ns


class AsTensorError(TypeError):
    """Raised when as_tensor_variable cannot turn its argument into a tensor."""


class _tensor_py_operators:
    # unary
    def __abs__(self) -> Any: return _T().abs_(self)
    def __neg__(self) -> Any: return _T().neg(self)
    def __invert__(self) -> Any: return _T().invert(self)

    # comparisons (== and != stay identity, as in Theano; T.eq compares)
    _is_nonzero = True

    def __lt__(self, other: Any) -> Any: return _cmp(_T().lt(self, other))
    def __le__(self, other: Any) -> Any: return _cmp(_T().le(self, other))
    def __gt__(self, other: Any) -> Any: return _cmp(_T().gt(self, other))
    def __ge__(self, other: Any) -> Any: return _cmp(_T().ge(self, other))

    def __bool__(self) -> bool:
        if self._is_nonzero:
            return True
        raise TypeError("Variables do not support boolean operations.")

    # bitwise
    def __and__(self, other: Any) -> Any: return _T().and_(self, other)
    def __or__(self, other: Any) -> Any: return _T().or_(self, other)
    def __xor__(self, other: Any) -> Any: return _T().xor(self, other)
    def __rand__(self, other: Any) -> Any: return _T().and_(other, self)
    def __ror__(self, other: Any) -> Any: return _T().or_(other, self)
    def __rxor__(self, other: Any) -> Any: return _T().xor(other, self)

    # arithmetic: a TypeError/NotImplementedError from building the node means "not supported"
    def __add__(self, other: Any) -> Any: return _binary(_T().add, self, other)
    def __sub__(self, other: Any) -> Any: return _binary(_T().sub, self, other)
    def __mul__(self, other: Any) -> Any: return _binary(_T().mul, self, other)
    def __truediv__(self, other: Any) -> Any: return _binary(_T().true_div_or_int, self, other, reraise_div=True)
    def __floordiv__(self, other: Any) -> Any: return _binary(_T().int_div, self, other)
    def __mod__(self, other: Any) -> Any: return _binary(_T().mod_check, self, other, reraise_div=True)
    def __pow__(self, other: Any) -> Any: return _binary(_T().pow, self, other)
    def __divmod__(self, other: Any) -> Any: return _T().divmod(self, other)
    def __radd__(self, other: Any) -> Any: return _T().add(other, self)
    def __rsub__(self, other: Any) -> Any: return _T().sub(other, self)
    def __rmul__(self, other: Any) -> Any: return _T().mul(other, self)
    def __rtruediv__(self, other: Any) -> Any: return _T().true_div_or_int(other, self)
    def __rfloordiv__(self, other: Any) -> Any: return _T().int_div(other, self)
    def __rmod__(self, other: Any) -> Any: return _T().mod_check(other, self)
    def __rpow__(self, other: Any) -> Any: return _T().pow(other, self)
    def __rdivmod__(self, other: Any) -> Any: return _T().divmod(other, self)
    def __ceil__(self) -> Any: return _T().ceil(self)
    def __floor__(self) -> Any: return _T().floor(self)
    def __trunc__(self) -> Any: return _T().trunc(self)

    # shape and layout
    @property
    def T(self) -> Any: return _T().transpose(self)

    def transpose(self, *axes: Any) -> Any:
        if len(axes) == 0:
            return _T().transpose(self)
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = tuple(axes[0])
        return _T().transpose(self, axes)

    @property
    def shape(self) -> Any: return _T().shape(self)

    @property
    def size(self) -> Any:
        return self.shape[0] if self.ndim == 1 else _T().prod(self.shape)

    def reshape(self, shape: Any, ndim: int | None = None) -> Any:
        if ndim is not None and not isinstance(ndim, int):
            raise ValueError(f"Expected ndim to be an integer, is {type(ndim)}")
        return _T().reshape(self, shape, ndim=ndim)

    def dimshuffle(self, *pattern: Any) -> Any:
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = tuple(pattern[0])
        return _T().DimShuffle(self.broadcastable, pattern)(self)

    def flatten(self, ndim: int = 1) -> Any: return _T().flatten(self, ndim)
    def ravel(self) -> Any: return _T().flatten(self)
    def diagonal(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
        return _T().diagonal(self, offset, axis1, axis2)
    def squeeze(self) -> Any: return _T().squeeze(self)
    def swapaxes(self, axis1: int, axis2: int) -> Any: return _T().swapaxes(self, axis1, axis2)
    def repeat(self, repeats: Any, axis: int | None = None) -> Any: return _T().repeat(self, repeats, axis)
    def transfer(self, target: Any) -> Any: return self
    def astype(self, dtype: Any) -> Any: return _T().cast(self, dtype)
    def copy(self, name: str | None = None) -> Any:
        out = _T().tensor_copy(self)
        out.name = name
        return out

    # indexing
    def __getitem__(self, args: Any) -> Any: return _T().getitem(self, args)
    def take(self, indices: Any, axis: int | None = None, mode: str = "raise") -> Any:
        return _T().take(self, indices, axis, mode)

    def __iter__(self) -> Any:
        try:
            n = _T().get_vector_length(self)
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
    def __dot__(self, other: Any) -> Any: return _T().dot(self, other)
    def __rdot__(self, other: Any) -> Any: return _T().dot(other, self)
    dot = __dot__
    def __matmul__(self, other: Any) -> Any: return _T().dot(self, other)
    def __rmatmul__(self, other: Any) -> Any: return _T().dot(other, self)

    def sum(self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None) -> Any:
        return _T().sum(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    def prod(self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None) -> Any:
        return _T().prod(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    def mean(self, axis: Any = None, dtype: Any = None, keepdims: bool = False, acc_dtype: Any = None) -> Any:
        return _T().mean(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    def var(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False) -> Any:
        return _T().var(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)
    def std(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False) -> Any:
        return _T().std(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)
    def norm(self, L: Any, axis: Any = None, keepdims: bool = False) -> Any:
        if L == 0:
            raise NotImplementedError()
        if np.isinf(L):
            raise NotImplementedError()
        return _T().pow(_T().sum(_T().pow(_T().abs_(self), L), axis=axis, keepdims=keepdims), 1.0 / L)
    def min(self, axis: Any = None, keepdims: bool = False) -> Any: return _T().min(self, axis, keepdims=keepdims)
    def max(self, axis: Any = None, keepdims: bool = False) -> Any: return _T().max(self, axis, keepdims=keepdims)
    def argmin(self, axis: Any = None, keepdims: bool = False) -> Any: return _T().argmin(self, axis, keepdims=keepdims)
    def argmax(self, axis: Any = None, keepdims: bool = False) -> Any: return _T().argmax(self, axis, keepdims=keepdims)
    def any(self, axis: Any = None, keepdims: bool = False) -> Any: return _T().any(self, axis, keepdims)
    def all(self, axis: Any = None, keepdims: bool = False) -> Any: return _T().all(self, axis, keepdims)
    def ptp(self, axis: Any = None) -> Any: return _T().sub(_T().max(self, axis), _T().min(self, axis))
    def cumsum(self, axis: int | None = None) -> Any: return _T().cumsum(self, axis)
    def cumprod(self, axis: int | None = None) -> Any: return _T().cumprod(self, axis)
    def trace(self) -> Any: return _T().trace(self)

    def nonzero(self, return_matrix: bool = False) -> Any: return _T().nonzero(self, return_matrix)
    def nonzero_values(self) -> Any: return _T().nonzero_values(self)
    def sort(self, axis: int = -1, kind: str = "quicksort", order: Any = None) -> Any: return _T().sort(self, axis, kind, order)
    def argsort(self, axis: int = -1, kind: str = "quicksort", order: Any = None) -> Any: return _T().argsort(self, axis, kind, order)
    def clip(self, a_min: Any, a_max: Any) -> Any: return _T().clip(self, a_min, a_max)
    def conj(self) -> Any: return _T().conj(self)

    @property
    def real(self) -> Any: return _T().real(self)

    @property
    def imag(self) -> Any: return _T().imag(self)
    conjugate = conj
    def round(self, mode: str | None = None) -> Any: return _T().round(self, mode)
    def zeros_like(self, dtype: Any = None) -> Any: return _T().zeros_like(self, dtype=dtype)
    def ones_like(self, dtype: Any = None) -> Any: return _T().ones_like(self, dtype=dtype)
    def fill(self, value: Any) -> Any: return _T().fill(self, value)
    def get_scalar_constant_value(self) -> Any: return _T().get_scalar_constant_value(self)

    # elementwise methods
    def arccos(self) -> Any: return _T().arccos(self)
    def arccosh(self) -> Any: return _T().arccosh(self)
    def arcsin(self) -> Any: return _T().arcsin(self)
    def arcsinh(self) -> Any: return _T().arcsinh(self)
    def arctan(self) -> Any: return _T().arctan(self)
    def arctanh(self) -> Any: return _T().arctanh(self)
    def ceil(self) -> Any: return _T().ceil(self)
    def cos(self) -> Any: return _T().cos(self)
    def cosh(self) -> Any: return _T().cosh(self)
    def deg2rad(self) -> Any: return _T().deg2rad(self)
    def exp(self) -> Any: return _T().exp(self)
    def exp2(self) -> Any: return _T().exp2(self)
    def expm1(self) -> Any: return _T().expm1(self)
    def floor(self) -> Any: return _T().floor(self)
    def log(self) -> Any: return _T().log(self)
    def log10(self) -> Any: return _T().log10(self)
    def log1p(self) -> Any: return _T().log1p(self)
    def log2(self) -> Any: return _T().log2(self)
    def rad2deg(self) -> Any: return _T().rad2deg(self)
    def sin(self) -> Any: return _T().sin(self)
    def sinh(self) -> Any: return _T().sinh(self)
    def sqrt(self) -> Any: return _T().sqrt(self)
    def tan(self) -> Any: return _T().tan(self)
    def tanh(self) -> Any: return _T().tanh(self)
    def trunc(self) -> Any: return _T().trunc(self)

    __array_priority__ = 1000


def _cmp(result: Any) -> Any:
    result._is_nonzero = False
    return result


def _binary(fn: Any, a: Any, b: Any, reraise_div: bool = False) -> Any:
    try:
        return fn(a, b)
    except (NotImplementedError, AsTensorError):
        return NotImplemented


class TensorVariable(_tensor_py_operators, Variable):
    """A symbolic tensor: a Variable whose type is a TensorType."""

    def __init__(self, type: TensorType, owner: Any = None, index: int | None = None, name: str | None = None):
        super().__init__(type, owner, index, name)


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
        if self.tag.unique_value is not None:
            text = "%s of %s" % (str(self.data.shape), str(self.tag.unique_value))
        else:
            text = "%s" % self.data
        if len(text) > 20:
            text = text[:10] + ".." + text[-10:]
        return "TensorConstant{%s}" % text

    def signature(self) -> Any:
        return TensorConstantSignature((self.type, self.data))

    def equals(self, other: Any) -> bool:
        if isinstance(other, (np.ndarray, int, float)):
            other = _T().constant(other)
        return isinstance(other, TensorConstant) and self.signature() == other.signature()

    def __copy__(self) -> "TensorConstant":
        return type(self)(self.type, self.data, self.name)

    def __deepcopy__(self, memo: dict) -> "TensorConstant":
        return type(self)(self.type, self.data.copy(), self.name)


class TensorConstantSignature(tuple):
    """(type, data) compared by value (NaN equals NaN), hashed cheaply."""

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return False
        (t0, d0), (t1, d1) = self, other  # type: ignore[misc]
        if t0 != t1 or d0.shape != d1.shape:
            return False
        return TensorType.values_eq(d0, d1)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        t, d = self
        first = d.flat[0] if d.size and d.dtype.kind in "biuf" else 0
        return hash((type(self), t, d.shape, 0 if first != first else first))


TensorType.Variable = TensorVariable
TensorType.Constant = TensorConstant
