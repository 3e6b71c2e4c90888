"""The elementwise op table: one row per op (name, arity, dtype rule, numpy impl, JAX name, gradient).

`build_table` turns each row into a ScalarOp class and an Elemwise named as in Theano
(`Elemwise{add,no_inplace}`); `tensor_functions()` exposes them as `T.add`, `T.exp`, ...
Gradients are written with `G`, which builds unnamed Elemwise nodes (`Elemwise{mul}`), as
Theano's scalar-graph gradients print. The gradient formulas follow Theano 1.0.5's scalar ops.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as D
from theano.frontend.config import config
from theano.frontend.ops import elemwise_special as S
from theano.frontend.ops import elemwise_grads as dg
from theano.frontend.ops.elemwise_grads import G  # noqa: F401  (re-exported for gradient formulas elsewhere)
from theano.frontend.ops.elemwise import Elemwise, ScalarOp


@dataclass(frozen=True)
class Row:
    """One elementwise op. `scalar_str`: the scalar op's printed name (Theano prints class names for
    unnamed ops: `EQ`, `Abs`, `Switch`); `elemwise_name`: the tensor op's printed name (default
    `Elemwise{<name>,no_inplace}`); `export`: where the tensor op is published ("tensor", "nnet" or None);
    `input_cast`: how inputs are cast before the function runs (see `input_cast_dtypes`)."""

    name: str
    nin: int
    dtype_rule: Callable[..., tuple[str, ...]]
    numpy_fn: Callable[..., Any] | None
    jax_name: str | None
    grad: Callable[..., list[Any]] | None = None
    commutative: bool = False
    associative: bool = False
    identity: Any = None
    class_name: str | None = None
    scalar_str: str | None = None
    elemwise_name: str | None = None
    export: str | None = "tensor"
    input_cast: Any = None


def _T() -> Any:
    from theano.frontend import tensor
    return tensor


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


# ---- numpy implementations that numpy lacks under the same name -----------------------------------------

def _round_half_away_from_zero(x: Any) -> np.ndarray:
    x = np.asarray(x)
    t = np.trunc(x)
    return np.where(np.abs(x - t) >= 0.5, t + np.sign(x), t).astype(x.dtype)


def _clip(x: Any, lo: Any, hi: Any) -> np.ndarray:
    return np.where(np.less(x, lo), lo, np.where(np.greater(x, hi), hi, x))


def _second(a: Any, b: Any) -> np.ndarray:
    return np.broadcast_to(b, np.broadcast_shapes(np.shape(a), np.shape(b))).copy()


def _sigmoid(x: Any) -> np.ndarray:
    x = np.asarray(x)
    with np.errstate(over="ignore"):
        return np.exp(-np.logaddexp(0, -x)).astype(x.dtype)


def _softplus(x: Any) -> np.ndarray:
    return np.logaddexp(0, np.asarray(x)).astype(np.asarray(x).dtype)


def ultra_fast_sigmoid_formula(x: Any, xp: Any = np) -> Any:
    """Theano's piecewise approximation of sigmoid (UltraFastScalarSigmoid), for numpy or jax.numpy."""
    half = 0.5 * x
    a = xp.abs(half)
    z = xp.where(a < 1.7, 1.5 * a / (1 + a), xp.where(a < 3, 0.935409070603099 + 0.0458812946797165 * (a - 1.7),
                                                         0.99505475368673))
    return 0.5 * (xp.where(half >= 0, z, -z) + 1.0)


def _complex(x: Any, y: Any) -> np.ndarray:
    return np.asarray(x) + 1j * np.asarray(y)


def _complex_from_polar(r: Any, theta: Any) -> np.ndarray:
    return np.asarray(r) * np.cos(theta) + 1j * (np.asarray(r) * np.sin(theta))


def _variadic(fn: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    return lambda *xs: functools.reduce(fn, xs)


# ---- the table ---------------------------------------------------------------------------------------

U, B = 1, 2
_up, _upf, _upfnc = D.upcast_out, D.upgrade_to_float, D.upgrade_to_float_no_complex
_ZERO = dg.grad_zero

ROWS: list[Row] = [
    # arithmetic
    Row("add", -1, _up, _variadic(np.add), None, dg.grad_add, True, True, 0),
    Row("mul", -1, _up, _variadic(np.multiply), None, dg.grad_mul, True, True, 1),
    Row("sub", B, D.upcast_out_nobool, np.subtract, "subtract", dg.grad_sub),
    Row("true_div", B, D.true_div_out, np.true_divide, "true_divide", dg.grad_true_div, class_name="TrueDiv"),
    Row("int_div", B, _up, np.floor_divide, "floor_divide", _ZERO, class_name="IntDiv"),
    Row("mod", B, _up, np.mod, "remainder", dg.grad_mod),
    Row("pow", B, D.upcast_out_min8, np.power, "power", dg.grad_pow),
    Row("maximum", B, _up, np.maximum, "maximum", dg.grad_maximum, True, True),
    Row("minimum", B, _up, np.minimum, "minimum", dg.grad_minimum, True, True),
    Row("clip", 3, D.upcast_out_no_complex, _clip, None, dg.grad_clip),
    Row("neg", U, D.same_out_nobool, np.negative, "negative", dg.grad_neg),
    Row("abs_", U, abs_out, np.abs, "abs", dg.grad_abs, class_name="Abs", scalar_str="Abs", input_cast="none"),
    Row("sgn", U, sgn_out, np.sign, "sign", _ZERO),
    Row("inv", U, _upf, np.reciprocal, "reciprocal", dg.grad_inv),
    Row("sqr", U, D.same_out, np.square, "square", dg.grad_sqr),
    Row("sqrt", U, _upf, np.sqrt, "sqrt", dg.grad_sqrt),
    # exponentials and logarithms
    Row("exp", U, _upf, np.exp, "exp", dg.grad_exp),
    Row("exp2", U, _upf, np.exp2, "exp2", dg.grad_exp2),
    Row("expm1", U, _upf, np.expm1, "expm1", dg.grad_exp),
    Row("log", U, _upf, np.log, "log", dg.grad_log),
    Row("log2", U, _upf, np.log2, "log2", dg.grad_log2),
    Row("log10", U, _upf, np.log10, "log10", dg.grad_log10),
    Row("log1p", U, _upf, np.log1p, "log1p", dg.grad_log1p),
    # trigonometric and hyperbolic
    Row("deg2rad", U, _upf, np.deg2rad, "deg2rad", dg.grad_deg2rad, class_name="Deg2Rad"),
    Row("rad2deg", U, _upf, np.rad2deg, "rad2deg", dg.grad_rad2deg, class_name="Rad2Deg"),
    Row("cos", U, _upf, np.cos, "cos", dg.grad_cos),
    Row("arccos", U, _upf, np.arccos, "arccos", dg.grad_arccos, class_name="ArcCos"),
    Row("sin", U, _upf, np.sin, "sin", dg.grad_sin),
    Row("arcsin", U, _upf, np.arcsin, "arcsin", dg.grad_arcsin, class_name="ArcSin"),
    Row("tan", U, _upf, np.tan, "tan", dg.grad_tan),
    Row("arctan", U, _upf, np.arctan, "arctan", dg.grad_arctan, class_name="ArcTan"),
    Row("arctan2", B, _upf, np.arctan2, "arctan2", dg.grad_arctan2, class_name="ArcTan2"),
    Row("cosh", U, _upf, np.cosh, "cosh", dg.grad_cosh),
    Row("arccosh", U, _upf, np.arccosh, "arccosh", dg.grad_arccosh, class_name="ArcCosh"),
    Row("sinh", U, _upf, np.sinh, "sinh", dg.grad_sinh),
    Row("arcsinh", U, _upf, np.arcsinh, "arcsinh", dg.grad_arcsinh, class_name="ArcSinh"),
    Row("tanh", U, _upf, np.tanh, "tanh", dg.grad_tanh),
    Row("arctanh", U, _upf, np.arctanh, "arctanh", dg.grad_arctanh, class_name="ArcTanh"),
    # rounding (zero gradients)
    Row("floor", U, _upfnc, np.floor, "floor", _ZERO),
    Row("ceil", U, _upfnc, np.ceil, "ceil", _ZERO),
    Row("trunc", U, _upfnc, np.trunc, "trunc", _ZERO),
    Row("round_half_to_even", U, D.same_out_float_only, np.round, "round", _ZERO, class_name="RoundHalfToEven",
        scalar_str="RoundHalfToEven"),
    Row("round_half_away_from_zero", U, D.same_out_float_only, _round_half_away_from_zero, None, _ZERO,
        class_name="RoundHalfAwayFromZero", scalar_str="RoundHalfAwayFromZero"),
    # comparisons and predicates (bool results, zero gradients)
    Row("lt", B, D.bool_out, np.less, "less", _ZERO, class_name="LT", scalar_str="LT"),
    Row("gt", B, D.bool_out, np.greater, "greater", _ZERO, class_name="GT", scalar_str="GT"),
    Row("le", B, D.bool_out, np.less_equal, "less_equal", _ZERO, class_name="LE", scalar_str="LE"),
    Row("ge", B, D.bool_out, np.greater_equal, "greater_equal", _ZERO, class_name="GE", scalar_str="GE"),
    Row("eq", B, D.bool_out, np.equal, "equal", _ZERO, True, class_name="EQ", scalar_str="EQ"),
    Row("neq", B, D.bool_out, np.not_equal, "not_equal", _ZERO, True, class_name="NEQ", scalar_str="NEQ"),
    Row("isnan", U, D.bool_out, np.isnan, "isnan", _ZERO, class_name="IsNan", scalar_str="IsNan"),
    Row("isinf", U, D.bool_out, np.isinf, "isinf", _ZERO, class_name="IsInf", scalar_str="IsInf"),
    # bitwise logic (Theano's names: and_, or_, xor, invert)
    Row("and_", B, bitop_binary_out, np.bitwise_and, "bitwise_and", _ZERO, True, True, -1, class_name="AND",
        scalar_str="AND"),
    Row("or_", B, bitop_binary_out, np.bitwise_or, "bitwise_or", _ZERO, True, True, 0, class_name="OR",
        scalar_str="OR"),
    Row("xor", B, bitop_binary_out, np.bitwise_xor, "bitwise_xor", _ZERO, True, True, 0, class_name="XOR",
        scalar_str="XOR"),
    Row("invert", U, bitop_unary_out, np.invert, "invert", _ZERO, scalar_str="Invert"),
    # selection and copies
    Row("switch", 3, switch_out, lambda c, a, b: np.where(c, a, b), "where", dg.grad_switch, scalar_str="Switch",
        input_cast=("none", "out", "out")),
    Row("second", B, D.transfer_type(1), _second, None, dg.grad_second, input_cast="none"),
    Row("identity", U, D.same_out, lambda x: np.array(x, copy=True), None, dg.grad_identity,
        elemwise_name="Elemwise{identity}", export=None, input_cast="none"),
    # special functions
    Row("erf", U, _upf, S.erf, "scipy.erf", dg.grad_erf),
    Row("erfc", U, _upfnc, S.erfc, "scipy.erfc", dg.grad_erfc),
    Row("erfcx", U, _upfnc, S.erfcx, "scipy.erfcx", dg.grad_erfcx),
    Row("erfinv", U, _upfnc, S.erfinv, "scipy.erfinv", dg.grad_erfinv),
    Row("erfcinv", U, _upfnc, S.erfcinv, None, dg.grad_erfcinv),
    Row("gamma", U, _upf, S.gamma, "scipy.gamma", dg.grad_gamma),
    Row("gammaln", U, _upf, S.gammaln, "scipy.gammaln", dg.grad_gammaln, class_name="GammaLn"),
    Row("psi", U, _upf, S.psi, "scipy.digamma", dg.grad_psi),
    Row("tri_gamma", U, _upf, S.tri_gamma, None, dg.not_implemented("tri_gamma", (0,)), class_name="TriGamma"),
    Row("chi2sf", B, D.upgrade_to_float64, S.chi2sf, None, None, class_name="Chi2SF"),
    Row("gammainc", B, _upf, S.gammainc, "scipy.gammainc", None, class_name="GammaInc"),
    Row("gammaincc", B, _upf, S.gammaincc, "scipy.gammaincc", None, class_name="GammaIncC"),
    Row("gammau", B, _upf, S.gammau, None, None, class_name="GammaU"),
    Row("gammal", B, _upf, S.gammal, None, None, class_name="GammaL"),
    Row("j0", U, _upf, S.j0, None, dg.grad_j0, class_name="J0"),
    Row("j1", U, _upf, S.j1, None, dg.grad_j1, class_name="J1"),
    Row("jv", B, _upf, S.jv, None, dg.grad_jv),
    Row("i0", U, _upf, S.i0, "scipy.i0", dg.grad_i0, class_name="I0"),
    Row("i1", U, _upf, S.i1, "scipy.i1", dg.grad_i1, class_name="I1"),
    Row("iv", B, _upf, S.iv, None, dg.grad_iv),
    # complex numbers
    Row("real", U, D.complex_to_real_out, np.real, "real", dg.grad_real, input_cast="none"),
    Row("imag", U, D.complex_to_real_out, np.imag, "imag", dg.grad_imag, input_cast="none"),
    Row("angle", U, D.specific_out("float64"), np.angle, "angle", dg.grad_angle, input_cast="none"),
    Row("complex", B, complex_out, _complex, None, dg.grad_complex, input_cast="out_real"),
    Row("conj", U, D.same_out_min8, np.conj, "conj", None),
    Row("complex_from_polar", B, complex_out, _complex_from_polar, None, dg.grad_complex_from_polar,
        class_name="ComplexFromPolar", input_cast="out_real"),
    # tensor.nnet.sigm activations
    Row("sigmoid", U, _upf, _sigmoid, "nn.sigmoid", dg.grad_sigmoid, class_name="ScalarSigmoid",
        scalar_str="scalar_sigmoid", elemwise_name="sigmoid", export="nnet"),
    Row("softplus", U, _upf, _softplus, "nn.softplus", dg.grad_softplus, class_name="ScalarSoftplus",
        scalar_str="scalar_softplus", elemwise_name="softplus", export="nnet"),
    Row("ultra_fast_sigmoid", U, _upf, ultra_fast_sigmoid_formula, None, None, class_name="UltraFastScalarSigmoid",
        scalar_str="ultra_fast_scalar_sigmoid", elemwise_name="ultra_fast_sigmoid", export="nnet"),
]

SCALAR_OPS: dict[str, ScalarOp] = {}
ELEMWISE_OPS: dict[str, Elemwise] = {}
ROWS_BY_NAME: dict[str, Row] = {}


def input_cast_dtypes(scalar_op: Any, in_dtypes: list[str], out_dtype: str) -> list[str | None]:
    """The dtype each input is cast to before the op's function runs (None: leave it), so that numpy and
    JAX compute in the dtype Theano computes in, whatever their own promotion rules say.

    The row's `input_cast` names the rule ("out", "common", "none", "out_real", or one per input);
    without one: a bool result compares in the inputs' common dtype ("common"), a result computed from
    inputs of its own kind is computed in its dtype ("out"), anything else is left alone.
    """
    rule = getattr(scalar_op, "input_cast", None)
    if rule is None:
        if out_dtype == "bool":
            rule = "common"
        elif out_dtype in D.continuous_dtypes or all(d in D.discrete_dtypes for d in in_dtypes):
            rule = "out"
        else:
            rule = "none"
    rules = [rule] * len(in_dtypes) if isinstance(rule, str) else list(rule)
    common = D.upcast(*in_dtypes) if in_dtypes else out_dtype
    table = {"out": out_dtype, "common": common, "none": None,
             "out_real": {"complex64": "float32", "complex128": "float64"}.get(out_dtype, out_dtype)}
    return [None if table[r] == d else table[r] for r, d in zip(rules, in_dtypes)]


def self_out(scalar_op: ScalarOp, inputs: list) -> Any:
    """The op applied to `inputs` (for a gradient formula that uses the output, when called through grad())."""
    return Elemwise(scalar_op)(*inputs)


def _scalar_op_class(row: Row) -> type:
    """The ScalarOp subclass of one row (class name as Theano's, e.g. `TrueDiv`, `EQ`, `Abs`)."""
    attrs: dict[str, Any] = {
        "nin": row.nin, "jax_name": row.jax_name, "commutative": row.commutative, "associative": row.associative,
        "identity": row.identity, "input_cast": row.input_cast, "__module__": __name__,
        "output_types_preference": staticmethod(row.dtype_rule),
        "__doc__": f"Scalar op `{row.name}` (a row of the elementwise table).",
    }
    if row.scalar_str is not None:
        attrs["__str__"] = lambda self, s=row.scalar_str: s
    if row.numpy_fn is not None:
        fn = row.numpy_fn

        def impl(self: ScalarOp, *args: Any) -> Any:
            arrays = [np.asarray(a) for a in args]
            dts = [str(a.dtype) for a in arrays]
            try:
                out = self.output_dtypes(*dts)[0]
            except (TypeError, NotImplementedError):
                return fn(*arrays)
            casts = input_cast_dtypes(self, dts, out)
            with np.errstate(all="ignore"):
                return fn(*[a if c is None else a.astype(c) for a, c in zip(arrays, casts)])
        attrs["impl"] = impl
    if row.grad is not None:
        formula = row.grad
        wants_outputs = formula.__code__.co_argcount == 3

        def L_op(self: ScalarOp, inputs: list, outputs: list, gouts: list) -> list:
            out = self.output_dtypes(*[x.dtype for x in inputs])[0]
            if out in D.discrete_dtypes:  # Theano: integer results have zero gradients
                return dg.grad_zero(inputs, gouts)
            return formula(inputs, gouts, outputs) if wants_outputs else formula(inputs, gouts)

        def grad(self: ScalarOp, inputs: list, gouts: list) -> list:
            return L_op(self, inputs, [self_out(self, inputs)] if wants_outputs else [], gouts)
        attrs["L_op"] = L_op
        attrs["grad"] = grad
    name = row.class_name or row.name.capitalize()
    cls = type(name, (ScalarOp,), attrs)
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


# ---- casts: Elemwise{Cast{float32}} ------------------------------------------------------------------

class Cast(ScalarOp):
    """Convert to `o_type` (scalar.Cast); printed Cast{float32}."""

    nin = 1
    __props__ = ("o_type",)
    vectorized_impl = True

    def __init__(self, o_type: str, name: str | None = None):
        self.o_type = D.check_dtype(getattr(o_type, "dtype", o_type))
        self.name = name or "convert_to_" + self.o_type

    def __str__(self) -> str:
        return "Cast{%s}" % self.o_type

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        return (self.o_type,)

    def impl(self, x: Any) -> Any:
        return np.asarray(x).astype(self.o_type)

    def grad(self, inputs: list, gouts: list) -> list:
        x, = inputs
        if self.o_type in D.continuous_dtypes:
            return [cast(gouts[0], x.dtype) if x.dtype in D.continuous_dtypes else gouts[0]]
        return [_T().zeros_like(x, dtype=x.dtype if x.dtype in D.continuous_dtypes else None)]


CAST_OPS: dict[str, Elemwise] = {dt: Elemwise(Cast(dt), name="Elemwise{Cast{%s}}" % dt) for dt in D.all_dtypes}


def cast(x: Any, dtype: Any) -> Any:
    """T.cast: a no-op when the dtype already matches; complex -> real is refused as in Theano."""
    T = _T()
    x = T.as_tensor_variable(x)
    dtype = D.check_dtype(dtype)
    if x.dtype == dtype:
        return x
    if x.dtype.startswith("complex") and not dtype.startswith("complex"):
        raise TypeError("Casting from complex to real is ambiguous: consider real(), imag(), angle() or abs()")
    return CAST_OPS[dtype](x)


# ---- tensor-level functions around the rows (tensor/basic.py, tensor/nnet/sigm.py) ----------------------

def _all_false_like(a: Any) -> Any:
    """A bool tensor of False with the shape of `a` (Theano: alloc(False, *a.shape))."""
    T = _T()
    alloc = getattr(T, "alloc", None)
    if alloc is not None:
        return alloc(np.asarray(False, dtype="bool"), *[a.shape[i] for i in range(a.ndim)])
    return T.zeros_like(a, dtype="bool")


def isnan(a: Any) -> Any:
    """isnan(a); integer inputs are never NaN, so they give a constant False tensor."""
    a = _T().as_tensor_variable(a)
    if a.dtype in D.discrete_dtypes:
        return _all_false_like(a)
    return ELEMWISE_OPS["isnan"](a)


def isinf(a: Any) -> Any:
    """isinf(a); integer inputs are never infinite, so they give a constant False tensor."""
    a = _T().as_tensor_variable(a)
    if a.dtype in D.discrete_dtypes:
        return _all_false_like(a)
    return ELEMWISE_OPS["isinf"](a)


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


def isclose(a: Any, b: Any, rtol: float = 1.e-5, atol: float = 1.e-8, equal_nan: bool = False) -> Any:
    """numpy.isclose on tensors: |a - b| <= atol + rtol * |b|, with numpy's treatment of NaN and inf."""
    E = ELEMWISE_OPS
    T = _T()
    diff = E["abs_"](T.as_tensor_variable(a) - b)
    tolerance = E["add"](atol, E["mul"](rtol, E["abs_"](b)))
    close_prelim = E["le"](diff, tolerance)
    a_nan, b_nan = isnan(a), isnan(b)
    nans = E["or_"](a_nan, b_nan)
    a_inf, b_inf = isinf(a), isinf(b)
    infs = E["or_"](a_inf, b_inf)
    nans_or_infs = E["or_"](nans, infs)
    close = E["and_"](close_prelim, E["invert"](nans_or_infs))
    both_infs = E["and_"](a_inf, b_inf)
    inf_signs_eq = E["eq"](E["mul"](a_inf, E["sgn"](a)), E["mul"](b_inf, E["sgn"](b)))
    inf_eq = E["and_"](both_infs, inf_signs_eq)
    close_with_infs = E["or_"](close, inf_eq)
    if equal_nan:
        return E["or_"](close_with_infs, E["and_"](a_nan, b_nan))
    return close_with_infs


def allclose(a: Any, b: Any, rtol: float = 1.e-5, atol: float = 1.e-8, equal_nan: bool = False) -> Any:
    """numpy.allclose on tensors: all(isclose(...))."""
    return _T().all(isclose(a, b, rtol, atol, equal_nan))


class IntegerDivisionError(Exception):
    """Raised by / on two integer tensors when config.int_division == 'raise'."""


def div_proxy(x: Any, y: Any) -> Any:
    """x / y following config.int_division: int_div for two integer inputs under 'int', else true_div."""
    T = _T()
    x, y = T.as_tensor_variable(x), T.as_tensor_variable(y)
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
    x = _T().as_tensor_variable(x)
    out_dtype = D.upgrade_to_float(x.dtype)[0]
    slope = _T().constant(0.2, dtype=out_dtype)
    shift = _T().constant(0.5, dtype=out_dtype)
    return ELEMWISE_OPS["clip"](ELEMWISE_OPS["add"](ELEMWISE_OPS["mul"](x, slope), shift), 0, 1)


_TENSOR_ALIASES = {
    "bitwise_and": "and_", "bitwise_or": "or_", "bitwise_xor": "xor", "bitwise_not": "invert", "square": "sqr",
    "floor_div": "int_div", "where": "switch", "isnan_": "isnan", "isinf_": "isinf",
}


def tensor_functions() -> dict[str, Any]:
    """The T.* names for the table: T.add, T.exp, ..., T.cast, T.convert_to_float32, T.round, T.isclose, ..."""
    ns: dict[str, Any] = {row.name: ELEMWISE_OPS[row.name] for row in ROWS if row.export == "tensor"}
    for alias, name in _TENSOR_ALIASES.items():
        ns[alias] = ELEMWISE_OPS[name]
    ns.update(isnan=isnan, isinf=isinf, round=round, iround=iround, isclose=isclose, allclose=allclose,
              div_proxy=div_proxy, ceil_intdiv=ceil_intdiv, cast=cast)
    for dt, op in CAST_OPS.items():
        ns["convert_to_" + dt] = op
        ns["_convert_to_" + dt] = op
    return ns


def nnet_functions() -> dict[str, Any]:
    """The tensor.nnet names of the table: sigmoid, softplus, ultra_fast_sigmoid (+ _inplace), hard_sigmoid,
    and their scalar ops scalar_sigmoid, scalar_softplus, ultra_fast_scalar_sigmoid."""
    ns: dict[str, Any] = {row.name: ELEMWISE_OPS[row.name] for row in ROWS if row.export == "nnet"}
    ns.update(sigmoid_inplace=ELEMWISE_OPS["sigmoid_inplace"],
              ultra_fast_sigmoid_inplace=ELEMWISE_OPS["ultra_fast_sigmoid_inplace"], hard_sigmoid=hard_sigmoid,
              scalar_sigmoid=SCALAR_OPS["sigmoid"], scalar_softplus=SCALAR_OPS["softplus"],
              ultra_fast_scalar_sigmoid=SCALAR_OPS["ultra_fast_sigmoid"])
    return ns
