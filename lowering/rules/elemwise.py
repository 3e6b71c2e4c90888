"""Lowering of Elemwise (through the scalar op's function with xp=jax.numpy) and DimShuffle.

A scalar op's `fn` is a name or a formula fn(xp, *args) (see theano.frontend.ops.elemwise); this module
registers jax.numpy's resolver: "<name>" is jax.numpy.<name>, "scipy.special.<name>" is
jax.scipy.special.<name>, a few spelled differently in JAX (`_JAX_SPELLINGS`), and a host callback of
scipy's function where JAX has none (jv, iv). Before the function runs, inputs are cast as
`input_cast_dtypes` says (the dtype Theano computes in), so JAX's own promotion rules never decide a
result; the output is cast to the node's dtype. A user's ScalarOp without `fn` runs its `impl` in a
host callback.
"""
from __future__ import annotations

from typing import Any, Callable

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np

from theano.frontend.ops.elemwise import (DimShuffle, Elemwise, ScalarOp, input_cast_dtypes, register_resolver,
                                          resolve)
from theano.lowering.callback import as_words, from_result_words, from_words, guarded, to_words, words_spec
from theano.lowering.registry import LoweringContext, lowers, specializes
from theano.lowering.runtime_checks import check


def _host_callback(numpy_fn: Callable[..., np.ndarray], dtype: Any = None) -> Callable[..., Any]:
    """A JAX function that evaluates a numpy function on the host (for functions JAX lacks: jv, iv, user ops)."""
    def fn(*xs: Any) -> Any:
        xs = [jnp.asarray(x) for x in xs]
        shape = tuple(jnp.broadcast_shapes(*[x.shape for x in xs]))
        out_dtype = np.dtype(dtype) if dtype is not None else np.dtype(jnp.result_type(*xs))
        in_dtypes = [np.dtype(x.dtype) for x in xs]

        def host(*words: np.ndarray) -> np.ndarray:
            arrays = [from_words(w, d) for w, d in zip(words, in_dtypes)]
            out = np.broadcast_to(np.asarray(numpy_fn(*arrays), dtype=out_dtype), shape)
            return as_words(out, shape, out_dtype)

        # 64-bit values cross the callback boundary as bytes (theano.lowering.callback.to_words)
        out = jax.pure_callback(guarded(host), words_spec(shape, out_dtype), *[to_words(x) for x in xs],
                                vmap_method="sequential")
        return from_result_words(out, out_dtype)
    fn.runs_on_host = True  # type: ignore[attr-defined]  # see theano.lowering.callback.runs_host_code
    return fn


_BESSEL_SERIES_LIMIT = 20.0  # jax's bessel_jn recurrence is exact to 1e-15 below it, 1e-5 wrong at 40, 1 at 100


def _hankel_coefficients(order: int, terms: int = 24) -> list[float]:
    """a_k(n) of the large-x (Hankel) expansion of J_n: prod_{j<=k} (4n^2 - (2j-1)^2) / (k! 8^k)."""
    mu, coef, out = 4.0 * order * order, 1.0, [1.0]
    for k in range(1, terms):
        coef *= (mu - (2 * k - 1) ** 2) / (k * 8.0)
        out.append(coef)
    return out


def _bessel_j(order: int) -> Callable[[Any], Any]:
    """J0 / J1 as scipy (and Theano's C libm call) give them, in float64, cast back to the input's dtype. jax's
    bessel_jn recurrence gives NaN in float32 for x > ~3 and drifts for |x| > 20 (1.5 off at x = 100): there the
    Hankel asymptotic expansion J_n(x) = sqrt(2/(pi x)) (P cos(x - (n/2 + 1/4) pi) - Q sin(...)) is used, exact to
    1e-16 for x >= 20. Near 0 (where jax gives NaN) the Taylor series."""
    coefs = _hankel_coefficients(order)

    def fn(x: Any) -> Any:
        x = jnp.asarray(x)
        xf = jnp.asarray(x, jnp.float64)
        ax = jnp.abs(xf)
        near = ax <= _BESSEL_SERIES_LIMIT
        small = jsp.bessel_jn(jnp.where(near, xf, 1.0), v=order)[order]
        z = jnp.where(near, _BESSEL_SERIES_LIMIT, ax)
        p = sum(((-1) ** (k // 2)) * c / z ** k for k, c in enumerate(coefs) if k % 2 == 0)
        q = sum(((-1) ** (k // 2)) * c / z ** k for k, c in enumerate(coefs) if k % 2 == 1)
        chi = z - (order / 2.0 + 0.25) * np.pi
        large = jnp.sqrt(2.0 / (np.pi * z)) * (p * jnp.cos(chi) - q * jnp.sin(chi))
        if order % 2:  # J1 is odd
            large = jnp.sign(xf) * large
        value = jnp.where(near, small, large)
        # jax's recurrence gives NaN for |x| < ~1e-4: the Taylor series, exact to 1e-21 below 1e-3, instead
        tiny = jnp.where(ax < 1e-3, xf, 0.0)
        t2 = tiny * tiny
        taylor = 1.0 - t2 / 4.0 + t2 * t2 / 64.0 if order == 0 else tiny / 2.0 - tiny * t2 / 16.0 + tiny * t2 * t2 / 384.0
        return jnp.where(ax < 1e-3, taylor, value).astype(x.dtype)
    return fn


def _digamma(x: Any) -> Any:
    # jax gives NaN at the pole x = 0, scipy (and Theano) -inf
    return jnp.where(x == 0, -jnp.inf, jsp.digamma(x))


def _floor_divide(x: Any, y: Any) -> Any:
    # XLA's integer division by zero gives -1 (floor_divide then -2 or garbage); numpy and Theano 1.0.5's
    # Python implementation give 0
    x, y = jnp.asarray(x), jnp.asarray(y)
    if jnp.issubdtype(jnp.result_type(x, y), jnp.inexact):
        return jnp.floor_divide(x, y)
    zero = jnp.zeros((), jnp.result_type(x, y))
    check(y == 0, ZeroDivisionError, "integer division by zero")  # Theano 1.0.5's C code raises
    return jnp.where(y == 0, zero, jnp.floor_divide(x, jnp.where(y == 0, jnp.ones_like(y), y)))


def _remainder(x: Any, y: Any) -> Any:
    x, y = jnp.asarray(x), jnp.asarray(y)
    if not jnp.issubdtype(jnp.result_type(x, y), jnp.inexact):
        check(y == 0, ZeroDivisionError, "integer modulo by zero")  # Theano 1.0.5's C code raises
    return jnp.remainder(x, y)


def _exp2(x: Any) -> Any:
    # XLA's exp2 is exp(x * log 2): 2**34 comes out 1e-6 off in float32. Split x = n + f (n = floor(x)) and scale
    # exp2(f) by 2**n exactly, so integer powers are exact, as numpy's (and Theano's C) exp2 are
    x = jnp.asarray(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return jnp.exp2(x)
    n = jnp.floor(x)
    bound = 4 * (jnp.finfo(x.dtype).maxexp - jnp.finfo(x.dtype).minexp)  # beyond it the result is inf or 0 anyway
    scaled = jnp.ldexp(jnp.exp2(x - n), jnp.clip(n, -bound, bound).astype(jnp.int32))
    return jnp.where(jnp.isfinite(x), scaled, jnp.exp2(x))


# jax.numpy functions replaced where JAX's value differs from numpy's (or where Theano raised)
_JAX_NUMPY_OVERRIDES: dict[str, Callable[..., Any]] = {"floor_divide": _floor_divide, "remainder": _remainder,
                                                        "exp2": _exp2}

_SCIPY_SPECIAL = "scipy.special."
# scipy.special functions that JAX spells differently (or lacks, but can build from its own)
_JAX_SPELLINGS: dict[str, Callable[..., Any]] = {
    "erfcinv": lambda x: -jsp.ndtri(x / 2) / np.sqrt(2.0),
    "j0": _bessel_j(0),
    "j1": _bessel_j(1),
    "digamma": _digamma,
}


def _jax_resolver(name: str) -> Callable[..., Any]:
    """jax.numpy.<name>, jax.lax.<name> for "lax.<name>", or for "scipy.special.<name>": JAX's function, else
    scipy's in a host callback."""
    if name.startswith("lax."):
        return getattr(jax.lax, name[len("lax."):])
    if not name.startswith(_SCIPY_SPECIAL):
        return _JAX_NUMPY_OVERRIDES.get(name) or getattr(jnp, name)
    short = name[len(_SCIPY_SPECIAL):]
    fn = _JAX_SPELLINGS.get(short) or getattr(jsp, short, None)
    return fn if fn is not None else _host_callback(resolve(name, np))


register_resolver(jnp, _jax_resolver)


def jax_function(scalar_op: Any) -> Callable[..., Any] | None:
    """The JAX function computing `scalar_op` elementwise, or None if it has none (a host callback then runs)."""
    return scalar_op.function(jnp)


def check_broadcast(node: Any, inputs: list[Any]) -> None:
    """Theano's 'Input dimension mis-match' error for non-broadcastable dims of different lengths."""
    ndim = node.outputs[0].ndim
    for d in range(ndim):
        size = None
        first = None
        for k, (x, var) in enumerate(zip(inputs, node.inputs)):
            if var.broadcastable[d]:
                continue
            n = np.shape(x)[d]
            if size is None:
                size, first = n, k
            elif n != size:
                raise ValueError("Input dimension mis-match. (input[%d].shape[%d] = %d, input[%d].shape[%d] = %d)"
                                 % (first, d, size, k, d, n))


def input_dtypes(node: Any) -> list[str | None]:
    """The dtype each input is cast to before the JAX function runs (None: as it is); see input_cast_dtypes."""
    return input_cast_dtypes(node.op.scalar_op, [v.dtype for v in node.inputs], node.outputs[0].dtype)


@specializes(Elemwise)
def jax_elemwise(node: Any) -> Callable[..., Any] | None:
    """One Elemwise node as a JAX computation, resolved once (the interpreter runs this form): its function,
    the casts of its inputs to the dtype Theano computes in, and a broadcast check only where two inputs could
    disagree. None for a user's ScalarOp without a JAX function. The caller casts the results to the outputs'
    dtypes."""
    fn = jax_function(node.op.scalar_op)
    if fn is None:
        return None
    casts = _wide_casts(node, input_dtypes(node))
    check = any(sum(not v.broadcastable[d] for v in node.inputs) > 1 for d in range(node.outputs[0].ndim))

    def run(*inputs: Any) -> Any:
        if check:
            check_broadcast(node, inputs)
        return fn(*[x if dt is None else _cast_input(x, dt) for x, dt in zip(inputs, casts)])
    return run


# integer dtypes whose every value float32 holds exactly
_SMALL_DISCRETE = frozenset({"bool", "int8", "uint8", "int16", "uint16"})


def _wide_casts(node: Any, casts: list[str | None]) -> list[str | None]:
    """A unary function of a small integer input that Theano computes in float32 (cosh, gamma, erf of an int8)
    is evaluated in float64 and rounded once to float32, as Theano's C code calls the double-precision libm
    function on the promoted integer: XLA's float32 cosh, lgamma, ... are a few ulp off (gammaln(1) = 5e-7)."""
    if len(casts) == 1 and casts[0] in ("float16", "float32") and node.inputs[0].dtype in _SMALL_DISCRETE:
        return ["float64"]
    return casts


def _cast_input(x: Any, dtype: str) -> Any:
    """x in the dtype the op computes in. A bool goes through int8: XLA's simplifier rewrites
    convert(pred) * y and convert(pred) / y as select(pred, ..., 0), which drops numpy's False * inf = nan
    and False / 0 = nan; it does not see through the int8 step."""
    if dtype != "bool" and jnp.result_type(x) == jnp.bool_:
        x = jnp.asarray(x, dtype=jnp.int8)
    return jnp.asarray(x, dtype=dtype)


@lowers(Elemwise)
def lower_elemwise(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    run = jax_elemwise(node)
    if run is not None:
        out = run(*inputs)
    else:  # a user's ScalarOp: its impl works on Python scalars, as Theano's perform calls it
        check_broadcast(node, inputs)
        impl = node.op.scalar_op.impl
        if type(node.op.scalar_op).impl is ScalarOp.impl:  # no Python impl (C code only): refuse when compiling
            ScalarOp.impl(node.op.scalar_op)
        if len(node.outputs) == 1:
            out_dtype = node.outputs[0].dtype
            out = _host_callback(np.vectorize(impl, otypes=[out_dtype]), out_dtype)(*inputs)
        else:  # one callback per output, each picking its output of the impl's tuple
            otypes = [v.dtype for v in node.outputs]
            out = tuple(_host_callback(lambda *xs, k=k: np.vectorize(impl, otypes=otypes)(*xs)[k], dt)(*inputs)
                        for k, dt in enumerate(otypes))
    if len(node.outputs) == 1:
        return jnp.asarray(out).astype(node.outputs[0].dtype)
    return tuple(jnp.asarray(o).astype(v.dtype) for o, v in zip(out, node.outputs))


@lowers(DimShuffle)
def lower_dimshuffle(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    res = jnp.transpose(x, op.shuffle + op.drop) if (op.shuffle + op.drop) != list(range(np.ndim(x))) else x
    shape = list(np.shape(res)[: len(op.shuffle)])
    for a in op.augment:
        shape.insert(a, 1)
    return jnp.reshape(res, shape)
