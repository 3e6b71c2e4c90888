"""Lowering of basic indexing (Subtensor, IncSubtensor) and the host checks.

Constant indices lower to static numpy-style indexing (and out-of-range constants raise numpy's
IndexError while tracing). Traced indices stay dynamic: slice starts and integer indices feed
`lax.dynamic_slice` / `dynamic_update_slice` with static sizes (slice lengths computed on the host
by the shape program, `ctx.out_shapes`), so a loop over minibatch indices compiles once. A traced
integer index out of range cannot raise inside XLA: it wraps once if negative and is then clamped;
the shape program bounds-checks it on the host when it is cheap to compute there (see HostCheck).
Values that are all concrete numpy arrays (shape arithmetic) stay numpy, so shapes stay static.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from theano.frontend.ops.host_check import check_bounds
from theano.frontend.ops.subtensor import IncSubtensor, Subtensor, fill_idx_list
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import as_signed, check


def traced(v: Any) -> bool:
    return isinstance(v, jax.core.Tracer)


def is_host(v: Any) -> bool:
    return isinstance(v, (np.ndarray, np.generic, int, float, bool))


def _where(cond: Any, a: Any, b: Any) -> Any:
    if not traced(cond):
        return a if bool(cond) else b
    return jnp.where(cond, a, b)


def _i64(v: Any) -> Any:
    return jnp.asarray(v, dtype=jnp.int64) if traced(v) else int(v)


def _minimum(a: Any, b: Any) -> Any:
    return jnp.minimum(a, b) if traced(a) or traced(b) else min(a, b)


def _maximum(a: Any, b: Any) -> Any:
    return jnp.maximum(a, b) if traced(a) or traced(b) else max(a, b)


def clip_bound(i: Any, n: int, low: int, high: int) -> Any:
    """A slice bound counted from the end when negative, then clipped to [low, high] (traced or int)."""
    return _where(i < 0, _maximum(i + n, low), _minimum(i, high))


def first_position(start: Any, step_positive: bool, n: int) -> Any:
    """The first element a slice visits (for a non-empty slice)."""
    if step_positive:
        return 0 if start is None else clip_bound(_i64(start), n, 0, n)
    return n - 1 if start is None else clip_bound(_i64(start), n, -1, n - 1)


def stop_position(stop: Any, step_positive: bool, n: int) -> Any:
    if step_positive:
        return n if stop is None else clip_bound(_i64(stop), n, 0, n)
    return -1 if stop is None else clip_bound(_i64(stop), n, -1, n - 1)


def device_bounds_check(index: Any, n: int, axis: int) -> None:
    """numpy's IndexError, raised by the compiled program (lowering/runtime_checks.py), for a traced integer index
    (or array of them) outside [-n, n); Theano's ops raised it where XLA would clamp or drop the index."""
    if traced(index):
        i = as_signed(index)
        check((i < -n) | (i >= n), IndexError, "index %%d is out of bounds for axis %d with size %d" % (axis, n),
              payload=i)


def wrap_index(i: Any, n: int) -> Any:
    """A traced integer index made non-negative (one wrap) and clamped into [0, n-1]."""
    i = _i64(i)
    return jnp.clip(jnp.where(i < 0, i + n, i), 0, max(n - 1, 0))


def static_key(entries: Sequence[Any], shape: Sequence[int]) -> tuple:
    """numpy index tuple for concrete entries, raising numpy's errors for bad ones."""
    key = []
    for axis, e in enumerate(entries):
        if isinstance(e, slice):
            parts = [None if p is None else int(p) for p in (e.start, e.stop, e.step)]
            if parts[2] == 0:
                raise ValueError("slice step cannot be zero")
            key.append(slice(*parts))
        else:
            check_bounds(e, shape[axis], axis)
            key.append(int(e))
    return tuple(key)


def region_shape(key: tuple, shape: Sequence[int]) -> tuple[int, ...]:
    out = []
    for axis, n in enumerate(shape):
        k = key[axis] if axis < len(key) else slice(None)
        if isinstance(k, slice):
            out.append(len(range(n)[k]))
    return tuple(out)


def positive_steps(key: tuple, shape: Sequence[int], y: Any, region: tuple[int, ...]) -> tuple[tuple, Any]:
    """The same update written with positive slice steps: a negative-step slice becomes the positive slice over the
    same positions and y is reversed along that region axis. XLA's algebraic simplifier aborts the process on some
    reversed scatters (the gradient of x[::-1] under a slice), so no scatter we emit has a negative step."""
    if not any(isinstance(k, slice) and k.step is not None and k.step < 0 for k in key):
        return key, y
    y = jnp.broadcast_to(jnp.asarray(y), region)
    new_key, flip, r = [], [], 0
    for axis, k in enumerate(key):
        if not isinstance(k, slice):
            new_key.append(k)
            continue
        if k.step is not None and k.step < 0:
            positions = range(shape[axis])[k]
            if len(positions):
                new_key.append(slice(positions[-1], positions[0] + 1, -k.step))
                flip.append(r)
            else:
                new_key.append(slice(0, 0, 1))
        else:
            new_key.append(k)
        r += 1
    return tuple(new_key), (jnp.flip(y, axis=tuple(flip)) if flip else y)


class AxisPlan:
    """How one axis of x is indexed: an integer, or a slice with its first position, step and length."""

    def __init__(self, axis: int, n: int, entry: Any, length: int | None):
        self.axis, self.n = axis, n
        self.is_int = not isinstance(entry, slice)
        self.length = length
        if self.is_int:
            if not traced(entry):
                check_bounds(entry, n, axis)
            elif n == 0:  # every index is out of bounds of an empty axis (and a 1-element block cannot be cut)
                raise IndexError("index is out of bounds for axis %d with size 0" % axis)
            else:
                device_bounds_check(entry, n, axis)
            self.index = wrap_index(entry, n) if traced(entry) else int(entry) % max(n, 1)
            return
        step = entry.step
        self.traced_step = traced(step)
        self.start, self.stop = entry.start, entry.stop
        if self.traced_step:
            self.step = _i64(step)
            self.first = jnp.where(self.step > 0, first_position(self.start, True, n), first_position(self.start, False, n))
        else:
            self.step = 1 if step is None else int(step)
            self.first = first_position(self.start, self.step > 0, n)

    def block(self) -> tuple[Any, int, slice]:
        """(start, size, static selection) of the contiguous block holding this axis's elements."""
        if self.is_int:
            return self.index, 1, slice(None)
        if self.length is None or self.traced_step:
            return 0, self.n, slice(None)
        k, L = self.step, self.length
        if L == 0:
            return 0, 0, slice(None)
        low = self.first if k > 0 else self.first + (L - 1) * k
        return low, (L - 1) * abs(k) + 1, slice(None) if k == 1 else slice(None, None, k)

    def positions(self) -> Any:
        """The positions this axis visits, as a vector (for gathers/scatters with a traced step)."""
        if self.is_int:
            return jnp.reshape(jnp.asarray(self.index, dtype=jnp.int64), (1,))
        if self.length is None:
            return jnp.arange(self.n, dtype=jnp.int64)
        return self.first + self.step * jnp.arange(self.length, dtype=jnp.int64)

    def mask(self) -> Any:
        """Membership of each position of the axis in the slice (used when the slice length is not static)."""
        p = jnp.arange(self.n, dtype=jnp.int64)

        def member(positive: bool, step: Any) -> Any:
            f = first_position(self.start, positive, self.n)
            t = stop_position(self.stop, positive, self.n)
            k = jnp.maximum(jnp.abs(step), 1) if traced(step) else abs(step)
            if positive:
                return (p >= f) & (p < t) & ((p - f) % k == 0)
            return (p <= f) & (p > t) & ((f - p) % k == 0)
        if self.traced_step:
            return jnp.where(self.step > 0, member(True, self.step), member(False, self.step))
        return member(self.step > 0, self.step)


def plan_axes(entries: Sequence[Any], shape: Sequence[int], lengths: Sequence[int | None]) -> list[AxisPlan]:
    """AxisPlans for every axis of x; `lengths` gives the static length of each slice axis (None if unknown)."""
    padded = list(entries) + [slice(None)] * (len(shape) - len(entries))
    plans = []
    k = 0
    for axis, (e, n) in enumerate(zip(padded, shape)):
        if isinstance(e, slice):
            plans.append(AxisPlan(axis, n, e, lengths[k]))
            k += 1
        else:
            plans.append(AxisPlan(axis, n, e, None))
    return plans


def concrete_length(e: Any, n: int) -> int | None:
    if any(traced(p) for p in (e.start, e.stop, e.step)):
        return None
    return len(range(n)[slice(*(None if p is None else int(p) for p in (e.start, e.stop, e.step)))])


@lowers(Subtensor)
def lower_subtensor(node: Any, ctx: LoweringContext, x: Any, *idx: Any) -> Any:
    entries = fill_idx_list(node.op.idx_list, idx)
    shape = np.shape(x)
    if not any(traced(v) for v in idx):
        key = static_key(entries, shape)
        return np.asarray(np.asarray(x)[key]) if is_host(x) else x[key]
    padded = list(entries) + [slice(None)] * (len(shape) - len(entries))
    out_shape = ctx.out_shapes[0] if ctx.out_shapes is not None else None
    lengths: list[int | None] = []
    for k, a in enumerate(a for a, e in enumerate(padded) if isinstance(e, slice)):
        L = concrete_length(padded[a], shape[a])
        if L is None:
            if out_shape is None:
                raise ValueError(f"{node.op}: the length of a slice with symbolic bounds must come from the host "
                                 "shape program")
            L = int(out_shape[k])
        lengths.append(L)
    plans = plan_axes(entries, shape, lengths)
    blocks = [p.block() for p in plans]
    out = lax.dynamic_slice(jnp.asarray(x), [_i64(b[0]) for b in blocks], [b[1] for b in blocks])
    sel = tuple(b[2] for b in blocks)
    if any(s != slice(None) for s in sel):
        out = out[sel]
    for p in plans:
        if not p.is_int and p.traced_step:
            out = jnp.take(out, p.positions(), axis=p.axis)
    drop = tuple(p.axis for p in plans if p.is_int)
    return jnp.squeeze(out, axis=drop) if drop else out


def add_dtype(dtype: Any, y_dtype: Any) -> np.dtype:
    """The dtype numpy's `x[idx] += y` / `np.add.at(x, idx, y)` adds in before casting back to x's dtype
    (bool + bool is logical or, done here in int64 since XLA has no add on bool)."""
    wide = np.result_type(np.dtype(dtype), np.dtype(y_dtype))
    return np.dtype("int64") if wide == np.bool_ else wide


def scatter_add(x: Any, key: Any, y: Any, dtype: Any, **kw: Any) -> Any:
    """x.at[key].add(y) with numpy's casting: add in the pair's common dtype, then cast (unsafe) to `dtype`."""
    wide = add_dtype(dtype, jnp.result_type(y))
    x = jnp.asarray(x)
    if wide == np.dtype(dtype):
        return x.at[key].add(jnp.asarray(y).astype(dtype), **kw)
    return x.astype(wide).at[key].add(jnp.asarray(y).astype(wide), **kw).astype(dtype)


def _y_in_x_axes(y: Any, plans: Sequence[AxisPlan], what: str) -> Any:
    """y aligned to the indexed region and given a length-1 axis at each integer-indexed axis of x."""
    n_region = sum(1 for p in plans if not p.is_int)
    y = jnp.asarray(y)
    while y.ndim > n_region and y.shape[0] == 1:
        y = y[0]
    if y.ndim > n_region:
        raise ValueError(f"could not broadcast input array from shape {tuple(y.shape)} into a {n_region}-d {what}")
    y = jnp.reshape(y, (1,) * (n_region - y.ndim) + tuple(y.shape))
    shape = []
    r = 0
    for p in plans:
        if p.is_int:
            shape.append(1)
        else:
            shape.append(y.shape[r])
            r += 1
    return jnp.reshape(y, shape)


@lowers(IncSubtensor)
def lower_inc_subtensor(node: Any, ctx: LoweringContext, x: Any, y: Any, *idx: Any) -> Any:
    op = node.op
    op.check_value_cast(node)
    entries = fill_idx_list(op.idx_list, idx)
    shape = np.shape(x)
    dtype = node.outputs[0].dtype
    if not any(traced(v) for v in idx):
        key = static_key(entries, shape)
        region = region_shape(key, shape)
        try:
            ok = np.broadcast_shapes(np.shape(y), region) == region
        except ValueError:
            ok = False
        if not ok:
            if op.set_instead_of_inc:
                raise ValueError(f"could not broadcast input array from shape {np.shape(y)} into shape {region}")
            raise ValueError(f"operands could not be broadcast together with shapes {region} {np.shape(y)} {region} ")
        if is_host(x) and is_host(y):
            return op.host_impl(node, x, y, *idx).astype(dtype)
        key, y = positive_steps(key, shape, y, region)
        if region == tuple(shape) and all(isinstance(k, slice) and range(n)[k] == range(n) for k, n in zip(key, shape)):
            # the whole of x, in order: an elementwise add/set, not a scatter (XLA's simplifier aborts the process
            # on a reverse of a full-window scatter, and the add is what the scatter would compute anyway)
            if op.set_instead_of_inc:
                return jnp.broadcast_to(jnp.asarray(y).astype(dtype), shape)
            wide = add_dtype(dtype, jnp.result_type(y))
            return (jnp.asarray(x).astype(wide) + jnp.asarray(y).astype(wide)).astype(dtype)
        if op.set_instead_of_inc:
            return jnp.asarray(x).at[key].set(jnp.asarray(y).astype(dtype))
        return scatter_add(x, key, y, dtype)
    x = jnp.asarray(x)
    wide = dtype if op.set_instead_of_inc else add_dtype(dtype, jnp.result_type(y))
    y = jnp.asarray(y).astype(wide)
    padded = list(entries) + [slice(None)] * (len(shape) - len(entries))
    slice_axes = [a for a, e in enumerate(padded) if isinstance(e, slice)]
    slices = [padded[a] for a in slice_axes]
    # y's static length along each region axis tells the slice length unless y broadcasts there
    y_region = (1,) * (len(slice_axes) - np.ndim(y)) + tuple(np.shape(y))
    lengths: list[int | None] = []
    for k, a in enumerate(slice_axes):
        L = concrete_length(slices[k], shape[a])
        ylen = y_region[k] if k < len(y_region) else 1
        if L is not None and ylen not in (1, L):
            raise ValueError(f"could not broadcast input array from shape {np.shape(y)} into a region of length {L} "
                             f"on axis {a}")
        lengths.append(L if L is not None else (ylen if ylen != 1 else None))
    plans = plan_axes(entries, shape, lengths)
    y_x = _y_in_x_axes(y, plans, "subtensor")
    masks = []
    for p in plans:
        if not p.is_int and p.length is None:
            m = p.mask()
            masks.append(jnp.reshape(m, [p.n if q.axis == p.axis else 1 for q in plans]))
    mask = None
    for m in masks:
        mask = m if mask is None else mask & m

    def combine(region: Any) -> Any:
        yb = jnp.broadcast_to(y_x, region.shape)
        if op.set_instead_of_inc:
            return yb if mask is None else jnp.where(mask, yb, region)
        total = region.astype(wide) + (yb if mask is None else jnp.where(mask, yb, jnp.zeros((), wide)))
        return total.astype(dtype)

    if any(not p.is_int and p.traced_step for p in plans):
        ix = jnp.ix_(*[p.positions() for p in plans])
        return x.at[ix].set(combine(x[ix]))
    blocks = [p.block() for p in plans]
    starts = [_i64(b[0]) for b in blocks]
    block = lax.dynamic_slice(x, starts, [b[1] for b in blocks])
    sel = tuple(b[2] for b in blocks)
    if all(s == slice(None) for s in sel):
        block = combine(block)
    else:
        block = block.at[sel].set(combine(block[sel]))
    return lax.dynamic_update_slice(x, block, starts)


from theano.lowering.rules import advanced_subtensor as _advanced  # noqa: E402,F401  (registers the advanced rules)
