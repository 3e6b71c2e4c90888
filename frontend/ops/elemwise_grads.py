"""Gradient formulas of the elementwise table, as Theano 1.0.5's scalar ops define them.

Each formula maps (inputs, output_grads[, outputs]) to the input gradients and is written with `G`, which
builds unnamed Elemwise nodes (`Elemwise{mul}`), as Theano's scalar-graph gradients print.
Integer results never reach a formula: the table gives them zero gradients.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from theano.frontend import dtypes as D
from theano.frontend.config import config
from theano.frontend.ops.elemwise import Elemwise


class _GradOps:
    """Unnamed Elemwise versions of the table ops, for use inside gradient formulas (G.mul(a, b))."""

    def __getattr__(self, name: str) -> Any:
        from theano.frontend.ops.elemwise_table import SCALAR_OPS

        try:
            op = SCALAR_OPS[name]
        except KeyError:
            raise AttributeError(name) from None
        return Elemwise(op)


G = _GradOps()


G = _GradOps()


def _T() -> Any:
    from theano.frontend import tensor
    return tensor


def _scalar_op(name: str) -> Any:
    from theano.frontend.ops.elemwise_table import SCALAR_OPS
    return SCALAR_OPS[name]


def _c(value: Any, dtype: str) -> np.ndarray:
    """A 0-d array constant of exactly this dtype (Theano's np.asarray(v, dtype) in gradient formulas)."""
    return np.asarray(value, dtype=dtype)


def _zeros(x: Any) -> Any:
    return _T().zeros_like(x, dtype=x.dtype if x.dtype in D.continuous_dtypes else config.floatX)


def grad_zero(inp: list, g: list) -> list:
    return [_zeros(x) for x in inp]


def grad_add(inp: list, g: list) -> list:
    return [g[0]] * len(inp)


def grad_sub(inp: list, g: list) -> list:
    return [g[0], G.neg(g[0])]


def grad_mul(inp: list, g: list) -> list:
    return [G.mul(g[0], *(inp[:i] + inp[i + 1:])) for i in range(len(inp))]


def grad_true_div(inp: list, g: list) -> list:
    x, y = inp
    if x.dtype in D.discrete_dtypes and y.dtype in D.discrete_dtypes:
        return grad_zero(inp, g)
    return [G.true_div(g[0], y), G.true_div(G.neg(G.mul(g[0], x)), G.mul(y, y))]


def grad_mod(inp: list, g: list) -> list:
    x, y = inp
    return [g[0], G.mul(G.neg(G.int_div(x, y)), g[0])]


def grad_pow(inp: list, g: list) -> list:
    x, y = inp
    first = G.mul(G.mul(g[0], y), G.pow(x, G.sub(y, 1)))
    second = G.mul(G.mul(g[0], G.log(x)), G.pow(x, y))
    return [first, G.switch(G.eq(x, 0), 0, second)]


def grad_maximum(inp: list, g: list, out: list) -> list:
    x, y = inp
    e = G.eq(out[0], x)
    return [G.mul(e, g[0]), G.mul(G.sub(_c(1, g[0].dtype), e), g[0])]


grad_minimum = grad_maximum  # the same formula: the gradient goes to the input equal to the output


def grad_clip(inp: list, g: list) -> list:
    x, mn, mx = inp
    return [G.mul(G.and_(G.ge(x, mn), G.le(x, mx)), g[0]), G.mul(G.lt(x, mn), g[0]), G.mul(G.gt(x, mx), g[0])]


def grad_switch(inp: list, g: list) -> list:
    c, a, b = inp
    cond_grad = _T().cast(_T().zeros_like(c), config.floatX)
    return [cond_grad, G.switch(c, g[0], 0.0), G.switch(c, 0.0, g[0])]


def grad_second(inp: list, g: list) -> list:
    from theano.frontend.grad_types import DisconnectedType
    x, y = inp
    return [DisconnectedType()(), g[0] if y.dtype in D.continuous_dtypes else _T().zeros_like(y)]


def grad_identity(inp: list, g: list) -> list:
    return [g[0]]


def grad_neg(inp: list, g: list) -> list:
    return [G.neg(g[0])]


def grad_abs(inp: list, g: list) -> list:
    x, = inp
    if x.dtype in D.float_dtypes:
        return [G.mul(g[0], G.sgn(x))]
    return [G.true_div(G.mul(g[0], x), G.abs_(x))]


def grad_inv(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(G.neg(g[0]), G.mul(x, x))]


def grad_exp(inp: list, g: list) -> list:
    return [G.mul(g[0], G.exp(inp[0]))]


def grad_exp2(inp: list, g: list) -> list:
    x, = inp
    return [G.mul(G.mul(g[0], G.exp2(x)), G.log(_c(2, x.dtype)))]


def grad_log(inp: list, g: list) -> list:
    return [G.true_div(g[0], inp[0])]


def grad_log2(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.mul(x, _c(math.log(2.0), x.dtype)))]


def grad_log10(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.mul(x, np.log(10.0)))]


def grad_log1p(inp: list, g: list) -> list:
    return [G.true_div(g[0], G.add(1, inp[0]))]


def grad_sqr(inp: list, g: list) -> list:
    return [G.mul(G.mul(g[0], inp[0]), 2)]


def grad_sqrt(inp: list, g: list) -> list:
    return [G.true_div(G.mul(g[0], 0.5), G.sqrt(inp[0]))]


def grad_deg2rad(inp: list, g: list) -> list:
    return [G.mul(g[0], _c(np.pi / 180, g[0].dtype))]


def grad_rad2deg(inp: list, g: list) -> list:
    return [G.mul(g[0], _c(180.0 / np.pi, g[0].dtype))]


def grad_cos(inp: list, g: list) -> list:
    return [G.mul(G.neg(g[0]), G.sin(inp[0]))]


def grad_sin(inp: list, g: list) -> list:
    return [G.mul(g[0], G.cos(inp[0]))]


def grad_tan(inp: list, g: list) -> list:
    return [G.true_div(g[0], G.sqr(G.cos(inp[0])))]


def grad_arccos(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(G.neg(g[0]), G.sqrt(G.sub(1.0, G.sqr(x))))]


def grad_arcsin(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.sqrt(G.sub(1.0, G.sqr(x))))]


def grad_arctan(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.add(1.0, G.sqr(x)))]


def grad_arctan2(inp: list, g: list) -> list:
    y, x = inp
    denom = G.add(G.sqr(x), G.sqr(y))
    return [G.true_div(G.mul(g[0], x), denom), G.true_div(G.mul(g[0], G.neg(y)), denom)]


def grad_cosh(inp: list, g: list) -> list:
    return [G.mul(g[0], G.sinh(inp[0]))]


def grad_sinh(inp: list, g: list) -> list:
    return [G.mul(g[0], G.cosh(inp[0]))]


def grad_tanh(inp: list, g: list) -> list:
    return [G.mul(g[0], G.sub(1, G.sqr(G.tanh(inp[0]))))]


def grad_arccosh(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.sqrt(G.sub(G.sqr(x), 1.0)))]


def grad_arcsinh(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.sqrt(G.add(G.sqr(x), 1.0)))]


def grad_arctanh(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(g[0], G.sub(1.0, G.sqr(x)))]


def _erf_cst(x: Any, gz: Any, value: float) -> np.ndarray:
    return _c(value, D.upcast(x.dtype, gz.dtype))


def grad_erf(inp: list, g: list) -> list:
    x, = inp
    return [G.mul(G.mul(g[0], _erf_cst(x, g[0], 2.0 / np.sqrt(np.pi))), G.exp(G.mul(G.neg(x), x)))]


def grad_erfc(inp: list, g: list) -> list:
    x, = inp
    return [G.mul(G.mul(G.neg(g[0]), _erf_cst(x, g[0], 2.0 / np.sqrt(np.pi))), G.exp(G.mul(G.neg(x), x)))]


def grad_erfcx(inp: list, g: list) -> list:
    x, = inp
    cst = _erf_cst(x, g[0], 2.0 / np.sqrt(np.pi))
    return [G.mul(g[0], G.add(-cst, G.mul(G.mul(2.0, x), G.erfcx(x))))]


def grad_erfinv(inp: list, g: list) -> list:
    x, = inp
    return [G.mul(G.mul(g[0], _erf_cst(x, g[0], np.sqrt(np.pi) / 2.0)), G.exp(G.pow(G.erfinv(x), 2)))]


def grad_erfcinv(inp: list, g: list) -> list:
    x, = inp
    return [G.mul(G.mul(G.neg(g[0]), _erf_cst(x, g[0], np.sqrt(np.pi) / 2.0)), G.exp(G.pow(G.erfcinv(x), 2)))]


def grad_gamma(inp: list, g: list) -> list:
    x, = inp
    return [G.mul(G.mul(g[0], G.gamma(x)), G.psi(x))]


def grad_gammaln(inp: list, g: list) -> list:
    return [G.mul(g[0], G.psi(inp[0]))]


def grad_psi(inp: list, g: list) -> list:
    return [G.mul(g[0], G.tri_gamma(inp[0]))]


def not_implemented(op_name: str, positions: tuple[int, ...]) -> Callable[[list, list], list]:
    """A grad function that reports 'not implemented' for the inputs at `positions` (Theano has no formula)."""
    def grad(inp: list, g: list) -> list:
        from theano.frontend.grad_types import grad_not_implemented
        return [grad_not_implemented(_scalar_op(op_name), i, x) for i, x in enumerate(inp) if i in positions]
    return grad


def grad_jv(inp: list, g: list) -> list:
    from theano.frontend.grad_types import grad_not_implemented
    v, x = inp
    return [grad_not_implemented(_scalar_op("jv"), 0, v),
            G.true_div(G.mul(g[0], G.sub(G.jv(G.sub(v, 1), x), G.jv(G.add(v, 1), x))), 2.0)]


def grad_j1(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(G.mul(g[0], G.sub(G.j0(x), G.jv(2, x))), 2.0)]


def grad_j0(inp: list, g: list) -> list:
    return [G.mul(G.mul(g[0], -1), G.j1(inp[0]))]


def grad_iv(inp: list, g: list) -> list:
    from theano.frontend.grad_types import grad_not_implemented
    v, x = inp
    return [grad_not_implemented(_scalar_op("iv"), 0, v),
            G.true_div(G.mul(g[0], G.add(G.iv(G.sub(v, 1), x), G.iv(G.add(v, 1), x))), 2.0)]


def grad_i1(inp: list, g: list) -> list:
    x, = inp
    return [G.true_div(G.mul(g[0], G.add(G.i0(x), G.iv(2, x))), 2.0)]


def grad_i0(inp: list, g: list) -> list:
    return [G.mul(g[0], G.i1(inp[0]))]


def grad_real(inp: list, g: list) -> list:
    return [G.complex(g[0], 0)]


def grad_imag(inp: list, g: list) -> list:
    x, = inp
    if x.dtype in D.complex_dtypes:
        return [G.complex(0, g[0])]
    if x.dtype in D.float_dtypes:
        return [G.second(x, 0)]
    return [_zeros(x)]


def grad_angle(inp: list, g: list) -> list:
    c, = inp
    if c.dtype in D.float_dtypes:
        return [_T().cast(G.second(c, 0), c.dtype)]
    if c.dtype not in D.complex_dtypes:
        return [_zeros(c)]
    x, y, r = G.real(c), G.imag(c), G.abs_(c)
    gr = G.true_div(G.mul(G.neg(g[0]), y), G.mul(G.pow(r, 2), G.sqrt(G.sub(1, G.pow(G.true_div(y, r), 2)))))
    gx = G.true_div(G.mul(gr, x), r)
    gy = G.true_div(G.mul(gr, y), r)
    return [_T().cast(G.complex(gx, gy), c.dtype)]


def grad_complex(inp: list, g: list) -> list:
    x, y = inp
    return [_T().cast(G.real(g[0]), x.dtype), _T().cast(G.imag(g[0]), y.dtype)]


def grad_complex_from_polar(inp: list, g: list) -> list:
    r, theta = inp
    return [G.mul(g[0], G.complex_from_polar(1, theta)), G.mul(g[0], G.complex_from_polar(r, G.neg(theta)))]


def grad_sigmoid(inp: list, g: list) -> list:
    y = G.sigmoid(inp[0])
    return [G.mul(G.mul(g[0], y), G.sub(1.0, y))]


def grad_softplus(inp: list, g: list) -> list:
    return [G.mul(g[0], G.sigmoid(inp[0]))]


