"""The elementwise op table: one row per op (name, arity, dtype rule, numpy impl, JAX name, gradient).

`build_table` turns each row into a ScalarOp and an Elemwise named as in Theano
(`Elemwise{add,no_inplace}`); `tensor_functions()` exposes them as `T.add`, `T.exp`, ...
Gradients are written with `G`, which builds unnamed Elemwise nodes (`Elemwise{mul}`), as
Theano's scalar-graph gradients print.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as D
from theano.frontend.ops.elemwise import Elemwise, ScalarOp, make_scalar_op


@dataclass(frozen=True)
class Row:
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


class _GradOps:
    """Unnamed Elemwise versions of the table ops, for use inside gradient formulas (G.mul(a, b))."""

    def __getattr__(self, name: str) -> Any:
        op = SCALAR_OPS[name]
        return Elemwise(op)


G = _GradOps()


def _T() -> Any:
    from theano.frontend import tensor
    return tensor


# ---- gradient formulas: (inputs, output_grads) -> list of input grads --------------------------------

def _g_add(inp: list, g: list) -> list:
    return [g[0]] * len(inp)


def _g_sub(inp: list, g: list) -> list:
    return [g[0], G.neg(g[0])]


def _g_mul(inp: list, g: list) -> list:
    out = []
    for i in range(len(inp)):
        others = inp[:i] + inp[i + 1:]
        out.append(G.mul(g[0], *others) if others else g[0])
    return out


def _g_true_div(inp: list, g: list) -> list:
    x, y = inp
    return [G.true_div(g[0], y), G.neg(G.true_div(G.mul(g[0], x), G.sqr(y)))]


def _g_neg(inp: list, g: list) -> list:
    return [G.neg(g[0])]


def _g_exp(inp: list, g: list) -> list:
    return [G.mul(g[0], G.exp(inp[0]))]


def _g_log(inp: list, g: list) -> list:
    return [G.true_div(g[0], inp[0])]


def _g_sqr(inp: list, g: list) -> list:
    return [G.mul(G.mul(g[0], inp[0]), 2)]


def _g_sqrt(inp: list, g: list) -> list:
    return [G.true_div(G.mul(g[0], 0.5), G.sqrt(inp[0]))]


def _g_tanh(inp: list, g: list) -> list:
    return [G.mul(g[0], G.sub(1, G.sqr(G.tanh(inp[0]))))]


def _g_second(inp: list, g: list) -> list:
    from theano.frontend.gradient import DisconnectedType
    x, y = inp
    return [DisconnectedType()(), g[0] if y.dtype in D.continuous_dtypes else _T().zeros_like(y)]


def _g_identity(inp: list, g: list) -> list:
    return [g[0]]


def _g_zero(inp: list, g: list) -> list:
    return [_T().zeros_like(x, dtype=x.dtype if x.dtype in D.continuous_dtypes else None) for x in inp]


def _g_switch(inp: list, g: list) -> list:
    c, a, b = inp
    z = _T().zeros_like(g[0])
    return [_T().zeros_like(c, dtype=None), G.switch(c, g[0], z), G.switch(c, z, g[0])]


def _g_maximum(inp: list, g: list) -> list:
    x, y = inp
    gx = G.mul(g[0], G.ge(x, y))
    gy = G.mul(g[0], G.lt(x, y))
    return [gx, gy]


def _g_minimum(inp: list, g: list) -> list:
    x, y = inp
    return [G.mul(g[0], G.le(x, y)), G.mul(g[0], G.gt(x, y))]


def _g_pow(inp: list, g: list) -> list:
    x, y = inp
    gx = G.mul(g[0], G.mul(y, G.pow(x, G.sub(y, 1))))
    gy = G.mul(g[0], G.mul(G.log(x), G.pow(x, y)))
    return [gx, gy]


def _g_abs(inp: list, g: list) -> list:
    return [G.mul(g[0], G.sgn(inp[0]))]


# ---- the table ---------------------------------------------------------------------------------------

ROWS: list[Row] = [
    Row("add", -1, D.upcast_out, np.add, "add", _g_add, commutative=True, associative=True, identity=0),
    Row("mul", -1, D.upcast_out, np.multiply, "multiply", _g_mul, commutative=True, associative=True, identity=1),
    Row("sub", 2, D.upcast_out_nobool, np.subtract, "subtract", _g_sub),
    Row("true_div", 2, D.true_div_out, np.true_divide, "true_divide", _g_true_div, class_name="TrueDiv"),
    Row("int_div", 2, D.int_div_out, np.floor_divide, "floor_divide", _g_zero, class_name="IntDiv"),
    Row("mod", 2, D.upcast_out, np.mod, "remainder", None),
    Row("pow", 2, D.upcast_out_min8, np.power, "power", _g_pow),
    Row("maximum", 2, D.upcast_out, np.maximum, "maximum", _g_maximum, commutative=True, associative=True),
    Row("minimum", 2, D.upcast_out, np.minimum, "minimum", _g_minimum, commutative=True, associative=True),
    Row("neg", 1, D.same_out_nobool, np.negative, "negative", _g_neg),
    Row("abs_", 1, D.same_out, np.abs, "abs", _g_abs, class_name="Abs"),
    Row("sgn", 1, D.same_out_nocomplex, np.sign, "sign", _g_zero),
    Row("exp", 1, D.upgrade_to_float, np.exp, "exp", _g_exp),
    Row("log", 1, D.upgrade_to_float, np.log, "log", _g_log),
    Row("sqr", 1, D.same_out, np.square, "square", _g_sqr),
    Row("sqrt", 1, D.upgrade_to_float, np.sqrt, "sqrt", _g_sqrt),
    Row("tanh", 1, D.upgrade_to_float, np.tanh, "tanh", _g_tanh),
    Row("eq", 2, D.bool_out, np.equal, "equal", _g_zero, commutative=True, class_name="EQ"),
    Row("neq", 2, D.bool_out, np.not_equal, "not_equal", _g_zero, commutative=True, class_name="NEQ"),
    Row("lt", 2, D.bool_out, np.less, "less", _g_zero, class_name="LT"),
    Row("gt", 2, D.bool_out, np.greater, "greater", _g_zero, class_name="GT"),
    Row("le", 2, D.bool_out, np.less_equal, "less_equal", _g_zero, class_name="LE"),
    Row("ge", 2, D.bool_out, np.greater_equal, "greater_equal", _g_zero, class_name="GE"),
    Row("switch", 3, D.transfer_type(1), lambda c, a, b: np.where(c, a, b), "where", _g_switch),
    Row("second", 2, D.transfer_type(1), lambda a, b: np.broadcast_to(b, np.broadcast_shapes(np.shape(a), np.shape(b))).copy(), None, _g_second),
    Row("identity", 1, D.same_out, lambda x: np.array(x, copy=True), None, _g_identity),
]

SCALAR_OPS: dict[str, ScalarOp] = {}
ELEMWISE_OPS: dict[str, Elemwise] = {}


def build_table(rows: list[Row]) -> None:
    for row in rows:
        sop = make_scalar_op(row.name, row.nin, row.dtype_rule, row.numpy_fn, row.grad, row.jax_name,
                             row.commutative, row.associative, row.identity, row.class_name)
        SCALAR_OPS[row.name] = sop
        ELEMWISE_OPS[row.name] = Elemwise(sop, name="Elemwise{%s,no_inplace}" % row.name)


build_table(ROWS)


# ---- casts: Elemwise{Cast{float32}} ------------------------------------------------------------------

class Cast(ScalarOp):
    """Convert to `o_type` (scalar.Cast); printed Cast{float32}."""

    nin = 1
    __props__ = ("o_type",)

    def __init__(self, o_type: str, name: str | None = None):
        self.o_type = D.check_dtype(o_type)
        self.name = name or "convert_to_" + self.o_type

    def __str__(self) -> str:
        return "Cast{%s}" % self.o_type

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        return (self.o_type,)

    def impl(self, x: Any) -> Any:
        return np.asarray(x).astype(self.o_type)

    def grad(self, inputs: list, gouts: list) -> list:
        x, = inputs
        if x.dtype in D.continuous_dtypes and self.o_type in D.continuous_dtypes:
            return [cast(gouts[0], x.dtype)]
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


def tensor_functions() -> dict[str, Any]:
    """The T.* names for the table: T.add, T.exp, ..., T.cast, T.convert_to_float32, ..."""
    ns: dict[str, Any] = dict(ELEMWISE_OPS)
    ns["cast"] = cast
    for dt, op in CAST_OPS.items():
        ns["convert_to_" + dt] = op
        ns["_convert_to_" + dt] = op
    return ns
