"""Theano 1.0.5's dtype rules: dtype groups, `upcast`, autocasting of Python scalars, output-dtype rules."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from theano.frontend.config import config

int_dtypes = ("int8", "int16", "int32", "int64")
uint_dtypes = ("uint8", "uint16", "uint32", "uint64")
integer_dtypes = int_dtypes + uint_dtypes
float_dtypes = ("float16", "float32", "float64")
complex_dtypes = ("complex64", "complex128")
discrete_dtypes = ("bool",) + integer_dtypes
continuous_dtypes = float_dtypes + complex_dtypes
all_dtypes = discrete_dtypes + continuous_dtypes
# Theano's short names, used by the constructor prefixes (bscalar, wvector, ...)
prefix_dtypes = {"b": "int8", "w": "int16", "i": "int32", "l": "int64",
                 "f": "float32", "d": "float64", "c": "complex64", "z": "complex128"}


_DTYPE_NAMES: dict[Any, str] = {}  # dtype spec -> its name (str(np.dtype(...)) costs microseconds per variable)


def check_dtype(dtype: Any) -> str:
    """Normalise a dtype spec to its name; 'floatX' means config.floatX."""
    if dtype == "floatX" or dtype is None:
        return config.floatX
    try:
        return _DTYPE_NAMES[dtype]
    except (KeyError, TypeError):  # not seen yet, or not hashable
        pass
    try:
        name = str(np.dtype(dtype))
    except TypeError:
        raise TypeError(f"Unsupported dtype for TensorType: {dtype!r}") from None
    if name not in all_dtypes:
        raise TypeError(f"Unsupported dtype for TensorType: {name}")
    try:
        _DTYPE_NAMES[dtype] = name
    except TypeError:
        pass
    return name


_UPCASTS: dict[tuple, str] = {}  # (floatX, cast_policy, dtypes) -> upcast result


def upcast(dtype: str, *dtypes: str) -> str:
    """Theano's `scalar.upcast`: numpy promotion; under cast_policy='numpy+floatX' it stays in floatX=float32/16
    unless float64 (float32) is explicit."""
    key = (config.floatX, config.cast_policy, dtype, dtypes)
    try:
        return _UPCASTS[key]
    except (KeyError, TypeError):
        pass
    name = _upcast(dtype, *dtypes)
    try:
        _UPCASTS[key] = name
    except TypeError:
        pass
    return name


def _upcast(dtype: str, *dtypes: str) -> str:
    keep32 = config.floatX == "float32" and config.cast_policy == "numpy+floatX"
    keep16 = config.floatX == "float16" and config.cast_policy == "numpy+floatX"
    result = np.dtype(dtype)
    for dt in (dtype,) + dtypes:
        if dt == "float64":
            keep32 = keep16 = False
        elif dt == "float32":
            keep16 = False
        result = np.promote_types(result, dt)
    name = str(result)
    if name == "float64":
        if keep16:
            return "float16"
        if keep32:
            return "float32"
    elif name == "float32" and keep16:
        return "float16"
    return name


def _autocast(value: Any, candidates: tuple[str, ...]) -> np.ndarray:
    policy = config.cast_policy
    if policy == "numpy+floatX":
        arr = np.asarray(value)
        if not hasattr(value, "dtype") and arr.dtype.kind == "f" and str(arr.dtype) != config.floatX:
            arr = arr.astype(config.floatX)
        return arr
    if hasattr(value, "dtype") and str(value.dtype) in candidates:
        return np.asarray(value)
    if isinstance(value, float) and config.floatX in candidates and config.floatX != "float64":
        return np.asarray(value, dtype=config.floatX)
    arr = None
    for dt in candidates:
        if dt == "float16" and config.floatX != "float16":
            continue
        with np.errstate(all="ignore"):
            try:
                arr = np.asarray(value, dtype=dt)
            except OverflowError:
                continue
            if np.all(arr == np.asarray(value)):  # compare at the value's own precision (numpy 2 weak scalars)
                break
    if arr is None or not np.all(arr == value) and isinstance(value, int):
        arr = np.asarray(value) if not isinstance(value, int) else np.asarray(value, dtype="int64" if -2**63 <= value < 2**63 else "uint64")
    return arr


class NumpyAutocaster:
    """Theano's autocaster: called on a Python number, the first of `dtypes` that holds it exactly (see _autocast).
    `dtypes` is public state, as in Theano: autocast_float_as sets it for a `with` block."""

    def __init__(self, dtypes: tuple[str, ...]):
        self.dtypes = tuple(dtypes)

    def __call__(self, value: Any) -> np.ndarray:
        return _autocast(value, self.dtypes)


autocast_int = NumpyAutocaster(int_dtypes)
autocast_float = NumpyAutocaster(float_dtypes)


def convert_python_scalar(value: Any, dtype: str | None = None) -> np.ndarray:
    """A Python/numpy scalar as a 0-d array with Theano's dtype (scalar.convert)."""
    if dtype is not None:
        return np.asarray(value, dtype=check_dtype(dtype))
    if isinstance(value, np.bool_):
        return np.asarray(value, dtype="bool")
    if isinstance(value, int):  # Python bools too: True -> int8 (as Theano's scalar.convert)
        return autocast_int(value)
    if isinstance(value, float):
        return autocast_float(value)
    if isinstance(value, complex):
        return np.asarray(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        return value
    return np.asarray(value)


# ---- output dtype rules of scalar ops (scalar/basic.py's output_types_preference functions)

DtypeRule = Callable[..., tuple[str, ...]]


def upcast_out(*dtypes: str) -> tuple[str, ...]:
    return (upcast(*dtypes),)


def upcast_out_nobool(*dtypes: str) -> tuple[str, ...]:
    out = upcast_out(*dtypes)
    if out[0] == "bool":
        raise TypeError("bool output not supported")
    return out


def upcast_out_min8(*dtypes: str) -> tuple[str, ...]:
    out = upcast_out(*dtypes)
    return ("int8",) if out[0] == "bool" else out


def upcast_out_no_complex(*dtypes: str) -> tuple[str, ...]:
    if any(d in complex_dtypes for d in dtypes):
        raise TypeError("complex type are not supported")
    return upcast_out(*dtypes)


_TO_FLOAT = {"bool": "float32", "int8": "float32", "int16": "float32", "int32": "float64", "int64": "float64",
             "uint8": "float32", "uint16": "float32", "uint32": "float64", "uint64": "float64"}


def upgrade_to_float(*dtypes: str) -> tuple[str, ...]:
    return (upcast(*[_TO_FLOAT.get(d, d) for d in dtypes]),)


def upgrade_to_float_no_complex(*dtypes: str) -> tuple[str, ...]:
    if any(d in complex_dtypes for d in dtypes):
        raise TypeError("complex argument not supported")
    return upgrade_to_float(*dtypes)


def upgrade_to_float64(*dtypes: str) -> tuple[str, ...]:
    return ("float64",)


def same_out(dtype: str, *rest: str) -> tuple[str, ...]:
    return (dtype,)


def same_out_nobool(dtype: str, *rest: str) -> tuple[str, ...]:
    if dtype == "bool":
        raise TypeError("bool input not supported")
    return (dtype,)


def same_out_min8(dtype: str, *rest: str) -> tuple[str, ...]:
    return ("int8",) if dtype == "bool" else (dtype,)


def same_out_nocomplex(dtype: str, *rest: str) -> tuple[str, ...]:
    if dtype in complex_dtypes:
        raise TypeError("complex argument not supported")
    return (dtype,)


def same_out_float_only(dtype: str, *rest: str) -> tuple[str, ...]:
    if dtype not in float_dtypes:
        raise TypeError("only float type are supported")
    return (dtype,)


def int_out(*dtypes: str) -> tuple[str, ...]:
    return ("int64",)


def float_out(*dtypes: str) -> tuple[str, ...]:
    return ("float64",)


def bool_out(*dtypes: str) -> tuple[str, ...]:
    return ("bool",)


def true_div_out(*dtypes: str) -> tuple[str, ...]:
    """int / int gives floatX (scalar.TrueDiv)."""
    if all(d in discrete_dtypes for d in dtypes):
        return (config.floatX,)
    return upcast_out(*dtypes)


def int_div_out(*dtypes: str) -> tuple[str, ...]:
    return upcast_out_nobool(*dtypes)


def complex_to_real_out(dtype: str, *rest: str) -> tuple[str, ...]:
    return ({"complex64": "float32", "complex128": "float64"}.get(dtype, dtype),)


class _ParamRule:
    """A dtype rule with parameters, as an object (a closure would not pickle, and an op holds its rule)."""

    def __init__(self, *params: Any):
        self.params = params

    @property
    def __name__(self) -> str:  # noqa: A003 - as the functions it stands for
        return type(self).__name__.lstrip("_").lower()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.params == self.params

    def __hash__(self) -> int:
        return hash((type(self), self.params))


class _Transfer_Type(_ParamRule):
    def __call__(self, *dtypes: str) -> tuple[str, ...]:
        return tuple(dtypes[t] if isinstance(t, int) else (t or dtypes[0]) for t in self.params)


class _Specific_Out(_ParamRule):
    def __call__(self, *dtypes: str) -> tuple[str, ...]:
        return self.params


def transfer_type(*transfer: int | str | None) -> DtypeRule:
    """Output k has the dtype of input transfer[k] (an int), or the dtype transfer[k] names (None: input 0's)."""
    return _Transfer_Type(*transfer)


def specific_out(*spec: str) -> DtypeRule:
    """The outputs have these dtypes."""
    return _Specific_Out(*spec)
