"""The indexing entry points: `getitem` (TensorVariable.__getitem__), `set_subtensor`, `inc_subtensor`, `take`.

`getitem` follows Theano 1.0.5's dispatch: basic indices (ints, slices, newaxis, Ellipsis, integer
scalars) give a Subtensor (newaxis through a DimShuffle); one integer array with full slices
elsewhere gives `take` (AdvancedSubtensor1); other integer-array mixes give AdvancedSubtensor; a
boolean mask gives AdvancedBooleanSubtensor.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops import shape as _shape
from theano.frontend.ops.advanced_subtensor import (AdvancedBooleanIncSubtensor, AdvancedBooleanSubtensor,
                                                    AdvancedIncSubtensor, AdvancedIncSubtensor1, AdvancedSubtensor,
                                                    AdvancedSubtensor1, advanced_subtensor1, parse_advanced)
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.math import abs_, clip, fill
from theano.frontend.ops.shape import Reshape, addbroadcast, reshape, shape_i
from theano.frontend.type import TensorType
from theano.frontend.type_other import as_python_slice
from theano.frontend.ops.subtensor import (AdvancedBooleanIndexingError, AdvancedIndexingError, HostCheck,
                                           IncSubtensor, Subtensor, _add, _clip_index, _gt, _lt, _max, _mul, _sub,
                                           _switch, as_int64, collapse, convert_index, known_int, make_constant,
                                           slice_length)

__all__ = ["getitem", "set_subtensor", "inc_subtensor", "take", "get_canonical_form_slice"]


_BOOL_LIST_ERROR = ("TensorType does not support Python bools for indexing, such as tensor[[True, False]]. "
                    "To use a boolean mask, convert the mask to a NumPy array first, e.g., "
                    "tensor[numpy.array([True, False])].")


def _is_bool_array(a: Any) -> bool:
    return isinstance(a, (np.ndarray, Variable)) and getattr(a, "dtype", None) == "bool"


def _includes_python_bool(a: Any) -> bool:
    """Python/numpy bools anywhere in a (nested) python index, as Theano refuses them."""
    stack = [a]
    while stack:
        el = stack.pop()
        if isinstance(el, (bool, np.bool_)) or (hasattr(el, "dtype") and getattr(el, "dtype", None) == "bool"):
            return True
        if not isinstance(el, (Variable, str, np.ndarray)) and isinstance(el, Iterable):
            stack.extend(el)
    return False


def _is_full_slice(a: Any) -> bool:
    return isinstance(a, slice) and a.start is None and a.stop is None and a.step is None


def _has_symbolic_bounds(a: Any) -> bool:
    return isinstance(a, slice) and any(p is not None and known_int(p) is None for p in (a.start, a.stop, a.step))


def getitem(x: Any, args: Any) -> Variable:
    """x[args] with Theano 1.0.5's semantics (the implementation of TensorVariable.__getitem__)."""
    x = as_tensor_variable(x)
    if isinstance(args, list) and any(isinstance(a, slice) for a in args):
        args = tuple(args)
    elif not isinstance(args, tuple):
        args = (args,)
    args = tuple(as_python_slice(a) for a in args)  # symbolic slices (slicetype(), make_slice) as slices of scalars

    ellipses = []
    index_dims = 0
    for k, a in enumerate(args):
        if a is None:
            continue
        if a is Ellipsis:
            ellipses.append(k)
        elif _is_bool_array(a):
            index_dims += a.ndim
        else:
            if _includes_python_bool(a):
                raise TypeError(_BOOL_LIST_ERROR)
            index_dims += 1
    if x.ndim < index_dims:
        raise IndexError("too many indices for array")
    if len(ellipses) > 1:
        raise IndexError("an index can only have a single Ellipsis (`...`)")
    if ellipses:
        at = ellipses[0]
        args = args[:at] + (slice(None),) * (x.ndim - index_dims) + args[at + 1:]

    args = tuple(np.array(a, dtype=np.int64) if (isinstance(a, (list, tuple)) and len(a) == 0) or
                 (isinstance(a, np.ndarray) and a.size == 0 and a.dtype != bool) else a for a in args)
    args = make_constant(args)

    advanced = boolean = False
    axis = None
    for k, a in enumerate(args):
        if a is None:
            continue
        try:
            convert_index(a)
        except AdvancedBooleanIndexingError:
            boolean, advanced = True, False
            break
        except AdvancedIndexingError:
            if advanced:
                axis = None
                break
            advanced, axis = True, k

    if boolean:
        return _advanced(x, args, AdvancedBooleanSubtensor)
    if advanced:
        if (axis is not None and all(_is_full_slice(a) for k, a in enumerate(args) if k != axis)
                and (isinstance(args[axis], (np.ndarray, list))
                     or isinstance(args[axis], Variable) and isinstance(args[axis].type, TensorType))):
            return take(x, args[axis], axis)
        return _advanced(x, args, AdvancedSubtensor)

    if any(a is None for a in args):
        pattern: list[Any] = []
        new_args = []
        counter = 0
        for a in args:
            if a is None:
                pattern.append("x")
                new_args.append(slice(None))
            else:
                pattern.append(counter)
                counter += 1
                new_args.append(a)
        pattern.extend(range(counter, x.ndim))
        view = x.dimshuffle(pattern)
        if all(_is_full_slice(a) for a in new_args):
            return view
        return getitem(view, tuple(new_args))
    return Subtensor(args)(x, *collapse(args, lambda e: isinstance(e, Variable)))


def _advanced(x: Variable, args: tuple, op_cls: type) -> Variable:
    """Advanced indexing; slices with symbolic bounds are applied first by a Subtensor (a pre-slice)."""
    if not any(_has_symbolic_bounds(a) for a in args):
        idx_list, inputs = parse_advanced(args)
        return op_cls(idx_list)(x, *inputs)
    basic = tuple(a if isinstance(a, slice) else slice(None) for a in args if a is not None)
    base = Subtensor(basic)(x, *collapse(basic, lambda e: isinstance(e, Variable)))
    rest = tuple(slice(None) if isinstance(a, slice) else a for a in args)
    idx_list, inputs = parse_advanced(rest)
    out = op_cls(idx_list)(base, *inputs)
    out.tag.through_preslice = True
    return out


def set_subtensor(x: Any, y: Any, inplace: bool = False, tolerate_inplace_aliasing: bool = False) -> Variable:
    """x (the result of indexing a tensor) with that subtensor replaced by y: numpy's `r[idx] = y`."""
    return inc_subtensor(x, y, inplace, set_instead_of_inc=True, tolerate_inplace_aliasing=tolerate_inplace_aliasing)


def inc_subtensor(x: Any, y: Any, inplace: bool = False, set_instead_of_inc: bool = False,
                  tolerate_inplace_aliasing: bool = False) -> Variable:
    """x (the result of indexing a tensor) with that subtensor incremented by y: numpy's `r[idx] += y`.

    Returns a new version of the indexed tensor; `inplace` is accepted and ignored.
    """
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if y.ndim > x.ndim:
        raise TypeError("Trying to increment a %d-dimensional subtensor with a %d-dimensional value." % (x.ndim, y.ndim))
    offset = x.ndim - y.ndim
    for dim in range(y.ndim):
        if x.broadcastable[dim + offset] and not y.broadcastable[dim]:
            y = addbroadcast(y, dim)
    if x.owner is None:
        raise TypeError("x must be the result of a subtensor operation")
    op = x.owner.op
    if getattr(x.tag, "through_preslice", False):
        base = x.owner.inputs[0]
        inner = type(op)(op.idx_list)(base, *x.owner.inputs[1:])
        updated = inc_subtensor(inner, y, set_instead_of_inc=set_instead_of_inc)
        return set_subtensor(base, updated)
    if isinstance(op, Subtensor):
        return IncSubtensor(op.idx_list, set_instead_of_inc=set_instead_of_inc)(x.owner.inputs[0], y, *x.owner.inputs[1:])
    if isinstance(op, AdvancedSubtensor1):
        return AdvancedIncSubtensor1(set_instead_of_inc=set_instead_of_inc)(x.owner.inputs[0], y, x.owner.inputs[1])
    if isinstance(op, AdvancedBooleanSubtensor):
        return AdvancedBooleanIncSubtensor(op.idx_list, set_instead_of_inc=set_instead_of_inc)(
            x.owner.inputs[0], y, *x.owner.inputs[1:])
    if isinstance(op, AdvancedSubtensor):
        return AdvancedIncSubtensor(op.idx_list, set_instead_of_inc=set_instead_of_inc)(
            x.owner.inputs[0], y, *x.owner.inputs[1:])
    if isinstance(op, DimShuffle):
        # x = inner.dimshuffle(order): update inner with y put in inner's axis order, then shuffle back
        inner = x.owner.inputs[0]
        where = {v: i for i, v in enumerate(op.new_order) if v != "x"}
        y_order = [where[d] - offset if d in where and where[d] >= offset else "x" for d in range(inner.ndim)]
        updated = inc_subtensor(inner, y.dimshuffle(y_order), set_instead_of_inc=set_instead_of_inc)
        return updated.dimshuffle(list(op.new_order))
    if isinstance(op, Reshape):
        # x = inner.reshape(shape): broadcast y to x's shape, flatten it like inner, update inner
        inner = x.owner.inputs[0]
        flat_y = reshape(fill(x, y), _shape.shape(inner), ndim=inner.ndim) if y.ndim > 0 else y
        return inc_subtensor(inner, flat_y, set_instead_of_inc=set_instead_of_inc)
    raise TypeError("x must be the result of a subtensor operation")


def take(a: Any, indices: Any, axis: int | None = None, mode: str = "raise") -> Variable:
    """numpy.take: elements of `a` at `indices` along `axis` (flattened when None); mode 'raise', 'clip' or 'wrap'."""
    a = as_tensor_variable(a)
    indices = as_tensor_variable(indices)
    if indices.ndim == 1:
        if axis is None:
            a = reshape(a, [-1], ndim=1)
            axis = 0
        if axis < 0:
            axis += a.ndim
        if mode == "clip":
            indices = clip(indices, 0, a.shape[axis] - 1)
        elif mode == "wrap":
            indices = indices % a.shape[axis]
        if axis == 0:
            return advanced_subtensor1(a, indices)
        shuffle = list(range(a.ndim))
        shuffle[0], shuffle[axis] = axis, 0
        return advanced_subtensor1(a.dimshuffle(shuffle), indices).dimshuffle(shuffle)
    flat = reshape(indices, [-1], ndim=1)
    if axis is None:
        shape = [shape_i(indices, k) for k in range(indices.ndim)]
        ndim = indices.ndim
    else:
        if axis < 0:
            axis += a.ndim
        shape = ([shape_i(a, k) for k in range(axis)] + [shape_i(indices, k) for k in range(indices.ndim)]
                 + [shape_i(a, k) for k in range(axis + 1, a.ndim)])
        ndim = a.ndim + indices.ndim - 1
    picked = take(a, flat, axis, mode)
    if not shape:
        return reshape(picked, constant(np.zeros((0,), dtype="int64")), ndim=0)
    return reshape(picked, shape, ndim=ndim)


def host_checks_only(node: Any) -> bool:
    """True if an indexing node is value-dependent only to run host bounds checks (its shape needs no values).

    A consumer that cannot evaluate shapes on the host (an inner loop body) may lower such a node without
    its shape program; the device lowering then clamps out-of-range indices instead of raising.
    """
    op = node.op
    if isinstance(op, Subtensor):
        return not op._symbolic_slice_parts(node)
    if isinstance(op, (AdvancedBooleanSubtensor, AdvancedSubtensor)):
        return not any(getattr(v, "dtype", None) == "bool" and not isinstance(v, Constant) for v in node.inputs[1:])
    return isinstance(op, (IncSubtensor, AdvancedSubtensor1, AdvancedIncSubtensor1, AdvancedIncSubtensor,
                           AdvancedBooleanIncSubtensor, HostCheck))


def get_canonical_form_slice(theslice: Any, length: Any) -> tuple:
    """Theano's canonical slice: (slice(start, stop, step), direction) with 0 <= start <= stop <= length, step > 0,
    such that a[start:stop:step][::direction] is a[theslice]; an integer index is returned wrapped, direction 1."""
    if not isinstance(theslice, slice):
        return _switch(_lt(theslice, 0), _add(theslice, length), theslice), 1
    start, stop, step = theslice.start, theslice.stop, 1 if theslice.step is None else theslice.step
    n_el = slice_length(start, stop, step, length)
    nonempty = _gt(n_el, 0)
    span = _mul(_max(_sub(n_el, 1), 0), _abs(step))

    def ascending() -> tuple:
        first = 0 if start is None else _clip_index(start, length, 0, length)
        return first, _add(first, _switch(nonempty, _add(span, 1), 0))

    def descending() -> tuple:
        last = _sub(length, 1)
        first = last if start is None else _clip_index(start, length, -1, last)
        return _switch(nonempty, _sub(first, span), 0), _switch(nonempty, _add(first, 1), 0)

    k = known_int(step)
    if k is not None:
        lo, hi = ascending() if k > 0 else descending()
        return slice(lo, hi, abs(k)), (1 if k > 0 else -1)
    positive = _gt(step, 0)
    (alo, ahi), (dlo, dhi) = ascending(), descending()
    return (slice(_switch(positive, alo, dlo), _switch(positive, ahi, dhi), _abs(step)),
            _switch(positive, 1, -1))


def _abs(v: Any) -> Any:
    k = known_int(v)
    return abs(k) if k is not None else abs_(as_int64(v))
