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
from theano.lowering.rules.sparse_struct import _assemble, _compact, as_format
from theano.lowering.sparse_boundary import record_nnz
from theano.lowering.sparse_values import (SparseArrays, as_sparse_arrays, major_from_indptr, remember_major, rows_cols,
                                           to_dense, valid)


@lowers(CSMProperties)
def lower_csm_properties(node: Any, ctx: LoweringContext, x: SparseArrays) -> Any:
    x = as_sparse_arrays(x)
    # the shape is static (part of the trace), so it stays a concrete array and a CSM built from it needs no
    # host shape program
    remember_major(x)  # a CSM rebuilt from these arrays reuses x.major
    shape = np.asarray(x.shape, dtype="int32")
    if not isinstance(x.indptr, jax.core.Tracer):  # evaluated eagerly: scipy's arrays, of length nnz
        nnz = int(np.asarray(x.indptr)[-1])
        return x.data[:nnz], x.indices[:nnz], x.indptr, shape
    record_nnz(node, x.indptr[-1])  # the function returns data/indices sliced to it (lowering/sparse_boundary.py)
    return x.data, x.indices, x.indptr, shape


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


class _Buffer:
    """Stands for a gather source known to be a buffer (a scatter's result): gather_source returns it as it is."""
    owner = None


_BUFFER = _Buffer()


def gather_source(src: Any, n_slots: int, var: Any = None) -> Any:
    """`src` as the operand of a gather that reads it once per stored slot. When it has fewer rows than there are
    slots and is computed in the program (`var`, its graph variable, has an owner), it is first written into a
    fresh buffer (a scatter of unique sorted row ids: a copy). Otherwise XLA:CPU fuses src's cheap elementwise
    producer (e.g. the gradient of a loss, built from several arrays) into the gather and recomputes it for every
    slot, reading each of its operands at the gathered row (jax.lax.optimization_barrier does not stop this: XLA
    drops it before fusion). A graph input or shared variable is a buffer already and is returned as it is."""
    src = jnp.asarray(src)
    if src.ndim == 0 or src.shape[0] >= n_slots or (var is not None and var.owner is None):
        return src
    return jnp.zeros_like(src).at[jnp.arange(src.shape[0])].set(src, indices_are_sorted=True, unique_indices=True)


def _sparse_times_dense(a: SparseArrays, b: Any, out_dtype: str, b_var: Any = None) -> Any:
    """a . b for a sparse matrix a and a dense matrix or vector b: slot k adds data[k] * b[column k] to its row.
    A gather of b's rows and a segment sum, with no mask in csr: the row ids are `major`, out of range on padded
    slots, which the segment sum drops. In csc the row ids are the indices, so the padded slots' contributions are
    zeroed in the gather's fusion (where major, the column, is out of range) rather than masking the row ids in a
    separate pass. `b_var`: b's graph variable, for gather_source."""
    csr = a.format == "csr"
    seg, col = (a.major, a.indices) if csr else (a.indices, a.major)
    rows = jnp.take(gather_source(b, a.capacity, b_var), col, axis=0, mode="clip").astype(out_dtype)
    data = a.data.astype(out_dtype)
    contrib = data[:, None] * rows if rows.ndim == 2 else data * rows
    if not csr:
        stored = col < a.shape[1]
        contrib = jnp.where(stored[:, None] if rows.ndim == 2 else stored, contrib, 0)
    return jax.ops.segment_sum(contrib, seg, num_segments=a.shape[0])


@lowers(StructuredDot)
def lower_structured_dot(node: Any, ctx: LoweringContext, a: SparseArrays, b: Any) -> Any:
    a = as_sparse_arrays(a)
    out_dtype = node.outputs[0].dtype
    b = jnp.asarray(b)
    if a.shape[1] != b.shape[0]:
        raise ValueError("shape mismatch in StructuredDot.perform", (a.shape, tuple(b.shape)))
    return _sparse_times_dense(a, b, out_dtype, node.inputs[1]).astype(out_dtype)


@lowers(_StructuredDotGrad)
def lower_structured_dot_grad(node: Any, ctx: LoweringContext, a_indices: Any, a_indptr: Any, b: Any,
                              g_ab: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    a_indices, a_indptr = jnp.asarray(a_indices), jnp.asarray(a_indptr)
    n = a_indices.shape[0]
    major = major_from_indptr(a_indptr, n)
    rows, cols = (major, a_indices) if node.op.format == "csr" else (a_indices, major)
    g_rows = jnp.take(gather_source(g_ab, n, node.inputs[3]), rows, axis=0, mode="clip")
    b_rows = jnp.take(gather_source(b, n, node.inputs[2]), cols, axis=0, mode="clip")
    stored = jnp.arange(n) < a_indptr[-1]
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
    # scipy's x + y stores only the nonzero sums (explicit zeros and cancelled entries are dropped)
    major, minor, data, stored = _compact(major, minor, data, stored, data != 0)
    return _assemble(x.format, x.shape, major, minor, data, stored, out_dtype)


@lowers(SparseDot)
def lower_sparse_dot(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    x_sparse, y_sparse = (getattr(v.type, "is_sparse", False) for v in node.inputs)
    if x_sparse and y_sparse:  # a dense result: one operand made dense
        # the dense y is a scatter's result: a buffer already, which gather_source need not copy
        dense_y = to_dense(as_sparse_arrays(y))
        return _sparse_times_dense(as_sparse_arrays(x), dense_y, out_dtype, _BUFFER).astype(out_dtype)
    if x_sparse:
        x = as_sparse_arrays(x)
        y = jnp.asarray(y)
        if x.shape[1] != y.shape[0]:
            raise ValueError(f"theano.sparse.Dot: shapes {x.shape} and {tuple(y.shape)} are not aligned")
        return _sparse_times_dense(x, y, out_dtype, node.inputs[1]).astype(out_dtype)
    y = as_sparse_arrays(y)  # x . y = (y.T . x.T).T, y.T the same arrays in the other format
    x = jnp.asarray(x)
    yt = SparseArrays(y.data, y.indices, y.indptr, "csc" if y.format == "csr" else "csr", (y.shape[1], y.shape[0]),
                      y.major)
    if x.shape[-1] != y.shape[0]:
        raise ValueError(f"theano.sparse.Dot: shapes {tuple(x.shape)} and {y.shape} are not aligned")
    return (_sparse_times_dense(yt, x.T, out_dtype, node.inputs[0]).T).astype(out_dtype)
