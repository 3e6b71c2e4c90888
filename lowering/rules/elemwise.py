"""Lowering of Elemwise (through the scalar op's JAX function) and DimShuffle.

A scalar op's JAX function is, in order: an entry of SPECIAL (by the op's table name), or its
`jax_name` hint: a jax.numpy name, "scipy.<name>" for jax.scipy.special, "nn.<name>" for jax.nn.
Before the function runs, inputs are cast as `input_cast_dtypes` says (the dtype Theano computes
in), so JAX's own promotion rules never decide a result; the interpreter casts the result to the
node's output dtype.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np

from theano.frontend.ops import elemwise_special as host_special
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import SCALAR_OPS, Cast, input_cast_dtypes, ultra_fast_sigmoid_formula
from theano.lowering.registry import LoweringContext, lowers, specializes


def _to_words(x: Any) -> Any:
    """64-bit arrays cross the callback boundary as uint32 pairs: JAX canonicalizes callback values in the
    callback's thread, where our scoped x64 mode is off, and would turn float64 into float32."""
    return jax.lax.bitcast_convert_type(x, jnp.uint32) if x.dtype.itemsize == 8 else x


def _from_words(a: np.ndarray, dtype: Any) -> np.ndarray:
    a = np.asarray(a)
    return np.ascontiguousarray(a).view(dtype)[..., 0] if np.dtype(dtype).itemsize == 8 else a


def _host_callback(numpy_fn: Callable[..., np.ndarray], dtype: Any = None) -> Callable[..., Any]:
    """A JAX function that evaluates a numpy function on the host (for functions JAX lacks: jv, iv, user ops)."""
    def fn(*xs: Any) -> Any:
        xs = [jnp.asarray(x) for x in xs]
        shape = tuple(jnp.broadcast_shapes(*[x.shape for x in xs]))
        out_dtype = np.dtype(dtype) if dtype is not None else np.dtype(jnp.result_type(*xs))
        in_dtypes = [np.dtype(x.dtype) for x in xs]
        wide = out_dtype.itemsize == 8

        def host(*words: np.ndarray) -> np.ndarray:
            arrays = [_from_words(w, d) for w, d in zip(words, in_dtypes)]
            out = np.broadcast_to(np.asarray(numpy_fn(*arrays), dtype=out_dtype), shape)
            if wide:
                return np.ascontiguousarray(out.reshape(-1)).view(np.uint32).reshape(shape + (2,))
            return np.array(out, order="C")  # not np.ascontiguousarray: it makes a 0-d result 1-d

        spec = jax.ShapeDtypeStruct(shape + (2,), jnp.uint32) if wide else jax.ShapeDtypeStruct(shape, out_dtype)
        out = jax.pure_callback(host, spec, *[_to_words(x) for x in xs], vmap_method="sequential")
        return jax.lax.bitcast_convert_type(out, out_dtype) if wide else out
    return fn


def _round_half_away_from_zero(x: Any) -> Any:
    t = jnp.trunc(x)
    return jnp.where(jnp.abs(x - t) >= 0.5, t + jnp.sign(x), t)


def _complex(x: Any, y: Any) -> Any:
    return jax.lax.complex(x, y)


def _complex_from_polar(r: Any, theta: Any) -> Any:
    return jax.lax.complex(r * jnp.cos(theta), r * jnp.sin(theta))


def _bessel_j(order: int) -> Callable[[Any], Any]:
    # jax's bessel_jn recurrence gives NaN in float32 for x > ~3: run it in float64 and cast back
    return lambda x: jsp.bessel_jn(jnp.asarray(x, jnp.float64), v=order)[order].astype(jnp.asarray(x).dtype)


# scalar-op name -> JAX function, where the table's jax_name is not a single jax function of the same inputs
SPECIAL: dict[str, Callable[..., Any]] = {
    "add": lambda *xs: functools.reduce(jnp.add, xs),
    "mul": lambda *xs: functools.reduce(jnp.multiply, xs),
    "clip": lambda x, lo, hi: jnp.where(x < lo, lo, jnp.where(x > hi, hi, x)),
    "round_half_away_from_zero": _round_half_away_from_zero,
    "second": lambda a, b: jnp.broadcast_to(b, jnp.broadcast_shapes(jnp.shape(a), jnp.shape(b))),
    "identity": lambda x: x,
    "erfcinv": lambda x: -jsp.ndtri(x / 2) / np.sqrt(2.0),
    "tri_gamma": lambda x: jsp.polygamma(1, x),
    "chi2sf": lambda x, k: jsp.gammaincc(k / 2, x / 2),
    "gammau": lambda k, x: jsp.gammaincc(k, x) * jsp.gamma(k),
    "gammal": lambda k, x: jsp.gammainc(k, x) * jsp.gamma(k),
    "j0": _bessel_j(0),
    "j1": _bessel_j(1),
    "jv": _host_callback(host_special.jv),
    "iv": _host_callback(host_special.iv),
    "complex": _complex,
    "complex_from_polar": _complex_from_polar,
    "ultra_fast_sigmoid": lambda x: ultra_fast_sigmoid_formula(x, jnp),
}


def jax_function(scalar_op: Any) -> Callable[..., Any] | None:
    """The JAX function computing `scalar_op` elementwise, or None if it has none (a host callback then runs)."""
    name = scalar_op.name
    if name in SPECIAL and type(scalar_op) is type(SCALAR_OPS.get(name)):  # table ops only: user ops may share names
        return SPECIAL[name]
    jname = getattr(scalar_op, "jax_name", None)
    if jname is None:
        return None
    if jname.startswith("scipy."):
        return getattr(jsp, jname[len("scipy."):])
    if jname.startswith("nn."):
        return getattr(jax.nn, jname[len("nn."):])
    return getattr(jnp, jname)


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


@lowers(Elemwise)
def lower_elemwise(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    check_broadcast(node, inputs)
    sop = node.op.scalar_op
    if isinstance(sop, Cast):
        return jnp.asarray(inputs[0]).astype(sop.o_type)
    fn = jax_function(sop)
    if fn is None:  # a user's ScalarOp: its impl works on Python scalars, as Theano's perform calls it
        if len(node.outputs) != 1:
            raise NotImplementedError(f"{sop}: no JAX lowering for a scalar op with several outputs")
        out_dtype = node.outputs[0].dtype
        return _host_callback(np.vectorize(sop.impl, otypes=[out_dtype]), out_dtype)(*inputs)
    args = [x if dt is None else jnp.asarray(x, dtype=dt) for x, dt in zip(inputs, input_dtypes(node))]
    out = fn(*args)
    if len(node.outputs) == 1:
        return jnp.asarray(out).astype(node.outputs[0].dtype)
    return tuple(jnp.asarray(o).astype(v.dtype) for o, v in zip(out, node.outputs))


@specializes(Elemwise)
def specialize_elemwise(node: Any) -> Callable[..., Any] | None:
    """lower_elemwise for one node, with its JAX function and input casts resolved once (not per trace)."""
    sop = node.op.scalar_op
    fn = None if isinstance(sop, Cast) else jax_function(sop)
    if fn is None or len(node.outputs) != 1:
        return None
    casts = input_dtypes(node)
    # lengths can disagree only where two inputs are not broadcastable
    check = any(sum(not v.broadcastable[d] for v in node.inputs) > 1 for d in range(node.outputs[0].ndim))

    def run(*inputs: Any) -> Any:  # the interpreter casts the result to the output dtype
        if check:
            check_broadcast(node, inputs)
        return fn(*[x if dt is None else jnp.asarray(x, dtype=dt) for x, dt in zip(inputs, casts)])
    return run


@lowers(DimShuffle)
def lower_dimshuffle(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    res = jnp.transpose(x, op.shuffle + op.drop) if (op.shuffle + op.drop) != list(range(np.ndim(x))) else x
    shape = list(np.shape(res)[: len(op.shuffle)])
    for a in op.augment:
        shape.insert(a, 1)
    return jnp.reshape(res, shape)
