"""Sparse indexing (theano.sparse.basic): GetItemList, GetItem2Lists, GetItem2d, GetItemScalar, their gradients,
ConstructSparseFromList (the sparse gradient of `x[ilist]`) and `SparseVariable.__getitem__`.

The number of stored entries of a selection depends on the values (which rows, which columns): the ops mark a
value-dependent shape and give the host shape program (lowering/shape_program.py) their result's nnz through
`host_extras`, computed in numpy by `SparseSelectionCount` from the matrix's indptr (and indices where columns
are picked). The program is traced once per (shape, nnz bucket), so a minibatch loop over a sparse design matrix
compiles once per bucket. The indptr/indices of a device-held value (a sparse shared variable) are mirrored on the
host once per device buffer (`host_structure`): set_value and updates install new buffers, which refreshes it.
Index bounds are checked there too, with scipy's IndexError. Lowering rules: lowering/rules/sparse_indexing.py.
"""
from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType, grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable, backend
from theano.frontend.ops.advanced_subtensor import SPARSE_GRAD, AdvancedSubtensor1, advanced_subtensor1
from theano.frontend.ops.shape import Shape
from theano.frontend.ops.subtensor import slice_length
from theano.frontend.sparse.basic import dense_from_sparse
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import as_sparse_variable, register_operators
from theano.frontend.type import TensorType, generic

__all__ = ["GetItemList", "get_item_list", "GetItemListGrad", "get_item_list_grad", "GetItem2Lists",
           "get_item_2lists", "GetItem2ListsGrad", "get_item_2lists_grad", "GetItem2d", "get_item_2d",
           "GetItemScalar", "get_item_scalar", "ConstructSparseFromList", "construct_sparse_from_list",
           "SparseSelectionCount", "sparse_grad"]

_int64 = TensorType("int64", ())


# ----------------------------------------------------------------------------- host side: structure and counts

_MIRROR: dict[int, tuple[Any, np.ndarray]] = {}  # id(device array) -> (weakref to it, its numpy copy)


def _host_array(a: Any) -> np.ndarray:
    """`a` as a numpy array; a device array is copied to the host once per buffer (a bounded mirror)."""
    if isinstance(a, np.ndarray):
        return a
    key = id(a)
    hit = _MIRROR.get(key)
    if hit is not None and hit[0]() is a:
        return hit[1]
    host = np.asarray(a)
    try:
        ref = weakref.ref(a, lambda _r, key=key: _MIRROR.pop(key, None))
    except TypeError:  # not weak-referenceable: no mirror
        return host
    if len(_MIRROR) > 256:
        _MIRROR.clear()
    _MIRROR[key] = (ref, host)
    return host


class _Structure:
    """A sparse value's structure on the host: format, shape, indptr, nnz and (lazily) the stored indices."""

    def __init__(self, value: Any):
        self.format = value.format
        self.shape = tuple(int(s) for s in value.shape)
        self._value = value
        self.indptr = _host_array(value.indptr)
        self.nnz = int(self.indptr[-1])

    @property
    def indices(self) -> np.ndarray:
        return _host_array(self._value.indices)[:self.nnz]

    @property
    def n_major(self) -> int:
        return self.shape[0] if self.format == "csr" else self.shape[1]

    def major_counts(self) -> np.ndarray:
        return np.diff(self.indptr)

    def minor_counts(self, weights: np.ndarray) -> np.ndarray:
        """Per major line, the stored entries whose minor index has weight (multiplicity) `weights`."""
        w = weights[self.indices]
        cum = np.concatenate([[0], np.cumsum(w, dtype=np.int64)])
        return cum[self.indptr[1:]] - cum[self.indptr[:-1]]


def host_structure(value: Any) -> _Structure:
    """The structure of a sparse value as the host sees it (scipy matrix, or a program's padded arrays)."""
    return _Structure(value)


def _normalized(index: Any, n: int, what: str = "index") -> np.ndarray:
    """Integer indices into a dimension of length n, negatives from the end; scipy's IndexError when out of range."""
    idx = np.asarray(index).astype(np.int64).ravel()
    bad = (idx < -n) | (idx >= n)
    if bad.any():
        raise IndexError("%s (%d) out of range" % (what, idx[bad][0]))
    return np.where(idx < 0, idx + n, idx)


def _slice_positions(start: Any, stop: Any, step: Any, n: int) -> range:
    return range(n)[slice(None if start is None else int(start), None if stop is None else int(stop),
                          None if step is None else int(step))]


def _selection_count(st: _Structure, rows: Any, cols: Any) -> tuple[int, int]:
    """(nnz after picking the major lines, nnz after also picking the minor ones) of x[rows][:, cols] (None: all;
    a range or an index array); repeated indices repeat entries, as scipy's fancy indexing does."""
    major_sel, minor_sel = (rows, cols) if st.format == "csr" else (cols, rows)
    n_minor = st.shape[1] if st.format == "csr" else st.shape[0]
    if major_sel is None:
        first = st.nnz
    elif isinstance(major_sel, range) and major_sel.step == 1:  # a block of lines (the minibatch): O(1)
        first = int(st.indptr[major_sel.stop]) - int(st.indptr[major_sel.start]) if len(major_sel) else 0
    else:
        major_sel = np.asarray(major_sel, dtype=np.int64)
        first = int(st.major_counts()[major_sel].sum(dtype=np.int64))
    if minor_sel is None:
        return first, first
    weights = np.bincount(np.asarray(minor_sel, dtype=np.int64), minlength=n_minor)
    per_major = st.minor_counts(weights)
    return first, int(per_major.sum() if major_sel is None else per_major[np.asarray(major_sel, np.int64)].sum())


class SparseSelectionCount(Op):
    """Host integers an indexing node's lowering needs (the stored entries of its result), computed in the shape
    program from the node's own inputs by `owner.host_counts`; raising there is the run-time index check."""

    __props__ = ("owner",)

    def __init__(self, owner: Op):
        self.owner = owner

    def __str__(self) -> str:
        return "SparseSelectionCount{%s}" % self.owner

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [v if isinstance(v, Variable) else as_tensor_variable(v) for v in inputs]
        return Apply(self, inputs, [_int64() for _ in range(self.owner.n_host_counts)])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()] * len(node.outputs)

    def host_impl(self, node: Apply, *values: Any) -> list[np.ndarray]:
        # rounded up to the nnz bucket (injected by lowering/rules/sparse_indexing.py): the program is keyed on it
        bucket = backend.get("sparse_nnz_bucket", int)
        return [np.asarray(bucket(int(c)), dtype="int64") for c in self.owner.host_counts(*values)]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [DisconnectedType()() for _ in inputs]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False] * len(node.outputs) for _ in node.inputs]


class _HostCounted(Op):
    """An indexing op whose lowering reads host integers (`host_counts`) through the shape program."""

    __props__ = ()
    n_host_counts = 1
    value_dependent_shape = True

    def host_extras(self, node: Apply, shapes: list[tuple]) -> list[Variable]:
        out = SparseSelectionCount(self)(*node.inputs)
        return list(out) if isinstance(out, (list, tuple)) else [out]


def _check_sparse(x: Any, opname: str) -> Variable:
    x = as_sparse_variable(x)
    if x.format not in ("csr", "csc"):
        raise NotImplementedError(f"{opname}: format {x.format!r} (csr or csc expected)")
    return x


def _int_vector(index: Any, what: str, opname: str) -> Variable:
    ind = as_tensor_variable(index)
    if ind.type.ndim != 1 or ind.type.dtype not in _dt.integer_dtypes:
        raise TypeError(f"{opname}: {what} must be a vector of integers, got {ind.type}")
    return ind


# ----------------------------------------------------------------------------- GetItemList

class GetItemList(_HostCounted):
    """x[index] for an integer vector: the rows of x (repeated as listed), a sparse matrix of x's format."""

    def make_node(self, x: Any, index: Any) -> Apply:
        x = _check_sparse(x, "GetItemList")
        ind = _int_vector(index, "index", "GetItemList")
        return Apply(self, [x, ind], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[1][0], shapes[0][1])]

    def host_counts(self, x: Any, index: Any) -> tuple[int]:
        st = host_structure(x)
        rows = _normalized(index, st.shape[0])
        return (_selection_count(st, rows, None)[1],)

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Any]:
        x, indices = inputs
        (gout,) = g_outputs
        return [get_item_list_grad(x, indices, gout),
                grad_undefined(self, 1, indices, "No gradient for this input")]


get_item_list = GetItemList()


class GetItemListGrad(Op):
    """The gradient of GetItemList: a sparse matrix of x's shape and format whose row index[a] is gz's row a.
    A row picked twice gets the sum of its rows of gz, the true gradient (Theano 1.0.5 assigns them, so the last
    one wins there: a wrong gradient)."""

    __props__ = ()

    def make_node(self, x: Any, index: Any, gz: Any) -> Apply:
        x = _check_sparse(x, "GetItemListGrad")
        gz = _check_sparse(gz, "GetItemListGrad")
        ind = _int_vector(index, "index", "GetItemListGrad")
        return Apply(self, [x, ind, gz], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


get_item_list_grad = GetItemListGrad()


# ----------------------------------------------------------------------------- GetItem2Lists

class GetItem2Lists(_HostCounted):
    """x[ind1, ind2] for two integer vectors: the entries at (ind1[k], ind2[k]) as a dense vector (floatX, as
    Theano's output type)."""

    def make_node(self, x: Any, ind1: Any, ind2: Any) -> Apply:
        x = _check_sparse(x, "GetItem2Lists")
        ind1 = as_tensor_variable(ind1)
        ind2 = as_tensor_variable(ind2)
        for name, ind in (("ind1", ind1), ("ind2", ind2)):
            if ind.type.dtype not in _dt.integer_dtypes or ind.type.ndim != 1:
                raise TypeError(f"GetItem2Lists: {name} must be a vector of integers, got {ind.type}")
        return Apply(self, [x, ind1, ind2], [TensorType(config.floatX, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def host_counts(self, x: Any, ind1: Any, ind2: Any) -> tuple[int]:
        shape = tuple(int(s) for s in x.shape)
        if np.shape(ind1) != np.shape(ind2):
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between "
                             "arg 0 with shape %s and arg 1 with shape %s." % (np.shape(ind1), np.shape(ind2)))
        _normalized(ind1, shape[0])
        _normalized(ind2, shape[1])
        return (0,)

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Any]:
        x, ind1, ind2 = inputs
        (gout,) = g_outputs
        return [get_item_2lists_grad(x, ind1, ind2, gout),
                grad_undefined(self, 1, ind1, "No gradient for this input"),
                grad_undefined(self, 1, ind2, "No gradient for this input")]


get_item_2lists = GetItem2Lists()


class GetItem2ListsGrad(Op):
    """The gradient of GetItem2Lists: a sparse matrix of x's shape holding gz[k] at (ind1[k], ind2[k]); a position
    read twice gets the sum, the true gradient (Theano 1.0.5 assigns: the last one wins)."""

    __props__ = ()

    def make_node(self, x: Any, ind1: Any, ind2: Any, gz: Any) -> Apply:
        x = _check_sparse(x, "GetItem2ListsGrad")
        ind1 = _int_vector(ind1, "ind1", "GetItem2ListsGrad")
        ind2 = _int_vector(ind2, "ind2", "GetItem2ListsGrad")
        gz = as_tensor_variable(gz)
        return Apply(self, [x, ind1, ind2, gz], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


get_item_2lists_grad = GetItem2ListsGrad()


# ----------------------------------------------------------------------------- GetItem2d

def _is_none(v: Variable) -> bool:
    return isinstance(v, Constant) and v.data is None


def _slice_arg(v: Any, what: str) -> Variable:
    """A slice bound as Theano takes it: None a generic None constant, else an integer scalar."""
    if v is None:
        return Constant(generic, None)
    if not isinstance(v, Variable):
        try:
            v = as_tensor_variable(v)
        except (TypeError, ValueError):
            raise ValueError("Impossible to index into a sparse matrix with slice where %s=%s" % (what, v), None,
                             None)
    if not (v.ndim == 0 and v.dtype in _dt.discrete_dtypes):
        raise ValueError("Impossible to index into a sparse matrix with slice where %s=%s" % (what, v), v.ndim,
                         v.dtype)
    return v


class GetItem2d(_HostCounted):
    """x[a:b:s, c:d:t] (or x[a:b:s]): a sparse matrix of x's format; the bounds may be symbolic integer scalars.
    An integer index on one axis is refused (Theano has no sparse vector), as are lists (advanced indexing)."""

    n_host_counts = 2

    def make_node(self, x: Any, index: Any) -> Apply:
        x = _check_sparse(x, "GetItem2d")
        index = tuple(index) if isinstance(index, (tuple, list)) else (index,)
        if len(index) not in (1, 2):
            raise ValueError(f"GetItem2d: one or two slices expected, got {len(index)} indices")
        inputs = [x]
        for ind in index:
            if isinstance(ind, slice):
                step = ind.step
                if step is None or (not isinstance(step, Variable) and step == 1):
                    step_v = Constant(generic, None)
                else:
                    step_v = _slice_arg(step, "step")
                inputs += [_slice_arg(ind.start, "start"), _slice_arg(ind.stop, "stop"), step_v]
            elif (isinstance(ind, Variable) and getattr(ind, "ndim", -1) == 0) or np.isscalar(ind):
                raise NotImplementedError("Theano has no sparse vectorUse X[a:b, c:d], X[a:b, c:c+1] or X[a:b] "
                                          "instead.")
            else:
                raise ValueError("Advanced indexing is not implemented for sparse matrices. Argument not "
                                 "supported: %s" % (ind,))
        if len(index) == 1:
            inputs += [Constant(generic, None) for _ in range(3)]
        return Apply(self, inputs, [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        args = [None if _is_none(v) else v for v in node.inputs[1:]]
        rows = slice_length(args[0], args[1], args[2], shapes[0][0])
        cols = slice_length(args[3], args[4], args[5], shapes[0][1])
        return [(rows, cols)]

    def host_counts(self, x: Any, start1: Any, stop1: Any, step1: Any, start2: Any, stop2: Any,
                    step2: Any) -> tuple[int, int]:
        st = host_structure(x)
        full_rows = start1 is None and stop1 is None and step1 is None
        full_cols = start2 is None and stop2 is None and step2 is None
        rows = None if full_rows else _slice_positions(start1, stop1, step1, st.shape[0])
        cols = None if full_cols else _slice_positions(start2, stop2, step2, st.shape[1])
        return _selection_count(st, rows, cols)


get_item_2d = GetItem2d()


# ----------------------------------------------------------------------------- GetItemScalar

class GetItemScalar(_HostCounted):
    """x[i, j] for two integer scalars: the entry as a dense scalar of x's dtype."""

    def make_node(self, x: Any, index: Any) -> Apply:
        x = _check_sparse(x, "GetItemScalar")
        if len(index) != 2:
            raise ValueError(f"GetItemScalar: two indices expected, got {len(index)}")
        inputs = [x]
        for ind in index:
            if isinstance(ind, slice):
                raise Exception("GetItemScalar called with a slice as index!")
            if isinstance(ind, (int, np.integer)):
                inputs.append(as_tensor_variable(ind))
            elif isinstance(ind, Variable) and ind.ndim == 0:
                inputs.append(ind)
            else:
                raise NotImplementedError(f"GetItemScalar: index {ind!r} is not an integer scalar")
        return Apply(self, inputs, [TensorType(x.type.dtype, ())()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def host_counts(self, x: Any, i: Any, j: Any) -> tuple[int]:
        shape = tuple(int(s) for s in x.shape)
        _normalized(i, shape[0], "row index")
        _normalized(j, shape[1], "column index")
        return (0,)


get_item_scalar = GetItemScalar()


# ----------------------------------------------------------------------------- ConstructSparseFromList

class ConstructSparseFromList(Op):
    """A csc matrix of x's shape whose rows ilist[k] hold values[k] (repeated rows add up, as scipy sums
    duplicate entries): the sparse gradient of `x[ilist]` (theano.sparse_grad)."""

    __props__ = ()

    def make_node(self, x: Any, values: Any, ilist: Any) -> Apply:
        x_ = as_tensor_variable(x)
        values_ = as_tensor_variable(values)
        ilist_ = as_tensor_variable(ilist)
        if ilist_.type.dtype not in _dt.integer_dtypes:
            raise TypeError("index must be integers")
        if ilist_.type.ndim != 1:
            raise TypeError("index must be vector")
        if x_.type.ndim != 2:
            raise TypeError("cannot create a sparse matrix with %d dimensions" % x_.type.ndim)
        if values_.type.ndim != 2:
            raise TypeError("cannot create a sparse matrix from values with %d ndim" % values_.type.ndim)
        # only x's shape is needed: the node takes x.shape, not x (as Theano, to keep x's memory free)
        return Apply(self, [x_.shape, values_, ilist_], [SparseType(format="csc", dtype=x_.type.dtype)()])

    def value_dependent_shape(self, node: Apply) -> bool:
        shp = node.inputs[0]
        return not (isinstance(shp, Constant) or (shp.owner is not None and isinstance(shp.owner.op, Shape)))

    def infer_shape(self, node: Apply, ishapes: list[tuple]) -> list[tuple]:
        x = node.inputs[0]
        return [(x[0], x[1])]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points[:2]:
            return [None]
        return self.make_node(eval_points[0], eval_points[1], *inputs[2:]).outputs

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [False]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        (g_output,) = grads
        idx_list = inputs[2:]
        gx = g_output
        g_dense = dense_from_sparse(g_output) if isinstance(g_output.type, SparseType) else g_output
        gy = advanced_subtensor1(g_dense, *idx_list)
        return [gx, gy] + [DisconnectedType()()] * len(idx_list)


construct_sparse_from_list = ConstructSparseFromList()


# ----------------------------------------------------------------------------- the user interface

def sparse_grad(var: Variable) -> Variable:
    """`var` (an `x[ilist]` of AdvancedSubtensor1) rebuilt so that its gradient for x is a sparse matrix
    (ConstructSparseFromList) instead of a dense one (theano.sparse_grad)."""
    assert isinstance(var.owner.op, AdvancedSubtensor1)
    return var.owner.op.__class__(sparse_grad=True)(*var.owner.inputs)


def _is_iscalar(v: Any) -> bool:
    return getattr(v, "type", None) == TensorType("int32", ())


def getitem(x: Variable, args: Any) -> Variable:
    """SparseVariable.__getitem__, as Theano's _sparse_py_operators dispatches it."""
    if not isinstance(args, tuple):
        args = (args,)
    if len(args) == 2:
        scalar_1 = np.isscalar(args[0]) or _is_iscalar(args[0])
        scalar_2 = np.isscalar(args[1]) or _is_iscalar(args[1])
        if scalar_1 and scalar_2:
            return get_item_scalar(x, args)
        if isinstance(args[0], list):
            return get_item_2lists(x, args[0], args[1])
        return get_item_2d(x, args)
    if isinstance(args[0], list):
        return get_item_list(x, args[0])
    return get_item_2d(x, args)


register_operators(getitem=getitem)
SPARSE_GRAD["construct_sparse_from_list"] = construct_sparse_from_list
