"""theano.scalar.basic's op classes outside the elementwise table: InRange (inopenrange/inclosedrange), the
bases users subclass for their own ops (LogicalComparison, FixedLogicalComparison, UnaryBitOp, BinaryBitOp),
Theano's extra dtype rules (int_out_nocomplex, float_out_nocomplex, unary_out_lookup) and the variable
constructors of several names at once (floats('xyz'), ints, complexs).
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.ops.elemwise import BinaryScalarOp, UnaryScalarOp, cast, float_zeros_like
from theano.frontend.shared import shared
from theano.frontend.type import TensorType


def _scalar_type(dtype: str) -> TensorType:
    return TensorType(dtype, ())


class LogicalComparison(BinaryScalarOp):
    """Base of the comparisons x <op> y: a bool result, zero gradients (in floatX for discrete inputs)."""

    _abstract_scalar_op = True
    input_cast = "common"

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        return ("bool",)

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        return [cast(x.zeros_like(), config.floatX) for x in inputs]


class FixedLogicalComparison(UnaryScalarOp):
    """Base of the tests of one value (isnan-like): a bool result, a zero gradient."""

    _abstract_scalar_op = True

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        return ("bool",)

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        return [cast(inputs[0].zeros_like(), config.floatX)]


class InRange(LogicalComparison):
    """low <(=) x <(=) high: `openlow`/`openhi` exclude the bound (theano.scalar.InRange)."""

    nin = 3
    __props__ = ("openlow", "openhi")
    _abstract_scalar_op = False

    def __init__(self, openlow: bool, openhi: bool):
        self.openlow = bool(openlow)
        self.openhi = bool(openhi)
        self.name = None

    def __str__(self) -> str:
        return "InRange{openlow=%s, openhi=%s}" % (self.openlow, self.openhi)

    def function(self, xp: ModuleType = np) -> Callable[..., Any]:
        def in_range(x: Any, low: Any, high: Any) -> Any:
            above = x > low if self.openlow else x >= low
            below = x < high if self.openhi else x <= high
            return xp.logical_and(above, below)
        return in_range

    def impl(self, x: Any, low: Any, high: Any) -> Any:
        return bool(self.function(np)(x, low, high))

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        grads = []
        for x in inputs:
            if x.dtype in _dt.complex_dtypes:
                raise NotImplementedError("No gradient implemented for complex numbers in class scalar.basic.InRange")
            grads.append(float_zeros_like(x))
        return grads


inopenrange = InRange(True, True)
inclosedrange = InRange(False, False)


class UnaryBitOp(UnaryScalarOp):
    """Base of the bitwise ops of one input: bool or (u)int, upcast; a zero gradient."""

    _abstract_scalar_op = True

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        for d in dtypes:
            if d not in _dt.discrete_dtypes:
                raise TypeError("input to a BitOp must have type (u)int8, (u)int16, (u)int32 or (u)int64 or bool "
                                "not %s" % d)
        return _dt.upcast_out(*dtypes)

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        return [cast(inputs[0].zeros_like(), config.floatX)]


class BinaryBitOp(BinaryScalarOp):
    """Base of the bitwise ops of two inputs: two bools give bool, else both (u)int, upcast; zero gradients."""

    _abstract_scalar_op = True

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        if all(d == "bool" for d in dtypes):
            return ("bool",)
        for d in dtypes:
            if d not in _dt.integer_dtypes:
                raise TypeError("input to a BitOp must have type (u)int8, (u)int16, (u)int32 or (u)int64 or be all "
                                "bools not %s" % d)
        return _dt.upcast_out(*dtypes)

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        return [cast(x.zeros_like(), config.floatX) for x in inputs]


# ---- Theano's extra output-type rules (types in, a tuple of types out) -----------------------------------

def _refuse_complex(types: tuple) -> None:
    for t in types:
        if getattr(t, "dtype", t) in _dt.complex_dtypes:
            raise TypeError("complex argument not supported")


def int_out_nocomplex(*types: Any) -> tuple[TensorType, ...]:
    """int64, refusing complex inputs."""
    _refuse_complex(types)
    return (_scalar_type("int64"),)


def float_out_nocomplex(*types: Any) -> tuple[TensorType, ...]:
    """float64, refusing complex inputs."""
    _refuse_complex(types)
    return (_scalar_type("float64"),)


class unary_out_lookup:  # noqa: N801 (Theano's name)
    """An output-type rule from a table: unary_out_lookup({int8: int32, float32: complex128})."""

    def __init__(self, type_table: dict):
        self.tbl = {getattr(k, "dtype", k): v for k, v in type_table.items()}

    def __call__(self, *types: Any) -> Any:
        key = getattr(types[0], "dtype", types[0]) if len(types) == 1 else tuple(getattr(t, "dtype", t) for t in types)
        try:
            rval = self.tbl[key]
        except (KeyError, TypeError):
            raise TypeError(types) from None
        return rval if len(types) != 1 else [rval]

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.tbl == other.tbl  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(type(self))


def as_common_dtype(*variables: Any) -> Any:
    """The variables cast to their common (upcast) dtype."""
    dtype = _dt.upcast(*[v.dtype for v in variables])
    return (cast(v, dtype) for v in variables)


# ---- several variables at once: floats('xyz') -> [x, y, z] -----------------------------------------------

def _multi(dtype: str) -> Callable[[Any], Any]:
    def make(names: Any) -> Any:
        if isinstance(names, str) and len(names) == 1 or not isinstance(names, (str, list, tuple)):
            return _scalar_type(dtype)(names)
        return [_scalar_type(dtype)(name) for name in names]
    make.__doc__ = "One %s scalar per name: a single name gives one variable, several give a list." % dtype
    return make


ints = _multi("int64")
floats = _multi("float64")
complexs = _multi("complex128")
complexs64 = _multi("complex64")
complexs128 = _multi("complex128")


# ---- Theano's Python rounding helpers -------------------------------------------------------------------

def round_half_away_from_zero_(a: Any) -> Any:
    """One value rounded half away from zero."""
    return np.floor(a + 0.5) if a > 0 else np.ceil(a - 0.5)


round_half_away_from_zero_vec64 = np.vectorize(round_half_away_from_zero_, doc="round_half_away_from_zero_vec64")
round_half_away_from_zero_vec32 = np.vectorize(round_half_away_from_zero_, doc="round_half_away_from_zero_vec32",
                                               otypes=["float32"])


def round_half_away_from_zero_vec(a: Any) -> Any:
    """An array rounded half away from zero (float32 stays float32)."""
    if getattr(a, "dtype", None) == np.float32:
        return round_half_away_from_zero_vec32(a)
    return round_half_away_from_zero_vec64(a)



def scalar_shared(value: Any, name: str | None = None, strict: bool = False, allow_downcast: bool | None = None) -> Any:
    """theano.scalar.sharedvar.shared: a 0-d shared variable of a number's own dtype (a Python int is int64,
    a float float64)."""
    if isinstance(value, bool) or not isinstance(value, (np.number, float, int, complex)):
        raise TypeError("theano.scalar.sharedvar.shared takes a number (a Python or numpy scalar), got %r of type %s"
                        % (value, type(value).__name__))
    dtype = str(getattr(value, "dtype", np.asarray(value).dtype))
    return shared(np.asarray(value, dtype=dtype), name=name, strict=strict, allow_downcast=allow_downcast)


class autocast_float_as:  # noqa: N801 (Theano's name)
    """`with autocast_float_as('float32'):` Python floats become the first of these dtypes that holds them
    (the last one otherwise), under config.cast_policy == 'custom' as in Theano."""

    def __init__(self, *dtypes: str):
        self.dtypes = tuple(_dt.check_dtype(d) for d in dtypes)
        if config.cast_policy != "custom":
            raise AssertionError("autocast_float_as needs config.cast_policy == 'custom', not %r" % config.cast_policy)

    def __enter__(self) -> "autocast_float_as":
        self.old = _dt.autocast_float.dtypes
        _dt.autocast_float.dtypes = self.dtypes
        return self

    def __exit__(self, *exc: Any) -> None:
        _dt.autocast_float.dtypes = self.old
