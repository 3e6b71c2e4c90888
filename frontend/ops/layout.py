"""Layout helpers built on DimShuffle and Reshape: shape_padleft/right/axis, flatten, squeeze, swapaxes, transpose."""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.shape import addbroadcast, reshape

__all__ = ["flatten", "is_flat", "squeeze", "swapaxes", "shape_padleft", "shape_padright", "shape_padaxis",
           "transpose"]


def shape_padleft(t: Any, n_ones: int = 1) -> Variable:
    """`t` with `n_ones` broadcastable dimensions added on the left."""
    t = as_tensor_variable(t)
    return t.dimshuffle(["x"] * n_ones + list(range(t.ndim)))


def shape_padright(t: Any, n_ones: int = 1) -> Variable:
    """`t` with `n_ones` broadcastable dimensions added on the right."""
    t = as_tensor_variable(t)
    return t.dimshuffle(list(range(t.ndim)) + ["x"] * n_ones)


def shape_padaxis(t: Any, axis: int) -> Variable:
    """`t` with a broadcastable dimension inserted at `axis`."""
    t = as_tensor_variable(t)
    ndim = t.ndim + 1
    if not -ndim <= axis < ndim:
        raise IndexError("axis {0} is out of bounds [-{1}, {1})".format(axis, ndim))
    if axis < 0:
        axis += ndim
    pattern: list[Any] = list(range(t.ndim))
    pattern.insert(axis, "x")
    return t.dimshuffle(pattern)


# --------------------------------------------------------------------------- layout helpers

def _flatten_ndim(ndim: int | None, outdim: int | None) -> int:
    """flatten's `ndim` from its (ndim, deprecated outdim) arguments, default 1."""
    if outdim is None and ndim is None:
        return 1
    if outdim is not None and ndim is not None:
        raise ValueError("You should only specify ndim")
    if outdim is not None:
        warnings.warn("flatten outdim parameter is deprecated, use ndim instead.")
        return outdim
    return ndim  # type: ignore[return-value]


def is_flat(var: Variable, ndim: int | None = None, outdim: int | None = None) -> bool:
    """Whether `var` has `ndim` dimensions (default 1)."""
    return var.ndim == _flatten_ndim(ndim, outdim)


def flatten(x: Any, ndim: int | None = None, outdim: int | None = None) -> Variable:
    """Keep the first ndim-1 dimensions of x and collapse the rest (a Reshape, as Theano 1.0.5)."""
    ndim = _flatten_ndim(ndim, outdim)
    x = as_tensor_variable(x)
    if ndim < 1 or (ndim > 1 and ndim > x.ndim):
        raise ValueError("ndim %s out of bound [1, %d)" % (ndim, x.ndim + 1))
    kept = x.shape[:ndim - 1] if ndim > 1 else None  # Theano: tuple(x.shape[:ndim - 1]) + (-1,)
    dims = [kept[i] for i in range(ndim - 1)] + [-1]
    out = reshape(x, dims, ndim=ndim)
    bcast = tuple(x.broadcastable[:ndim - 1]) + (all(x.broadcastable[ndim - 1:]),)
    return addbroadcast(out, *[i for i in range(ndim) if bcast[i]])


def squeeze(x: Any) -> Variable:
    """x without its broadcastable dimensions."""
    x = as_tensor_variable(x)
    return x.dimshuffle([i for i in range(x.ndim) if not x.broadcastable[i]])


def swapaxes(y: Any, axis1: int, axis2: int) -> Variable:
    """y with two axes exchanged."""
    y = as_tensor_variable(y)
    order = list(range(y.ndim))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return y.dimshuffle(order)


def transpose(x: Any, axes: Any = None) -> Variable:
    """x with its axes permuted (reversed by default); named `<name>.T` for the full reversal, as in Theano."""
    x = as_tensor_variable(x)
    if axes is None:
        axes = list(range(x.ndim - 1, -1, -1))
    out = DimShuffle(x.broadcastable, list(axes))(x)
    if x.name and list(axes) == list(range(x.ndim - 1, -1, -1)):
        out.name = x.name + ".T"
    return out
