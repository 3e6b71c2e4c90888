"""Lowering of the sparse products with a sparse result or a fused form: TrueDot, StructuredDot of two sparse
matrices, SamplingDot, Usmm (frontend/sparse/products2.py) and theano.sparse.opt's specialised ops
(frontend/sparse/opt_ops.py), on the padded layout of theano.lowering.sparse_values.

A sparse result of a product gets a static capacity (no host work): at most
min(rows*cols, min(rows, cap_x) * min(cols, cap_y), cap_x * min(cols, cap_y), cap_y * min(rows, cap_x)) entries,
cap_* the padded capacities of the operands. Its entries are the nonzeros of the product, in sorted order (scipy's
sparse product also drops exact zeros).
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.sparse.basic import StructuredDot, _structured_dot
from theano.frontend.sparse.opt_ops import (AddSD_ccode, CSMGradC, MulSDCSC, MulSDCSR, MulSVCSR, SamplingDotCSR, StructuredAddSVCSR,
                                            StructuredDotCSC, StructuredDotCSR, UsmmCscDense)
from theano.frontend.sparse.products2 import SamplingDot, TrueDot, Usmm
from theano.lowering.registry import LoweringContext, lowers, rule_for
from theano.lowering.rules.alloc import concrete_int
from theano.lowering.rules.sparse import _sparse_times_dense, lower_csm_grad
from theano.lowering.sparse_values import SparseArrays, as_sparse_arrays, major_from_indptr, rows_cols, to_dense, valid


def dense_to_sparse(x: Any, fmt: str, capacity: int) -> SparseArrays:
    """The nonzeros of a dense matrix as a csr/csc SparseArrays holding `capacity` slots (a bound on the count)."""
    fmt = "csr" if fmt == "bsr" else fmt  # a bsr result is held as csr inside the program (bsr at the boundary)
    rows, cols = x.shape
    major = x if fmt == "csr" else x.T  # entries in compressed order: row-major of this matrix
    n_major, n_minor = major.shape
    cap = max(int(capacity), 1)
    mask = major != 0
    (flat,) = jnp.nonzero(mask.ravel(), size=cap, fill_value=0)
    stored = jnp.arange(cap) < jnp.sum(mask)
    data = jnp.where(stored, major.ravel()[flat], 0).astype(x.dtype)
    indices = jnp.where(stored, flat % max(n_minor, 1), 0).astype("int32")
    indptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(jnp.sum(mask, axis=1)).astype("int32")])
    slot_major = jnp.where(stored, flat // max(n_minor, 1), n_major).astype("int32")
    return SparseArrays(data, indices, indptr, fmt, (rows, cols), slot_major)


def product_capacity(rows: int, cols: int, cap_x: int, cap_y: int | None) -> int:
    """A static bound on the entries of x . y (x: rows x k with cap_x slots; y: k x cols, cap_y slots or dense)."""
    bound = rows * cols
    bound = min(bound, cap_x * cols)
    if cap_y is not None:
        bound = min(bound, min(rows, cap_x) * min(cols, cap_y), cap_y * min(rows, cap_x))
    return bound


def _dense_product(x: SparseArrays, y: Any, out_dtype: str) -> Any:
    """x . y as a dense matrix, y sparse or dense."""
    if isinstance(y, SparseArrays):
        y = to_dense(y)
    y = jnp.asarray(y)
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"shape mismatch in the sparse product: {x.shape} and {tuple(y.shape)}")
    return _sparse_times_dense(x, y, out_dtype).astype(out_dtype)


def sparse_product(x: SparseArrays, y: Any, fmt: str, out_dtype: str) -> SparseArrays:
    """x . y (x sparse, y sparse or dense) as a sparse matrix of format `fmt`."""
    dense = _dense_product(x, y, out_dtype)
    cap = product_capacity(x.shape[0], dense.shape[1], x.capacity, y.capacity if isinstance(y, SparseArrays) else None)
    return dense_to_sparse(dense, fmt, cap)


@lowers(TrueDot)
def lower_true_dot(node: Any, ctx: LoweringContext, x: Any, y: Any) -> SparseArrays:
    y = as_sparse_arrays(y) if getattr(node.inputs[1].type, "is_sparse", False) else y
    return sparse_product(as_sparse_arrays(x), y, node.outputs[0].type.format, node.outputs[0].dtype)


_dense_structured_dot = rule_for(_structured_dot)  # rules/sparse.py's rule (registered before this module)


@lowers(StructuredDot)
def lower_structured_dot_any(node: Any, ctx: LoweringContext, a: Any, b: Any) -> Any:
    """sparse . sparse gives a sparse result here; sparse . dense is rules/sparse.py's rule."""
    if not getattr(node.outputs[0].type, "is_sparse", False):
        return _dense_structured_dot(node, ctx, a, b)
    return sparse_product(as_sparse_arrays(a), as_sparse_arrays(b), node.outputs[0].type.format,
                          node.outputs[0].dtype)


def _sampled_products(x: Any, y: Any, rows: Any, cols: Any, dtype: str) -> Any:
    """sum_k x[rows, k] * y[cols, k] for every slot."""
    xr = jnp.take(jnp.asarray(x), rows, axis=0, mode="clip").astype(dtype)
    yc = jnp.take(jnp.asarray(y), cols, axis=0, mode="clip").astype(dtype)
    return jnp.sum(xr * yc, axis=1)


@lowers(SamplingDot)
def lower_sampling_dot(node: Any, ctx: LoweringContext, x: Any, y: Any, p: Any) -> SparseArrays:
    p = as_sparse_arrays(p)
    x, y = jnp.asarray(x), jnp.asarray(y)
    if x.shape[0] != p.shape[0] or y.shape[0] != p.shape[1] or x.shape[1] != y.shape[1]:
        raise ValueError(f"sampling_dot: shapes x {tuple(x.shape)}, y {tuple(y.shape)} and p {p.shape} do not "
                         "agree (x: m x k, y: n x k, p: m x n)")
    out_dtype = node.outputs[0].dtype
    r, c = rows_cols(p)
    work = np.result_type(x.dtype, y.dtype, p.dtype)
    vals = _sampled_products(x, y, r, c, work)
    return p.with_data(jnp.where(valid(p), p.data * vals, 0).astype(out_dtype))


def _dense_dot(x: Any, y: Any, x_sparse: bool, y_sparse: bool, out_dtype: str) -> Any:
    if x_sparse:
        return _dense_product(as_sparse_arrays(x), y if not y_sparse else as_sparse_arrays(y), out_dtype)
    y = as_sparse_arrays(y)  # x . y = (y.T . x.T).T, y.T the same arrays in the other format
    yt = SparseArrays(y.data, y.indices, y.indptr, "csc" if y.format == "csr" else "csr", (y.shape[1], y.shape[0]),
                      y.major)
    return _dense_product(yt, jnp.asarray(x).T, out_dtype).T


@lowers(Usmm)
def lower_usmm(node: Any, ctx: LoweringContext, alpha: Any, x: Any, y: Any, z: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    x_sparse, y_sparse = (getattr(v.type, "is_sparse", False) for v in node.inputs[1:3])
    prod = _dense_dot(x, y, x_sparse, y_sparse, out_dtype)
    return (jnp.reshape(jnp.asarray(alpha), ()).astype(out_dtype) * prod + jnp.asarray(z).astype(out_dtype)
            ).astype(out_dtype)


# ------------------------------------------------------------------ theano.sparse.opt's ops on raw arrays

def _slots(data: Any, indices: Any, indptr: Any) -> tuple[Any, Any, Any, Any]:
    """(data, minor, major, stored mask) of a compressed triple, data and indices padded to one length."""
    data, indices, indptr = jnp.asarray(data), jnp.asarray(indices).astype("int32"), jnp.asarray(indptr)
    n = max(data.shape[0], indices.shape[0])
    data = jnp.pad(data, (0, n - data.shape[0]))
    indices = jnp.pad(indices, (0, n - indices.shape[0]))
    major = major_from_indptr(indptr, n)
    stored = jnp.arange(n) < indptr[-1]
    return data, indices, major, stored


def _csc_times_dense(data: Any, indices: Any, indptr: Any, nrows: int, b: Any, out_dtype: str) -> Any:
    data, rows, cols, stored = _slots(data, indices, indptr)
    b = jnp.asarray(b)
    contrib = jnp.where(stored, data, 0).astype(out_dtype)[:, None] * jnp.take(b, cols, axis=0, mode="clip")
    return jax.ops.segment_sum(contrib.astype(out_dtype), jnp.where(stored, rows, nrows), num_segments=nrows)


@lowers(StructuredDotCSC)
def lower_sd_csc(node: Any, ctx: LoweringContext, a_val: Any, a_ind: Any, a_ptr: Any, a_nrows: Any, b: Any) -> Any:
    nrows = concrete_int(a_nrows, "number of rows", node)
    return _csc_times_dense(a_val, a_ind, a_ptr, nrows, b, node.outputs[0].dtype).astype(node.outputs[0].dtype)


@lowers(StructuredDotCSR)
def lower_sd_csr(node: Any, ctx: LoweringContext, a_val: Any, a_ind: Any, a_ptr: Any, b: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    data, cols, rows, stored = _slots(a_val, a_ind, a_ptr)
    nrows = jnp.asarray(a_ptr).shape[0] - 1
    contrib = jnp.where(stored, data, 0).astype(out_dtype)[:, None] * jnp.take(jnp.asarray(b), cols, axis=0,
                                                                              mode="clip").astype(out_dtype)
    return jax.ops.segment_sum(contrib, jnp.where(stored, rows, nrows), num_segments=nrows).astype(out_dtype)


@lowers(UsmmCscDense)
def lower_usmm_csc_dense(node: Any, ctx: LoweringContext, alpha: Any, x_val: Any, x_ind: Any, x_ptr: Any,
                         x_nrows: Any, y: Any, z: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    nrows = concrete_int(x_nrows, "number of rows", node)
    prod = _csc_times_dense(x_val, x_ind, x_ptr, nrows, y, out_dtype)
    return (jnp.reshape(jnp.asarray(alpha), ()).astype(out_dtype) * prod + jnp.asarray(z).astype(out_dtype)
            ).astype(out_dtype)


@lowers(CSMGradC)
def lower_csm_grad_c(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    return lower_csm_grad(node, ctx, *inputs)


@lowers(MulSDCSC, MulSDCSR)
def lower_mul_s_d_csx(node: Any, ctx: LoweringContext, a_data: Any, a_indices: Any, a_indptr: Any, b: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    data, minor, major, stored = _slots(a_data, a_indices, a_indptr)
    r, c = (major, minor) if isinstance(node.op, MulSDCSR) else (minor, major)
    vals = jnp.asarray(b).at[r, c].get(mode="fill", fill_value=0)
    return jnp.where(stored, data * vals, 0).astype(out_dtype)


@lowers(MulSVCSR, StructuredAddSVCSR)
def lower_s_v_csr(node: Any, ctx: LoweringContext, a_data: Any, a_indices: Any, a_indptr: Any, b: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    data, cols, _, stored = _slots(a_data, a_indices, a_indptr)
    vals = jnp.take(jnp.asarray(b), cols, mode="fill", fill_value=0)
    out = data * vals if isinstance(node.op, MulSVCSR) else data + vals
    return jnp.where(stored, out, 0).astype(out_dtype)


@lowers(SamplingDotCSR)
def lower_sampling_dot_csr(node: Any, ctx: LoweringContext, x: Any, y: Any, p_data: Any, p_ind: Any, p_ptr: Any,
                           p_ncols: Any) -> tuple[Any, Any, Any]:
    out_dtype = node.outputs[0].dtype
    data, cols, rows, stored = _slots(p_data, p_ind, p_ptr)
    vals = _sampled_products(x, y, rows, cols, np.result_type(jnp.asarray(x).dtype, jnp.asarray(y).dtype))
    z_data = jnp.where(stored, data * vals, 0).astype(out_dtype)
    return z_data, jnp.asarray(p_ind).astype("int32"), jnp.asarray(p_ptr).astype("int32")


@lowers(AddSD_ccode)
def lower_add_sd_ccode(node: Any, ctx: LoweringContext, data: Any, indices: Any, indptr: Any, y: Any) -> Any:
    out_dtype = node.outputs[0].dtype
    y = jnp.asarray(y)
    data, minor, major, stored = _slots(data, indices, indptr)
    r, c = (major, minor) if node.op.format == "csr" else (minor, major)
    return y.astype(out_dtype).at[r, c].add(jnp.where(stored, data, 0).astype(out_dtype), mode="drop")
