"""How a sparse matrix lives inside a compiled program: `SparseArrays`, Theano's own compressed layout, padded.

Representation. A csr (csc) matrix is the pytree `SparseArrays(data, indices, indptr)` with `format` and the
matrix `shape` static (pytree aux data, so part of the trace). `data` and `indices` are padded to an nnz
*bucket* (a power of two, at least MIN_BUCKET); the real number of stored entries is `indptr[-1]`, and the
padded tail holds data 0 and index 0. Every rule reads only entries [0, indptr[-1]) or makes the tail
harmless (a padded entry multiplies by 0 or is masked with `valid(sa)`).

Why this layout, not BCOO/BCSR objects:
- Theano's CSM semantics need scipy's exact arrays: explicit zeros are kept, `csm_properties` returns
  scipy's data/indices/indptr, and structured ops act on `data` alone. The padded triple is exactly scipy's
  arrays plus a tail, so the boundary is a copy into a bucket and a slice back, and csm_properties is free.
- jax.experimental.sparse.BCSR uses the same (data, indices, indptr) layout, so a contraction can hand the
  arrays to BCSR with no conversion. But BCSR's own ops treat every stored slot as an entry (nse = len(data))
  and do not read indptr[-1]; our tail entries (data 0, index 0, beyond indptr[-1]) are then harmless for
  products and sums only because their data is 0. Rules here therefore use gathers and
  `jax.ops.segment_sum` on the triple (row ids from indptr), which XLA fuses well on CPU and GPU, and which
  keep the explicit-zero and structure semantics exact.
- Buckets: the padded length is part of the array shapes, so `jax.jit` retraces only when the bucket changes;
  a new nnz inside a bucket reuses the compiled program (no host shape program needed for inputs).

Values cross the boundary as scipy matrices: `from_scipy` (host, numpy) on inputs, `to_scipy` on outputs.
Shared sparse variables hold a `SparseArrays` of device arrays, so a training loop does not convert the matrix
per call.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse

from theano.frontend.graph import backend
from theano.lowering.device import current_device, x64_scope

MIN_BUCKET = 16


def nnz_bucket(nnz: int) -> int:
    """The padded length for `nnz` stored entries: the next power of two, at least MIN_BUCKET."""
    return max(MIN_BUCKET, 1 << max(0, int(nnz) - 1).bit_length())


@jax.tree_util.register_pytree_node_class
class SparseArrays:
    """A csr/csc matrix inside a program: padded (data, indices, indptr), with static format and shape."""

    __slots__ = ("data", "indices", "indptr", "format", "shape")

    def __init__(self, data: Any, indices: Any, indptr: Any, format: str, shape: tuple[int, int]):
        self.data, self.indices, self.indptr = data, indices, indptr
        self.format = format
        self.shape = (int(shape[0]), int(shape[1]))

    def tree_flatten(self) -> tuple:
        return (self.data, self.indices, self.indptr), (self.format, self.shape)

    @classmethod
    def tree_unflatten(cls, aux: tuple, children: tuple) -> "SparseArrays":
        return cls(*children, *aux)

    @property
    def dtype(self) -> Any:
        return self.data.dtype

    ndim = 2

    @property
    def capacity(self) -> int:
        """The padded length of data/indices (the bucket)."""
        return int(self.data.shape[0])

    def astype(self, dtype: Any) -> "SparseArrays":
        return SparseArrays(self.data.astype(dtype), self.indices, self.indptr, self.format, self.shape)

    def with_data(self, data: Any) -> "SparseArrays":
        """The same structure holding other values (a structured op's result)."""
        return SparseArrays(data, self.indices, self.indptr, self.format, self.shape)

    def __repr__(self) -> str:
        return f"SparseArrays({self.format}, shape={self.shape}, capacity={self.data.shape[0]}, dtype={self.dtype})"


def from_scipy(sp: Any) -> SparseArrays:
    """A scipy csr/csc matrix as padded numpy arrays (host side of an input)."""
    if sp.format not in ("csr", "csc"):
        raise NotImplementedError(f"theano-xla: sparse format {sp.format!r} is not supported inside a compiled "
                                  "function (csr and csc are)")
    nnz = int(sp.indptr[-1])
    cap = nnz_bucket(nnz)
    data = np.zeros(cap, dtype=sp.dtype)
    data[:nnz] = sp.data[:nnz]
    indices = np.zeros(cap, dtype=np.int32)
    indices[:nnz] = sp.indices[:nnz]
    return SparseArrays(data, indices, np.asarray(sp.indptr, dtype=np.int32), sp.format, sp.shape)


def to_scipy(sa: SparseArrays, copy: bool = True) -> Any:
    """A program's sparse value as a scipy matrix (data[:nnz] etc., as Theano returns it)."""
    indptr = np.array(sa.indptr, dtype=np.int32)
    nnz = int(indptr[-1])
    data = np.array(np.asarray(sa.data)[:nnz], copy=True)
    indices = np.array(np.asarray(sa.indices)[:nnz], dtype=np.int32, copy=True)
    cls = scipy.sparse.csr_matrix if sa.format == "csr" else scipy.sparse.csc_matrix
    return cls((data, indices, indptr), shape=sa.shape, copy=False)


def to_device(sp: Any) -> SparseArrays:
    """A scipy matrix as a SparseArrays of device arrays (a sparse shared variable's storage)."""
    host = from_scipy(sp)
    with x64_scope():
        leaves = jax.device_put((host.data, host.indices, host.indptr), current_device())
    return SparseArrays(*leaves, host.format, host.shape)


def as_sparse_arrays(value: Any) -> SparseArrays:
    """A rule's sparse input as SparseArrays: a SparseConstant's scipy matrix is converted (numpy, at trace time)."""
    if isinstance(value, SparseArrays):
        return value
    if scipy.sparse.issparse(value):
        return from_scipy(value)
    raise TypeError(f"expected a sparse matrix value (SparseArrays or scipy.sparse), got {type(value).__name__}")


def is_sparse_arrays(value: Any) -> bool:
    return isinstance(value, SparseArrays)


# ------------------------------------------------------------------ helpers for the rules (traced)

def valid(sa: SparseArrays) -> Any:
    """A bool mask over the padded slots: True for the stored entries [0, indptr[-1])."""
    return jnp.arange(sa.capacity) < sa.indptr[-1]


def major_ids(sa: SparseArrays) -> Any:
    """For every slot, its compressed-axis index (the row of a csr entry, the column of a csc one); padded
    slots get the number of rows (columns), out of range, so segment sums drop them."""
    slots = jnp.arange(sa.capacity, dtype=sa.indptr.dtype)
    return jnp.searchsorted(sa.indptr[1:], slots, side="right").astype(sa.indptr.dtype)


def rows_cols(sa: SparseArrays) -> tuple[Any, Any]:
    """Row and column index of every slot (padded slots: row/col out of range)."""
    major = major_ids(sa)
    minor = jnp.where(valid(sa), sa.indices, sa.shape[1] if sa.format == "csr" else sa.shape[0])
    return (major, minor) if sa.format == "csr" else (minor, major)


def to_dense(sa: SparseArrays) -> Any:
    """The dense matrix (duplicates summed, as scipy's toarray)."""
    r, c = rows_cols(sa)
    out = jnp.zeros(sa.shape, dtype=sa.dtype)
    return out.at[r, c].add(sa.data, mode="drop")


backend["sparse_to_device"] = to_device
backend["sparse_to_host"] = to_scipy
backend["is_sparse_arrays"] = is_sparse_arrays
