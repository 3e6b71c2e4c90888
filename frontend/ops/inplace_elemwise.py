"""theano.tensor.inplace: the `*_inplace` elementwise functions of Theano 1.0.5.

Each is `Elemwise(<scalar op with the output type of its first input>, {0: 0}, name="<op>_inplace")`, as Theano
builds them: same names, same dtype rule (the result has the first input's dtype), same printing. XLA arrays are
immutable, so they compute out of place here (as the BLAS inplace ops do): the values are Theano's, the first
input is not overwritten.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import scalar as _scal
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.pretty import FunctionPrinter, OperatorPrinter, pprint

# (scalar op name in theano.scalar, docstring) for every `<name>_inplace` of Theano 1.0.5's theano.tensor.inplace
INPLACE_SCALAR_OPS: tuple[tuple[str, str], ...] = (
    ("lt", "a < b (inplace on a)"), ("gt", "a > b (inplace on a)"), ("le", "a <= b (inplace on a)"),
    ("ge", "a >= b (inplace on a)"), ("eq", "a == b (inplace on a)"), ("neq", "a != b (inplace on a)"),
    ("and_", "bitwise a & b (inplace on a)"), ("or_", "bitwise a | b (inplace on a)"),
    ("xor", "bitwise a ^ b (inplace on a)"), ("invert", "bitwise ~a (inplace on a)"),
    ("abs_", "|`a`| (inplace on `a`)"), ("exp", "e^`a` (inplace on `a`)"), ("exp2", "2^`a` (inplace on `a`)"),
    ("expm1", "e^`a` - 1 (inplace on `a`)"), ("neg", "-a (inplace on a)"), ("inv", "1.0/a (inplace on a)"),
    ("log", "base e logarithm of a (inplace on a)"), ("log1p", "log(1+a)"),
    ("log2", "base 2 logarithm of a (inplace on a)"), ("log10", "base 10 logarithm of a (inplace on a)"),
    ("sgn", "sign of `a` (inplace on `a`)"), ("ceil", "ceil of `a` (inplace on `a`)"),
    ("floor", "floor of `a` (inplace on `a`)"), ("trunc", "trunc of `a` (inplace on `a`)"),
    ("round_half_to_even", "round_half_to_even_inplace(a) (inplace on `a`)"),
    ("round_half_away_from_zero", "round_half_away_from_zero_inplace(a) (inplace on `a`)"),
    ("sqr", "square of `a` (inplace on `a`)"), ("sqrt", "square root of `a` (inplace on `a`)"),
    ("deg2rad", "convert degree `a` to radian(inplace on `a`)"),
    ("rad2deg", "convert radian `a` to degree(inplace on `a`)"), ("cos", "cosine of `a` (inplace on `a`)"),
    ("arccos", "arccosine of `a` (inplace on `a`)"), ("sin", "sine of `a` (inplace on `a`)"),
    ("arcsin", "arcsine of `a` (inplace on `a`)"), ("tan", "tangent of `a` (inplace on `a`)"),
    ("arctan", "arctangent of `a` (inplace on `a`)"), ("arctan2", "arctangent of `a` / `b` (inplace on `a`)"),
    ("cosh", "hyperbolic cosine of `a` (inplace on `a`)"),
    ("arccosh", "hyperbolic arc cosine of `a` (inplace on `a`)"),
    ("sinh", "hyperbolic sine of `a` (inplace on `a`)"),
    ("arcsinh", "hyperbolic arc sine of `a` (inplace on `a`)"),
    ("tanh", "hyperbolic tangent of `a` (inplace on `a`)"),
    ("arctanh", "hyperbolic arc tangent of `a` (inplace on `a`)"),
    ("erf", "error function"), ("erfc", "complementary error function"),
    ("erfcx", "scaled complementary error function"), ("gamma", "gamma function"),
    ("gammaln", "log gamma function"), ("psi", "derivative of log gamma function"),
    ("tri_gamma", "second derivative of the log gamma function"),
    ("chi2sf", "chi squared survival function"), ("j0", "Bessel function of the first kind of order 0."),
    ("j1", "Bessel function of the first kind of order 1."),
    ("jv", "Bessel function of the first kind of order v (real)."),
    ("i0", "Modified Bessel function of the first kind of order 0."),
    ("i1", "Modified Bessel function of the first kind of order 1."),
    ("iv", "Modified Bessel function of the first kind of order v (real)."),
    ("second", "Fill `a` with `b`"), ("maximum", "elementwise maximum (inplace on `a`)"),
    ("minimum", "elementwise minimum (inplace on `a`)"), ("add", "elementwise addition (inplace on `a`)"),
    ("sub", "elementwise subtraction (inplace on `a`)"), ("mul", "elementwise multiplication (inplace on `a`)"),
    ("true_div", "elementwise division (inplace on `a`)"), ("int_div", "elementwise division (inplace on `a`)"),
    ("mod", "elementwise modulo (inplace on `a`)"), ("pow", "elementwise power (inplace on `a`)"),
    ("conj", "elementwise conjugate (inplace on `a`)"),
)

# pretty-printing operators of Theano's inplace module: name -> (operator, precedence, associativity)
_OPERATORS = {"add": ("+=", -2, "either"), "mul": ("*=", -1, "either"), "sub": ("-=", -2, "left"),
              "neg": ("-=", 0, "either"), "true_div": ("/=", -1, "left"), "int_div": ("//=", -1, "left"),
              "pow": ("**=", 1, "right")}


def inplace_elemwise(scalar_name: str, doc: str = "") -> Elemwise:
    """Theano's `<scalar_name>_inplace`: the Elemwise of theano.scalar.<scalar_name> with the output type of its
    first input and inplace pattern {0: 0} (computed out of place here)."""
    scalar_op = getattr(_scal, scalar_name)
    name = scalar_name + "_inplace"
    op = Elemwise(type(scalar_op)(_scal.transfer_type(0)), {0: 0}, name=name)
    op.__doc__ = doc
    if scalar_name in _OPERATORS:
        pprint.assign(op, OperatorPrinter(*_OPERATORS[scalar_name]))
    else:
        pprint.assign(op, FunctionPrinter(name.replace("_inplace", "=")))
    return op


INPLACE_FUNCTIONS: dict[str, Elemwise] = {n + "_inplace": inplace_elemwise(n, d) for n, d in INPLACE_SCALAR_OPS}


def transpose_inplace(x: Any, **kwargs: Any) -> Any:
    """Transpose of `x` (Theano: a view without copying; here XLA decides the buffers)."""
    dims = list(range(x.ndim - 1, -1, -1))
    return DimShuffle(x.broadcastable, dims, inplace=True)(x)
