"""Joining and splitting tensors: Join (join, concatenate, stack, horizontal/vertical_stack, stacklists) and Split."""
from __future__ import annotations

import warnings
from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, register_sequence_converter
from theano.frontend.grad_types import DisconnectedType, disconnected_type, grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.alloc import _all_constant, _const_int, _i64
from theano.frontend.ops.layout import shape_padaxis
from theano.frontend.ops.math import eq, ge, switch
from theano.frontend.ops.shape import (MakeVector, get_vector_length, make_vector, patternbroadcast, shape,
                                       shape_entries, shape_i)
from theano.frontend.type import TensorType

__all__ = ["Join", "join_", "join", "concatenate", "stack", "horizontal_stack", "vertical_stack", "stacklists",
           "Split", "split"]


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
        axis, tensors = axis_and_tensors[0], axis_and_tensors[1:]
        if not tensors:
            raise ValueError("Cannot join an empty list of tensors")
        args = [as_tensor_variable(x) for x in tensors]
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
        axis_var = as_tensor_variable(axis)
        if axis_var.ndim != 0 or axis_var.dtype not in _dt.int_dtypes:
            raise TypeError("Axis could not be cast to an integer type", axis, axis_var.type,
                            tuple(TensorType(dt, ()) for dt in _dt.int_dtypes))
        out_dtype = _dt.upcast(*[a.dtype for a in args])
        return Apply(self, [axis_var] + args, [TensorType(out_dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
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
                join_dim = switch(ge(axis, 0), axis, axis + ndim)
                out.append(switch(eq(d, join_dim), total, ishapes[0][d]))
        return [tuple(out)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        gz, = grads
        axis, tensors = inputs[0], inputs[1:]
        rval: list[Any] = [grad_undefined(self, 0, axis)]
        out_dtype = _dt.upcast(*[t.dtype for t in tensors])
        if out_dtype in _dt.continuous_dtypes:
            const = _const_int(axis) if isinstance(axis, Constant) else None
            if const is not None:
                sizes = [shape_i(t, const % t.ndim) for t in tensors]
            else:
                sizes = [shape(t)[axis] for t in tensors]
            parts = Split(len(tensors))(gz, axis, make_vector(*[_i64(s) for s in sizes]), return_list=True)
            rval += [patternbroadcast(g, t.broadcastable) for t, g in zip(tensors, parts)]
        else:
            rval += [t.zeros_like(dtype=config.floatX) for t in tensors]
        return rval

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points[1:]:
            return [None]
        return self.make_node(inputs[0], *eval_points[1:]).outputs

    def static_vector_length(self, node: Apply) -> int | None:
        try:
            return sum(get_vector_length(t) for t in node.inputs[1:])
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


def stack(*tensors: Any, **kwargs: Any) -> Variable:
    """Stack tensors along a new axis (MakeVector for scalars, else Join of dimshuffled inputs)."""
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
        tvars = [as_tensor_variable(t) for t in tensors]
        dtype = _dt.upcast(*[t.dtype for t in tvars])
        return MakeVector(dtype)(*tvars)
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
        x, axis, splits = as_tensor_variable(x), as_tensor_variable(axis), as_tensor_variable(splits)
        if splits.ndim != 1 or splits.dtype not in _dt.int_dtypes:
            raise TypeError("splits must have type tensor.lvector", splits.type)
        if axis.ndim != 0 or axis.dtype not in _dt.int_dtypes:
            raise TypeError("axis must have type lscalar", axis.type)
        return Apply(self, [x, axis, splits], [x.type() for _ in range(self.len_splits)])

    def _sizes(self, splits: Variable) -> list[Variable]:
        return [_i64(s) for s in shape_entries(splits, self.len_splits)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        x, axis, splits = node.inputs
        sizes = self._sizes(splits)
        const = _const_int(axis) if isinstance(axis, Constant) else None
        out = []
        for k in range(self.len_splits):
            if const is not None:
                ax = const % x.ndim
                out.append(tuple(sizes[k] if d == ax else s for d, s in enumerate(shapes[0])))
            else:
                out.append(tuple(switch(eq(d, switch(ge(axis, 0), axis, axis + x.ndim)), sizes[k], s)
                                 for d, s in enumerate(shapes[0])))
        return out

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Any]:
        x, axis, n = inputs
        if all(g is None or isinstance(g.type, DisconnectedType) for g in g_outputs):
            return [disconnected_type(), grad_undefined(self, 1, axis), grad_undefined(self, 2, n)]
        outputs = self(*inputs, return_list=True)
        gs = [o.zeros_like() if g is None or isinstance(g.type, DisconnectedType) else g
              for o, g in zip(outputs, g_outputs)]
        return [join(axis, *gs), grad_undefined(self, 1, axis), grad_undefined(self, 2, n)]

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


def split(x: Any, splits_size: Any, n_splits: int, axis: Any = 0) -> Any:
    """Split `x` along `axis` into `n_splits` pieces of the given sizes: a list of them, or the one variable
    itself when n_splits is 1 (as Theano's, whose Op call returns a single output unwrapped)."""
    return Split(n_splits)(x, axis, splits_size)


register_sequence_converter(stack)  # as_tensor_variable([a, b]) is stack([a, b])
