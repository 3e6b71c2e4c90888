"""Lowering of frontend/sparse/indexing.py on the padded layout of theano.lowering.sparse_values.

A selection's result capacity (its nnz bucket) is a host integer: the shape program computes it per call
(`SparseSelectionCount`, handed to the rule as the last tuple of `ctx.out_shapes`), so the program is traced
once per bucket. Picking major lines (rows of a csr matrix) is a gather of their slots; picking minor lines
(columns of a csr matrix, repeats allowed) expands every stored entry by the times its column is picked and
sorts the result into compressed order.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.graph import backend
from theano.frontend.sparse.indexing import (ConstructSparseFromList, GetItem2d, GetItem2Lists, GetItem2ListsGrad,
                                             GetItemList, GetItemListGrad, GetItemScalar, SparseSelectionCount,
                                             _is_none, _slice_positions)
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.shape import static_shape
from theano.lowering.sparse_values import SparseArrays, as_sparse_arrays, nnz_bucket, rows_cols, valid

_SHIFT = 31  # a (major, minor) position as one int64 key: major << 31 | minor

backend["sparse_nnz_bucket"] = nnz_bucket  # SparseSelectionCount rounds its counts up to a bucket on the host


def _is_traced(v: Any) -> bool:
    return any(isinstance(leaf, jax.core.Tracer) for leaf in jax.tree_util.tree_leaves(v))


def _host_counts(node: Any, ctx: LoweringContext, values: list) -> tuple[Any, tuple[int, ...]]:
    """(output shapes or None, capacities): from the shape program, or computed now from concrete values
    (eager use: compute_test_value, DebugMode's op-by-op run)."""
    n_out = len(node.outputs)
    if ctx.out_shapes is not None and len(ctx.out_shapes) > n_out:
        return ctx.out_shapes[:n_out], tuple(int(c) for c in ctx.out_shapes[n_out])
    if _is_traced(values):
        raise ValueError(f"{node.op}: the size of the result depends on the values of the inputs and the host "
                         "shape program did not compute it")
    host = [None if v is None else v if isinstance(v, SparseArrays) else np.asarray(v) for v in values]
    return None, tuple(nnz_bucket(int(c)) for c in node.op.host_counts(*host))


def _normalize(index: Any, n: int) -> Any:
    idx = jnp.asarray(index).astype("int32").reshape(-1)
    return jnp.where(idx < 0, idx + n, idx)


def _empty(fmt: str, shape: tuple[int, int], dtype: Any, cap: int) -> SparseArrays:
    n_major = shape[0] if fmt == "csr" else shape[1]
    return SparseArrays(jnp.zeros(cap, dtype), jnp.zeros(cap, "int32"), jnp.zeros(n_major + 1, "int32"), fmt, shape,
                        jnp.full(cap, n_major, "int32"))


def _from_keys(keys: Any, data: Any, stored: Any, fmt: str, shape: tuple[int, int], dtype: Any,
               merge: bool = False) -> SparseArrays:
    """A matrix from its entries' (major << 31 | minor) keys, data and stored mask: sorted into compressed order
    (the unstored slots last), indptr from the counts per major line; with `merge`, entries at one position are
    summed into one."""
    n_major = shape[0] if fmt == "csr" else shape[1]
    pad = (n_major + 1) << _SHIFT
    keys = jnp.where(stored, keys, pad)
    order = jnp.argsort(keys, stable=True)
    keys, data = keys[order], jnp.where(stored[order], data[order], 0).astype(dtype)
    if merge and keys.shape[0] > 1:
        cap = keys.shape[0]
        first = jnp.concatenate([jnp.ones(1, bool), keys[1:] != keys[:-1]])
        seg = jnp.cumsum(first) - 1
        data = jax.ops.segment_sum(data, seg, num_segments=cap).astype(dtype)
        keys = jnp.full(cap, pad, keys.dtype).at[seg].set(keys)
    stored = keys < pad
    major = jnp.where(stored, keys >> _SHIFT, n_major).astype("int32")
    minor = jnp.where(stored, keys & ((1 << _SHIFT) - 1), 0).astype("int32")
    counts = jax.ops.segment_sum(stored.astype("int32"), major, num_segments=n_major)
    indptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(counts).astype("int32")])
    return SparseArrays(jnp.where(stored, data, 0).astype(dtype), minor, indptr, fmt, shape, major)


def _major_select(sa: SparseArrays, sel: Any, cap: int) -> SparseArrays:
    """The major lines `sel` of sa (rows of a csr matrix, columns of a csc one), in that order: a gather."""
    n_sel = int(sel.shape[0])
    shape = (n_sel, sa.shape[1]) if sa.format == "csr" else (sa.shape[0], n_sel)
    if n_sel == 0 or sa.capacity == 0:
        return _empty(sa.format, shape, sa.dtype, cap)
    starts = sa.indptr[sel]
    counts = sa.indptr[sel + 1] - starts
    out_ptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(counts).astype("int32")])
    slots = jnp.arange(cap, dtype="int32")
    line = jnp.minimum(jnp.searchsorted(out_ptr[1:], slots, side="right"), n_sel - 1).astype("int32")
    stored = slots < out_ptr[-1]
    src = starts[line] + slots - out_ptr[line]
    data = jnp.where(stored, jnp.take(sa.data, src, mode="fill", fill_value=0), 0).astype(sa.dtype)
    indices = jnp.where(stored, jnp.take(sa.indices, src, mode="fill", fill_value=0), 0).astype("int32")
    return SparseArrays(data, indices, out_ptr, sa.format, shape, jnp.where(stored, line, n_sel).astype("int32"))


def _minor_select(sa: SparseArrays, sel: Any, cap: int) -> SparseArrays:
    """The minor lines `sel` of sa (columns of a csr matrix; repeats and any order allowed): every stored entry
    appears once per time its minor index is picked, at the picked positions."""
    n_sel = int(sel.shape[0])
    shape = (sa.shape[0], n_sel) if sa.format == "csr" else (n_sel, sa.shape[1])
    if n_sel == 0 or sa.capacity == 0:
        return _empty(sa.format, shape, sa.dtype, cap)
    order = jnp.argsort(sel, stable=True)
    ssel = sel[order]
    lo = jnp.searchsorted(ssel, sa.indices, side="left")
    hi = jnp.searchsorted(ssel, sa.indices, side="right")
    times = jnp.where(valid(sa), hi - lo, 0)
    ends = jnp.cumsum(times)
    slots = jnp.arange(cap)
    src = jnp.minimum(jnp.searchsorted(ends, slots, side="right"), sa.capacity - 1)
    stored = slots < ends[-1]
    k = slots - (ends[src] - times[src])
    minor = order[jnp.clip(lo[src] + k, 0, n_sel - 1)].astype("int64")
    keys = sa.major[src].astype("int64") * (1 << _SHIFT) + minor
    return _from_keys(keys, sa.data[src], stored, sa.format, shape, sa.dtype)


@lowers(SparseSelectionCount)
def lower_selection_count(node: Any, ctx: LoweringContext, *values: Any) -> Any:
    # the shape program computes these on the host (host_impl); inside a program it is a host callback
    if not _is_traced(values):
        return tuple(np.asarray(c, dtype="int64") for c in node.op.host_impl(node, *values))

    def host(*vals: Any) -> tuple:
        return tuple(np.asarray(c, dtype="int64") for c in node.op.host_impl(node, *vals))
    spec = tuple(jax.ShapeDtypeStruct((), np.int64) for _ in node.outputs)
    return jax.pure_callback(host, spec, *values)


@lowers(GetItemList)
def lower_get_item_list(node: Any, ctx: LoweringContext, x: Any, index: Any) -> SparseArrays:
    x = as_sparse_arrays(x)
    _, (cap,) = _host_counts(node, ctx, [x, index])
    idx = _normalize(index, x.shape[0])
    return _major_select(x, idx, cap) if x.format == "csr" else _minor_select(x, idx, cap)


def _slice_selection(start: Any, stop: Any, step: Any, n: int, length: int) -> Any:
    """The positions of range(n)[start:stop:step] (`length` of them, known from the host) as a traced vector."""
    st = jnp.asarray(1 if step is None else step).astype("int64")
    if start is None:
        s = jnp.where(st > 0, 0, n - 1)
    else:
        s = jnp.asarray(start).astype("int64")
        s = jnp.where(s < 0, s + n, s)
        s = jnp.where(st > 0, jnp.clip(s, 0, n), jnp.clip(s, -1, n - 1))
    return (s + jnp.arange(length, dtype="int64") * st).astype("int32")


@lowers(GetItem2d)
def lower_get_item_2d(node: Any, ctx: LoweringContext, x: Any, start1: Any, stop1: Any, step1: Any, start2: Any,
                      stop2: Any, step2: Any) -> SparseArrays:
    x = as_sparse_arrays(x)
    args = [start1, stop1, step1, start2, stop2, step2]
    shapes, (cap1, cap2) = _host_counts(node, ctx, [x] + args)
    if shapes is not None:
        n_rows, n_cols = shapes[0]
    else:
        n_rows = len(_slice_positions(*[None if a is None else int(np.asarray(a)) for a in args[:3]], x.shape[0]))
        n_cols = len(_slice_positions(*[None if a is None else int(np.asarray(a)) for a in args[3:]], x.shape[1]))
    full = [all(_is_none(v) for v in node.inputs[1:4]), all(_is_none(v) for v in node.inputs[4:7])]
    rows = None if full[0] else _slice_selection(start1, stop1, step1, x.shape[0], n_rows)
    cols = None if full[1] else _slice_selection(start2, stop2, step2, x.shape[1], n_cols)
    major, minor = (rows, cols) if x.format == "csr" else (cols, rows)
    y = x
    if major is not None:
        y = _major_select(y, major, cap1)
    if minor is not None:
        y = _minor_select(y, minor, cap2)
    return y


@lowers(GetItemScalar)
def lower_get_item_scalar(node: Any, ctx: LoweringContext, x: Any, i: Any, j: Any) -> Any:
    x = as_sparse_arrays(x)
    _host_counts(node, ctx, [x, i, j])  # the bounds check, where it runs eagerly
    r, c = rows_cols(x)
    i = _normalize(i, x.shape[0])[0]
    j = _normalize(j, x.shape[1])[0]
    hit = valid(x) & (r == i) & (c == j)
    return jnp.sum(jnp.where(hit, x.data, 0)).astype(node.outputs[0].dtype)


@lowers(GetItem2Lists)
def lower_get_item_2lists(node: Any, ctx: LoweringContext, x: Any, ind1: Any, ind2: Any) -> Any:
    x = as_sparse_arrays(x)
    _host_counts(node, ctx, [x, ind1, ind2])
    out_dtype = node.outputs[0].dtype
    r, c = rows_cols(x)  # unstored slots: a row or column out of range, so their keys match no query
    keys = r.astype("int64") * (1 << _SHIFT) + c.astype("int64")
    vals = jnp.where(valid(x), x.data, 0).astype(out_dtype)
    order = jnp.argsort(keys)
    keys, vals = keys[order], vals[order]
    csum = jnp.concatenate([jnp.zeros(1, out_dtype), jnp.cumsum(vals)])
    q = _normalize(ind1, x.shape[0]).astype("int64") * (1 << _SHIFT) + _normalize(ind2, x.shape[1]).astype("int64")
    # duplicates of a position add up, as scipy reads them
    return (csum[jnp.searchsorted(keys, q, side="right")] - csum[jnp.searchsorted(keys, q, side="left")]
            ).astype(out_dtype)


@lowers(GetItemListGrad)
def lower_get_item_list_grad(node: Any, ctx: LoweringContext, x: Any, index: Any, gz: Any) -> SparseArrays:
    x, gz = as_sparse_arrays(x), as_sparse_arrays(gz)
    dtype = node.outputs[0].dtype
    idx = _normalize(index, x.shape[0])
    n_idx = int(idx.shape[0])
    if n_idx == 0 or gz.capacity == 0:
        return _empty(x.format, x.shape, dtype, max(gz.capacity, 1))
    if gz.shape != (n_idx, x.shape[1]):
        raise ValueError(f"GetItemListGrad: the gradient has shape {gz.shape}, expected {(n_idx, x.shape[1])}")
    g_row, g_col = rows_cols(gz)
    src = jnp.clip(g_row, 0, n_idx - 1)
    row, col = idx[src].astype("int64"), g_col.astype("int64")
    major, minor = (row, col) if x.format == "csr" else (col, row)
    # gz's row a goes to row index[a]; rows picked twice get the sum (Theano 1.0.5 assigns: the last one wins)
    return _from_keys(major * (1 << _SHIFT) + minor, gz.data, valid(gz), x.format, x.shape, dtype, merge=True)


@lowers(GetItem2ListsGrad)
def lower_get_item_2lists_grad(node: Any, ctx: LoweringContext, x: Any, ind1: Any, ind2: Any,
                               gz: Any) -> SparseArrays:
    x = as_sparse_arrays(x)
    dtype = node.outputs[0].dtype
    row, col = _normalize(ind1, x.shape[0]).astype("int64"), _normalize(ind2, x.shape[1]).astype("int64")
    gz = jnp.asarray(gz).reshape(-1)
    n = int(row.shape[0])
    if n == 0:
        return _empty(x.format, x.shape, dtype, 1)
    major, minor = (row, col) if x.format == "csr" else (col, row)
    # a position read twice gets the sum of its gradients (Theano 1.0.5 assigns: the last one wins)
    return _from_keys(major * (1 << _SHIFT) + minor, gz, jnp.ones(n, bool), x.format, x.shape, dtype, merge=True)


@lowers(ConstructSparseFromList)
def lower_construct_sparse_from_list(node: Any, ctx: LoweringContext, out_shape: Any, values: Any,
                                     ilist: Any) -> SparseArrays:
    rows, cols = static_shape(ctx, 0, out_shape)
    values = jnp.asarray(values)
    n, m = values.shape
    if int(ilist.shape[0]) != n:
        raise ValueError(f"ConstructSparseFromList: {n} rows of values for {int(ilist.shape[0])} indices")
    dtype = node.outputs[0].dtype
    ilist = _normalize(ilist, rows)
    data = values.T.reshape(-1).astype(dtype)
    indices = jnp.tile(ilist, m)
    indptr = (jnp.arange(m + 1) * n).astype("int32")
    major = jnp.repeat(jnp.arange(m, dtype="int32"), n)
    if n * m == 0:
        return _empty("csc", (rows, cols), dtype, 1)
    return SparseArrays(data, indices, indptr, "csc", (rows, cols), major)
