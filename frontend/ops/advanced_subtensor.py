"""Advanced indexing: integer-vector indexing of the first axis (AdvancedSubtensor1), numpy-style mixed
advanced indexing (AdvancedSubtensor), boolean masks (AdvancedBooleanSubtensor) and their Inc/Set ops.

The advanced ops carry an `idx_list`: per index position, `"index"` (the next tensor input: an integer
array, an integer scalar or a boolean mask), a slice with constant python-int bounds, or None
(np.newaxis). Boolean masks give data-dependent sizes: the count of True entries is a `MaskCount`
node that the host shape program evaluates per call (the mask must be computable on the host).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.math import zeros_like
from theano.frontend.ops.host_check import check_bounds
from theano.frontend.ops.subtensor import (_eq, _switch, as_int64, checkable, hashable_idx, known_int,
                                           slice_length, sum_grad_over_bcasted_dims, thread_checks)
from theano.frontend.type import TensorType
from theano.frontend.type_other import SliceType

__all__ = ["AdvancedSubtensor1", "AdvancedIncSubtensor1", "AdvancedSubtensor", "AdvancedIncSubtensor",
           "AdvancedBooleanSubtensor", "AdvancedBooleanIncSubtensor", "BaseAdvancedSubtensor",
           "BaseAdvancedIncSubtensor", "MaskCount", "advanced_subtensor1", "advanced_inc_subtensor1",
           "advanced_set_subtensor1", "advanced_subtensor", "advanced_inc_subtensor", "advanced_set_subtensor",
           "advanced_boolean_subtensor", "advanced_boolean_inc_subtensor", "advanced_boolean_set_subtensor"]

INDEX = "index"


def _disconnected(n: int) -> list:
    return [DisconnectedType()() for _ in range(n)]


def _zeros_grad(x: Variable) -> Variable:
    if x.dtype in _dt.discrete_dtypes:
        return zeros_like(x, dtype=config.floatX)
    if x.dtype in _dt.complex_dtypes:
        raise NotImplementedError("No support for complex grad yet")
    return zeros_like(x)


# --------------------------------------------------------------------------- x[ivector]

def _check_vector_index(x: Variable, ilist: Variable) -> tuple[Variable, Variable]:
    """(x, ilist) for AdvancedSubtensor1/AdvancedIncSubtensor1: an integer index vector into a tensor."""
    if ilist.dtype not in _dt.integer_dtypes:
        raise TypeError("index must be integers")
    if ilist.ndim != 1:
        raise TypeError("index must be vector")
    if x.ndim == 0:
        raise TypeError("cannot index into a scalar")
    return x, ilist


# The sparse gradient of x[ilist] (theano.sparse_grad), registered by frontend/sparse/indexing.py, which builds on
# this module and so cannot be imported from it.
SPARSE_GRAD: dict[str, Any] = {}


class AdvancedSubtensor1(Op):
    """x[ilist] for an integer vector ilist (rows of x, with repetition)."""

    __props__ = ()

    def __init__(self, sparse_grad: bool = False):
        self.sparse_grad = sparse_grad

    def make_node(self, x: Any, ilist: Any) -> Apply:
        x_, ilist_ = _check_vector_index(as_tensor_variable(x), as_tensor_variable(ilist))
        bcast = (ilist_.broadcastable[0],) + x_.broadcastable[1:]
        return Apply(self, [x_, ilist_], [TensorType(x_.dtype, bcast)()])

    def _checks(self, node: Apply, xshp: tuple) -> list:
        ilist = node.inputs[1]
        if not checkable(node.inputs[0], [ilist]):
            return []
        return [("bounds", 0, (ilist, xshp[0]))]

    def value_dependent_shape(self, node: Apply) -> bool:
        return checkable(node.inputs[0], [node.inputs[1]])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        x, ilist = shapes
        return [tuple(thread_checks([ilist[0]] + list(x[1:]), self._checks(node, x)))]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, ilist = inputs
        if self.sparse_grad:  # a csc matrix holding gz's rows at ilist (theano.sparse_grad)
            if x.type.ndim != 2:
                raise TypeError("AdvancedSubtensor1: you can't take the sparse grad from a tensor with ndim != 2. "
                                "ndim is " + str(x.type.ndim))
            if "construct_sparse_from_list" not in SPARSE_GRAD:
                raise NotImplementedError("AdvancedSubtensor1(sparse_grad=True): import theano.sparse first (its "
                                          "ConstructSparseFromList builds the sparse gradient)")
            return [SPARSE_GRAD["construct_sparse_from_list"](x, grads[0], ilist)] + _disconnected(1)
        gx = _zeros_grad(x)
        if x.dtype in _dt.discrete_dtypes:
            return [gx] + _disconnected(1)
        return [advanced_inc_subtensor1(gx, grads[0], ilist)] + _disconnected(1)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self.make_node(eval_points[0], *inputs[1:]).outputs

    def host_impl(self, node: Apply, x: Any, ilist: Any) -> np.ndarray:
        x = np.asarray(x)
        check_bounds(ilist, x.shape[0], 0)
        return x.take(np.asarray(ilist, dtype=np.intp), axis=0)


advanced_subtensor1 = AdvancedSubtensor1()


class AdvancedIncSubtensor1(Op):
    """x with rows x[ilist] incremented by (repeated indices accumulate) or set to y."""

    __props__ = ("inplace", "set_instead_of_inc")

    def __init__(self, inplace: bool = False, set_instead_of_inc: bool = False):
        self.inplace = False  # accepted and ignored: JAX updates are functional
        self.set_instead_of_inc = bool(set_instead_of_inc)

    def clone_inplace(self) -> "AdvancedIncSubtensor1":
        return type(self)(True, self.set_instead_of_inc)

    def __str__(self) -> str:
        return "%s{%s,%s}" % (type(self).__name__, "inplace" if self.inplace else "no_inplace",
                              "set" if self.set_instead_of_inc else "inc")

    def make_node(self, x: Any, y: Any, ilist: Any) -> Apply:
        x_, ilist_ = _check_vector_index(as_tensor_variable(x), as_tensor_variable(ilist))
        y_ = as_tensor_variable(y)
        if y_.ndim > x_.ndim:
            raise TypeError("cannot %s x subtensor with ndim=%s by y with ndim=%s to x subtensor with ndim=?"
                            % ("set" if self.set_instead_of_inc else "increment", x_.ndim, y_.ndim))
        return Apply(self, [x_, y_, ilist_], [x_.type()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return checkable(node.inputs[0], [node.inputs[2]])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        checks = [("bounds", 0, (node.inputs[2], shapes[0][0]))] if self.value_dependent_shape(node) else []
        return [tuple(thread_checks(list(shapes[0]), checks))]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points[:2]:
            return [None]
        return self.make_node(eval_points[0], eval_points[1], *inputs[2:]).outputs

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [False]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        g, = grads
        x, y, ilist = inputs
        if x.dtype in _dt.discrete_dtypes:
            return [_zeros_grad(x), _zeros_grad(y) if y.dtype in _dt.discrete_dtypes else zeros_like(y)] + _disconnected(1)
        gx = advanced_set_subtensor1(g, zeros_like(y), ilist) if self.set_instead_of_inc else g
        gy = sum_grad_over_bcasted_dims(y, advanced_subtensor1(g, ilist))
        return [gx, gy] + _disconnected(1)

    def host_impl(self, node: Apply, x: Any, y: Any, ilist: Any) -> np.ndarray:
        out = np.array(x, copy=True)
        check_bounds(ilist, out.shape[0], 0)
        if self.set_instead_of_inc:
            out[ilist] = y
        else:
            np.add.at(out, np.asarray(ilist, dtype=np.intp), y)
        return out


advanced_inc_subtensor1 = AdvancedIncSubtensor1()
advanced_set_subtensor1 = AdvancedIncSubtensor1(set_instead_of_inc=True)


# --------------------------------------------------------------------------- numpy-style advanced indexing

def parse_advanced(args: Sequence[Any]) -> tuple[tuple, list[Variable]]:
    """(idx_list, index inputs) for advanced-index arguments; slices must have constant bounds here."""
    idx_list: list[Any] = []
    inputs: list[Variable] = []
    for a in args:
        if isinstance(a, Constant) and isinstance(a.data, slice):  # a SliceConstant: its slice
            a = a.data
        if a is None:
            idx_list.append(None)
        elif isinstance(a, slice):
            parts = []
            for p in (a.start, a.stop, a.step):
                k = known_int(p) if p is not None else None
                if p is not None and k is None:
                    if isinstance(p, Variable) and p.ndim == 0 and p.dtype in _dt.integer_dtypes:
                        raise NotImplementedError("symbolic slice bounds inside an advanced index")
                    raise TypeError("index must be integers")
                parts.append(k)
            if parts[2] == 0:
                raise ValueError("slice step cannot be zero")
            idx_list.append(slice(*parts))
        else:
            if isinstance(a, (list, tuple)) and len(a) == 0:
                a = np.zeros((0,), dtype=np.int64)
            if isinstance(a, Variable) and isinstance(a.type, SliceType):
                raise NotImplementedError("indexing with a symbolic slice (a SliceType variable, "
                                          "theano.tensor.slicetype()) is not supported by theano-xla yet")
            v = as_tensor_variable(a)
            if v.dtype not in _dt.discrete_dtypes:
                raise TypeError("index must be integers or a boolean mask")
            idx_list.append(INDEX)
            inputs.append(v)
    return tuple(idx_list), inputs


def advanced_layout(idx_list: Sequence[Any], index_vars: Sequence[Variable], x_ndim: int) -> tuple[list, list, int]:
    """Where each output dimension comes from, following numpy's rules.

    Returns (out_dims, entries, b_ndim): out_dims holds ('B', j) for the broadcast dimensions of the
    advanced indices, ('slice', slice, axis), ('new',) and ('full', axis); entries lists
    (kind, input position, first axis, n axes) per idx_list entry.
    """
    entries = []
    axis = 0
    k = 0
    for e in idx_list:
        if e is None:
            entries.append(("new", None, axis, 0))
        elif isinstance(e, slice):
            entries.append(("slice", e, axis, 1))
            axis += 1
        else:
            v = index_vars[k]
            n = v.ndim if v.dtype == "bool" else 1
            entries.append(("bool" if v.dtype == "bool" else "int", k, axis, n))
            axis += n
            k += 1
    if axis > x_ndim:
        raise IndexError("too many indices for array")
    entries.extend(("slice", slice(None), a, 1) for a in range(axis, x_ndim))
    adv_pos = [p for p, e in enumerate(entries) if e[0] in ("int", "bool")]
    b_ndim = max([1 if e[0] == "bool" else index_vars[e[1]].ndim for e in entries if e[0] in ("int", "bool")], default=0)
    contiguous = not adv_pos or adv_pos == list(range(adv_pos[0], adv_pos[-1] + 1))
    out: list = []
    if adv_pos and not contiguous:
        out.extend(("B", j) for j in range(b_ndim))
    for p, e in enumerate(entries):
        if adv_pos and contiguous and p == adv_pos[0]:
            out.extend(("B", j) for j in range(b_ndim))
        if e[0] == "new":
            out.append(("new",))
        elif e[0] == "slice":
            s = e[1]
            out.append(("full", e[2]) if s == slice(None) else ("slice", s, e[2]))
    return out, entries, b_ndim


class BaseAdvancedSubtensor(Op):
    """Common part of AdvancedSubtensor and AdvancedBooleanSubtensor: x[idx] with numpy's advanced semantics."""

    __props__ = ("idx_list",)

    def __init__(self, idx_list: Sequence[Any] | None = None):
        self.idx_list = None if idx_list is None else tuple(idx_list)

    def __hash__(self) -> int:
        return hash((type(self), None if self.idx_list is None else hashable_idx(self.idx_list)))

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and (
            (self.idx_list is None and other.idx_list is None)  # type: ignore[attr-defined]
            or (self.idx_list is not None and other.idx_list is not None  # type: ignore[attr-defined]
                and hashable_idx(self.idx_list) == hashable_idx(other.idx_list)))  # type: ignore[attr-defined]

    def __str__(self) -> str:
        return type(self).__name__

    def make_node(self, x: Any, *index: Any) -> Apply:
        x = as_tensor_variable(x)
        if self.idx_list is None:  # Theano's form: advanced_subtensor(x, *index) with slices and None inline
            idx_list, inputs = parse_advanced(index)
            return type(self)(idx_list).make_node(x, *inputs)
        inputs = [as_tensor_variable(i) for i in index]
        if len(inputs) != sum(1 for e in self.idx_list if e == INDEX):
            raise IndexError("Not enough inputs to fill in the %s template." % type(self).__name__)
        for i in inputs:
            if i.dtype not in _dt.discrete_dtypes:
                raise TypeError("index must be integers or a boolean mask")
        self.check_index_kinds(inputs)
        return Apply(self, [x] + inputs, [TensorType(x.dtype, self._bcast(x, inputs))()])

    def check_index_kinds(self, inputs: list[Variable]) -> None:
        if any(i.dtype == "bool" for i in inputs):
            raise TypeError("AdvancedSubtensor does not support boolean masks for indexing. "
                            "Use AdvancedBooleanSubtensor instead. ")

    def _bcast(self, x: Variable, inputs: list[Variable]) -> tuple[bool, ...]:
        """The output broadcastable pattern, as Theano computes it (numpy on a fake array with full slices)."""
        out_dims, _, _ = advanced_layout(self.idx_list, inputs, x.ndim)
        bcast = []
        for d in out_dims:
            if d[0] == "B":
                bcast.append(False)  # Theano fakes every index array with length 2 on each axis
            elif d[0] == "new":
                bcast.append(True)
            elif d[0] == "full":
                bcast.append(x.broadcastable[d[1]])
            else:  # Theano treats every slice of an advanced index as a full slice here
                bcast.append(x.broadcastable[d[2]])
        return tuple(bcast)

    def _index_checks(self, node: Apply, xshp: tuple) -> list:
        return advanced_index_checks(self.idx_list, node.inputs[0], node.inputs[1:], xshp)

    def value_dependent_shape(self, node: Apply) -> bool:
        if any(v.dtype == "bool" and not isinstance(v, Constant) for v in node.inputs[1:]):
            return True
        return node.outputs[0].ndim > 0 and bool(self._index_checks(node, (None,) * node.inputs[0].ndim))

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        x = node.inputs[0]
        xshp = shapes[0]
        out_dims, entries, b_ndim = advanced_layout(self.idx_list, node.inputs[1:], x.ndim)
        # the shapes of the advanced indices; a bool mask is a vector of its True entries, whose count may be 1
        # and then broadcasts (numpy's rule), so the broadcast length folds the counts on the host
        arrays, counts = [], []
        for kind, k, axis, n in entries:
            if kind == "bool":
                mask = node.inputs[1 + k]
                if isinstance(mask, Constant):
                    counts.append(int(np.count_nonzero(mask.data)))
                else:
                    counts.append(MaskCount(axis)(mask, *xshp[axis:axis + n]))
            elif kind == "int":
                arrays.append((shapes[1 + k], node.inputs[1 + k].broadcastable))
        bshape: list[Any] = []
        checks = []
        for j in range(b_ndim):
            entry: Any = None
            for shp, bc in arrays:
                pos = j - (b_ndim - len(shp))
                if pos >= 0 and not bc[pos]:
                    entry = shp[pos]
                    break
            if counts and j == b_ndim - 1:
                for c in counts:
                    entry = c if entry is None else _switch(_eq(entry, 1), c, entry)
                if len(counts) + len(arrays) > 1:
                    checks.append(("broadcast", 0, [as_int64(entry)] + [as_int64(c) for c in counts]))
            bshape.append(as_int64(entry) if entry is not None else constant(1, dtype="int64"))
        out = []
        for d in out_dims:
            if d[0] == "B":
                out.append(bshape[d[1]])
            elif d[0] == "new":
                out.append(constant(1, dtype="int64"))
            elif d[0] == "full":
                out.append(xshp[d[1]])
            else:
                s = d[1]
                out.append(as_int64(slice_length(s.start, s.stop, s.step, xshp[d[2]])))
        return [tuple(thread_checks(out, checks + self._index_checks(node, xshp)))]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True]] + [[False]] * (len(node.inputs) - 1)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self.make_node(eval_points[0], *inputs[1:]).outputs

    def host_impl(self, node: Apply, x: Any, *index: Any) -> np.ndarray:
        x = np.asarray(x)
        return np.array(x[host_advanced_key(self.idx_list, node.inputs[1:], x.shape, index)])

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, rest = inputs[0], inputs[1:]
        gx = _zeros_grad(x)
        if x.dtype in _dt.discrete_dtypes:
            return [gx] + _disconnected(len(rest))
        inc_cls = AdvancedBooleanIncSubtensor if isinstance(self, AdvancedBooleanSubtensor) else AdvancedIncSubtensor
        return [inc_cls(self.idx_list)(gx, grads[0], *rest)] + _disconnected(len(rest))


def advanced_index_checks(idx_list: Sequence[Any], x: Variable, index_vars: Sequence[Variable], xshp: tuple) -> list:
    """Host bounds checks ('bounds', axis, (index, size)) for the cheap symbolic integer-array indices into x."""
    _, entries, _ = advanced_layout(idx_list, index_vars, x.ndim)
    return [("bounds", axis, (index_vars[k], xshp[axis])) for kind, k, axis, _ in entries
            if kind == "int" and checkable(x, [index_vars[k]])]


def host_advanced_key(idx_list: Sequence[Any], index_vars: Sequence[Variable], xshape: tuple, values: Sequence[Any]) -> tuple:
    """The numpy key for concrete index values, with Theano's mask-shape and numpy's bounds errors."""
    _, entries, _ = advanced_layout(idx_list, index_vars, len(xshape))
    key = []
    it = iter(values)
    for e in idx_list:
        key.append(np.asarray(next(it)) if e == INDEX else e)
    for kind, k, axis, n in entries:
        if kind == "bool":
            check_mask_shape(np.asarray(values[k]), xshape[axis:axis + n], axis)
        elif kind == "int":
            check_bounds(values[k], xshape[axis], axis)
    return tuple(key)


def check_mask_shape(mask: np.ndarray, dims: Sequence[int], axis: int) -> None:
    """Theano's IndexError when a boolean mask does not match the axes it indexes."""
    for i, (m, d) in enumerate(zip(mask.shape, dims)):
        if int(m) != int(d):
            raise IndexError("boolean index did not match indexed array along dimension %d; dimension is %d but "
                             "corresponding boolean dimension is %d" % (axis + i, int(d), int(m)))


class AdvancedSubtensor(BaseAdvancedSubtensor):
    """x[idx] with integer arrays mixed with integers, constant slices and newaxis (numpy semantics, a copy)."""


class AdvancedBooleanSubtensor(BaseAdvancedSubtensor):
    """x[mask, ...]: boolean masks (each standing for its nonzero() vectors) with numpy's advanced semantics."""

    def check_index_kinds(self, inputs: list[Variable]) -> None:
        if any(i.dtype == "bool" and i.ndim == 0 for i in inputs):
            raise NotImplementedError("indexing with a 0-d boolean mask is not supported")


class MaskCount(Op):
    """The number of True entries of a boolean mask indexing x from `axis`; checks the mask matches x's dims."""

    __props__ = ("axis",)

    def __init__(self, axis: int = 0):
        self.axis = int(axis)

    def make_node(self, mask: Any, *dims: Any) -> Apply:
        mask = as_tensor_variable(mask)
        dims = [as_int64(as_tensor_variable(d)) if isinstance(d, Variable) else constant(int(d), dtype="int64") for d in dims]
        return Apply(self, [mask] + dims, [TensorType("int64", ())()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return _disconnected(len(inputs))

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False]] * len(node.inputs)

    def host_impl(self, node: Apply, mask: Any, *dims: Any) -> np.ndarray:
        mask = np.asarray(mask)
        check_mask_shape(mask, [int(d) for d in dims], self.axis)
        return np.asarray(np.count_nonzero(mask), dtype="int64")


def advanced_subtensor(x: Any, *args: Any) -> Variable:
    """x[args] through AdvancedSubtensor (args: integer arrays/scalars, constant slices, None)."""
    return AdvancedSubtensor()(x, *args)


def advanced_boolean_subtensor(x: Any, *args: Any) -> Variable:
    """x[args] through AdvancedBooleanSubtensor (one boolean mask)."""
    return AdvancedBooleanSubtensor()(x, *args)


class BaseAdvancedIncSubtensor(Op):
    """x with x[idx] incremented by (repeated indices accumulate) or set to y; idx as in BaseAdvancedSubtensor."""

    __props__ = ("idx_list", "inplace", "set_instead_of_inc")
    read_cls: type = BaseAdvancedSubtensor

    def __init__(self, idx_list: Sequence[Any] | None = None, inplace: bool = False, set_instead_of_inc: bool = False):
        if isinstance(idx_list, bool):  # Theano's signature: AdvancedIncSubtensor(inplace, set_instead_of_inc)
            idx_list, inplace, set_instead_of_inc = None, idx_list, inplace
        self.idx_list = None if idx_list is None else tuple(idx_list)
        self.inplace = False  # accepted and ignored
        self.set_instead_of_inc = bool(set_instead_of_inc)

    def __hash__(self) -> int:
        return hash((type(self), None if self.idx_list is None else hashable_idx(self.idx_list), self.set_instead_of_inc))

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other) or self.set_instead_of_inc != other.set_instead_of_inc:  # type: ignore[attr-defined]
            return False
        a, b = self.idx_list, other.idx_list  # type: ignore[attr-defined]
        return (a is None and b is None) or (a is not None and b is not None and hashable_idx(a) == hashable_idx(b))

    def __str__(self) -> str:
        return "%s{%s, %s}" % (type(self).__name__, "inplace=" + str(self.inplace),
                               " set_instead_of_inc=" + str(self.set_instead_of_inc))

    def make_node(self, x: Any, y: Any, *index: Any) -> Apply:
        x, y = as_tensor_variable(x), as_tensor_variable(y)
        if self.idx_list is None:
            idx_list, inputs = parse_advanced(index)
            return type(self)(idx_list, set_instead_of_inc=self.set_instead_of_inc).make_node(x, y, *inputs)
        read = self.read_cls(self.idx_list).make_node(x, *index)
        if y.ndim > read.outputs[0].ndim:
            raise ValueError("Trying to increment a %d-dimensional subtensor with a %d-dimensional value."
                             % (read.outputs[0].ndim, y.ndim))
        return Apply(self, [x, y] + read.inputs[1:], [x.type()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return bool(advanced_index_checks(self.idx_list, node.inputs[0], node.inputs[2:], (None,) * node.inputs[0].ndim))

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        checks = advanced_index_checks(self.idx_list, node.inputs[0], node.inputs[2:], shapes[0])
        return [tuple(thread_checks(list(shapes[0]), checks))]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True]] + [[False]] * (len(node.inputs) - 2)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points[:2]:
            return [None]
        return self.make_node(eval_points[0], eval_points[1], *inputs[2:]).outputs

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        g, = grads
        x, y, idx = inputs[0], inputs[1], inputs[2:]
        if x.dtype in _dt.discrete_dtypes:
            return [_zeros_grad(x), _zeros_grad(y) if y.dtype in _dt.discrete_dtypes else zeros_like(y)] + \
                _disconnected(len(idx))
        if self.set_instead_of_inc:
            gx = type(self)(self.idx_list, set_instead_of_inc=True)(g, zeros_like(y), *idx)
        else:
            gx = g
        gy = sum_grad_over_bcasted_dims(y, self.read_cls(self.idx_list)(g, *idx))
        return [gx, gy] + _disconnected(len(idx))

    def host_impl(self, node: Apply, x: Any, y: Any, *index: Any) -> np.ndarray:
        out = np.array(x, copy=True)
        key = host_advanced_key(self.idx_list, node.inputs[2:], out.shape, index)
        if self.set_instead_of_inc:
            out[key] = y
        else:
            np.add.at(out, key, y)
        return out


class AdvancedIncSubtensor(BaseAdvancedIncSubtensor):
    """Increment/set x[idx] for numpy-style integer advanced indexing."""

    read_cls = AdvancedSubtensor


class AdvancedBooleanIncSubtensor(BaseAdvancedIncSubtensor):
    """Increment/set x[mask, ...] for a boolean mask."""

    read_cls = AdvancedBooleanSubtensor


def advanced_inc_subtensor(x: Any, y: Any, *args: Any) -> Variable:
    return AdvancedIncSubtensor()(x, y, *args)


def advanced_set_subtensor(x: Any, y: Any, *args: Any) -> Variable:
    return AdvancedIncSubtensor(set_instead_of_inc=True)(x, y, *args)


def advanced_boolean_inc_subtensor(x: Any, y: Any, *args: Any) -> Variable:
    return AdvancedBooleanIncSubtensor()(x, y, *args)


def advanced_boolean_set_subtensor(x: Any, y: Any, *args: Any) -> Variable:
    return AdvancedBooleanIncSubtensor(set_instead_of_inc=True)(x, y, *args)
