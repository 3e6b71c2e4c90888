"""Lowering of advanced indexing: integer arrays (gather / `.at[].add|set` scatter) and boolean masks.

A boolean mask becomes `jnp.nonzero(mask, size=count)`, with `count` from the host shape program
(`ctx.out_shapes`, evaluated through MaskCount) so the program stays static. Set/increment through a
mask whose count is not known statically uses `nonzero(size=mask.size)` with out-of-range fill
indices and `mode='drop'`, which needs no count. Concrete numpy inputs stay numpy.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.advanced_subtensor import (INDEX, AdvancedBooleanIncSubtensor, AdvancedBooleanSubtensor,
                                                    AdvancedIncSubtensor, AdvancedIncSubtensor1, AdvancedSubtensor,
                                                    AdvancedSubtensor1, BaseAdvancedIncSubtensor,
                                                    BaseAdvancedSubtensor, MaskCount, advanced_layout,
                                                    check_mask_shape)
from theano.frontend.ops.host_check import check_bounds
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.subtensor import device_bounds_check, is_host, scatter_add, traced


def _check_int_indices(entries: list, values: Sequence[Any], shape: tuple) -> None:
    for kind, k, axis, n in entries:
        if kind == "int" and not traced(values[k]):
            check_bounds(np.asarray(values[k]), shape[axis], axis)
        elif kind == "int":
            device_bounds_check(values[k], shape[axis], axis)
        elif kind == "bool" and not traced(values[k]):
            check_mask_shape(np.asarray(values[k]), shape[axis:axis + n], axis)


def _b_position(out_dims: list) -> int:
    return next(p for p, d in enumerate(out_dims) if d[0] == "B")


def _is_mask(v: Any) -> bool:
    return str(getattr(v, "dtype", "")) == "bool"


def _fold_counts(counts: list) -> Any:
    """numpy's broadcast length of vectors with these lengths (a length of 1 broadcasts)."""
    b = counts[0]
    for c in counts[1:]:
        b = jnp.where(b == 1, c, b)
    return b


def mask_arrays(m: Any, size: int, multi: bool, drop: bool, valid_len: Any = None) -> tuple:
    """The nonzero() vectors of mask m, `size` long.

    With other index arrays present (`multi`) a single True entry broadcasts to all positions; with `drop`
    the unused positions hold out-of-range indices (for `mode='drop'` scatters), as do positions past
    `valid_len`.
    """
    m = jnp.asarray(m)
    nz = jnp.nonzero(m, size=size, fill_value=tuple(m.shape)) if drop else jnp.nonzero(m, size=size)
    if multi:
        sel = jnp.where(jnp.sum(m) == 1, 0, jnp.arange(size))
        nz = tuple(a[sel] for a in nz)
        if valid_len is not None:
            ok = jnp.arange(size) < valid_len
            nz = tuple(jnp.where(ok, a, n) for a, n in zip(nz, m.shape))
    return nz


def advanced_key(node: Any, values: Sequence[Any], size: int | None, drop: bool = False) -> tuple:
    """The jnp index tuple; a boolean mask becomes its nonzero() vectors (`size` long unless all are concrete)."""
    multi = sum(1 for v in values if np.ndim(v) > 0) > 1
    valid_len = None
    if drop and multi:
        valid_len = _fold_counts([jnp.sum(jnp.asarray(v), dtype=jnp.int64) for v in values if _is_mask(v)])
    key: list[Any] = []
    it = iter(values)
    for e in node.op.idx_list:
        if e != INDEX:
            key.append(e)
            continue
        v = next(it)
        if _is_mask(v):
            key.extend(np.nonzero(np.asarray(v)) if size is None else mask_arrays(v, size, multi, drop, valid_len))
        else:
            key.append(v if traced(v) else np.asarray(v))
    return tuple(key)


def _gather(node: Any, ctx: LoweringContext, x: Any, *index: Any) -> Any:
    op = node.op
    out_dims, entries, b_ndim = advanced_layout(op.idx_list, node.inputs[1:], node.inputs[0].ndim)
    _check_int_indices(entries, index, np.shape(x))
    if is_host(x) and all(is_host(v) for v in index):
        return np.array(np.asarray(x)[advanced_key(node, index, None)])
    size = None
    if any(traced(v) for v in index if _is_mask(v)):
        if ctx.out_shapes is None:
            raise ValueError(f"{op}: the number of selected elements of a traced mask must come from the host "
                             "shape program")
        size = int(ctx.out_shapes[0][out_dims.index(("B", b_ndim - 1))])
    return jnp.asarray(x)[advanced_key(node, index, size)]


lowers(AdvancedSubtensor, AdvancedBooleanSubtensor, BaseAdvancedSubtensor)(_gather)


def _scatter(node: Any, ctx: LoweringContext, x: Any, y: Any, *index: Any) -> Any:
    op = node.op
    dtype = node.outputs[0].dtype
    out_dims, entries, b_ndim = advanced_layout(op.idx_list, node.inputs[2:], node.inputs[0].ndim)
    _check_int_indices(entries, index, np.shape(x))
    if is_host(x) and is_host(y) and all(is_host(v) for v in index):
        return op.host_impl(node, x, y, *index).astype(dtype)
    size, drop = None, False
    if any(traced(v) for v in index if _is_mask(v)):
        # the selected count is static when y or an index array has that length; else scatter with mode='drop'
        r = out_dims.index(("B", b_ndim - 1)) - (len(out_dims) - np.ndim(y))
        lengths = [np.shape(y)[r]] if r >= 0 else []
        lengths += [np.shape(v)[-1] for v in index if not _is_mask(v) and np.ndim(v) > 0]
        size = next((int(n) for n in lengths if n != 1), None)
        if size is None:
            size, drop = max(int(np.size(v)) for v in index if _is_mask(v)), True
    key = advanced_key(node, index, size, drop=drop)
    mode = "drop" if drop else None
    if op.set_instead_of_inc:
        return jnp.asarray(x).at[key].set(jnp.asarray(y).astype(dtype), mode=mode)
    return scatter_add(x, key, y, dtype, mode=mode)


lowers(AdvancedIncSubtensor, AdvancedBooleanIncSubtensor, BaseAdvancedIncSubtensor)(_scatter)


@lowers(AdvancedSubtensor1)
def lower_advanced_subtensor1(node: Any, ctx: LoweringContext, x: Any, ilist: Any) -> Any:
    device_bounds_check(ilist, np.shape(x)[0], 0)
    if not traced(ilist):
        check_bounds(np.asarray(ilist), np.shape(x)[0], 0)
        if is_host(x):
            return node.op.host_impl(node, x, ilist)
    return jnp.asarray(x)[ilist]


@lowers(AdvancedIncSubtensor1)
def lower_advanced_inc_subtensor1(node: Any, ctx: LoweringContext, x: Any, y: Any, ilist: Any) -> Any:
    dtype = node.outputs[0].dtype
    device_bounds_check(ilist, np.shape(x)[0], 0)
    if not traced(ilist):
        check_bounds(np.asarray(ilist), np.shape(x)[0], 0)
        if is_host(x) and is_host(y):
            return node.op.host_impl(node, x, y, ilist).astype(dtype)
    if node.op.set_instead_of_inc:
        return jnp.asarray(x).at[ilist].set(jnp.asarray(y).astype(dtype))
    return scatter_add(x, ilist, y, dtype)


@lowers(MaskCount)
def lower_mask_count(node: Any, ctx: LoweringContext, mask: Any, *dims: Any) -> Any:
    if not traced(mask) and not any(traced(d) for d in dims):
        return node.op.host_impl(node, np.asarray(mask), *[np.asarray(d) for d in dims])
    return jnp.sum(jnp.asarray(mask), dtype=jnp.int64)
