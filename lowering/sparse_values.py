"""How a sparse matrix lives inside a compiled program: `SparseArrays`, Theano's own compressed layout, padded.

Representation. A csr (csc) matrix is the pytree `SparseArrays(data, indices, indptr, major)` with `format` and
the matrix `shape` static (pytree aux data, so part of the trace). `data` and `indices` are padded to an nnz
*bucket* (steps of 1.25x from MIN_BUCKET, see nnz_bucket); the real number of stored entries is `indptr[-1]`.
`major` holds each slot's row (csr) or column (csc), the padded slots an out-of-range one: it is a function of
indptr, carried because recomputing it (a running sum over the capacity) costs more on XLA:CPU than a sparse
product. Every rule reads only the slots [0, indptr[-1]): padded ones are masked (`valid(sa)`) or have an
out-of-range major index, which scatters and segment sums drop. That padded slots' major is out of range is an
invariant every producer of a SparseArrays keeps (from_scipy, major_from_indptr, the ops' rules): the csr
products rely on it and read no mask (lowering/rules/sparse.py, _sparse_times_dense).

Why this layout, not BCOO/BCSR objects:
- Theano's CSM semantics need scipy's exact arrays: explicit zeros are kept, `csm_properties` returns
  scipy's data/indices/indptr, and structured ops act on `data` alone. The padded triple is exactly scipy's
  arrays plus a tail, so the boundary is a copy into a bucket and a slice back, and csm_properties is free.
- jax.experimental.sparse.BCSR uses the same (data, indices, indptr) layout, so a contraction can hand the
  arrays to BCSR with no conversion. But BCSR's own ops treat every stored slot as an entry (nse = len(data))
  and do not read indptr[-1]; our tail entries (data 0, index 0, beyond indptr[-1]) are then harmless for
  products and sums only while their data is 0, which not every op keeps (sp_ones_like writes ones over the
  whole padded data). Rules here therefore use gathers and `jax.ops.segment_sum` over the slots (row ids from
  `major`), as BCOO does, which keep the explicit-zero and structure semantics exact.
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
BUCKET_GROWTH = 1.25


def _bucket_table(limit: int = 1 << 40) -> np.ndarray:
    """Every bucket up to `limit`: MIN_BUCKET, then x1.25 rounded up to a multiple of 16 (computed once)."""
    out = [MIN_BUCKET]
    while out[-1] < limit:
        out.append(-(-int(out[-1] * BUCKET_GROWTH) // 16) * 16)
    return np.asarray(out, dtype=np.int64)


_BUCKETS = _bucket_table()


def nnz_bucket(nnz: int) -> int:
    """The padded length for `nnz` stored entries: the first of MIN_BUCKET * 1.25**k (rounded up to a multiple
    of 16) that holds them. Steps of 1.25x bound the padding at 25% (a power of two wastes up to 100%) while a
    growing nnz still compiles only O(log nnz) programs. A binary search in a table built once (this runs on every
    call that passes a sparse argument)."""
    return int(_BUCKETS[_BUCKETS.searchsorted(nnz)])


@jax.tree_util.register_pytree_node_class
class SparseArrays:
    """A csr/csc matrix inside a program: padded (data, indices, indptr), with static format and shape, and
    `major`, each slot's compressed-axis index (its row in csr, its column in csc; padded slots: the number of
    rows/columns, out of range). `major` is a function of indptr, carried so that products and sums are plain
    gathers and segment sums (recomputing it is a running sum over the capacity, which costs more on XLA:CPU than
    the product itself); it comes from the host at the boundary and follows the structure through the ops."""

    __slots__ = ("data", "indices", "indptr", "major", "format", "shape")

    def __init__(self, data: Any, indices: Any, indptr: Any, format: str, shape: tuple[int, int],
                 major: Any = None):
        self.data, self.indices, self.indptr = data, indices, indptr
        self.format = format
        self.shape = (int(shape[0]), int(shape[1]))
        self.major = major_from_indptr(indptr, data.shape[0]) if major is None else major

    def tree_flatten(self) -> tuple:
        return (self.data, self.indices, self.indptr, self.major), (self.format, self.shape)

    @classmethod
    def tree_unflatten(cls, aux: tuple, children: tuple) -> "SparseArrays":
        data, indices, indptr, major = children
        obj = object.__new__(cls)
        obj.data, obj.indices, obj.indptr, obj.major = data, indices, indptr, major
        obj.format, obj.shape = aux
        return obj

    @property
    def dtype(self) -> Any:
        return self.data.dtype

    ndim = 2

    @property
    def capacity(self) -> int:
        """The padded length of data/indices (the bucket)."""
        return int(self.data.shape[0])

    def astype(self, dtype: Any) -> "SparseArrays":
        return SparseArrays(self.data.astype(dtype), self.indices, self.indptr, self.format, self.shape, self.major)

    def copy_to_host_async(self) -> None:
        """Start the device-to-host copies of the arrays (a function output, off the CPU)."""
        for part in (self.data, self.indices, self.indptr):
            getattr(part, "copy_to_host_async", lambda: None)()

    def with_data(self, data: Any) -> "SparseArrays":
        """The same structure holding other values (a structured op's result)."""
        return SparseArrays(data, self.indices, self.indptr, self.format, self.shape, self.major)

    def __repr__(self) -> str:
        return f"SparseArrays({self.format}, shape={self.shape}, capacity={self.data.shape[0]}, dtype={self.dtype})"


def shared_capacity(nnz: int, previous: Any = None, first: bool = False) -> int:
    """The capacity of a sparse shared variable's new value. The first value (`first`) is stored unpadded (nnz
    rounded up to 16): a design matrix held in a shared variable costs no padded slots in every step. A later value
    keeps the capacity of the current one (`previous`) while it fits with at most 25% padding (set_value of a new
    minibatch does not recompile), otherwise (or without `previous`) it takes its nnz bucket, so a changing nnz
    still compiles O(log nnz) programs."""
    if first:
        return max(-(-nnz // 16) * 16, MIN_BUCKET)
    if previous is not None and (nnz <= previous.capacity <= nnz * BUCKET_GROWTH
                                 or previous.capacity == MIN_BUCKET >= nnz):
        return previous.capacity
    return nnz_bucket(nnz)


def from_scipy(sp: Any, exact: bool = False, capacity: int | None = None) -> SparseArrays:
    """A scipy csr/csc matrix as padded numpy arrays (host side of an input): one copy of data and indices into
    their bucket, indptr as it is (int32), and `major` in one np.repeat (the padded slots take the last count).
    `exact`: no bucket, the capacity is nnz (at least 1), for a value baked into a program (a SparseConstant),
    whose shapes never vary, so padding would only add work. `capacity`: this one (a shared variable's)."""
    if sp.format == "bsr":  # Theano's third format: held as its csr equivalent inside a program
        sp = sp.tocsr()
    if sp.format not in ("csr", "csc"):
        raise NotImplementedError(f"theano-xla: sparse format {sp.format!r} is not supported inside a compiled "
                                  "function (csr and csc are)")
    indptr = sp.indptr if sp.indptr.dtype == np.int32 else sp.indptr.astype(np.int32)
    nnz = int(indptr[-1])
    cap = capacity if capacity is not None else max(nnz, 1) if exact else nnz_bucket(nnz)
    data = np.empty(cap, dtype=sp.dtype)
    data[:nnz] = sp.data[:nnz]
    data[nnz:] = 0
    indices = np.empty(cap, dtype=np.int32)
    indices[:nnz] = sp.indices[:nnz]
    indices[nnz:] = 0
    n_major = indptr.shape[0] - 1
    counts = np.empty(n_major + 1, dtype=np.int64)  # the rows' lengths, then the padding's under row id n_major
    np.subtract(indptr[1:], indptr[:-1], out=counts[:n_major])
    counts[n_major] = cap - nnz
    major = np.repeat(np.arange(n_major + 1, dtype=np.int32), counts)
    return SparseArrays(data, indices, indptr, sp.format, sp.shape, major)


def to_scipy(sa: SparseArrays, copy: bool = True) -> Any:
    """A program's sparse value as a scipy matrix (data[:nnz] etc., as Theano returns it)."""
    indptr = np.array(sa.indptr, dtype=np.int32)
    nnz = int(indptr[-1])
    data = np.array(np.asarray(sa.data)[:nnz], copy=True)
    indices = np.array(np.asarray(sa.indices)[:nnz], dtype=np.int32, copy=True)
    cls = scipy.sparse.csr_matrix if sa.format == "csr" else scipy.sparse.csc_matrix
    return cls((data, indices, indptr), shape=sa.shape, copy=False)


def to_device(sp: Any, previous: Any = None, first: bool = False) -> SparseArrays:
    """A scipy matrix as a SparseArrays of device arrays (a sparse shared variable's storage). `previous`: the
    variable's current value, whose capacity the new one keeps where it fits; `first`: the variable's first value,
    stored unpadded (shared_capacity). Without either, the nnz bucket."""
    previous = previous if isinstance(previous, SparseArrays) else None
    host = from_scipy(sp, capacity=shared_capacity(int(sp.indptr[-1]), previous, first))
    with x64_scope():
        data, indices, indptr, major = jax.device_put((host.data, host.indices, host.indptr, host.major),
                                                      current_device())
    return SparseArrays(data, indices, indptr, host.format, host.shape, major)


def as_sparse_arrays(value: Any) -> SparseArrays:
    """A rule's sparse input as SparseArrays: a SparseConstant's scipy matrix is converted (numpy, at trace time,
    unpadded: it is baked into the program)."""
    if isinstance(value, SparseArrays):
        return value
    if scipy.sparse.issparse(value):
        return from_scipy(value, exact=True)
    raise TypeError(f"expected a sparse matrix value (SparseArrays or scipy.sparse), got {type(value).__name__}")


def is_sparse_arrays(value: Any) -> bool:
    return isinstance(value, SparseArrays)


# ------------------------------------------------------------------ helpers for the rules (traced)

def valid(sa: SparseArrays) -> Any:
    """A bool mask over the padded slots: True for the stored entries [0, indptr[-1])."""
    return jnp.arange(sa.capacity) < sa.indptr[-1]


def major_ids(sa: SparseArrays) -> Any:
    """For every slot, its compressed-axis index (padded slots: out of range, so segment sums drop them)."""
    return sa.major


_MAJOR_MEMO: list[tuple[Any, int, Any]] = []  # (indptr, capacity, major) of the latest traces, newest last


def major_from_indptr(indptr: Any, capacity: int) -> Any:
    """Each slot's compressed-axis index from indptr: slot k lies in row #{i >= 1: indptr[i] <= k}. An indptr
    seen before in this trace (csm_properties(x) fed to CSM, as sp_ones_like and the structured ops do) reuses
    the major array that came with it; otherwise a scatter-add of the row ends and a running sum."""
    for known, cap, major in reversed(_MAJOR_MEMO):
        if known is indptr and cap == capacity:
            return major
    if isinstance(indptr, np.ndarray):
        n = indptr.shape[0] - 1
        out = np.full(capacity, n, dtype=np.int32)
        nnz = int(indptr[-1])
        out[:nnz] = np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))[:capacity]
        return out
    ends = jnp.zeros(capacity + 1, jnp.int32).at[indptr[1:]].add(1, mode="drop")
    return jax.lax.associative_scan(jnp.add, ends)[:capacity].astype(jnp.int32)


def remember_major(sa: SparseArrays) -> None:
    """Note sa's indptr and major, so that a CSM rebuilt from sa's arrays reuses major (a bounded memo: the
    identity check keeps it exact, and it only saves work)."""
    _MAJOR_MEMO.append((sa.indptr, sa.capacity, sa.major))
    del _MAJOR_MEMO[:-64]


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
