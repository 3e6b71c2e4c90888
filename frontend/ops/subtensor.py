"""Basic indexing: Subtensor (ints and slices) and IncSubtensor, with Theano's `idx_list` template.

An `idx_list` entry is an `IndexScalarType` (an integer index taken from the next input), or a
slice whose start/stop/step are IndexScalarTypes or None. Python ints become int64 constant
inputs, as in Theano (`x[1:3]` is `Subtensor{int64:int64:}(x, Constant{1}, Constant{3})`).
Slice lengths with symbolic bounds are exact integer graphs (built here from Elemwise ops), so
the host shape program can compute them per call while slice starts stay dynamic on the device.
The dispatchers (`getitem`, `set_subtensor`, `inc_subtensor`, `take`) live in indexing.py and
the advanced-indexing ops in advanced_subtensor.py; this module re-exports all of them.
"""
from __future__ import annotations

import operator
import sys
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Type, Variable
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.host_check import HostCheck
from theano.frontend.ops.math import add, eq, gt, int_div, lt, maximum, minimum, mul, sub, switch, zeros_like
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.ops.shape import MakeVector, Shape, Shape_i, get_vector_length, patternbroadcast
from theano.frontend.type import TensorType


class AdvancedIndexingError(TypeError):
    """Subtensor was asked for advanced (integer array) indexing."""


class AdvancedBooleanIndexingError(TypeError):
    """Subtensor was asked for boolean-mask indexing."""


class IndexScalarType(Type):
    """An idx_list entry: an integer index of this dtype, read from the op's next input (Theano's scal.int64)."""

    def __init__(self, dtype: str):
        self.dtype = str(dtype)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.dtype == other.dtype  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.dtype))

    def __str__(self) -> str:
        return self.dtype

    def __repr__(self) -> str:
        return "Scalar(%s)" % self.dtype

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        return np.asarray(data, dtype=self.dtype)


def index_constant(value: Any, dtype: str = "int64") -> Variable:
    """A 0-d integer constant used as an index input (an IndexConstant)."""
    return TensorType(dtype, ()).make_index_constant(np.asarray(int(value), dtype=dtype))


def make_constant(args: Sequence[Any]) -> tuple:
    """Python ints (also inside slices, and 0-d integer arrays) become int64 index constants."""
    def conv(a: Any) -> Any:
        if a is None or isinstance(a, (bool, np.bool_)):
            return a
        if isinstance(a, slice):
            return slice(conv(a.start), conv(a.stop), conv(a.step))
        if isinstance(a, (int, np.integer)):
            return index_constant(a)
        if isinstance(a, np.ndarray) and a.ndim == 0 and a.dtype.kind in "iu":
            return index_constant(a)
        return a
    return tuple(conv(a) for a in args)


def hashable_idx(idx_list: Sequence[Any]) -> tuple:
    """idx_list with slices as tuples (slices are unhashable before Python 3.12)."""
    return tuple(("slice", e.start, e.stop, e.step) if isinstance(e, slice) else e for e in idx_list)


def collapse(idxs: Sequence[Any], cond: Callable[[Any], bool]) -> list:
    """The entries of idxs (looking inside slices) for which cond holds, in order."""
    out = []
    for idx in idxs:
        parts = [idx.start, idx.stop, idx.step] if isinstance(idx, slice) and not cond(idx) else [idx]
        out.extend(p for p in parts if cond(p))
    return out


def fill_idx_list(idx_list: Sequence[Any], index_inputs: Sequence[Any]) -> list:
    """idx_list with each IndexScalarType replaced by the next of index_inputs (Theano's get_idx_list)."""
    it = iter(index_inputs)

    def conv(e: Any) -> Any:
        if isinstance(e, Type):
            return next(it)
        if isinstance(e, slice):
            return slice(conv(e.start), conv(e.stop), conv(e.step))
        return e
    return [conv(e) for e in idx_list]


def convert_index(entry: Any, slice_ok: bool = True) -> Any:
    """An index as an idx_list entry; AdvancedIndexingError when it needs advanced indexing."""
    if isinstance(entry, (np.ndarray, Variable)) and getattr(entry, "dtype", None) == "bool":
        raise AdvancedBooleanIndexingError(Subtensor.e_indextype, entry)
    if isinstance(entry, IndexScalarType):
        return entry
    if isinstance(entry, Variable) and isinstance(entry.type, TensorType):
        if entry.ndim == 0 and entry.dtype in _dt.continuous_dtypes:
            raise TypeError("Expected an integer")
        if entry.ndim == 0 and entry.dtype in _dt.int_dtypes:
            return IndexScalarType(entry.dtype)
    if slice_ok and isinstance(entry, slice):
        stop = None if entry.stop is None or (isinstance(entry.stop, int) and entry.stop == sys.maxsize) else entry.stop
        return slice(*(None if p is None else convert_index(p, False) for p in (entry.start, stop, entry.step)))
    if isinstance(entry, (int, np.integer)) and not isinstance(entry, bool):
        raise TypeError("Python scalar in idx_list.Please report this error to theano-dev.")
    raise AdvancedIndexingError(Subtensor.e_indextype, entry)


# --------------------------------------------------------------------------- integer graphs that fold constants

def known_int(v: Any) -> int | None:
    """The value of a python int or a 0-d integer constant, else None."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return int(v)
    if isinstance(v, Constant) and np.ndim(v.data) == 0:
        return int(v.data)
    return None


def as_int64(v: Any) -> Variable:
    """A python int or integer scalar variable as an int64 scalar variable."""
    if isinstance(v, (int, np.integer)):
        return constant(int(v), dtype="int64")
    return v if v.dtype == "int64" else cast(v, "int64")


def _fold(pyfn: Callable[[int, int], Any], tensor_fn: Callable[[Any, Any], Variable]) -> Callable[[Any, Any], Any]:
    def fn(a: Any, b: Any) -> Any:
        ka, kb = known_int(a), known_int(b)
        if ka is not None and kb is not None:
            return pyfn(ka, kb)
        return tensor_fn(as_int64(a), as_int64(b))
    return fn


_add = _fold(operator.add, add)
_sub = _fold(operator.sub, sub)
_mul = _fold(operator.mul, mul)
_floordiv = _fold(operator.floordiv, int_div)
_min = _fold(min, minimum)
_max = _fold(max, maximum)
_lt = _fold(operator.lt, lt)
_gt = _fold(operator.gt, gt)
_eq = _fold(operator.eq, eq)


def _switch(cond: Any, a: Any, b: Any) -> Any:
    if isinstance(cond, (bool, np.bool_)):
        return a if cond else b
    return switch(cond, as_int64(a), as_int64(b))


def _clip_index(i: Any, n: Any, low: Any, high: Any) -> Any:
    """Python's slice-bound normalisation: negative bounds count from the end, then clip to [low, high]."""
    return _switch(_lt(i, 0), _max(_add(i, n), low), _min(i, high))


def _length_pos(start: Any, stop: Any, step: Any, n: Any) -> Any:
    s = 0 if start is None else _clip_index(start, n, 0, n)
    t = n if stop is None else _clip_index(stop, n, 0, n)
    if known_int(step) == 1:
        return _max(_sub(t, s), 0)
    return _max(_floordiv(_add(_sub(t, s), _sub(step, 1)), step), 0)


def _length_neg(start: Any, stop: Any, step: Any, n: Any) -> Any:
    last = _sub(n, 1)
    s = last if start is None else _clip_index(start, n, -1, last)
    t = -1 if stop is None else _clip_index(stop, n, -1, last)
    return _max(_floordiv(_sub(_sub(s, t), _add(step, 1)), _mul(step, -1)), 0)


def slice_length(start: Any, stop: Any, step: Any, n: Any) -> Any:
    """len(range(n)[start:stop:step]) as a python int (all known) or an exact int64 graph."""
    k = 1 if step is None else known_int(step)
    if k == 0:
        raise ValueError("slice step cannot be zero")
    if k is not None:
        return _length_pos(start, stop, k, n) if k > 0 else _length_neg(start, stop, k, n)
    step = HostCheck("step")(as_int64(step), as_int64(step))
    return _switch(_gt(step, 0), _length_pos(start, stop, step, n), _length_neg(start, stop, step, n))


# --------------------------------------------------------------------------- host-side checks

def host_cheap(variables: Sequence[Variable]) -> bool:
    """True if `variables` are computed on the host cheaply: scalar/vector ops with host_impl on non-shared inputs.

    Used to decide whether an integer index may be bounds-checked in the host shape program.
    """
    stack = list(variables)
    seen: set[int] = set()
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if isinstance(v, Constant):
            continue
        if getattr(v.type, "ndim", 2) > 1 or hasattr(v, "get_value"):
            return False
        if v.owner is None:
            continue
        op = v.owner.op
        if not hasattr(op, "host_impl"):
            return False
        if isinstance(op, (Shape, Shape_i)):
            if v.owner.inputs[0].owner is not None:
                return False
            continue
        stack.extend(v.owner.inputs)
    return True


def host_shape_available(x: Variable, limit: int = 64) -> bool:
    """True if x's shape comes from graph inputs through ops with infer_shape (a short walk, at most `limit` nodes),
    so the shape program can get it without computing x on the host."""
    stack = [x]
    seen: set[int] = set()
    while stack:
        v = stack.pop()
        if id(v) in seen or v.owner is None:
            continue
        seen.add(id(v))
        if len(seen) > limit or not hasattr(v.owner.op, "infer_shape"):
            return False
        stack.extend(v.owner.inputs)
    return True


def checkable(x: Variable, index_vars: Sequence[Variable]) -> bool:
    """Whether symbolic indices into x get a host-side bounds check (cheap indices, x's shape known on the host)."""
    index_vars = [v for v in index_vars if not isinstance(v, Constant)]
    return bool(index_vars) and host_cheap(index_vars) and host_shape_available(x)


def int_index_checks(idx_list: Sequence[Any], x: Variable, index_inputs: Sequence[Variable]) -> list[tuple[int, Variable]]:
    """(axis, index) of the symbolic integer indices of a basic idx_list that are bounds-checked on the host."""
    idx = fill_idx_list(idx_list, index_inputs)
    found = [(axis, e) for axis, e in enumerate(idx) if isinstance(e, Variable) and not isinstance(e, Constant)]
    return found if found and checkable(x, [e for _, e in found]) else []


def thread_checks(entries: list, checks: Sequence[tuple[str, int, Sequence[Any]]]) -> list:
    """Route the first shape entry through HostChecks so the shape program runs them (needs one entry)."""
    if not entries or not checks:
        return entries
    first = as_int64(entries[0]) if not isinstance(entries[0], Variable) else entries[0]
    for kind, axis, args in checks:
        first = HostCheck(kind, axis)(first, *args)
    return [first] + list(entries[1:])


# --------------------------------------------------------------------------- Subtensor

class Subtensor(Op):
    """x[idx_list]: integer indices and slices, a view in Theano; symbolic bounds stay dynamic on the device."""

    e_subslice = "nested slicing is not supported"
    e_indextype = "Invalid index type or slice for Subtensor"
    view_map = {0: [0]}
    __props__ = ("idx_list",)
    convert = staticmethod(convert_index)
    collapse = staticmethod(collapse)

    def __init__(self, idx_list: Sequence[Any]):
        self.idx_list = tuple(convert_index(e) for e in idx_list)

    def __hash__(self) -> int:
        return hash((type(self), hashable_idx(self.idx_list)))

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and hashable_idx(self.idx_list) == hashable_idx(other.idx_list)  # type: ignore[attr-defined]

    @staticmethod
    def str_from_slice(entry: slice) -> str:
        return ":".join("" if p is None else str(p) for p in (entry.start, entry.stop, entry.step))

    def __str__(self) -> str:
        parts = [self.str_from_slice(e) if isinstance(e, slice) else str(e) for e in self.idx_list]
        return "%s{%s}" % (type(self).__name__, ", ".join(parts))

    def make_node(self, x: Any, *inputs: Any) -> Apply:
        x = as_tensor_variable(x)
        inputs = check_index_inputs(self.idx_list, inputs, x, "Subtensor")
        padded = fill_idx_list(self.idx_list, inputs) + [slice(None)] * (x.ndim - len(self.idx_list))
        bcast = []
        for p, bc in zip(padded, x.broadcastable):
            if isinstance(p, slice):
                start, stop = known_int(p.start), known_int(p.stop)
                starts_at_0 = p.start is None or start == 0
                bcast.append(bool(bc and starts_at_0 and (p.stop is None or (stop is not None and stop > 0))))
        return Apply(self, [x] + inputs, [TensorType(x.dtype, tuple(bcast))()])

    def get_constant_idx(self, inputs: Sequence[Variable], allow_partial: bool = False,
                         only_process_constants: bool = False, elemwise: bool = True) -> list:
        """The idx_list with constant inputs as python ints (NotScalarConstantError unless allow_partial)."""

        def conv(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, slice):
                return slice(conv(v.start), conv(v.stop), conv(v.step))
            try:
                return int(get_scalar_constant_value(v, elemwise=elemwise, only_process_constants=only_process_constants))
            except NotScalarConstantError:
                if allow_partial:
                    return v
                raise
        return [conv(e) for e in fill_idx_list(self.idx_list, list(inputs)[1:])]

    def _symbolic_slice_parts(self, node: Apply) -> bool:
        idx = fill_idx_list(self.idx_list, node.inputs[1:])
        return any(isinstance(p, Variable) and not isinstance(p, Constant)
                   for e in idx if isinstance(e, slice) for p in (e.start, e.stop, e.step))

    def value_dependent_shape(self, node: Apply) -> bool:
        if self._symbolic_slice_parts(node):
            return True
        return node.outputs[0].ndim > 0 and bool(int_index_checks(self.idx_list, node.inputs[0], node.inputs[1:]))

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        xshp = shapes[0]
        idx = fill_idx_list(self.idx_list, node.inputs[1:])
        padded = idx + [slice(None)] * (len(xshp) - len(idx))
        out = []
        for e, n in zip(padded, xshp):
            if not isinstance(e, slice):
                continue
            if (e.start is None or known_int(e.start) == 0) and e.stop is None and (e.step is None or known_int(e.step) == 1):
                out.append(n)
            else:
                out.append(as_int64(slice_length(e.start, e.stop, e.step, n)))
        checks = [("bounds", axis, (i, xshp[axis])) for axis, i in int_index_checks(self.idx_list, node.inputs[0], node.inputs[1:])]
        return [tuple(thread_checks(out, checks))]

    def scalar_constant_source(self, node: Apply) -> Variable | np.ndarray | None:
        """For get_scalar_constant_value: `shape(x)[i]` of a broadcastable dimension is 1, `make_vector(...)[i]`
        is that input (with a constant i); None otherwise."""
        vec = node.inputs[0]
        if node.outputs[0].ndim == 0 and isinstance(vec, Constant):  # an element of a constant
            idx = self.get_constant_idx(node.inputs, allow_partial=True)
            if len(idx) == vec.ndim and all(isinstance(i, (int, np.integer)) for i in idx):
                try:
                    return np.asarray(np.asarray(vec.data)[tuple(idx)])
                except IndexError:
                    return None
            return None
        if node.outputs[0].ndim != 0 or vec.owner is None:
            return None
        idx = self.get_constant_idx(node.inputs, allow_partial=True)
        if len(idx) != 1 or not isinstance(idx[0], int):
            return None
        i = idx[0]
        if isinstance(vec.owner.op, Shape):
            x = vec.owner.inputs[0]
            return np.asarray(1) if -x.ndim <= i < x.ndim and x.broadcastable[i] else None
        if isinstance(vec.owner.op, MakeVector) and -len(vec.owner.inputs) <= i < len(vec.owner.inputs):
            return vec.owner.inputs[i]
        return None

    def static_vector_length(self, node: Apply) -> int | None:
        """Length of a sliced vector of known length with constant bounds (for get_vector_length)."""
        x = node.inputs[0]
        if x.ndim != 1 or node.outputs[0].ndim != 1:
            return None
        try:
            n = get_vector_length(x)
        except (TypeError, ValueError):
            return None
        e = fill_idx_list(self.idx_list, node.inputs[1:])[0]
        parts = [known_int(p) if p is not None else None for p in (e.start, e.stop, e.step)]
        if any(p is None and q is not None for p, q in zip(parts, (e.start, e.stop, e.step))):
            return None
        return len(range(n)[slice(*parts)])

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        gz, = grads
        x, rest = inputs[0], inputs[1:]
        if x.dtype in _dt.discrete_dtypes:
            first = zeros_like(x, dtype=config.floatX)
        else:
            first = IncSubtensor(self.idx_list)(zeros_like(x), gz, *rest)
        return [first] + [DisconnectedType()() for _ in rest]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True]] + [[False]] * (len(node.inputs) - 1)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self(eval_points[0], *inputs[1:], return_list=True)

    def host_impl(self, node: Apply, x: Any, *idx: Any) -> np.ndarray:
        key = host_key(self.idx_list, idx)
        return np.asarray(np.asarray(x)[key])


def host_key(idx_list: Sequence[Any], values: Sequence[Any]) -> tuple:
    """The numpy index tuple of an idx_list filled with concrete integer values."""
    key = []
    for e in fill_idx_list(idx_list, [int(v) for v in values]):
        if isinstance(e, slice) and e.step == 0:
            raise ValueError("slice step cannot be zero")
        key.append(e)
    return tuple(key)


def check_index_inputs(idx_list: Sequence[Any], inputs: Sequence[Any], x: Variable, opname: str) -> list[Variable]:
    """Validate the index inputs against the idx_list template; python ints become constants."""
    if len(idx_list) > x.ndim:
        raise IndexError("too many indices for array")
    types = collapse(idx_list, lambda e: isinstance(e, Type))
    if len(inputs) != len(types):
        raise IndexError("Not enough inputs to fill in the %s template." % opname, inputs, idx_list)
    out = []
    for inp, expected in zip(inputs, types):
        if not isinstance(inp, Variable):
            inp = index_constant(inp, expected.dtype)
        inp = as_tensor_variable(inp)
        if inp.ndim != 0 or inp.dtype != expected.dtype:
            raise TypeError("Wrong type for %s template. Expected %s, got %s." % (opname, inp.type, expected))
        out.append(inp)
    return out


# --------------------------------------------------------------------------- IncSubtensor

class IncSubtensor(Op):
    """x with x[idx_list] incremented by (or set to) y; y broadcasts to the indexed region."""

    __props__ = ("idx_list", "inplace", "set_instead_of_inc")

    def __init__(self, idx_list: Sequence[Any], inplace: bool = False, set_instead_of_inc: bool = False,
                 destroyhandler_tolerate_aliased: Any = None):
        self.idx_list = tuple(convert_index(e) for e in idx_list)
        self.inplace = False  # accepted and ignored: JAX updates are functional
        self.set_instead_of_inc = bool(set_instead_of_inc)

    def __hash__(self) -> int:
        return hash((type(self), hashable_idx(self.idx_list), self.inplace, self.set_instead_of_inc))

    def __eq__(self, other: object) -> bool:
        return (type(self) is type(other) and hashable_idx(self.idx_list) == hashable_idx(other.idx_list)  # type: ignore[attr-defined]
                and self.set_instead_of_inc == other.set_instead_of_inc)  # type: ignore[attr-defined]

    def __str__(self) -> str:
        parts = [Subtensor.str_from_slice(e) if isinstance(e, slice) else str(e) for e in self.idx_list]
        return "%s{%s;%s}" % (type(self).__name__, "Set" if self.set_instead_of_inc else "Inc", ", ".join(parts))

    def make_node(self, x: Any, y: Any, *inputs: Any) -> Apply:
        x, y = as_tensor_variable(x), as_tensor_variable(y)
        if y.ndim > x.ndim:
            raise ValueError("Trying to increment a %d-dimensional subtensor with a %d-dimensional value." % (x.ndim, y.ndim))
        inputs = check_index_inputs(self.idx_list, inputs, x, "Subtensor")
        return Apply(self, [x, y] + inputs, [x.type()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return bool(int_index_checks(self.idx_list, node.inputs[0], node.inputs[2:]))

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        checks = [("bounds", axis, (i, shapes[0][axis])) for axis, i in int_index_checks(self.idx_list, node.inputs[0], node.inputs[2:])]
        return [tuple(thread_checks(list(shapes[0]), checks))]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None or eval_points[1] is None:
            return [None]
        return self(eval_points[0], eval_points[1], *inputs[2:], return_list=True)

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True]] + [[False]] * (len(node.inputs) - 2)

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        g, = grads
        x, y, idx = inputs[0], inputs[1], inputs[2:]
        if x.dtype in _dt.discrete_dtypes:
            gx = zeros_like(x, dtype=config.floatX)
            gy = zeros_like(y, dtype=config.floatX) if y.dtype in _dt.discrete_dtypes else zeros_like(y)
        elif x.dtype in _dt.complex_dtypes:
            raise NotImplementedError("No support for complex grad yet")
        else:
            if self.set_instead_of_inc:
                gx = IncSubtensor(self.idx_list, set_instead_of_inc=True)(g, zeros_like(y), *idx)
            else:
                gx = g
            gy = sum_grad_over_bcasted_dims(y, Subtensor(self.idx_list)(g, *idx))
        return [gx, gy] + [DisconnectedType()() for _ in idx]

    def check_value_cast(self, node: Apply) -> None:
        """Raise numpy's UFuncTypeError where Theano 1.0.5's perform (`sub_x += y`) does: an increment
        of an n-d region (n > 0) by a value whose dtype numpy will not cast to x's by `same_kind`; a 0-d
        value of x's kind (int/uint, float) is cast by value in Theano's numpy and passes here."""
        x, y = node.inputs[:2]
        region_ndim = x.ndim - sum(not isinstance(e, slice) for e in self.idx_list)
        if self.set_instead_of_inc or region_ndim == 0:
            return
        kinds = [{"u": "i"}.get(np.dtype(d).kind, np.dtype(d).kind) for d in (x.dtype, y.dtype)]
        if y.ndim == 0 and kinds[0] == kinds[1]:
            return
        np.add(np.zeros(1, x.dtype), np.zeros(1, y.dtype), out=np.zeros(1, x.dtype), casting="same_kind")

    def host_impl(self, node: Apply, x: Any, y: Any, *idx: Any) -> np.ndarray:
        self.check_value_cast(node)
        out = np.array(x, copy=True)
        key = host_key(self.idx_list, idx)
        if self.set_instead_of_inc:
            out[key] = y
        else:
            out[key] = out[key] + y
        return out


def sum_grad_over_bcasted_dims(x: Variable, gx: Variable) -> Variable:
    """Sum gx over the dimensions where x was broadcast, so it gets x's broadcastable pattern."""
    if gx.broadcastable == x.broadcastable:
        return gx
    added = gx.ndim - x.ndim
    x_broad = (True,) * added + tuple(x.broadcastable)
    axes = [i for i in range(gx.ndim) if not gx.broadcastable[i] and x_broad[i]]
    if axes:
        gx = tensor_sum(gx, axis=axes, keepdims=True)
    if gx.ndim != x.ndim:
        gx = gx.dimshuffle(*range(added, gx.ndim))
    if gx.broadcastable != x.broadcastable:
        gx = patternbroadcast(gx, x.broadcastable)
    return gx

__all__ = ["Subtensor", "IncSubtensor", "AdvancedIndexingError", "AdvancedBooleanIndexingError", "HostCheck",
           "IndexScalarType", "index_constant", "make_constant", "slice_length"]
