"""TensorType: a dtype and a broadcastable pattern (one bool per dimension), as in theano.tensor.type."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Type, Variable

_NAMED = {(): "scalar", (False,): "vector", (False, True): "col", (True, False): "row", (False, False): "matrix"}


class Generic(Type):
    """Any Python object (gof.type.Generic): the type of shared variables whose value is not an array."""

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        return data

    def is_valid_value(self, data: Any) -> bool:
        return True

    def __eq__(self, other: Any) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __str__(self) -> str:
        return self.__class__.__name__

    __repr__ = __str__


generic = Generic()

class TensorType(Type):
    """The Type of every tensor variable: `TensorType(dtype, broadcastable)`."""

    filter_checks_isfinite = False

    def __init__(self, dtype: Any, broadcastable: Sequence[bool], name: str | None = None, sparse_grad: bool = False):
        self.dtype = _dt.check_dtype(dtype)
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        self.name = name
        self.numpy_dtype = np.dtype(self.dtype)
        self.sparse_grad = sparse_grad

    @property
    def ndim(self) -> int:
        return len(self.broadcastable)

    def clone(self, dtype: Any = None, broadcastable: Sequence[bool] | None = None) -> "TensorType":
        return TensorType(self.dtype if dtype is None else dtype,
                          self.broadcastable if broadcastable is None else broadcastable)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.dtype == other.dtype and self.broadcastable == other.broadcastable  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.dtype, self.broadcastable))

    def __str__(self) -> str:
        if self.name:
            return self.name
        b = self.broadcastable
        if b in _NAMED:
            bcast = _NAMED[b]
        elif any(b):
            bcast = str(b)
        else:
            bcast = "%iD" % len(b)
        return "TensorType(%s, %s)" % (self.dtype, bcast)

    def __repr__(self) -> str:
        return str(self)

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> np.ndarray:
        """Convert `data` to an ndarray of this type, with Theano's errors for lossy casts and bad ndim."""
        if isinstance(data, Variable):
            raise TypeError("Expected an array-like object, but found a Variable: maybe you are trying to call a "
                            "function on a (possibly shared) variable instead of a numeric array?")
        if type(data) is np.ndarray and data.dtype == self.numpy_dtype:
            pass
        elif strict:
            if type(data) is not np.ndarray:
                raise TypeError(f"{self} expected a ndarray object.", data, type(data))
            raise TypeError(f"{self} expected a ndarray object with dtype = {self.numpy_dtype} (got {data.dtype}).")
        elif allow_downcast:
            data = _downcast(data, self.dtype)
        elif hasattr(data, "dtype") and hasattr(data, "shape") and not isinstance(data, np.generic):
            data = self._filter_typed(np.asarray(data))
        elif allow_downcast is None and type(data) is float and self.dtype == config.floatX:
            data = np.asarray(data, dtype=self.dtype)
        else:
            with warnings.catch_warnings():  # a complex value to a real type: refused below, no ComplexWarning
                warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
                converted = np.asarray(data, dtype=self.dtype) if not _overflows(data, self.dtype) else None
            if converted is not None and TensorType.values_eq(np.asarray(data), converted, force_same_dtype=False):
                data = converted
            else:
                text = str(data)
                if len(text) > 80:
                    text = text[:75] + "(...)"
                raise TypeError(
                    f"{self} cannot store accurately value {text}, it would be represented as {converted}. "
                    "If you do not mind this precision loss, you can: 1) explicitly convert your data to a numpy "
                    f"array of dtype {self.dtype}, or 2) set \"allow_input_downcast=True\" when calling \"function\".", data)
        if self.ndim != data.ndim:
            raise TypeError(f"Wrong number of dimensions: expected {self.ndim}, got {data.ndim} with shape {data.shape}.")
        for i, b in enumerate(self.broadcastable):
            if b and data.shape[i] != 1:
                raise TypeError("Non-unit value on shape on a broadcastable dimension.", data.shape, self.broadcastable)
        return data

    def _filter_typed(self, data: np.ndarray) -> np.ndarray:
        up = _dt.upcast(self.dtype, str(data.dtype))
        if up != self.dtype:
            raise TypeError(
                f"{self} cannot store a value of dtype {data.dtype} without risking loss of precision. If you do not "
                f"mind this loss, you can: 1) explicitly cast your data to {self.dtype}, or 2) set "
                f"\"allow_input_downcast=True\" when calling \"function\". Value: \"{data!r}\"")
        return data.astype(self.dtype, copy=False)

    @staticmethod
    def may_share_memory(a: Any, b: Any) -> bool:
        """numpy's check for two ndarrays; False for anything else (Theano's TensorType.may_share_memory)."""
        return bool(isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.may_share_memory(a, b))

    @staticmethod
    def values_eq(a: Any, b: Any, force_same_dtype: bool = True) -> bool:
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if force_same_dtype and a.dtype != b.dtype:
            return False
        a_nan, b_nan = _isnan(a), _isnan(b)
        if np.any(a_nan) or np.any(b_nan):
            return bool(np.all(a_nan == b_nan) and np.all(a[~a_nan] == b[~b_nan]))
        return bool(np.all(a == b))

    @staticmethod
    def values_eq_approx(a: Any, b: Any, allow_remove_inf: bool = False, allow_remove_nan: bool = False,
                         rtol: float | None = None, atol: float | None = None) -> bool:
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind not in "fc" and b.dtype.kind not in "fc":
            return bool(np.all(a == b))
        tiny = "float16" in (a.dtype, b.dtype) or "float32" in (a.dtype, b.dtype)
        rtol = rtol if rtol is not None else (1e-3 if "float16" in (a.dtype, b.dtype) else 1e-5 if tiny else 1e-5)
        atol = atol if atol is not None else (1e-3 if "float16" in (a.dtype, b.dtype) else 1e-5 if tiny else 1e-8)
        if np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True):
            return True
        # as Theano 1.0.5: where a has inf (allow_remove_inf) or nan (allow_remove_nan), any value of b is accepted;
        # infs of the same sign match
        a_inf, b_inf = np.isinf(a), np.isinf(b)
        with np.errstate(invalid="ignore"):
            close = np.abs(a - b) <= (1e-8 + 1e-5 * np.abs(b))
        close = np.where(a_inf & b_inf, a == b, close)
        ok = close | (_isnan(a) & _isnan(b))
        if allow_remove_inf:
            ok |= a_inf
        if allow_remove_nan:
            ok |= _isnan(a)
        return bool(ok.all())

    def value_zeros(self, shape: Sequence[int]) -> np.ndarray:
        return np.zeros(shape, dtype=self.dtype)

    def get_shape_info(self, obj: np.ndarray) -> tuple:
        return obj.shape

    def make_constant(self, data: Any, name: str | None = None) -> Variable:
        return self.Constant(self, data, name=name)

    def make_index_constant(self, data: Any) -> Variable:
        """A constant used as an integer index input (printed `Constant{1}`, as Theano's scalar constants are)."""
        return self.IndexConstant(self, data)

    # Variable, Constant and IndexConstant are the classes of theano.frontend.variable, bound there: they carry
    # the tensor methods, which build on every op module, so this module cannot import them. convert_variable
    # is bound in theano.frontend.ops.broadcast, beside the Rebroadcast it builds.


def _isnan(a: np.ndarray) -> np.ndarray:
    if a.dtype.kind in "fc":
        return np.isnan(a)
    return np.zeros(a.shape, dtype=bool)


def _overflows(data: Any, dtype: str) -> bool:
    if np.dtype(dtype).kind in "iu":
        try:
            arr = np.asarray(data)
        except Exception:
            return False
        if arr.dtype.kind in "iu":
            info = np.iinfo(dtype)
            return bool(arr.size and (arr.min() < info.min or arr.max() > info.max))
    return False


def _downcast(data: Any, dtype: str) -> np.ndarray:
    """`data` as `dtype` with allow_downcast=True: out-of-range integers wrap around, as numpy's cast (Theano)."""
    try:
        return np.asarray(data, dtype=dtype)
    except OverflowError:  # numpy 2 refuses np.asarray([2 ** 20], dtype="int16"); Theano's numpy wrapped it
        return np.asarray(data).astype(dtype)


def values_eq_approx(a: Any, b: Any, allow_remove_inf: bool = False, allow_remove_nan: bool = False,
                     rtol: float | None = None, atol: float | None = None) -> bool:
    """theano.tensor.type.values_eq_approx: TensorType.values_eq_approx as a function."""
    return TensorType.values_eq_approx(a, b, allow_remove_inf, allow_remove_nan, rtol, atol)


def values_eq_approx_remove_inf(a: Any, b: Any) -> bool:
    return values_eq_approx(a, b, True)


def values_eq_approx_remove_nan(a: Any, b: Any) -> bool:
    return values_eq_approx(a, b, False, True)


def values_eq_approx_remove_inf_nan(a: Any, b: Any) -> bool:
    return values_eq_approx(a, b, True, True)


def values_eq_approx_always_true(a: Any, b: Any) -> bool:
    return True
