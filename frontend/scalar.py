"""Scalar types, dtype rules and scalar ops under theano.scalar's names (the logic of that facade).

Scalar ops are the rows of the elementwise table (theano.frontend.ops.elemwise_table), under
Theano's names (`theano.scalar.add`, `theano.scalar.abs_`, classes `Add`, `Abs`, `EQ`, ...).
Scalar types are 0-d tensor types (`theano.scalar.float64 == TensorType('float64', ())`). The
dtype rules accept scalar types or dtype names and return scalar types, as Theano's do.
"""
from __future__ import annotations

from typing import Any, Callable

from theano.frontend import dtypes as _dt
from theano.frontend import constructors as _ctors
from theano.frontend.config import config
from theano.frontend.ops import elemwise_table as _table
from theano.frontend.ops.elemwise import BinaryScalarOp, ScalarOp, UnaryScalarOp  # noqa: F401 (exported)
from theano.frontend.ops.elemwise_table import CAST_OPS as _CAST_OPS, SCALAR_OPS as _SCALAR_OPS
from theano.frontend.ops.elemwise_table import Cast, IntegerDivisionError  # noqa: F401 (exported)
from theano.frontend.type import TensorType


def get_scalar_type(dtype: Any) -> TensorType:
    """The scalar type of `dtype`: a 0-d TensorType, named by its dtype as Theano's Scalar type prints
    (`str(theano.scalar.int8) == 'int8'`; user code builds dtypes from `map(str, theano.scalar.all_types)`)."""
    name = _dt.check_dtype(getattr(dtype, "dtype", dtype))
    return TensorType(name, (), name=name)


Scalar = get_scalar_type

bool = get_scalar_type("bool")  # noqa: A001 (Theano's name)
int8, int16, int32, int64 = (get_scalar_type(d) for d in _dt.int_dtypes)
uint8, uint16, uint32, uint64 = (get_scalar_type(d) for d in _dt.uint_dtypes)
float16, float32, float64 = (get_scalar_type(d) for d in _dt.float_dtypes)
complex64, complex128 = (get_scalar_type(d) for d in _dt.complex_dtypes)

int_types = int8, int16, int32, int64
uint_types = uint8, uint16, uint32, uint64
integer_types = int_types + uint_types
float_types = float16, float32, float64
complex_types = complex64, complex128
discrete_types = (bool,) + integer_types
continuous_types = float_types + complex_types
all_types = discrete_types + continuous_types


def _dtype(t: Any) -> str:
    return getattr(t, "dtype", t)


def upcast(dtype: Any, *dtypes: Any) -> str:
    """The dtype numpy promotion gives (kept in floatX under cast_policy='numpy+floatX'); takes types or names."""
    return _dt.upcast(_dtype(dtype), *[_dtype(d) for d in dtypes])


class _TypedRule:
    """Theano's form of a dtype rule: scalar types (or dtype names) in, a tuple of scalar types out. It pickles
    as the dtype rule it wraps (a module-level function of theano.frontend.dtypes), so an op holding it pickles."""

    def __init__(self, rule: Callable[..., tuple[str, ...]]):
        self.rule = rule
        self.__name__ = rule.__name__
        self.__doc__ = rule.__doc__

    def __call__(self, *types: Any) -> tuple[TensorType, ...]:
        return tuple(get_scalar_type(d) for d in self.rule(*[_dtype(t) for t in types]))

    def __reduce__(self) -> tuple:
        return (_typed, (self.rule,))

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, _TypedRule) and other.rule == self.rule

    def __hash__(self) -> int:
        return hash(self.rule)

    def __repr__(self) -> str:
        return "<dtype rule %s>" % self.__name__


def _typed(rule: Callable[..., tuple[str, ...]]) -> _TypedRule:
    return _TypedRule(rule)


upcast_out = _typed(_dt.upcast_out)
upcast_out_nobool = _typed(_dt.upcast_out_nobool)
upcast_out_min8 = _typed(_dt.upcast_out_min8)
upcast_out_no_complex = _typed(_dt.upcast_out_no_complex)
upgrade_to_float = _typed(_dt.upgrade_to_float)
upgrade_to_float_no_complex = _typed(_dt.upgrade_to_float_no_complex)
upgrade_to_float64 = _typed(_dt.upgrade_to_float64)
same_out = _typed(_dt.same_out)
same_out_nobool = _typed(_dt.same_out_nobool)
same_out_min8 = _typed(_dt.same_out_min8)
same_out_nocomplex = _typed(_dt.same_out_nocomplex)
same_out_float_only = _typed(_dt.same_out_float_only)
int_out = _typed(_dt.int_out)
float_out = _typed(_dt.float_out)
real_out = _typed(_dt.complex_to_real_out)


def transfer_type(*transfer: Any) -> Callable[..., tuple[TensorType, ...]]:
    """A rule giving output k the type of input transfer[k] (or the given type)."""
    return _typed(_dt.transfer_type(*[t if t is None or isinstance(t, int) else _dtype(t) for t in transfer]))


def specific_out(*spec: Any) -> Callable[..., tuple[TensorType, ...]]:
    """A rule giving fixed output types."""
    return _typed(_dt.specific_out(*[_dtype(s) for s in spec]))


def as_scalar(x: Any, name: str | None = None) -> Any:
    """`x` as a 0-d tensor variable (Theano's scalar variables are 0-d tensors here)."""
    v = _ctors.as_tensor_variable(x, name=name)
    if v.ndim != 0:
        raise TypeError("Cannot convert %s to a scalar (it has %d dimensions)" % (x, v.ndim))
    return v


def constant(x: Any, name: str | None = None, dtype: Any = None) -> Any:
    """A 0-d constant, with Theano's autocast dtype for Python numbers; a named one is its own variable (the
    tensor constant cache shares unnamed small constants)."""
    c = _ctors.constant(x, dtype=dtype)
    if c.ndim != 0:
        raise TypeError("theano.scalar.constant takes a scalar, got %r with %d dimensions" % (x, c.ndim))
    return c if name is None else c.type.make_constant(c.data, name=name)


def convert(x: Any, dtype: Any = None) -> Any:
    """A Python/numpy scalar as a 0-d numpy array of Theano's dtype (2 -> int8, 2.0 -> float32)."""
    return _dt.convert_python_scalar(x, dtype)


def cast(x: Any, dtype: Any) -> Any:
    return _table.cast(x, dtype)


from theano.frontend.ops.math import ComplexError  # noqa: E402,F401 (exported; x % y on complex raises it)


def int_or_true_div(x_discrete: Any, y_discrete: Any) -> ScalarOp:
    """The scalar op `x / y` means under config.int_division (int_div or true_div)."""
    if x_discrete and y_discrete:
        if config.int_division == "raise":
            raise IntegerDivisionError("With `config.int_division` set to 'raise', dividing two integer types "
                                       "with '/' is forbidden.")
        if config.int_division == "int":
            return _SCALAR_OPS["int_div"]
    return _SCALAR_OPS["true_div"]


div_proxy = _table.div_proxy


def mod_check(x: Any, y: Any) -> Any:
    """x % y, refusing complex operands as Theano does."""
    x, y = as_scalar(x), as_scalar(y)
    if x.dtype in _dt.complex_dtypes or y.dtype in _dt.complex_dtypes:
        raise ComplexError("Theano does not support the mod operator (%) on complex numbers, since numpy "
                           "deprecated it.")
    return _table.ELEMWISE_OPS["mod"](x, y)


from theano.frontend.scalar_composite import Composite, Compositef32, composite_f32  # noqa: E402,F401 (exported)
from theano.frontend.scalar_composite import handle_cast, handle_composite  # noqa: E402,F401 (exported)
from theano.frontend.scalar_ops import (  # noqa: E402,F401 (exported)
    BinaryBitOp, FixedLogicalComparison, InRange, LogicalComparison, UnaryBitOp, as_common_dtype, autocast_float_as,
    complexs,
    complexs64, complexs128, float_out_nocomplex, floats, inclosedrange, inopenrange, int_out_nocomplex, ints,
    round_half_away_from_zero_, round_half_away_from_zero_vec, round_half_away_from_zero_vec32,
    round_half_away_from_zero_vec64, unary_out_lookup,
)
from theano.frontend.graph import Apply, Constant, Op, Variable  # noqa: E402,F401 (exported, as in theano.scalar)
from theano.frontend.fgraph import FunctionGraph  # noqa: E402,F401 (exported)
from theano.frontend.graph import Type  # noqa: E402,F401 (exported)
from theano.frontend.variable import TensorConstant as ScalarConstant  # noqa: E402,F401 (scalars are 0-d tensors)
from theano.frontend.variable import TensorVariable as ScalarVariable  # noqa: E402,F401

autocast_int = _dt.autocast_int
autocast_float = _dt.autocast_float
NumpyAutocaster = _dt.NumpyAutocaster


def _table_names() -> dict[str, Any]:
    """The scalar ops by Theano's names (add, abs_, ...), their classes (Add, Abs, EQ, TrueDiv, ...), and
    identity, floor_div and the convert_to_<dtype> casts."""
    ns: dict[str, Any] = {}
    for name, op in _SCALAR_OPS.items():
        if _table.ROWS_BY_NAME[name].export == "tensor":
            ns[name] = op
            ns[type(op).__name__] = type(op)
    ns.update(identity=_SCALAR_OPS["identity"], Identity=type(_SCALAR_OPS["identity"]),
              floor_div=_SCALAR_OPS["int_div"])
    ns.update({"convert_to_" + dt: op.scalar_op for dt, op in _CAST_OPS.items()})
    return ns


globals().update(_table_names())
__all__ = [n for n in globals() if not n.startswith("_") and n not in ("annotations", "Any", "Callable", "config")]
