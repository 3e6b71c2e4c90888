"""Lowering of the sparse structure and pattern ops (frontend/sparse/cast.py, compare.py, construct.py,
mul_ss.py, struct_arith.py) on the padded layout of theano.lowering.sparse_values.

Every output is scipy's exact result at the boundary: the entries in scipy's order, explicit zeros kept or dropped
where scipy keeps or drops them. Output nnz that depends on values sits in a static capacity, the padded slots
last: the input's capacity (remove0, sorting, mul_s_v, structured_add_s_v, mul_s_s: a subset of x's entries),
the sum of the inputs' (hstack/vstack), rows*cols (sparse-sparse comparisons, whose true set may cover
positions neither operand stores: x == y holds where both are 0).
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from theano.frontend.sparse.cast import Cast
from theano.frontend.sparse.compare import _ComparisonOpSD, _ComparisonOpSS
from theano.frontend.sparse.construct import Diag, EnsureSortedIndices, HStack, Remove0, SquareDiagonal
from theano.frontend.sparse.mul_ss import MulSS
from theano.frontend.sparse.struct_arith import AddSSData, MulSV, StructuredAddSV
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.sparse_values import SparseArrays, as_sparse_arrays, rows_cols, to_dense, valid

_SHIFT = 31  # key = major << 31 | minor: one int64 per position, in compressed order


def _n_major(fmt: str, shape: tuple[int, int]) -> int:
    return shape[0] if fmt == "csr" else shape[1]


def _entries(sa: SparseArrays, fmt: str) -> tuple[Any, Any, Any, Any]:
    """(major, minor, data, stored) of sa's slots, oriented for the format `fmt`."""
    r, c = rows_cols(sa)
    major, minor = (r, c) if fmt == "csr" else (c, r)
    return jnp.asarray(major), jnp.asarray(minor), jnp.asarray(sa.data), valid(sa)  # host arrays of constants too


def _sort(major: Any, minor: Any, vals: Any, stored: Any, n_major: int) -> tuple[Any, ...]:
    """The entries in compressed order (stable: equal positions keep their order), unstored slots last; also
    returns the sorted keys."""
    pad_key = (n_major + 1) << _SHIFT
    key = jnp.where(stored, (major.astype("int64") << _SHIFT) + minor.astype("int64"), pad_key)
    order = jnp.argsort(key, stable=True)
    return major[order], minor[order], vals[order], stored[order], key[order]


def _sum_duplicates(major: Any, minor: Any, vals: Any, stored: Any, key: Any) -> tuple[Any, ...]:
    """Sorted entries with the values at one position summed (scipy's sum_duplicates), in the first slots."""
    cap = key.shape[0]
    if cap == 0:
        return major, minor, vals, stored, key
    first = jnp.concatenate([jnp.ones(1, bool), key[1:] != key[:-1]])
    seg = jnp.cumsum(first) - 1
    vals = jax.ops.segment_sum(vals, seg, num_segments=cap).astype(vals.dtype)
    major = jnp.zeros_like(major).at[seg].set(major)
    minor = jnp.zeros_like(minor).at[seg].set(minor)
    key = jnp.full_like(key, key[-1]).at[seg].set(key)
    stored = jnp.zeros(cap, bool).at[seg].set(stored)
    return major, minor, vals, stored, key


def _compact(major: Any, minor: Any, vals: Any, stored: Any, keep: Any) -> tuple[Any, ...]:
    """The stored entries where `keep` holds, moved to the front in their order (scipy's eliminate_zeros)."""
    cap = vals.shape[0]
    keep = stored & keep
    pos = jnp.where(keep, jnp.cumsum(keep) - 1, cap)
    major = jnp.zeros_like(major).at[pos].set(major, mode="drop")
    minor = jnp.zeros_like(minor).at[pos].set(minor, mode="drop")
    vals = jnp.zeros_like(vals).at[pos].set(vals, mode="drop")
    return major, minor, vals, jnp.arange(cap) < jnp.sum(keep)


def _assemble(fmt: str, shape: tuple[int, int], major: Any, minor: Any, vals: Any, stored: Any,
              dtype: Any) -> SparseArrays:
    """A SparseArrays from entries in compressed order (the stored ones first)."""
    n_major = _n_major(fmt, shape)
    major = jnp.where(stored, major, n_major).astype("int32")
    counts = jax.ops.segment_sum(stored.astype("int32"), major, num_segments=n_major)
    indptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(counts).astype("int32")])
    data = jnp.where(stored, vals, 0).astype(dtype)
    indices = jnp.where(stored, minor, 0).astype("int32")
    return SparseArrays(data, indices, indptr, fmt, shape, major)


def _canonical(sa: SparseArrays) -> tuple[Any, ...]:
    """sa's entries sorted, duplicates summed (scipy's canonical form; explicit zeros still stored)."""
    major, minor, vals, stored = _entries(sa, sa.format)
    return _sum_duplicates(*_sort(major, minor, vals, stored, _n_major(sa.format, sa.shape)))


def _from_dense(dense: Any, fmt: str) -> SparseArrays:
    """The nonzeros of a dense matrix in compressed order (capacity rows*cols: a static bound)."""
    m = dense if fmt == "csr" else dense.T
    n_major, n_minor = m.shape
    cap = n_major * n_minor
    (flat,) = jnp.nonzero(m.ravel() != 0, size=cap, fill_value=0)
    stored = jnp.arange(cap) < jnp.sum(m != 0)
    return _assemble(fmt, tuple(dense.shape), flat // max(n_minor, 1), flat % max(n_minor, 1), m.ravel()[flat],
                     stored, dense.dtype)


def as_format(sa: SparseArrays, fmt: str) -> SparseArrays:
    """sa in the format `fmt` (scipy's tocsr/tocsc: sorted indices, duplicates and explicit zeros kept)."""
    sa = as_sparse_arrays(sa)
    if sa.format == fmt:
        return sa
    major, minor, vals, stored, _ = _sort(*_entries(sa, fmt), _n_major(fmt, sa.shape))
    return _assemble(fmt, sa.shape, major, minor, vals, stored, sa.dtype)


@lowers(Cast)
def lower_cast(node: Any, ctx: LoweringContext, x: SparseArrays) -> SparseArrays:
    x = as_sparse_arrays(x)
    return x.with_data(x.data.astype(node.op.out_type))


def _check_same_shape(op: Any, x: Any, y: Any) -> None:
    if tuple(x.shape) != tuple(y.shape):
        raise ValueError(f"{op}: the operands' shapes differ: {tuple(x.shape)} and {tuple(y.shape)}")


@lowers(_ComparisonOpSD)
def lower_comparison_s_d(node: Any, ctx: LoweringContext, x: SparseArrays, y: Any) -> Any:
    x, y = as_sparse_arrays(x), jnp.asarray(y)
    _check_same_shape(node.op, x, y)
    return getattr(jnp, node.op.comparison)(to_dense(x), y).astype("uint8")


@lowers(_ComparisonOpSS)
def lower_comparison_s_s(node: Any, ctx: LoweringContext, x: SparseArrays, y: SparseArrays) -> SparseArrays:
    # scipy's result: the positions where the comparison holds (duplicates summed first), sorted
    x, y = as_sparse_arrays(x), as_sparse_arrays(y)
    _check_same_shape(node.op, x, y)
    return _from_dense(getattr(jnp, node.op.comparison)(to_dense(x), to_dense(y)).astype("uint8"), x.format)


@lowers(HStack)
def lower_stack(node: Any, ctx: LoweringContext, *blocks: SparseArrays) -> SparseArrays:
    # every block's entries shifted by the blocks before it, sorted in the output's compressed order (stable:
    # scipy's order for sorted blocks; duplicates and explicit zeros kept)
    blocks = [as_sparse_arrays(b) for b in blocks]
    axis, fmt, dtype = node.op.axis, node.op.format, node.op.dtype
    other = 1 - axis
    for k, b in enumerate(blocks[1:], 1):
        if b.shape[other] != blocks[0].shape[other]:
            raise ValueError(f"{node.op}: block {k} has {b.shape[other]} {'rows' if other == 0 else 'columns'}, "
                             f"block 0 has {blocks[0].shape[other]}")
    rows, cols, vals, stored, offset = [], [], [], [], 0
    for b in blocks:
        r, c = (jnp.asarray(v) for v in rows_cols(b))
        rows.append(r + offset if axis == 0 else r)
        cols.append(c + offset if axis == 1 else c)
        vals.append(jnp.asarray(b.data).astype(dtype))
        stored.append(valid(b))
        offset += b.shape[axis]
    shape = (offset, blocks[0].shape[1]) if axis == 0 else (blocks[0].shape[0], offset)
    r, c = jnp.concatenate(rows), jnp.concatenate(cols)
    major, minor = (r, c) if fmt == "csr" else (c, r)
    major, minor, v, s, _ = _sort(major, minor, jnp.concatenate(vals), jnp.concatenate(stored),
                                  _n_major(fmt, shape))
    return _assemble(fmt, shape, major, minor, v, s, dtype)


@lowers(Remove0)
def lower_remove0(node: Any, ctx: LoweringContext, x: SparseArrays) -> SparseArrays:
    x = as_sparse_arrays(x)
    major, minor, vals, stored = _entries(x, x.format)
    major, minor, vals, stored = _compact(major, minor, vals, stored, vals != 0)
    return _assemble(x.format, x.shape, major, minor, vals, stored, x.dtype)


@lowers(EnsureSortedIndices)
def lower_ensure_sorted_indices(node: Any, ctx: LoweringContext, x: SparseArrays) -> SparseArrays:
    x = as_sparse_arrays(x)
    major, minor, vals, stored, _ = _sort(*_entries(x, x.format), _n_major(x.format, x.shape))
    return _assemble(x.format, x.shape, major, minor, vals, stored, x.dtype)


@lowers(Diag)
def lower_diag(node: Any, ctx: LoweringContext, x: SparseArrays) -> Any:
    x = as_sparse_arrays(x)
    n, m = x.shape
    if n != m:
        raise ValueError("Diag only apply on square matrix")
    r, c = rows_cols(x)
    on = valid(x) & (r == c)
    return jax.ops.segment_sum(jnp.where(on, x.data, 0), jnp.where(on, r, n), num_segments=n).astype(x.dtype)


@lowers(SquareDiagonal)
def lower_square_diagonal(node: Any, ctx: LoweringContext, diag: Any) -> SparseArrays:
    diag = jnp.asarray(diag)
    n = diag.shape[0]
    ids = jnp.arange(n, dtype="int32")
    return SparseArrays(diag, ids, jnp.arange(n + 1, dtype="int32"), "csc", (n, n), ids)


@lowers(AddSSData)
def lower_add_s_s_data(node: Any, ctx: LoweringContext, x: SparseArrays, y: SparseArrays) -> SparseArrays:
    x, y = as_sparse_arrays(x), as_sparse_arrays(y)
    _check_same_shape(node.op, x, y)
    if x.capacity != y.capacity:  # different buckets: different numbers of stored entries
        raise ValueError("add_s_s_data: x and y must have the same sparsity pattern (their numbers of stored "
                         "entries differ)")
    return x.with_data(jnp.where(valid(x), x.data + y.data, 0).astype(node.outputs[0].dtype))


def _columns(fmt: str, major: Any, minor: Any) -> Any:
    return minor if fmt == "csr" else major


@lowers(MulSV)
def lower_mul_s_v(node: Any, ctx: LoweringContext, x: SparseArrays, y: Any) -> SparseArrays:
    # scipy: x.toarray() * y made sparse: duplicates summed, sorted, zero products dropped
    x, y = as_sparse_arrays(x), jnp.asarray(y)
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"mul_s_v: x has {x.shape[1]} columns but y has {y.shape[0]} entries")
    major, minor, vals, stored, _ = _canonical(x)
    vals = vals * jnp.take(y, _columns(x.format, major, minor), mode="fill", fill_value=0)
    major, minor, vals, stored = _compact(major, minor, vals, stored, vals != 0)
    return _assemble(x.format, x.shape, major, minor, vals, stored, node.outputs[0].dtype)


@lowers(StructuredAddSV)
def lower_structured_add_s_v(node: Any, ctx: LoweringContext, x: SparseArrays, y: Any) -> SparseArrays:
    # scipy: x + (x.toarray() != 0) * y made sparse: y added where x is nonzero, zero sums dropped
    x, y = as_sparse_arrays(x), jnp.asarray(y)
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"structured_add_s_v: x has {x.shape[1]} columns but y has {y.shape[0]} entries")
    major, minor, vals, stored, _ = _canonical(x)
    added = vals + jnp.take(y, _columns(x.format, major, minor), mode="fill", fill_value=0)
    vals = jnp.where(vals != 0, added, 0)
    major, minor, vals, stored = _compact(major, minor, vals, stored, vals != 0)
    return _assemble(x.format, x.shape, major, minor, vals, stored, node.outputs[0].dtype)


@lowers(MulSS)
def lower_mul_s_s(node: Any, ctx: LoweringContext, x: SparseArrays, y: SparseArrays) -> SparseArrays:
    # scipy's x.multiply(y): on x's canonical entries, times y's (summed) value at the same position; zero
    # products dropped. y's entries are read in x's orientation, so csr * csc works too.
    x, y = as_sparse_arrays(x), as_sparse_arrays(y)
    _check_same_shape(node.op, x, y)
    out_dtype = node.outputs[0].dtype
    n_major = _n_major(x.format, x.shape)
    major, minor, vals, stored, x_keys = _canonical(x)
    y_major, y_minor, y_vals, y_stored = _entries(y, x.format)
    _, _, y_vals, y_stored, y_keys = _sum_duplicates(*_sort(y_major, y_minor, y_vals.astype(out_dtype), y_stored,
                                                            n_major))
    at = jnp.clip(jnp.searchsorted(y_keys, x_keys, side="left"), 0, max(y_keys.shape[0] - 1, 0))
    if y_keys.shape[0]:
        found = stored & y_stored[at] & (y_keys[at] == x_keys)
        y_at_x = jnp.where(found, y_vals[at], 0)
    else:
        y_at_x = jnp.zeros(x_keys.shape, out_dtype)
    vals = vals.astype(out_dtype) * y_at_x
    major, minor, vals, stored = _compact(major, minor, vals, stored, vals != 0)
    return _assemble(x.format, x.shape, major, minor, vals, stored, out_dtype)
