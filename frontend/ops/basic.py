"""Creation, joining and layout ops (tensor/basic.py): Alloc, Join, Split, ARange, Eye, Tri, diagonals, flatten.

Ops whose output shape depends on input values (Alloc, ARange, Eye, Tri, Split) mark it with
`value_dependent_shape`; their `infer_shape` is exact and built from host-evaluable ops, so the
compiler computes the shape in numpy per call while values such as arange's start stay dynamic.
Eye/Tri and the diagonal ops live in `diagonal.py`, the cumulative, sorting, repeating and nonzero
ops in `extra_ops.py`; both are re-exported here.
"""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.type import TensorType

__all__ = [
    "Alloc", "alloc", "alloc_validate_shape", "zeros", "ones",
    "Join", "join_", "join", "concatenate", "stack", "horizontal_stack", "vertical_stack", "stacklists",
    "Split", "split",
    "ARange", "arange", "arange_length",
    "flatten", "is_flat", "squeeze", "swapaxes", "shape_padleft", "shape_padright", "shape_padaxis",
]


def _T() -> Any:
    from theano.frontend import tensor
    return tensor


def _i64(v: Any) -> Variable:
    """`v` as an int64 scalar variable (python ints become constants)."""
    T = _T()
    if isinstance(v, (int, np.integer)):
        return T.constant(int(v), dtype="int64")
    v = T.as_tensor_variable(v)
    return T.cast(v, "int64") if v.dtype != "int64" else v


def _const_int(v: Any) -> int | None:
    """The constant integer value of a scalar variable, or None."""
    T = _T()
    try:
        return int(T.get_scalar_constant_value(v))
    except (T.NotScalarConstantError, TypeError, ValueError):
        return None


def _all_constant(variables: Sequence[Variable]) -> bool:
    return all(isinstance(v, Constant) for v in variables)


def _disconnected() -> Variable:
    from theano.frontend.gradient import DisconnectedType
    return DisconnectedType()()


def _undefined(op: Op, i: int, x: Variable, comment: str = "") -> Variable:
    from theano.frontend.gradient import grad_undefined
    return grad_undefined(op, i, x, comment)


# --------------------------------------------------------------------------- Alloc

def alloc_validate_shape(shape: Sequence[Any]) -> tuple[list[Variable], list[bool]]:
    """Shape entries as integer scalar variables, and the output pattern (True where an entry is constant 1)."""
    T = _T()
    sh = [T.as_tensor_variable(s) for s in shape]
    bcast = []
    for i, s in enumerate(sh):
        if s.dtype not in _dt.integer_dtypes:
            raise TypeError("Shape arguments to Alloc must be integers, but argument %s is not for apply node: %s" % (i, s))
        if s.ndim != 0:
            raise TypeError("Each shape dimension to Alloc must be a scalar, "
                            "but dimension %s have %d dimensions for apply node: %s" % (i, s.ndim, s))
        bcast.append(_const_int(s) == 1)
    return sh, bcast


class Alloc(Op):
    """alloc(value, *shape): `value` broadcast to `shape` (the output has value's dtype)."""

    __props__ = ()

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs[1:])

    def make_node(self, value: Any, *shape: Any) -> Apply:
        v = _T().as_tensor_variable(value)
        sh, bcast = alloc_validate_shape(shape)
        if v.ndim > len(sh):
            raise TypeError("The Alloc value to use has more dimensions than the specified dimensions", v.ndim, len(sh))
        return Apply(self, [v] + sh, [TensorType(v.dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(_i64(s) for s in node.inputs[1:])]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True]] + [[False] for _ in node.inputs[1:]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, gz = inputs[0], grads[0]
        n_new = gz.ndim - x.ndim
        axes = list(range(n_new))
        kept = []
        for i, (ib, gb) in enumerate(zip(x.broadcastable, gz.broadcastable[n_new:])):
            if ib and not gb:
                axes.append(i + n_new)
            else:
                kept.append(i)
        gx = gz.sum(axis=axes) if axes else gz
        if len(kept) != x.ndim:
            order: list[Any] = ["x"] * x.ndim
            for idx, ax in enumerate(kept):
                order[ax] = idx
            gx = gx.dimshuffle(order)
        return [gx] + [_disconnected() for _ in inputs[1:]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self(eval_points[0], *inputs[1:], return_list=True)

    def static_vector_length(self, node: Apply) -> int | None:
        return _const_int(node.inputs[1]) if len(node.inputs) == 2 else None

    def host_impl(self, node: Apply, value: np.ndarray, *shape: np.ndarray) -> np.ndarray:
        shp = tuple(int(s) for s in shape)
        out = np.empty(shp, dtype=node.outputs[0].dtype)
        out[...] = value
        return out


alloc = Alloc()


def _shape_list(shape: Any) -> list[Any]:
    """The entries of a shape given as an int, a list/tuple or a symbolic vector (Theano's `*shape`)."""
    T = _T()
    if isinstance(shape, (list, tuple)):
        return list(shape)
    if isinstance(shape, Variable):
        shape = T.as_tensor_variable(shape)
        if shape.ndim != 1:  # iterated as in Theano: TypeError "TensorType does not support iteration"
            return list(shape)
        if shape.owner is not None and isinstance(shape.owner.op, T.Shape):
            x = shape.owner.inputs[0]
            return [T.shape_i(x, i) for i in range(x.ndim)]
        if shape.owner is not None and isinstance(shape.owner.op, T.MakeVector):
            return list(shape.owner.inputs)
        if isinstance(shape, Constant):
            return [int(s) for s in shape.data]
        return list(shape)  # iterates with get_vector_length (TypeError if unknown, as Theano)
    if isinstance(shape, np.ndarray) and shape.ndim == 1:
        return [int(s) for s in shape]
    return [shape]


def zeros(shape: Any, dtype: Any = None) -> Variable:
    """A tensor of zeros of this shape (an Alloc); dtype defaults to floatX."""
    dtype = config.floatX if dtype is None else _dt.check_dtype(dtype)
    return alloc(np.array(0, dtype=dtype), *_shape_list(shape))


def ones(shape: Any, dtype: Any = None) -> Variable:
    """A tensor of ones of this shape (an Alloc); dtype defaults to floatX."""
    dtype = config.floatX if dtype is None else _dt.check_dtype(dtype)
    return alloc(np.array(1, dtype=dtype), *_shape_list(shape))


# --------------------------------------------------------------------------- Join / Split

class Join(Op):
    """join(axis, *tensors): concatenation along `axis` (the first input, an integer scalar)."""

    __props__ = ("view",)

    def __init__(self, view: int = -1):
        self.view = view

    def __str__(self) -> str:
        return "Join" if self.view == -1 else "Join{view=%r}" % self.view

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[0], Constant)

    def make_node(self, *axis_and_tensors: Any) -> Apply:
        T = _T()
        axis, tensors = axis_and_tensors[0], axis_and_tensors[1:]
        if not tensors:
            raise ValueError("Cannot join an empty list of tensors")
        args = [T.as_tensor_variable(x) for x in tensors]
        if not all(a.ndim for a in args):
            raise TypeError("Join cannot handle arguments of dimension 0. For joining scalar values, see @stack")
        ndim = args[0].ndim
        if len(args) == 1:
            bcast = list(args[0].broadcastable)
        else:
            bcast = [False] * ndim
            if not isinstance(axis, (int, np.integer)):
                const = _const_int(axis) if isinstance(axis, Variable) and axis.dtype in _dt.integer_dtypes else None
                axis = const if const is not None else axis
            if isinstance(axis, (int, np.integer)):
                axis = int(axis)
                if axis < -ndim:
                    raise IndexError("Join axis %d out of bounds [0, %d)" % (axis, ndim))
                if axis < 0:
                    axis += ndim
                for a in args:
                    for d, b in enumerate(a.broadcastable):
                        if d != axis and b and d < ndim:
                            bcast[d] = True
                if axis >= ndim:
                    raise ValueError('Join argument "axis" is out of range (given input dimensions)')
                bcast[axis] = False
        if not all(a.ndim == ndim for a in args[1:]):
            raise TypeError("Join() can only join tensors with the same number of dimensions.")
        axis_var = T.as_tensor_variable(axis)
        if axis_var.ndim != 0 or axis_var.dtype not in _dt.int_dtypes:
            raise TypeError("Axis could not be cast to an integer type", axis, axis_var.type,
                            tuple(TensorType(dt, ()) for dt in _dt.int_dtypes))
        out_dtype = _dt.upcast(*[a.dtype for a in args])
        return Apply(self, [axis_var] + args, [TensorType(out_dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        T = _T()
        axis = node.inputs[0]
        ishapes = shapes[1:]
        ndim = len(ishapes[0])
        const = _const_int(axis) if isinstance(axis, Constant) else None
        out = []
        for d in range(ndim):
            total = ishapes[0][d]
            for shp in ishapes[1:]:
                total = total + shp[d]
            if const is not None:
                out.append(total if d == (const % ndim) else ishapes[0][d])
            else:
                join_dim = T.switch(T.ge(axis, 0), axis, axis + ndim)
                out.append(T.switch(T.eq(d, join_dim), total, ishapes[0][d]))
        return [tuple(out)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        T = _T()
        gz, = grads
        axis, tensors = inputs[0], inputs[1:]
        rval: list[Any] = [_undefined(self, 0, axis)]
        out_dtype = _dt.upcast(*[t.dtype for t in tensors])
        if out_dtype in _dt.continuous_dtypes:
            const = _const_int(axis) if isinstance(axis, Constant) else None
            if const is not None:
                sizes = [T.shape_i(t, const % t.ndim) for t in tensors]
            else:
                sizes = [T.shape(t)[axis] for t in tensors]
            parts = Split(len(tensors))(gz, axis, T.make_vector(*[_i64(s) for s in sizes]), return_list=True)
            rval += [T.patternbroadcast(g, t.broadcastable) for t, g in zip(tensors, parts)]
        else:
            rval += [t.zeros_like(dtype=config.floatX) for t in tensors]
        return rval

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points[1:]:
            return [None]
        return self.make_node(inputs[0], *eval_points[1:]).outputs

    def static_vector_length(self, node: Apply) -> int | None:
        T = _T()
        try:
            return sum(T.get_vector_length(t) for t in node.inputs[1:])
        except (TypeError, ValueError):
            return None

    def host_impl(self, node: Apply, axis: np.ndarray, *tensors: np.ndarray) -> np.ndarray:
        return np.concatenate(tensors, axis=int(axis)).astype(node.outputs[0].dtype, copy=False)


join_ = Join()


def join(axis: Any, *tensors_list: Any) -> Variable:
    """Concatenate tensors along `axis`; a single tensor is returned unchanged."""
    if len(tensors_list) == 1:
        return tensors_list[0]
    return join_(axis, *tensors_list)


def concatenate(tensor_list: Sequence[Any], axis: Any = 0) -> Variable:
    """numpy-style join: concatenate([a, b], axis)."""
    if not isinstance(tensor_list, (tuple, list)):
        raise TypeError("The 'tensors' argument must be either a tuple or a list, make sure you did not forget () or "
                        "[] around arguments of concatenate.", tensor_list)
    return join(axis, *tensor_list)


def shape_padleft(t: Any, n_ones: int = 1) -> Variable:
    """`t` with `n_ones` broadcastable dimensions added on the left."""
    t = _T().as_tensor_variable(t)
    return t.dimshuffle(["x"] * n_ones + list(range(t.ndim)))


def shape_padright(t: Any, n_ones: int = 1) -> Variable:
    """`t` with `n_ones` broadcastable dimensions added on the right."""
    t = _T().as_tensor_variable(t)
    return t.dimshuffle(list(range(t.ndim)) + ["x"] * n_ones)


def shape_padaxis(t: Any, axis: int) -> Variable:
    """`t` with a broadcastable dimension inserted at `axis`."""
    t = _T().as_tensor_variable(t)
    ndim = t.ndim + 1
    if not -ndim <= axis < ndim:
        raise IndexError("axis {0} is out of bounds [-{1}, {1})".format(axis, ndim))
    if axis < 0:
        axis += ndim
    pattern: list[Any] = list(range(t.ndim))
    pattern.insert(axis, "x")
    return t.dimshuffle(pattern)


def stack(*tensors: Any, **kwargs: Any) -> Variable:
    """Stack tensors along a new axis (MakeVector for scalars, else Join of dimshuffled inputs)."""
    T = _T()
    if not tensors and not kwargs:
        raise Exception("theano.tensor.stack(tensors, axis) must have at least one parameter")
    if not kwargs and not isinstance(tensors[0], (list, tuple)):
        warnings.warn("stack(*tensors) interface is deprecated, use stack(tensors, axis=0) instead.",
                      DeprecationWarning, stacklevel=2)
        axis = 0
    elif "tensors" in kwargs:
        tensors = kwargs["tensors"]
        axis = kwargs.get("axis", 0)
    else:
        axis = tensors[1] if len(tensors) == 2 else kwargs.get("axis", 0)
        tensors = tensors[0]
    if len(tensors) == 0:
        raise Exception("tensors is empty. You should at least provide one tensor to "
                        "theano.tensor.stack(tensors, axis).")
    if all(isinstance(t, (np.number, float, int, complex)) and not isinstance(t, bool)
           or (isinstance(t, Variable) and isinstance(t.type, TensorType) and t.ndim == 0) for t in tensors):
        tvars = [T.as_tensor_variable(t) for t in tensors]
        dtype = _dt.upcast(*[t.dtype for t in tvars])
        return T.MakeVector(dtype)(*tvars)
    return join(axis, *[shape_padaxis(t, axis) for t in tensors])


def horizontal_stack(*args: Any) -> Variable:
    """Join matrices along their second axis."""
    _check_matrices("horizontal_stack", args)
    return concatenate(args, axis=1)


def vertical_stack(*args: Any) -> Variable:
    """Join matrices along their first axis."""
    _check_matrices("vertical_stack", args)
    return concatenate(args, axis=0)


def _check_matrices(name: str, args: Sequence[Any]) -> None:
    if len(args) < 2:
        raise TypeError(f"{name} needs at least 2 matrices, got {len(args)}")
    for k, a in enumerate(args):
        if getattr(getattr(a, "type", None), "ndim", None) != 2:
            raise TypeError(f"{name}: argument {k} must be a matrix, got {getattr(a, 'type', a)}")


def stacklists(arg: Any) -> Any:
    """Stack nested lists of tensors into one tensor with the lists' structure."""
    if isinstance(arg, (tuple, list)):
        return stack([stacklists(a) for a in arg])
    return arg


class Split(Op):
    """split(x, splits, n, axis): `n` pieces of `x` along `axis`, of lengths given by the int vector `splits`."""

    __props__ = ("len_splits",)

    def __init__(self, len_splits: int):
        self.len_splits = int(len_splits)

    def __str__(self) -> str:
        return "Split{%s}" % self.len_splits

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs[1:])

    def make_node(self, x: Any, axis: Any, splits: Any) -> Apply:
        T = _T()
        x, axis, splits = T.as_tensor_variable(x), T.as_tensor_variable(axis), T.as_tensor_variable(splits)
        if splits.ndim != 1 or splits.dtype not in _dt.int_dtypes:
            raise TypeError("splits must have type tensor.lvector", splits.type)
        if axis.ndim != 0 or axis.dtype not in _dt.int_dtypes:
            raise TypeError("axis must have type lscalar", axis.type)
        return Apply(self, [x, axis, splits], [x.type() for _ in range(self.len_splits)])

    def _sizes(self, splits: Variable) -> list[Variable]:
        from theano.frontend.ops.shape import shape_entries
        return [_i64(s) for s in shape_entries(splits, self.len_splits)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        T = _T()
        x, axis, splits = node.inputs
        sizes = self._sizes(splits)
        const = _const_int(axis) if isinstance(axis, Constant) else None
        out = []
        for k in range(self.len_splits):
            if const is not None:
                ax = const % x.ndim
                out.append(tuple(sizes[k] if d == ax else s for d, s in enumerate(shapes[0])))
            else:
                out.append(tuple(T.switch(T.eq(d, T.switch(T.ge(axis, 0), axis, axis + x.ndim)), sizes[k], s)
                                 for d, s in enumerate(shapes[0])))
        return out

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Any]:
        from theano.frontend.gradient import DisconnectedType
        x, axis, n = inputs
        if all(g is None or isinstance(g.type, DisconnectedType) for g in g_outputs):
            return [_disconnected(), _undefined(self, 1, axis), _undefined(self, 2, n)]
        outputs = self(*inputs, return_list=True)
        gs = [o.zeros_like() if g is None or isinstance(g.type, DisconnectedType) else g
              for o, g in zip(outputs, g_outputs)]
        return [join(axis, *gs), _undefined(self, 1, axis), _undefined(self, 2, n)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None] * self.len_splits
        return self.make_node(eval_points[0], *inputs[1:]).outputs

    def host_impl(self, node: Apply, x: np.ndarray, axis: np.ndarray, splits: np.ndarray) -> list[np.ndarray]:
        return split_values(x, int(axis), [int(s) for s in splits], self.len_splits)


def split_values(x: Any, axis: int, sizes: Sequence[int], n: int) -> list[Any]:
    """Check Split's sizes against x (Theano's errors) and return the pieces (numpy or jax arrays)."""
    ndim = np.ndim(x)
    if not -ndim <= axis < ndim:
        raise ValueError("Split.perform() with axis=(%s) is invalid for x.shape==(%s)" % (axis, np.shape(x)))
    if len(sizes) != n:
        raise ValueError("In Split.perform(), len(splits) != len_splits.", (len(sizes), n))
    length = np.shape(x)[axis]
    if sum(sizes) != length:
        raise ValueError("The splits sum to %s, expected %s" % (sum(sizes), length))
    if any(s < 0 for s in sizes):
        raise ValueError("Split: you tried to make an ndarray with a negative number of elements.")
    out = []
    start = 0
    for s in sizes:
        key = [slice(None)] * ndim
        key[axis] = slice(start, start + s)
        out.append(x[tuple(key)])
        start += s
    return out


def split(x: Any, splits_size: Any, n_splits: int, axis: Any = 0) -> list[Variable]:
    """Split `x` along `axis` into `n_splits` pieces of the given sizes."""
    return Split(n_splits)(x, axis, splits_size, return_list=True)


# --------------------------------------------------------------------------- ARange

def _is_constant_value(var: Variable, value: Any) -> bool:
    T = _T()
    try:
        return bool(np.all(T.get_scalar_constant_value(var) == value))
    except T.NotScalarConstantError:
        return False


def arange_length(start: Any, stop: Any, step: Any) -> int:
    """numpy's arange length for these scalar values."""
    if step == 0:
        raise ValueError("arange: step must not be 0 (Maximum allowed size exceeded)")
    return max(int(np.ceil((np.float64(stop) - np.float64(start)) / np.float64(step))), 0)


class ARange(Op):
    """arange(start, stop, step) as a vector of `dtype`; the length is computed on the host, start/step stay dynamic."""

    __props__ = ("dtype",)

    def __init__(self, dtype: str):
        self.dtype = dtype

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs)

    def make_node(self, start: Any, stop: Any, step: Any) -> Apply:
        T = _T()
        args = [T.as_tensor_variable(v) for v in (start, stop, step)]
        for name, v in zip(("start", "stop", "step"), args):
            if v.ndim != 0:
                raise TypeError(f"arange: {name} must be a scalar, got {v.type}")
        return Apply(self, args, [TensorType(self.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        T = _T()
        start, stop, step = node.inputs

        def upcast(var: Variable) -> Variable:
            if var.dtype in _dt.integer_dtypes and _dt.upcast(var.dtype, "int64") == "int64":
                return T.cast(var, "int64")
            return var

        if _is_constant_value(step, 1):
            if _is_constant_value(start, 0):
                return [(T.cast(stop, "int64"),)]
            return [(T.maximum(T.cast(upcast(stop) - upcast(start), "int64"), 0),)]
        diff = T.cast(upcast(stop) - upcast(start), "float64")
        return [(T.maximum(T.cast(T.ceil(diff / step), "int64"), 0),)]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [True]]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        start, stop, step = inputs
        gz, = grads
        if self.dtype in _dt.discrete_dtypes:
            return [start.zeros_like(dtype=config.floatX), _disconnected(), step.zeros_like(dtype=config.floatX)]
        n_steps = _T().shape_i(outputs[0], 0)
        return [gz.sum(), _disconnected(), (gz * arange(n_steps, dtype=self.dtype)).sum()]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None]

    def static_vector_length(self, node: Apply) -> int | None:
        if not _all_constant(node.inputs):
            return None
        start, stop, step = (np.asarray(v.data).item() for v in node.inputs)
        return arange_length(start, stop, step)

    def host_impl(self, node: Apply, start: np.ndarray, stop: np.ndarray, step: np.ndarray) -> np.ndarray:
        if np.asarray(step).item() == 0:
            raise ValueError("arange: step must not be 0 (Maximum allowed size exceeded)")
        return np.arange(np.asarray(start).item(), np.asarray(stop).item(), np.asarray(step).item(), dtype=self.dtype)


_arange: dict[str, ARange] = {}


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> Variable:
    """numpy.arange as a graph; Theano's dtype rule (integers become int64, uint -> uint64) unless dtype is given."""
    T = _T()
    if stop is None:
        start, stop = 0, start
    start, stop, step = (T.as_tensor_variable(v) for v in (start, stop, step))
    if dtype is None:
        dtype = _dt.upcast(start.dtype, stop.dtype, step.dtype)
        if dtype in _dt.int_dtypes:
            dtype = "int64"
        if dtype in _dt.uint_dtypes:
            dtype = "uint64"
        if config.cast_policy in ("numpy", "numpy+floatX"):
            numpy_dtype = str(np.arange(start=np.array(0, dtype=start.dtype), stop=np.array(1, dtype=stop.dtype),
                                        step=np.array(1, dtype=step.dtype)).dtype)
            if numpy_dtype != dtype:
                if (config.cast_policy == "numpy+floatX" and config.floatX == "float32" and numpy_dtype == "float64"
                        and all(s.dtype != "float64" for s in (start, stop, step))):
                    dtype = "float32"
                else:
                    dtype = numpy_dtype
    dtype = _dt.check_dtype(dtype)
    if dtype not in _arange:
        _arange[dtype] = ARange(dtype)
    return _arange[dtype](start, stop, step)


# --------------------------------------------------------------------------- layout helpers

def is_flat(var: Variable, ndim: int | None = None, outdim: int | None = None) -> bool:
    """Whether `var` has `ndim` dimensions (default 1)."""
    if outdim is None and ndim is None:
        ndim = 1
    elif outdim is not None and ndim is not None:
        raise ValueError("You should only specify ndim")
    elif outdim is not None:
        warnings.warn("flatten outdim parameter is deprecated, use ndim instead.")
        ndim = outdim
    return var.ndim == ndim


def flatten(x: Any, ndim: int | None = None, outdim: int | None = None) -> Variable:
    """Keep the first ndim-1 dimensions of x and collapse the rest (a Reshape, as Theano 1.0.5)."""
    T = _T()
    if outdim is None and ndim is None:
        ndim = 1
    elif outdim is not None and ndim is not None:
        raise ValueError("You should only specify ndim")
    elif outdim is not None:
        warnings.warn("flatten outdim parameter is deprecated, use ndim instead.")
        ndim = outdim
    x = T.as_tensor_variable(x)
    if ndim < 1 or (ndim > 1 and ndim > x.ndim):
        raise ValueError("ndim %s out of bound [1, %d)" % (ndim, x.ndim + 1))
    dims = [T.shape_i(x, i) for i in range(ndim - 1)] + [-1]
    out = T.reshape(x, dims, ndim=ndim)
    bcast = tuple(x.broadcastable[:ndim - 1]) + (all(x.broadcastable[ndim - 1:]),)
    return T.addbroadcast(out, *[i for i in range(ndim) if bcast[i]])


def squeeze(x: Any) -> Variable:
    """x without its broadcastable dimensions."""
    x = _T().as_tensor_variable(x)
    return x.dimshuffle([i for i in range(x.ndim) if not x.broadcastable[i]])


def swapaxes(y: Any, axis1: int, axis2: int) -> Variable:
    """y with two axes exchanged."""
    y = _T().as_tensor_variable(y)
    order = list(range(y.ndim))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return y.dimshuffle(order)


from theano.frontend.ops.diagonal import *  # noqa: E402,F401,F403
from theano.frontend.ops.diagonal import __all__ as _diagonal_all  # noqa: E402
from theano.frontend.ops.extra_ops import *  # noqa: E402,F401,F403
from theano.frontend.ops.extra_ops import __all__ as _extra_all  # noqa: E402

__all__ += _diagonal_all + _extra_all
