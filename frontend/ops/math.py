"""The elementwise tensor functions by name (T.add, T.exp, ..., T.cast, T.switch) and the few built on them.

The functions are the rows of the elementwise table (`tensor_functions`), bound here as module names so that
op modules import the ones they use (`from theano.frontend.ops.math import switch`) instead of reaching through
the `theano.frontend.tensor` namespace. T.isnan, T.isinf, T.isclose and T.allclose of the `theano.tensor`
namespace are the versions in elemwise_functions (they build on alloc and all, which build on this module).
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise_table import CAST_OPS, ELEMWISE_OPS, ROWS, cast, ceil_intdiv, div_proxy, iround, round

_TENSOR_ALIASES = {
    "bitwise_and": "and_", "bitwise_or": "or_", "bitwise_xor": "xor", "bitwise_not": "invert", "square": "sqr",
    "floor_div": "int_div", "where": "switch", "isnan_": "isnan", "isinf_": "isinf",
}


def tensor_functions() -> dict[str, Any]:
    """The T.* names of the table: T.add, T.exp, ..., T.cast, T.convert_to_float32, T.round, ..."""
    ns: dict[str, Any] = {row.name: ELEMWISE_OPS[row.name] for row in ROWS if row.export == "tensor"}
    for alias, name in _TENSOR_ALIASES.items():
        ns[alias] = ELEMWISE_OPS[name]
    ns.update(round=round, iround=iround, div_proxy=div_proxy, ceil_intdiv=ceil_intdiv, cast=cast)
    for dt, op in CAST_OPS.items():
        ns["convert_to_" + dt] = op
        ns["_convert_to_" + dt] = op
    return ns


_TABLE_FUNCTIONS = tensor_functions()
globals().update(_TABLE_FUNCTIONS)

__all__ = sorted(_TABLE_FUNCTIONS) + ["true_div_or_int", "mod_check", "divmod", "fill", "second", "ones_like",
                                      "zeros_like", "tensor_copy"]


def true_div_or_int(x: Any, y: Any) -> Variable:
    """x / y under Python 3: true division (int / int gives floatX)."""
    return ELEMWISE_OPS["true_div"](x, y)


class ComplexError(NotImplementedError):
    """Raised for operations that Theano does not support on complex numbers (theano.scalar.ComplexError)."""


def mod_check(x: Any, y: Any) -> Variable:
    """x % y; complex operands are refused as in Theano."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if x.dtype in _dt.complex_dtypes or y.dtype in _dt.complex_dtypes:
        raise ComplexError("Theano does not support the mod operator (%) on complex numbers, since numpy deprecated it.")
    return ELEMWISE_OPS["mod"](x, y)


def divmod(x: Any, y: Any) -> tuple[Variable, Variable]:  # noqa: A001 (Theano's name)
    """(x // y, x % y), as Python's divmod."""
    return ELEMWISE_OPS["int_div"](x, y), mod_check(x, y)


fill = second = ELEMWISE_OPS["second"]  # `value` broadcast to the shape of `model`: fill(model, value), an Elemwise


def ones_like(model: Any, dtype: Any = None, opt: bool = False) -> Variable:
    """Ones with the shape (and by default the dtype) of `model`."""
    model = as_tensor_variable(model)
    dtype = model.dtype if dtype is None else _dt.check_dtype(dtype)
    return fill(model, constant(1.0, dtype=dtype))


def zeros_like(model: Any, dtype: Any = None, opt: bool = False) -> Variable:
    """Zeros with the shape (and by default the dtype) of `model`."""
    model = as_tensor_variable(model)
    dtype = model.dtype if dtype is None else _dt.check_dtype(dtype)
    return fill(model, constant(0.0, dtype=dtype))


tensor_copy = ELEMWISE_OPS["identity"]  # printed Elemwise{identity}, as in Theano
