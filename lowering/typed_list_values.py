"""Typed lists at the function boundary and inside a compiled program (theano.typed_list).

Outside, a typed list value is a Python list (of numpy arrays, scipy matrices, or lists for a list of lists),
as in Theano. Inside a program it is a tuple of its elements' values (numpy/JAX arrays, `SparseArrays`, tuples):
a pytree, so `jax.jit` traces once per list *structure* - its length and each element's shape are part of the
compiled signature, exactly as an array's shape is. A call with a list of a new length (or an element of a new
shape) compiles once more (`Function.n_compilations` counts it); calls with lists of a seen structure reuse the
program. This is what lets append, extend, insert, reverse, length, make_list and indexing with a constant
index or slice be plain tuple operations at trace time, with no cost in the compiled program.

A `slice` argument (a SliceType input, e.g. GetItem's index) is static too: it enters the program as a
`StaticSlice` whose start/stop/step are pytree aux data, so each slice value compiles once.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse

from theano.lowering.sparse_values import SparseArrays, as_sparse_arrays, from_scipy, to_dense, to_scipy


def is_list_type(t: Any) -> bool:
    return bool(getattr(t, "is_typed_list", False))


def is_slice_type(t: Any) -> bool:
    from theano.frontend.type_other import SliceType

    return isinstance(t, SliceType)


@jax.tree_util.register_pytree_node_class
class StaticSlice:
    """A slice argument inside a program: no arrays, its bounds are static (aux data)."""

    __slots__ = ("slice",)

    def __init__(self, s: slice):
        self.slice = s

    def tree_flatten(self) -> tuple:
        return (), (self.slice.start, self.slice.stop, self.slice.step)

    @classmethod
    def tree_unflatten(cls, aux: tuple, children: tuple) -> "StaticSlice":
        return cls(slice(*aux))


def as_slice(value: Any) -> slice:
    return value.slice if isinstance(value, StaticSlice) else value


def _element_to_program(ttype: Any, v: Any) -> Any:
    if is_list_type(ttype):
        return tuple(_element_to_program(ttype.ttype, y) for y in v)
    if getattr(ttype, "is_sparse", False):
        return v if isinstance(v, SparseArrays) else from_scipy(v)
    return v


def to_program(ltype: Any, value: Any, strict: bool = False, allow_downcast: Any = None) -> tuple:
    """A call's argument for a typed-list input: filtered by the type (Theano's errors), then a tuple (nested for
    lists of lists; scipy elements as padded SparseArrays)."""
    return _element_to_program(ltype, ltype.filter(value, strict=strict, allow_downcast=allow_downcast))


def as_program_list(value: Any) -> tuple:
    """A rule's list input as a tuple: a constant's Python list (its scipy elements as SparseArrays) converted."""
    if isinstance(value, tuple):
        return value
    return tuple(as_program_list(v) if isinstance(v, list) else
                 as_sparse_arrays(v) if scipy.sparse.issparse(v) else v for v in value)


def to_host(value: Any, copy: bool = True) -> list:
    """A program's list value as the call returns it: a Python list of numpy arrays / scipy matrices / lists."""
    out = []
    for v in value:
        if isinstance(v, (tuple, list)):
            out.append(to_host(v, copy))
        elif isinstance(v, SparseArrays):
            out.append(to_scipy(v))
        elif scipy.sparse.issparse(v):
            out.append(v.copy() if copy else v)
        else:
            out.append(np.array(v) if copy else np.asarray(v))
    return out


def copy_to_host_async(value: Any) -> None:
    for leaf in jax.tree_util.tree_leaves(value):
        getattr(leaf, "copy_to_host_async", lambda: None)()


# ------------------------------------------------------------------ element structure and equality

def equal(ttype: Any, a: Any, b: Any) -> Any:
    """Theano's `ttype.values_eq(a, b)` inside a program: a bool scalar (a Python bool where the shapes decide).
    Tensors: same shape and every entry equal, NaN equal to NaN; sparse: same shape and equal as dense matrices;
    lists: same length and equal elements."""
    if is_list_type(ttype):
        a, b = as_program_list(a), as_program_list(b)
        if len(a) != len(b):
            return False
        result: Any = True
        for x, y in zip(a, b):
            result = jnp.logical_and(result, equal(ttype.ttype, x, y))
        return result
    if getattr(ttype, "is_sparse", False):
        a, b = as_sparse_arrays(a), as_sparse_arrays(b)
        if a.shape != b.shape:
            return False
        da, db = to_dense(a), to_dense(b)
        return jnp.all(da == db)
    a, b = jnp.asarray(a), jnp.asarray(b)
    if a.shape != b.shape:
        return False
    same = a == b
    if jnp.issubdtype(a.dtype, jnp.inexact):
        same = same | (jnp.isnan(a) & jnp.isnan(b))
    return jnp.all(same)


def host_element(ttype: Any, v: Any) -> Any:
    """An element value (program or host form) as Theano's host value (numpy array, scipy matrix, list)."""
    if is_list_type(ttype):
        return [host_element(ttype.ttype, y) for y in v]
    if isinstance(v, SparseArrays):
        return to_scipy(v)
    if scipy.sparse.issparse(v):
        return v
    return np.asarray(v)
