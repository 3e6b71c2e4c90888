"""The elementwise op table: one row per op (name, arity, dtype rule, implementation, printing, export).

Each op is written once, as `fn`: a numpy/JAX name (`"exp"`, `"scipy.special.erfinv"`) or one
array-generic formula `fn(xp, *args)`, run with xp=numpy on the host and xp=jax.numpy in the lowering
(see `theano.frontend.ops.elemwise.resolve`). Gradients are the rows of `elemwise_grads.GRADS`.
`build_table` turns each row into a ScalarOp class and an Elemwise named as in Theano
(`Elemwise{add,no_inplace}`); `theano.frontend.ops.math` exposes them as `T.add`, `T.exp`, ...
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable

from theano.frontend import dtypes as D
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import grad_not_implemented
from theano.frontend.ops.elemwise import (  # noqa: F401  (re-exported: the table's public names)
    CAST_OPS, ELEMWISE_OPS, SCALAR_OPS, Cast, Elemwise, ScalarOp, cast, float_zeros_like, input_cast_dtypes, resolve,
    special,
)
from theano.frontend.ops.elemwise_grads import GRADS, NOT_IMPLEMENTED, G, GradRule  # noqa: F401  (G re-exported)


@dataclass(frozen=True)
class Row:
    """One elementwise op. `fn`: its implementation (a numpy/JAX name or a formula fn(xp, *args));
    `scalar_str`: the scalar op's printed name (Theano prints class names for unnamed ops: `EQ`, `Abs`,
    `Switch`); `elemwise_name`: the tensor op's printed name (default `Elemwise{<name>,no_inplace}`);
    `export`: where the tensor op is published ("tensor", "nnet" or None); `input_cast`: how inputs are
    cast before the function runs (see `input_cast_dtypes`)."""

    name: str
    nin: int
    dtype_rule: Callable[..., tuple[str, ...]]
    fn: str | Callable[..., Any]
    commutative: bool = False
    associative: bool = False
    identity: Any = None
    class_name: str | None = None
    scalar_str: str | None = None
    elemwise_name: str | None = None
    export: str | None = "tensor"
    input_cast: Any = None


# ---- dtype rules specific to one op family (the shared ones live in theano.frontend.dtypes) ------------

def bitop_binary_out(a: str, b: str) -> tuple[str, ...]:
    """and_/or_/xor: two bools give bool, otherwise both must be (u)int."""
    if a == "bool" and b == "bool":
        return ("bool",)
    for t in (a, b):
        if t not in D.integer_dtypes:
            raise TypeError("input to a BitOp must have type (u)int8, (u)int16, (u)int32 or (u)int64 or be all bools "
                            "not %s" % t)
    return D.upcast_out(a, b)


def bitop_unary_out(a: str) -> tuple[str, ...]:
    """invert: bool or (u)int, kept."""
    if a not in D.discrete_dtypes:
        raise TypeError("input to a BitOp must have type (u)int8, (u)int16, (u)int32 or (u)int64 or bool not %s" % a)
    return (a,)


def switch_out(cond: str, ift: str, iff: str) -> tuple[str, ...]:
    """switch: the upcast of the two branches (the condition's dtype does not matter)."""
    return D.upcast_out(ift, iff)


def sgn_out(a: str) -> tuple[str, ...]:
    """sgn: same dtype; bool and complex refused."""
    if a == "bool":
        raise TypeError(a)
    return D.same_out_nocomplex(a)


def abs_out(a: str) -> tuple[str, ...]:
    """abs_: same dtype, complex gives its real dtype."""
    return D.complex_to_real_out(a)


def complex_out(a: str, b: str) -> tuple[str, ...]:
    """complex/complex_from_polar: complex128 from 64-bit or int32 parts, else complex64."""
    for t in (a, b):
        if t in D.complex_dtypes:
            raise TypeError(t)
    up = D.upcast(a, b)
    return ("complex128",) if up in ("float64", "int64", "uint64", "int32", "uint32") else ("complex64",)


# ---- formulas: one array-generic function per op that is not a single numpy/JAX name ---------------------

def _round_half_away_from_zero(xp: Any, x: Any) -> Any:
    t = xp.trunc(x)
    return xp.where(xp.abs(x - t) >= 0.5, t + xp.sign(x), t)


def _ultra_fast_sigmoid(xp: Any, x: Any) -> Any:
    """Theano's piecewise approximation of sigmoid (UltraFastScalarSigmoid)."""
    half = 0.5 * x
    a = xp.abs(half)
    z = xp.where(a < 1.7, 1.5 * a / (1 + a), xp.where(a < 3, 0.935409070603099 + 0.0458812946797165 * (a - 1.7),
                                                         0.99505475368673))
    return 0.5 * (xp.where(half >= 0, z, -z) + 1.0)


# ---- the table ---------------------------------------------------------------------------------------

U, B = 1, 2
_up, _upf, _upfnc = D.upcast_out, D.upgrade_to_float, D.upgrade_to_float_no_complex

ROWS: list[Row] = [
    # arithmetic
    Row("add", -1, _up, lambda xp, *xs: functools.reduce(xp.add, xs), True, True, 0),
    Row("mul", -1, _up, lambda xp, *xs: functools.reduce(xp.multiply, xs), True, True, 1),
    Row("sub", B, D.upcast_out_nobool, "subtract"),
    Row("true_div", B, D.true_div_out, "true_divide", class_name="TrueDiv"),
    Row("int_div", B, _up, "floor_divide", class_name="IntDiv"),
    Row("mod", B, _up, "remainder"),
    Row("pow", B, D.upcast_out_min8, "power"),
    Row("maximum", B, _up, "maximum", True, True),
    Row("minimum", B, _up, "minimum", True, True),
    Row("clip", 3, D.upcast_out_no_complex, lambda xp, x, lo, hi: xp.where(x < lo, lo, xp.where(x > hi, hi, x))),
    Row("neg", U, D.same_out_nobool, "negative"),
    Row("abs_", U, abs_out, "abs", class_name="Abs", scalar_str="Abs", input_cast="none"),
    Row("sgn", U, sgn_out, "sign"),
    Row("inv", U, _upf, "reciprocal"),
    Row("sqr", U, D.same_out, "square"),
    Row("sqrt", U, _upf, "sqrt"),
    # exponentials and logarithms
    Row("exp", U, _upf, "exp"),
    Row("exp2", U, _upf, "exp2"),
    Row("expm1", U, _upf, "expm1"),
    Row("log", U, _upf, "log"),
    Row("log2", U, _upf, "log2"),
    Row("log10", U, _upf, "log10"),
    Row("log1p", U, _upf, "log1p"),
    # trigonometric and hyperbolic
    Row("deg2rad", U, _upf, "deg2rad", class_name="Deg2Rad"),
    Row("rad2deg", U, _upf, "rad2deg", class_name="Rad2Deg"),
    Row("cos", U, _upf, "cos"),
    Row("arccos", U, _upf, "arccos", class_name="ArcCos"),
    Row("sin", U, _upf, "sin"),
    Row("arcsin", U, _upf, "arcsin", class_name="ArcSin"),
    Row("tan", U, _upf, "tan"),
    Row("arctan", U, _upf, "arctan", class_name="ArcTan"),
    Row("arctan2", B, _upf, "arctan2", class_name="ArcTan2"),
    Row("cosh", U, _upf, "cosh"),
    Row("arccosh", U, _upf, "arccosh", class_name="ArcCosh"),
    Row("sinh", U, _upf, "sinh"),
    Row("arcsinh", U, _upf, "arcsinh", class_name="ArcSinh"),
    Row("tanh", U, _upf, "tanh"),
    Row("arctanh", U, _upf, "arctanh", class_name="ArcTanh"),
    # rounding
    Row("floor", U, _upfnc, "floor"),
    Row("ceil", U, _upfnc, "ceil"),
    Row("trunc", U, _upfnc, "trunc"),
    Row("round_half_to_even", U, D.same_out_float_only, "round", class_name="RoundHalfToEven",
        scalar_str="RoundHalfToEven"),
    Row("round_half_away_from_zero", U, D.same_out_float_only, _round_half_away_from_zero,
        class_name="RoundHalfAwayFromZero", scalar_str="RoundHalfAwayFromZero"),
    # comparisons and predicates (bool results)
    Row("lt", B, D.bool_out, "less", class_name="LT", scalar_str="LT"),
    Row("gt", B, D.bool_out, "greater", class_name="GT", scalar_str="GT"),
    Row("le", B, D.bool_out, "less_equal", class_name="LE", scalar_str="LE"),
    Row("ge", B, D.bool_out, "greater_equal", class_name="GE", scalar_str="GE"),
    Row("eq", B, D.bool_out, "equal", True, class_name="EQ", scalar_str="EQ"),
    Row("neq", B, D.bool_out, "not_equal", True, class_name="NEQ", scalar_str="NEQ"),
    Row("isnan", U, D.bool_out, "isnan", class_name="IsNan", scalar_str="IsNan"),
    Row("isinf", U, D.bool_out, "isinf", class_name="IsInf", scalar_str="IsInf"),
    # bitwise logic (Theano's names: and_, or_, xor, invert)
    Row("and_", B, bitop_binary_out, "bitwise_and", True, True, -1, class_name="AND", scalar_str="AND"),
    Row("or_", B, bitop_binary_out, "bitwise_or", True, True, 0, class_name="OR", scalar_str="OR"),
    Row("xor", B, bitop_binary_out, "bitwise_xor", True, True, 0, class_name="XOR", scalar_str="XOR"),
    Row("invert", U, bitop_unary_out, "invert", scalar_str="Invert"),
    # selection and copies
    Row("switch", 3, switch_out, "where", scalar_str="Switch", input_cast=("none", "out", "out")),
    Row("second", B, D.transfer_type(1), lambda xp, a, b: xp.broadcast_to(b, xp.broadcast_shapes(xp.shape(a),
                                                                                                  xp.shape(b))),
        input_cast="none"),
    Row("identity", U, D.same_out, lambda xp, x: x, elemwise_name="Elemwise{identity}", export=None,
        input_cast="none"),
    # special functions
    Row("erf", U, _upf, "scipy.special.erf"),
    Row("erfc", U, _upfnc, "scipy.special.erfc"),
    Row("erfcx", U, _upfnc, "scipy.special.erfcx"),
    Row("erfinv", U, _upfnc, "scipy.special.erfinv"),
    Row("erfcinv", U, _upfnc, "scipy.special.erfcinv"),
    Row("gamma", U, _upf, "scipy.special.gamma"),
    Row("gammaln", U, _upf, "scipy.special.gammaln", class_name="GammaLn"),
    Row("psi", U, _upf, "scipy.special.digamma"),
    Row("tri_gamma", U, _upf, lambda xp, x: special(xp).polygamma(1, x), class_name="TriGamma"),
    # scipy.stats.chi2.sf (Theano's impl) is NaN for k <= 0 degrees of freedom, where gammaincc is 0 or 1
    Row("chi2sf", B, D.upgrade_to_float64, lambda xp, x, k: xp.where(k > 0, special(xp).gammaincc(k / 2, x / 2), xp.nan),
        class_name="Chi2SF"),
    Row("gammainc", B, _upf, "scipy.special.gammainc", class_name="GammaInc"),
    Row("gammaincc", B, _upf, "scipy.special.gammaincc", class_name="GammaIncC"),
    Row("gammau", B, _upf, lambda xp, k, x: special(xp).gammaincc(k, x) * special(xp).gamma(k), class_name="GammaU"),
    Row("gammal", B, _upf, lambda xp, k, x: special(xp).gammainc(k, x) * special(xp).gamma(k), class_name="GammaL"),
    Row("j0", U, _upf, "scipy.special.j0", class_name="J0"),
    Row("j1", U, _upf, "scipy.special.j1", class_name="J1"),
    Row("jv", B, _upf, "scipy.special.jv"),
    Row("i0", U, _upf, "scipy.special.i0", class_name="I0"),
    Row("i1", U, _upf, "scipy.special.i1", class_name="I1"),
    Row("iv", B, _upf, "scipy.special.iv"),
    # complex numbers
    Row("real", U, D.complex_to_real_out, "real", input_cast="none"),
    Row("imag", U, D.complex_to_real_out, "imag", input_cast="none"),
    Row("angle", U, D.specific_out("float64"), "angle", input_cast="none"),
    Row("complex", B, complex_out, "lax.complex", input_cast="out_real"),
    Row("conj", U, D.same_out_min8, "conj"),
    Row("complex_from_polar", B, complex_out,
        lambda xp, r, t: resolve("lax.complex", xp)(r * xp.cos(t), r * xp.sin(t)),
        class_name="ComplexFromPolar", input_cast="out_real"),
    # tensor.nnet.sigm activations
    Row("sigmoid", U, _upf, "scipy.special.expit", class_name="ScalarSigmoid", scalar_str="scalar_sigmoid",
        elemwise_name="sigmoid", export="nnet"),
    Row("softplus", U, _upf, lambda xp, x: xp.logaddexp(x, 0), class_name="ScalarSoftplus",
        scalar_str="scalar_softplus", elemwise_name="softplus", export="nnet"),
    Row("ultra_fast_sigmoid", U, _upf, _ultra_fast_sigmoid,
        class_name="UltraFastScalarSigmoid", scalar_str="ultra_fast_scalar_sigmoid",
        elemwise_name="ultra_fast_sigmoid", export="nnet"),
]

ROWS_BY_NAME: dict[str, Row] = {}


class TableScalarOp(ScalarOp):
    """The base of the table's scalar ops: the gradient is the op's row of GRADS (`grad_rule`)."""

    _abstract_scalar_op = True

    grad_rule: GradRule | None = None

    def L_op(self, inputs: list, outputs: list, gouts: list) -> list:
        rule = self.grad_rule
        if rule is None:
            return [grad_not_implemented(self, i, x) for i, x in enumerate(inputs)]
        if self.output_dtypes(*[x.dtype for x in inputs])[0] in D.discrete_dtypes:  # Theano: zero gradients
            return [float_zeros_like(x) for x in inputs]
        grads = rule(gouts[0], outputs[0], *inputs)
        return [grad_not_implemented(self, i, x) if g is NOT_IMPLEMENTED else g
                for i, (x, g) in enumerate(zip(inputs, grads))]

    def grad(self, inputs: list, gouts: list) -> list:
        return self.L_op(inputs, [Elemwise(self)(*inputs)], gouts)


def _scalar_op_class(row: Row) -> type:
    """The ScalarOp subclass of one row (class name as Theano's, e.g. `TrueDiv`, `EQ`, `Abs`)."""
    attrs: dict[str, Any] = {
        "nin": row.nin, "fn": row.fn if isinstance(row.fn, str) else staticmethod(row.fn),
        "commutative": row.commutative, "associative": row.associative, "identity": row.identity,
        "input_cast": row.input_cast, "output_types_preference": staticmethod(row.dtype_rule),
        "__module__": __name__, "__doc__": f"Scalar op `{row.name}` (a row of the elementwise table).",
    }
    if row.name in GRADS:
        attrs["grad_rule"] = staticmethod(GRADS[row.name])
    if row.scalar_str is not None:
        attrs["__str__"] = lambda self, s=row.scalar_str: s
    name = row.class_name or row.name.capitalize()
    cls = type(name, (TableScalarOp,), attrs)
    cls.__qualname__ = name
    return cls


def build_table(rows: list[Row]) -> None:
    """Create the ScalarOp and Elemwise of each row (the classes are module attributes, so ops pickle)."""
    for row in rows:
        cls = _scalar_op_class(row)
        globals()[cls.__name__] = cls
        sop = cls(name=row.name)
        SCALAR_OPS[row.name] = sop
        ROWS_BY_NAME[row.name] = row
        ELEMWISE_OPS[row.name] = Elemwise(sop, name=row.elemwise_name or "Elemwise{%s,no_inplace}" % row.name)


build_table(ROWS)
# Theano's scalar Second: the values of its first input never reach the output (only its shape does)
type(SCALAR_OPS["second"]).connection_pattern = lambda self, node: [[False], [True]]
for _name in ("sigmoid", "ultra_fast_sigmoid"):  # Theano's explicit inplace variants (names only: XLA reuses buffers)
    ELEMWISE_OPS[_name + "_inplace"] = Elemwise(type(SCALAR_OPS[_name])(D.transfer_type(0), name=_name),
                                                {0: 0}, name=_name + "_inplace")


# ---- tensor-level functions around the rows (tensor/basic.py, tensor/nnet/sigm.py) ----------------------

def round(a: Any, mode: str | None = None) -> Any:  # noqa: A001 (Theano's name)
    """round_half_to_even (the default, as numpy) or round_half_away_from_zero."""
    if mode is None:
        mode = "half_to_even"
    if mode == "half_away_from_zero":
        return ELEMWISE_OPS["round_half_away_from_zero"](a)
    if mode == "half_to_even":
        return ELEMWISE_OPS["round_half_to_even"](a)
    raise Exception("round mode %s is not implemented." % mode)


def iround(a: Any, mode: str | None = None) -> Any:
    """cast(round(a, mode), 'int64')."""
    return cast(round(a, mode), "int64")


class IntegerDivisionError(Exception):
    """Raised by / on two integer tensors when config.int_division == 'raise'."""


def div_proxy(x: Any, y: Any) -> Any:
    """x / y following config.int_division: int_div for two integer inputs under 'int', else true_div."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if x.dtype in D.discrete_dtypes and y.dtype in D.discrete_dtypes:
        if config.int_division == "raise":
            raise IntegerDivisionError(
                "With `config.int_division` set to 'raise', dividing two integer types with '/' is forbidden to "
                "avoid confusion between integer and floating point divisions. Please use // for integer division, "
                "or if you want a float result either cast one of the arguments to a float or directly call "
                "`x.__truediv__(y)`.")
        if config.int_division == "int":
            return ELEMWISE_OPS["int_div"](x, y)
    return ELEMWISE_OPS["true_div"](x, y)


def ceil_intdiv(a: Any, b: Any) -> Any:
    """ceil(a / b) computed exactly for integers: int_div(a, b) + (a % b != 0)."""
    div = ELEMWISE_OPS["int_div"](a, b)
    return ELEMWISE_OPS["add"](cast(ELEMWISE_OPS["neq"](ELEMWISE_OPS["mod"](a, b), 0), div.dtype), div)


def hard_sigmoid(x: Any) -> Any:
    """An approximation of sigmoid in 3 parts (0, 0.2 x + 0.5, 1), computed in upgrade_to_float's dtype."""
    x = as_tensor_variable(x)
    out_dtype = D.upgrade_to_float(x.dtype)[0]
    slope = constant(0.2, dtype=out_dtype)
    shift = constant(0.5, dtype=out_dtype)
    return ELEMWISE_OPS["clip"](ELEMWISE_OPS["add"](ELEMWISE_OPS["mul"](x, slope), shift), 0, 1)


def nnet_functions() -> dict[str, Any]:
    """The tensor.nnet names of the table: sigmoid, softplus, ultra_fast_sigmoid (+ _inplace), hard_sigmoid,
    and their scalar ops scalar_sigmoid, scalar_softplus, ultra_fast_scalar_sigmoid."""
    ns: dict[str, Any] = {row.name: ELEMWISE_OPS[row.name] for row in ROWS if row.export == "nnet"}
    ns.update(sigmoid_inplace=ELEMWISE_OPS["sigmoid_inplace"],
              ultra_fast_sigmoid_inplace=ELEMWISE_OPS["ultra_fast_sigmoid_inplace"], hard_sigmoid=hard_sigmoid,
              scalar_sigmoid=SCALAR_OPS["sigmoid"], scalar_softplus=SCALAR_OPS["softplus"],
              ultra_fast_scalar_sigmoid=SCALAR_OPS["ultra_fast_sigmoid"])
    return ns
