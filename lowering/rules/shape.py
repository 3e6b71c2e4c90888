"""Lowering of the shape ops: shapes are static inside the trace, reshape uses the host-computed shape."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.shape import MakeVector, Reshape, Shape, Shape_i, SpecifyShape, constant_entries
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check
from theano.lowering.sparse_boundary import padded_length
from theano.lowering.sparse_values import is_sparse_arrays


@lowers(Shape)
def lower_shape(node: Any, ctx: LoweringContext, x: Any) -> Any:
    nnz = padded_length(node.inputs[0], x)  # csm_data(x) is padded in a program: its length is x's nnz
    if nnz is not None:
        return jnp.reshape(nnz, (1,)).astype("int64")
    shape = np.shape(x)
    if not all(isinstance(d, (int, np.integer)) for d in shape):  # a symbolic dimension (a StableHLO export)
        return jnp.stack([_dimension(d) for d in shape]) if shape else jnp.zeros((0,), "int64")
    return np.asarray(shape, dtype="int64")


@lowers(Shape_i)
def lower_shape_i(node: Any, ctx: LoweringContext, x: Any) -> Any:
    nnz = padded_length(node.inputs[0], x) if node.op.i == 0 else None
    if nnz is not None:
        return jnp.asarray(nnz).astype("int64")
    d = np.shape(x)[node.op.i]
    return np.asarray(d, dtype="int64") if isinstance(d, (int, np.integer)) else _dimension(d)


def _dimension(d: Any) -> Any:
    """A dimension as an int64 scalar: a symbolic one (jax.export.symbolic_shape) becomes a traced value."""
    return jnp.asarray(d, "int64")


@lowers(MakeVector)
def lower_make_vector(node: Any, ctx: LoweringContext, *xs: Any) -> Any:
    dtype = node.outputs[0].dtype
    if all(isinstance(x, np.ndarray) for x in xs):
        return np.asarray(xs, dtype=dtype)
    return jnp.stack([jnp.asarray(x, dtype=dtype) for x in xs]) if xs else jnp.zeros((0,), dtype)


def static_shape(ctx: LoweringContext, k: int, fallback: Any) -> tuple[int, ...]:
    """Output k's shape: from the host shape program, or from a concrete shape input (eager use)."""
    if ctx.out_shapes is not None:
        return tuple(ctx.out_shapes[k])
    return tuple(int(s) for s in np.asarray(fallback))


@lowers(Reshape)
def lower_reshape(node: Any, ctx: LoweringContext, x: Any, shp: Any) -> Any:
    target = static_shape(ctx, 0, shp)
    size = int(np.prod(np.shape(x)))
    requested = list(constant_entries(node.inputs[1]) or [None] * len(target))
    if not isinstance(shp, jax.core.Tracer):
        requested = [int(s) for s in np.asarray(shp)]
    if -1 in requested:
        k = requested.index(-1)
        if int(np.prod([s for j, s in enumerate(target) if j != k])) == 0:
            # numpy (Theano's Reshape.perform) cannot infer a -1 entry beside a zero-length one
            shown = tuple(-1 if j == k else s for j, s in enumerate(target))
            raise ValueError(f"cannot reshape array of size {size} into shape {shown}")
    if -1 not in target and int(np.prod(target)) != size or -1 in target and size % max(1, -int(np.prod(target))) != 0:
        raise ValueError(f"cannot reshape array of size {size} into shape {target}")
    return jnp.reshape(x, target)


@lowers(SpecifyShape)
def lower_specify_shape(node: Any, ctx: LoweringContext, x: Any, shp: Any) -> Any:
    got = tuple(x.shape) if is_sparse_arrays(x) else tuple(np.shape(x))  # a sparse matrix: its static shape
    try:
        expected = tuple(int(s) for s in np.asarray(shp))
    except Exception:  # a traced shape: its length is static, its values are checked at run time
        if np.shape(shp) != (len(got),):
            raise AssertionError(f"SpecifyShape: got a shape of {np.size(shp)} entries for an input of "
                                 f"{len(got)} dimensions") from None
        check(jnp.any(jnp.asarray(shp) != jnp.asarray(got, dtype=jnp.asarray(shp).dtype)), AssertionError,
              f"SpecifyShape: the input's shape {got} is not the specified shape")
        return x
    if got != expected:
        raise AssertionError(f"SpecifyShape: got shape {got}, expected {expected}")
    return x
