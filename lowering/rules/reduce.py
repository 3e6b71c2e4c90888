"""Lowering of CAReduce (sum/prod/max/min/all/any, accumulating in acc_dtype) and its Sum/Prod/All/Any forms."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.reduce import CAReduce
from theano.lowering.registry import LoweringContext, LoweringError, lowers
from theano.lowering.sparse_boundary import padded_length


def _without_zeros_prod(x: Any, axes: tuple[int, ...], acc: str) -> Any:
    """Product of the non-zero entries; a group of only zeros gives 0 (MulWithoutZeros)."""
    nz = jnp.where(x == 0, jnp.ones((), x.dtype), x).astype(acc)
    return jnp.where(jnp.all(x == 0, axis=axes), jnp.zeros((), acc), jnp.prod(nz, axis=axes))


def _bitwise(fn: Any, identity: int) -> Any:
    def reduce(x: Any, axes: tuple[int, ...], acc: str) -> Any:
        x = jnp.asarray(x).astype(acc)
        if x.dtype == jnp.bool_:
            return (jnp.all if fn is jax.lax.bitwise_and else jnp.any)(x, axis=axes)
        return jax.lax.reduce(x, jnp.asarray(identity, x.dtype), fn, axes)
    return reduce


_REDUCERS = {
    "add": lambda x, axes, acc: jnp.sum(x, axis=axes, dtype=acc),
    "mul": lambda x, axes, acc: jnp.prod(x, axis=axes, dtype=acc),
    "maximum": lambda x, axes, acc: jnp.max(jnp.asarray(x).astype(acc), axis=axes),
    "minimum": lambda x, axes, acc: jnp.min(jnp.asarray(x).astype(acc), axis=axes),
    "and_": _bitwise(jax.lax.bitwise_and, -1),
    "or_": _bitwise(jax.lax.bitwise_or, 0),
    "xor": _bitwise(jax.lax.bitwise_xor, 0),
    "mul_without_zeros": _without_zeros_prod,
}


def _generic_reducer(sop: Any) -> Any:
    """lax.reduce with the scalar op's JAX function, for scalar ops with an identity."""
    from theano.lowering.rules.elemwise import jax_function

    fn = jax_function(sop)
    identity = getattr(sop, "identity", None)
    if fn is None or identity is None:
        raise LoweringError(f"No JAX lowering for a CAReduce over scalar op {sop} (it needs a JAX function and an identity)")

    def reduce(x: Any, axes: tuple[int, ...], acc: str) -> Any:
        x = jnp.asarray(x).astype(acc)
        return jax.lax.reduce(x, jnp.asarray(identity, x.dtype), fn, axes)
    return reduce


def _padding_identity(sop: Any, dtype: Any) -> Any:
    """The value that leaves a reduction unchanged, for the padded tail of a sparse matrix's data."""
    name = sop.name
    if name == "maximum":
        return -jnp.inf if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).min
    if name == "minimum":
        return jnp.inf if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).max
    fixed = {"add": 0, "mul": 1, "or_": 0, "xor": 0, "and_": -1 if dtype != jnp.bool_ else True,
             "mul_without_zeros": 0}
    return fixed[name] if name in fixed else getattr(sop, "identity", 0)


@lowers(CAReduce)
def lower_careduce(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    axes = op.reduce_axes(np.ndim(x))
    acc = op.accumulator_dtype(node)
    out_dtype = node.outputs[0].dtype
    if not axes:
        return jnp.asarray(x).astype(acc).astype(out_dtype)
    nnz = padded_length(node.inputs[0], x)  # a function of csm_data(x), padded in the program: its nnz first only
    if nnz is not None:
        x = jnp.where(jnp.arange(np.shape(x)[0]) < nnz, x, _padding_identity(op.scalar_op, jnp.asarray(x).dtype))
    for a in axes:
        if np.shape(x)[a] == 0 and op.scalar_op.name in ("maximum", "minimum"):
            raise ValueError(f"zero-size array to reduction operation {op.scalar_op.name} which has no identity")
    reducer = _REDUCERS.get(op.scalar_op.name) or _generic_reducer(op.scalar_op)
    return jnp.asarray(reducer(x, axes, acc)).astype(out_dtype)
