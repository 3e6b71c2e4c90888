"""Gradients of the elementwise table, one row per op, as Theano 1.0.5's scalar ops define them.

Every rule has one calling convention, `rule(gz, out, *inputs) -> [gradient of each input]` (as JAX's
`defjvp` rows): `gz` is the output's gradient, `out` the op's output. Rules are written with `G`, which
builds unnamed Elemwise nodes (`Elemwise{mul}`), as Theano's scalar-graph gradients print. A rule may
answer `NOT_IMPLEMENTED` for an input (Theano has no formula); integer results never reach a rule (the
table gives them zero gradients), and ops without a row have no gradient.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as D
from theano.frontend.config import config
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.ops.elemwise import SCALAR_OPS, Elemwise, cast, float_zeros_like, zeros_like


class _GradOps:
    """Unnamed Elemwise versions of the table ops, for use inside gradient rules (G.mul(a, b))."""

    def __getattr__(self, name: str) -> Any:
        try:
            op = SCALAR_OPS[name]
        except KeyError:
            raise AttributeError(name) from None
        return Elemwise(op)


G = _GradOps()
NOT_IMPLEMENTED = object()  # a rule's answer for an input Theano cannot differentiate (grad_not_implemented)
GradRule = Callable[..., list]


def _c(value: Any, dtype: str) -> np.ndarray:
    """A 0-d array constant of exactly this dtype (Theano's np.asarray(v, dtype) in gradient formulas)."""
    return np.asarray(value, dtype=dtype)


def _erf_c(x: Any, gz: Any, value: float) -> np.ndarray:
    """The erf family's constant, in the dtype of x and gz together."""
    return _c(value, D.upcast(x.dtype, gz.dtype))


def _zero(gz: Any, out: Any, *xs: Any) -> list:
    return [float_zeros_like(x) for x in xs]


def _min_max(gz: Any, out: Any, x: Any, y: Any) -> list:
    """maximum/minimum: the gradient goes to the input equal to the output."""
    e = G.eq(out, x)
    return [G.mul(e, gz), G.mul(G.sub(_c(1, gz.dtype), e), gz)]


def _abs(gz: Any, out: Any, x: Any) -> list:
    if x.dtype in D.float_dtypes:
        return [G.mul(gz, G.sgn(x))]
    return [G.true_div(G.mul(gz, x), G.abs_(x))]


def _true_div(gz: Any, out: Any, x: Any, y: Any) -> list:
    if x.dtype in D.discrete_dtypes and y.dtype in D.discrete_dtypes:
        return _zero(gz, out, x, y)
    return [G.true_div(gz, y), G.true_div(G.neg(G.mul(gz, x)), G.mul(y, y))]


def _pow(gz: Any, out: Any, x: Any, y: Any) -> list:
    first = G.mul(G.mul(gz, y), G.pow(x, G.sub(y, 1)))
    return [first, G.switch(G.eq(x, 0), 0, G.mul(G.mul(gz, G.log(x)), G.pow(x, y)))]


def _arctan2(gz: Any, out: Any, y: Any, x: Any) -> list:
    denom = G.add(G.sqr(x), G.sqr(y))
    return [G.true_div(G.mul(gz, x), denom), G.true_div(G.mul(gz, G.neg(y)), denom)]


def _imag(gz: Any, out: Any, x: Any) -> list:
    if x.dtype in D.complex_dtypes:
        return [G.complex(0, gz)]
    if x.dtype in D.float_dtypes:
        return [G.second(x, 0)]
    return [float_zeros_like(x)]


def _angle(gz: Any, out: Any, c: Any) -> list:
    if c.dtype in D.float_dtypes:
        return [cast(G.second(c, 0), c.dtype)]
    if c.dtype not in D.complex_dtypes:
        return [float_zeros_like(c)]
    x, y, r = G.real(c), G.imag(c), G.abs_(c)
    gr = G.true_div(G.mul(G.neg(gz), y), G.mul(G.pow(r, 2), G.sqrt(G.sub(1, G.pow(G.true_div(y, r), 2)))))
    return [cast(G.complex(G.true_div(G.mul(gr, x), r), G.true_div(G.mul(gr, y), r)), c.dtype)]


def _sigmoid(gz: Any, y: Any) -> list:
    return [G.mul(G.mul(gz, y), G.sub(1.0, y))]


_SQRT_PI = np.sqrt(np.pi)

GRADS: dict[str, GradRule] = {
    # arithmetic
    "add": lambda gz, out, *xs: [gz] * len(xs),
    "mul": lambda gz, out, *xs: [G.mul(gz, *(xs[:i] + xs[i + 1:])) for i in range(len(xs))],
    "sub": lambda gz, out, x, y: [gz, G.neg(gz)],
    "true_div": _true_div,
    "int_div": _zero,
    "mod": lambda gz, out, x, y: [gz, G.mul(G.neg(G.int_div(x, y)), gz)],
    "pow": _pow,
    "maximum": _min_max,
    "minimum": _min_max,
    "clip": lambda gz, out, x, lo, hi: [G.mul(G.and_(G.ge(x, lo), G.le(x, hi)), gz), G.mul(G.lt(x, lo), gz),
                                        G.mul(G.gt(x, hi), gz)],
    "neg": lambda gz, out, x: [G.neg(gz)],
    "abs_": _abs,
    "sgn": _zero,
    "inv": lambda gz, out, x: [G.true_div(G.neg(gz), G.mul(x, x))],
    "sqr": lambda gz, out, x: [G.mul(G.mul(gz, x), 2)],
    "sqrt": lambda gz, out, x: [G.true_div(G.mul(gz, 0.5), G.sqrt(x))],
    # exponentials and logarithms
    "exp": lambda gz, out, x: [G.mul(gz, G.exp(x))],
    "exp2": lambda gz, out, x: [G.mul(G.mul(gz, G.exp2(x)), G.log(_c(2, x.dtype)))],
    "expm1": lambda gz, out, x: [G.mul(gz, G.exp(x))],
    "log": lambda gz, out, x: [G.true_div(gz, x)],
    "log2": lambda gz, out, x: [G.true_div(gz, G.mul(x, _c(math.log(2.0), x.dtype)))],
    "log10": lambda gz, out, x: [G.true_div(gz, G.mul(x, np.log(10.0)))],
    "log1p": lambda gz, out, x: [G.true_div(gz, G.add(1, x))],
    # trigonometric and hyperbolic
    "deg2rad": lambda gz, out, x: [G.mul(gz, _c(np.pi / 180, gz.dtype))],
    "rad2deg": lambda gz, out, x: [G.mul(gz, _c(180.0 / np.pi, gz.dtype))],
    "cos": lambda gz, out, x: [G.mul(G.neg(gz), G.sin(x))],
    "arccos": lambda gz, out, x: [G.true_div(G.neg(gz), G.sqrt(G.sub(1.0, G.sqr(x))))],
    "sin": lambda gz, out, x: [G.mul(gz, G.cos(x))],
    "arcsin": lambda gz, out, x: [G.true_div(gz, G.sqrt(G.sub(1.0, G.sqr(x))))],
    "tan": lambda gz, out, x: [G.true_div(gz, G.sqr(G.cos(x)))],
    "arctan": lambda gz, out, x: [G.true_div(gz, G.add(1.0, G.sqr(x)))],
    "arctan2": _arctan2,
    "cosh": lambda gz, out, x: [G.mul(gz, G.sinh(x))],
    "arccosh": lambda gz, out, x: [G.true_div(gz, G.sqrt(G.sub(G.sqr(x), 1.0)))],
    "sinh": lambda gz, out, x: [G.mul(gz, G.cosh(x))],
    "arcsinh": lambda gz, out, x: [G.true_div(gz, G.sqrt(G.add(G.sqr(x), 1.0)))],
    "tanh": lambda gz, out, x: [G.mul(gz, G.sub(1, G.sqr(G.tanh(x))))],
    "arctanh": lambda gz, out, x: [G.true_div(gz, G.sub(1.0, G.sqr(x)))],
    # rounding, comparisons, predicates, bitwise logic: zero gradients
    **{name: _zero for name in ("floor", "ceil", "trunc", "round_half_to_even", "round_half_away_from_zero",
                                "lt", "gt", "le", "ge", "eq", "neq", "isnan", "isinf", "and_", "or_", "xor",
                                "invert")},
    # selection and copies
    "switch": lambda gz, out, c, a, b: [cast(zeros_like(c), config.floatX), G.switch(c, gz, 0.0),
                                        G.switch(c, 0.0, gz)],
    "second": lambda gz, out, x, y: [DisconnectedType()(), gz if y.dtype in D.continuous_dtypes else zeros_like(y)],
    "identity": lambda gz, out, x: [gz],
    # special functions
    "erf": lambda gz, out, x: [G.mul(G.mul(gz, _erf_c(x, gz, 2.0 / _SQRT_PI)), G.exp(G.mul(G.neg(x), x)))],
    "erfc": lambda gz, out, x: [G.mul(G.mul(G.neg(gz), _erf_c(x, gz, 2.0 / _SQRT_PI)), G.exp(G.mul(G.neg(x), x)))],
    "erfcx": lambda gz, out, x: [G.mul(gz, G.add(-_erf_c(x, gz, 2.0 / _SQRT_PI), G.mul(G.mul(2.0, x), G.erfcx(x))))],
    "erfinv": lambda gz, out, x: [G.mul(G.mul(gz, _erf_c(x, gz, _SQRT_PI / 2.0)), G.exp(G.pow(G.erfinv(x), 2)))],
    "erfcinv": lambda gz, out, x: [G.mul(G.mul(G.neg(gz), _erf_c(x, gz, _SQRT_PI / 2.0)),
                                         G.exp(G.pow(G.erfcinv(x), 2)))],
    "gamma": lambda gz, out, x: [G.mul(G.mul(gz, G.gamma(x)), G.psi(x))],
    "gammaln": lambda gz, out, x: [G.mul(gz, G.psi(x))],
    "psi": lambda gz, out, x: [G.mul(gz, G.tri_gamma(x))],
    "tri_gamma": lambda gz, out, x: [NOT_IMPLEMENTED],
    "j0": lambda gz, out, x: [G.mul(G.mul(gz, -1), G.j1(x))],
    "j1": lambda gz, out, x: [G.true_div(G.mul(gz, G.sub(G.j0(x), G.jv(2, x))), 2.0)],
    "jv": lambda gz, out, v, x: [NOT_IMPLEMENTED,
                                 G.true_div(G.mul(gz, G.sub(G.jv(G.sub(v, 1), x), G.jv(G.add(v, 1), x))), 2.0)],
    "i0": lambda gz, out, x: [G.mul(gz, G.i1(x))],
    "i1": lambda gz, out, x: [G.true_div(G.mul(gz, G.add(G.i0(x), G.iv(2, x))), 2.0)],
    "iv": lambda gz, out, v, x: [NOT_IMPLEMENTED,
                                 G.true_div(G.mul(gz, G.add(G.iv(G.sub(v, 1), x), G.iv(G.add(v, 1), x))), 2.0)],
    # complex numbers
    "real": lambda gz, out, x: [G.complex(gz, 0)],
    "imag": _imag,
    "angle": _angle,
    "complex": lambda gz, out, x, y: [cast(G.real(gz), x.dtype), cast(G.imag(gz), y.dtype)],
    "complex_from_polar": lambda gz, out, r, t: [G.mul(gz, G.complex_from_polar(1, t)),
                                                 G.mul(gz, G.complex_from_polar(r, G.neg(t)))],
    # tensor.nnet.sigm activations
    "sigmoid": lambda gz, out, x: _sigmoid(gz, G.sigmoid(x)),
    "softplus": lambda gz, out, x: [G.mul(gz, G.sigmoid(x))],
}
