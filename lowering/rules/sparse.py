"""Lowering of frontend/sparse/basic.py on the padded (data, indices, indptr) layout of
theano.lowering.sparse_values: gathers and segment sums over the stored entries, padded slots masked."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.sparse.basic import (CSM, CSMGrad, CSMProperties, DenseFromSparse, MulSD, Neg, SparseFromDense,
                                          StructuredDot, Transpose, _StructuredDotGrad)
from theano.frontend.sparse.arith import AddSD, AddSS
from theano.frontend.sparse.products import SparseDot
from theano.frontend.sparse.structured import ColScaleCSC, RowScaleCSC, SpSum
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.shape import static_shape
from theano.lowering.rules.sparse_struct import as_format
from theano.lowering.sparse_values import (SparseArrays, as_sparse_arrays, major_from_indptr, remember_major, rows_cols,
                                           to_dense, valid)


@lowers(CSMProperties)
def lower_csm_properties(node: Any, ctx: LoweringContext, x: SparseArrays) -> Any:
    x = as_sparse_arrays(x)
    # the shape is static (part of the trace), so it stays a concrete array and a CSM built from it needs no
    # host shape program
    remember_major(x)  # a CSM rebuilt from these arrays reuses x.major
    return x.data, x.indices, x.indptr, np.asarray(x.shape, dtype="int32")


@lowers(CSM)
def lower_csm(node: Any, ctx: LoweringContext, data: Any, indices: Any, indptr: Any, shape: Any) -> SparseArrays:
    rows, cols = static_shape(ctx, 0, shape)
    data, indices = jnp.asarray(data), jnp.asarray(indices).astype("int32")
    n = max(data.shape[0], indices.shape[0])  # pad the shorter one (a constant [] beside padded indices)
    data = jnp.pad(data, (0, n - data.shape[0]))
    indices = jnp.pad(indices, (0, n - indices.shape[0]))
    major = major_from_indptr(indptr, n)  # before any conversion: an indptr from csm_properties reuses its major
    return SparseArrays(data, indices, jnp.asarray(indptr).astype("int32"), node.op.format, (rows, cols), major)


def _keys(indices: Any, indptr: Any) -> Any:
    """A unique int64 key per (major, minor) position; padded slots get keys past every stored one."""
    major = major_from_indptr(indptr, indices.shape[0]).astype("int64")
    return major * (1 << 31) + indices.astype("int64")


@lowers(CSMGrad)
def lower_csm_grad(node: Any, ctx: LoweringContext, x_data: Any, x_indices: Any, x_indptr: Any, x_shape: Any,
                   g_data: Any, g_indices: Any, g_indptr: Any, g_shape: Any) -> Any:
    # for each stored entry of x: the sum of g's entries at the same position (x and g may differ in structure)
    out_dtype = node.outputs[0].dtype
    g_keys = _keys(jnp.asarray(g_indices), jnp.asarray(g_indptr))
    g_vals = jnp.where(jnp.arange(g_keys.shape[0]) < g_indptr[-1], jnp.asarray(g_data), 0).astype(out_dtype)
    order = jnp.argsort(g_keys)
    g_keys, g_vals = g_keys[order], g_vals[order]
    csum = jnp.concatenate([jnp.zeros(1, out_dtype), jnp.cumsum(g_vals)])
    x_keys = _keys(jnp.asarray(x_indices), jnp.asarray(x_indptr))
    lo = jnp.searchsorted(g_keys, x_keys, side="left")
    hi = jnp.searchsorted(g_keys, x_keys, side="right")
    stored = jnp.arange(x_keys.shape[0]) < x_indptr[-1]
    return jnp.where(stored, csum[hi] - csum[lo], 0).astype(out_dtype)


@lowers(DenseFromSparse)
def lower_dense_from_sparse(node: Any, ctx: LoweringContext, x: SparseArrays) -> Any:
    x = as_sparse_arrays(x)
    return to_dense(x)


@lowers(SparseFromDense)
def lower_sparse_from_dense(node: Any, ctx: LoweringContext, x: Any) -> SparseArrays:
    x = jnp.asarray(x)
    rows, cols = x.shape
    major = x if node.op.format == "csr" else x.T  # entries in the compressed order: row-major of this matrix
    n_major, n_minor = major.shape
    cap = rows * cols  # a static bound on the number of nonzeros
    mask = major != 0
    (flat,) = jnp.nonzero(mask.ravel(), size=cap, fill_value=0)
    count = jnp.sum(mask)
    stored = jnp.arange(cap) < count
    data = jnp.where(stored, major.ravel()[flat], 0).astype(x.dtype)
    indices = jnp.where(stored, flat % max(n_minor, 1), 0).astype("int32")
    indptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(jnp.sum(mask, axis=1)).astype("int32")])
    slot_major = jnp.where(stored, flat // max(n_minor, 1), n_major).astype("int32")
    return SparseArrays(data, indices, indptr, node.op.format, (rows, cols), slot_major)


@lowers(Transpose)
def lower_transpose(node: Any, ctx: LoweringContext, x: SparseArrays) -> SparseArrays:
    x = as_sparse_arrays(x)
    fmt = Transpose.format_map[x.format]
    return SparseArrays(x.data, x.indices, x.indptr, fmt, (x.shape[1], x.shape[0]), x.major)


@lowers(Neg)
def lower_neg(node: Any, ctx: LoweringContext, x: SparseArrays) -> SparseArrays:
    x = as_sparse_arrays(x)
    return x.with_data(-x.data)


@lowers(MulSD)
def lower_mul_s_d(node: Any, ctx: LoweringContext, x: SparseArrays, y: Any) -> SparseArrays:
    x = as_sparse_arrays(x)
    out_dtype = node.outputs[0].dtype
    y = jnp.asarray(y)
    if y.ndim == 0:
        return x.with_data((x.data * y).astype(out_dtype))
    if tuple(y.shape) != x.shape:
        raise ValueError(f"mul_s_d: the sparse matrix has shape {x.shape} but the dense one {tuple(y.shape)}")
    r, c = rows_cols(x)
    vals = y.at[r, c].get(mode="fill", fill_value=0)
    return x.with_data((x.data * vals).astype(out_dtype))


@lowers(StructuredDot)
def lower_structured_dot(node: Any, ctx: LoweringContext, a: SparseArrays, b: Any) -> Any:
    a = as_sparse_arrays(a)
    out_dtype = node.outputs[0].dtype
    b = jnp.asarray(b)
    if a.shape[1] != b.shape[0]:
        raise ValueError("shape mismatch in StructuredDot.perform", (a.shape, tuple(b.shape)))
    r, c = rows_cols(a)
    data = jnp.where(valid(a), a.data, 0).astype(out_dtype)
    contrib = data[:, None] * jnp.take(b, c, axis=0, mode="clip").astype(out_dtype)
    return jax.ops.segment_sum(contrib, r, num_segments=a.shape[0]).astype(out_dtype)


@lowers(_StructuredDotGrad)
def lower_structured_dot_grad(node: Any, ctx: LoweringContext, a_indices: Any, a_indptr: Any, b: Any,
                              g_ab: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    a_indices, a_indptr = jnp.asarray(a_indices), jnp.asarray(a_indptr)
    major = major_from_indptr(a_indptr, a_indices.shape[0])
    rows, cols = (major, a_indices) if node.op.format == "csr" else (a_indices, major)
    g_rows = jnp.take(jnp.asarray(g_ab), rows, axis=0, mode="clip")
    b_rows = jnp.take(jnp.asarray(b), cols, axis=0, mode="clip")
    stored = jnp.arange(a_indices.shape[0]) < a_indptr[-1]
    return jnp.where(stored, jnp.sum(g_rows * b_rows, axis=1), 0).astype(out_dtype)


@lowers(SpSum)
def lower_sp_sum(node: Any, ctx: LoweringContext, x: SparseArrays) -> Any:
    x = as_sparse_arrays(x)
    out_dtype = node.outputs[0].dtype
    data = jnp.where(valid(x), x.data, 0).astype(out_dtype)
    if node.op.axis is None:
        return jnp.sum(data)
    r, c = rows_cols(x)
    ids, n = (c, x.shape[1]) if node.op.axis == 0 else (r, x.shape[0])
    return jax.ops.segment_sum(data, ids, num_segments=n).astype(out_dtype)


@lowers(ColScaleCSC, RowScaleCSC)
def lower_scale_csc(node: Any, ctx: LoweringContext, x: SparseArrays, s: Any) -> SparseArrays:
    x = as_sparse_arrays(x)
    r, c = rows_cols(x)
    ids = c if isinstance(node.op, ColScaleCSC) else r
    factors = jnp.take(jnp.asarray(s), ids, mode="fill", fill_value=0)
    return x.with_data((x.data * factors).astype(node.outputs[0].dtype))


@lowers(AddSD)
def lower_add_s_d(node: Any, ctx: LoweringContext, x: SparseArrays, y: Any) -> Any:
    x = as_sparse_arrays(x)
    out_dtype = node.outputs[0].dtype
    return (to_dense(x).astype(out_dtype) + jnp.asarray(y).astype(out_dtype)).astype(out_dtype)


@lowers(AddSS)
def lower_add_s_s(node: Any, ctx: LoweringContext, x: SparseArrays, y: SparseArrays) -> SparseArrays:
    # the union of the two patterns, in compressed order: sort the (major, minor) keys of both, sum equal keys;
    # the capacity is the static bound nnz(x) + nnz(y), the padded slots sort last
    x, y = as_sparse_arrays(x), as_format(y, x.format)  # csr + csc: y in x's format, as scipy converts it
    if x.shape != y.shape:
        raise ValueError(f"add_s_s: shapes {x.shape} and {y.shape} differ")
    out_dtype = node.outputs[0].dtype
    n_major = x.indptr.shape[0] - 1
    pad_key = (n_major + 1) * (1 << 31)
    keys = jnp.concatenate([jnp.where(valid(x), _keys(x.indices, x.indptr), pad_key),
                            jnp.where(valid(y), _keys(y.indices, y.indptr), pad_key)])
    vals = jnp.concatenate([jnp.where(valid(x), x.data, 0).astype(out_dtype),
                            jnp.where(valid(y), y.data, 0).astype(out_dtype)])
    cap = keys.shape[0]
    order = jnp.argsort(keys, stable=True)
    keys, vals = keys[order], vals[order]
    first = jnp.concatenate([jnp.ones(min(cap, 1), bool), keys[1:] != keys[:-1]])
    seg = jnp.cumsum(first) - 1
    data = jax.ops.segment_sum(vals, seg, num_segments=cap).astype(out_dtype)
    ukeys = jnp.full(cap, pad_key, keys.dtype).at[seg].set(keys)
    stored = ukeys < pad_key
    major = jnp.where(stored, ukeys >> 31, n_major)
    minor = jnp.where(stored, ukeys & ((1 << 31) - 1), 0).astype("int32")
    counts = jax.ops.segment_sum(stored.astype("int32"), major, num_segments=n_major)
    indptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(counts).astype("int32")])
    return SparseArrays(jnp.where(stored, data, 0).astype(out_dtype), minor, indptr, x.format, x.shape,
                        major.astype("int32"))


def _sparse_times_dense(a: SparseArrays, b: Any, out_dtype: str) -> Any:
    """a . b for a sparse matrix a and a dense matrix or vector b: a gather of b's rows and a segment sum."""
    r, c = rows_cols(a)
    data = jnp.where(valid(a), a.data, 0).astype(out_dtype)
    rows = jnp.take(b, c, axis=0, mode="clip").astype(out_dtype)
    contrib = data[:, None] * rows if b.ndim == 2 else data * rows
    return jax.ops.segment_sum(contrib, r, num_segments=a.shape[0])


@lowers(SparseDot)
def lower_sparse_dot(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    x_sparse, y_sparse = (getattr(v.type, "is_sparse", False) for v in node.inputs)
    if x_sparse and y_sparse:  # a dense result: one operand made dense
        return _sparse_times_dense(as_sparse_arrays(x), to_dense(as_sparse_arrays(y)), out_dtype).astype(out_dtype)
    if x_sparse:
        x = as_sparse_arrays(x)
        y = jnp.asarray(y)
        if x.shape[1] != y.shape[0]:
            raise ValueError(f"theano.sparse.Dot: shapes {x.shape} and {tuple(y.shape)} are not aligned")
        return _sparse_times_dense(x, y, out_dtype).astype(out_dtype)
    y = as_sparse_arrays(y)  # x . y = (y.T . x.T).T, y.T the same arrays in the other format
    x = jnp.asarray(x)
    yt = SparseArrays(y.data, y.indices, y.indptr, "csc" if y.format == "csr" else "csr", (y.shape[1], y.shape[0]),
                      y.major)
    if x.shape[-1] != y.shape[0]:
        raise ValueError(f"theano.sparse.Dot: shapes {tuple(x.shape)} and {y.shape} are not aligned")
    return (_sparse_times_dense(yt, x.T, out_dtype).T).astype(out_dtype)
