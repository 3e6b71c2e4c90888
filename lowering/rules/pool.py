"""Lowering of frontend/ops/pool.py: Pool, MaxPoolGrad, AveragePoolGrad, DownsampleFactorMaxGradGrad, MaxPoolRop.

With constant window/stride/padding (the usual case) the forward pass is one `lax.reduce_window`; the sum and
average gradients are its transpose (JAX's vjp of the linear reduce_window sum); the max-pooling gradients
compare each window position with the window's maximum (every tie gets the gradient, as Theano's MaxPoolGrad),
one strided slice per window offset, or one reshape when windows do not overlap.

With symbolic window/stride/padding (values only known inside the call) the window membership of each pooled
dimension is a boolean (outputs x inputs) matrix computed in the program, so the same results need no static
window size: sum/average pooling contracts with it, max pooling masks and reduces one dimension at a time.
"""
from __future__ import annotations

import itertools
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from theano.frontend.ops.pool import AveragePoolGrad, DownsampleFactorMaxGradGrad, MaxPoolGrad, MaxPoolRop, Pool
from theano.frontend.ops.pool_host import pooled_length
from theano.lowering.precision import dot_precision
from theano.lowering.registry import LoweringContext, lowers


# --------------------------------------------------------------------------- parameters and shapes

def _static(*vs: Any) -> tuple | None:
    """The parameters as tuples of Python ints when they are known while tracing, else None."""
    try:
        return tuple(tuple(int(e) for e in np.asarray(v).reshape(-1)) for v in vs)
    except Exception:  # traced values
        return None


def _check_params(op: Any, nd: int, ws: tuple, stride: tuple, pad: tuple) -> None:
    if not len(ws) == len(stride) == len(pad) == nd:
        raise ValueError("%s: ws, stride and pad must have %d entries each, got %s, %s, %s" % (op, nd, ws, stride, pad))
    if any(w <= 0 for w in ws) or any(s <= 0 for s in stride) or any(p < 0 for p in pad):
        raise ValueError("%s: ws and stride must be positive and pad non-negative, got ws=%s, stride=%s, pad=%s"
                         % (op, ws, stride, pad))


def _window_bounds(n: int, length: int, w: int, s: int, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start, end, inc_count) of each window in unpadded input coordinates, padding excluded; inc_count is the
    window size clipped to the padded image (the 'average_inc_pad' divisor)."""
    start = np.arange(n) * s
    end = np.minimum(start + w, length + 2 * p)
    return np.maximum(start, p) - p, np.minimum(end, length + p) - p, end - start


def _counts(op: Any, lengths: tuple, outs: tuple, ws: tuple, stride: tuple, pad: tuple) -> np.ndarray:
    """The per-window divisor of the average modes, shaped like the pooled dimensions."""
    count = np.ones((), dtype="float64")
    for n, length, w, s, p in zip(outs, lengths, ws, stride, pad):
        lo, hi, inc = _window_bounds(n, length, w, s, p)
        c = inc if op.mode == "average_inc_pad" else hi - lo
        count = np.multiply.outer(count, c.astype("float64"))
    return count


def _average(op: Any, total: Any, count: Any, dtype: Any) -> Any:
    if op.mode == "sum":
        return total
    if np.dtype(dtype).kind == "f":
        return (total / jnp.asarray(count, dtype=dtype)).astype(dtype)
    return (total / count).astype(dtype)  # numpy's average of ints, stored in the int output


def _lowest(dtype: Any) -> Any:
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return np.array(-np.inf, dtype)
    if dtype.kind == "b":
        return np.array(False)
    return np.array(np.iinfo(dtype).min, dtype)


class _Geometry:
    """Static geometry of one pooling: the input's pooled lengths, the output lengths, and the padding that makes
    every window lie inside the padded input (`pad` on the left, `pad + extra` on the right)."""

    def __init__(self, shape: tuple, nd: int, ws: tuple, stride: tuple, pad: tuple, outs: tuple):
        self.lead = len(shape) - nd
        self.lengths = tuple(shape[self.lead:])
        self.ws, self.stride, self.pad, self.outs = ws, stride, pad, outs
        self.high = tuple(p + max(0, (n - 1) * s + w - (length + 2 * p))
                          for n, length, w, s, p in zip(outs, self.lengths, ws, stride, pad))
        self.padded = tuple(length + p + h for length, p, h in zip(self.lengths, pad, self.high))
        self.empty = any(n == 0 for n in outs)

    def pad_config(self) -> list:
        return [(0, 0, 0)] * self.lead + [(p, h, 0) for p, h in zip(self.pad, self.high)]

    def valid(self) -> np.ndarray:
        """True at the padded positions that hold input values."""
        mask = np.ones((), dtype=bool)
        for length, p, h in zip(self.lengths, self.pad, self.high):
            mask = np.multiply.outer(mask, np.r_[np.zeros(p, bool), np.ones(length, bool), np.zeros(h, bool)])
        return mask

    def offset_slices(self, k: tuple) -> tuple:
        """The padded-input positions k + i * stride of every window i (one window offset k)."""
        return (slice(None),) * self.lead + tuple(
            slice(kk, kk + (n - 1) * s + 1, s) for kk, n, s in zip(k, self.outs, self.stride))

    def non_overlapping(self) -> bool:
        return self.ws == self.stride


def _geometry(node: Any, x: Any, ws: tuple, stride: tuple, pad: tuple, outs: tuple | None = None) -> _Geometry:
    op = node.op
    nd = op.ndim
    shape = tuple(np.shape(x))
    if len(shape) < nd:
        raise NotImplementedError("%s requires input with %d or more dimensions" % (type(op).__name__, nd))
    _check_params(op, nd, ws, stride, pad)
    if outs is None:
        outs = tuple(pooled_length(length, w, s, p, op.ignore_border)
                     for length, w, s, p in zip(shape[len(shape) - nd:], ws, stride, pad))
    return _Geometry(shape, nd, ws, stride, pad, outs)


def _crop(y: Any, g: _Geometry) -> Any:
    """The first `outs` windows of each pooled dimension."""
    return y[(slice(None),) * g.lead + tuple(slice(0, n) for n in g.outs)]


def _unpad(y: Any, g: _Geometry) -> Any:
    return y[(slice(None),) * g.lead + tuple(slice(p, p + length) for p, length in zip(g.pad, g.lengths))]


# --------------------------------------------------------------------------- static parameters

def _reduce(x: Any, g: _Geometry, init: Any, fn: Any) -> Any:
    window = (1,) * g.lead + g.ws
    strides = (1,) * g.lead + g.stride
    padding = [(0, 0)] * g.lead + list(zip(g.pad, g.high))
    return _crop(lax.reduce_window(x, init, fn, window, strides, padding), g)


def _sum_pool(x: Any, g: _Geometry) -> Any:
    return _reduce(x, g, np.array(0, x.dtype), lax.add)


def _pool_static(op: Any, x: Any, g: _Geometry, dtype: Any) -> Any:
    x = jnp.asarray(x)
    if g.empty:
        return jnp.zeros(tuple(np.shape(x))[:g.lead] + g.outs, dtype)
    if op.mode == "max":
        return _reduce(x, g, _lowest(x.dtype), lax.max)
    work = x if x.dtype.kind in "fc" or op.mode == "sum" else x.astype("float64")
    total = _sum_pool(work, g)
    return _average(op, total, _counts(op, g.lengths, g.outs, g.ws, g.stride, g.pad), dtype)


def _sum_pool_transpose(gz: Any, x: Any, g: _Geometry) -> Any:
    """The transpose of sum pooling applied to gz (each window adds its gz to its positions)."""
    _, vjp = jax.vjp(lambda t: _sum_pool(t, g), jnp.zeros(np.shape(x), gz.dtype))
    return vjp(gz)[0]


def _max_matches(x: Any, maxout: Any, g: _Geometry) -> Any:
    """Yields (offset slices, mask) for each window offset: mask[i] says x at offset k of window i is its max."""
    x = jnp.asarray(x)
    xp = lax.pad(x, np.array(0, x.dtype), g.pad_config())
    valid = g.valid()
    for k in itertools.product(*(range(w) for w in g.ws)):
        sl = g.offset_slices(k)
        yield sl, (xp[sl] == maxout) & valid[sl[g.lead:]]


def _max_grad_static(x: Any, maxout: Any, gz: Any, g: _Geometry, dtype: Any) -> Any:
    if g.empty:
        return jnp.zeros(np.shape(x), dtype)
    gz = jnp.asarray(gz).astype(dtype)
    if g.non_overlapping():
        # one reshape: (..., n0, w0, n1, w1, ...) blocks of the padded input against their maxima
        xp = lax.pad(jnp.asarray(x), np.array(0, jnp.asarray(x).dtype), g.pad_config())
        block = (slice(None),) * g.lead + tuple(slice(0, n * w) for n, w in zip(g.outs, g.ws))
        lead_shape = tuple(np.shape(x))[:g.lead]
        split = lead_shape + tuple(d for n, w in zip(g.outs, g.ws) for d in (n, w))
        expand = (slice(None),) * g.lead + (slice(None), None) * len(g.ws)
        valid = g.valid()[block[g.lead:]].reshape(split[g.lead:])
        hit = (xp[block].reshape(split) == jnp.asarray(maxout)[expand]) & valid
        gblock = jnp.where(hit, gz[expand], jnp.zeros((), dtype)).reshape(tuple(np.shape(xp[block])))
        rest = [(0, 0, 0)] * g.lead + [(0, size - n * w, 0) for size, n, w in zip(g.padded, g.outs, g.ws)]
        return _unpad(lax.pad(gblock, np.array(0, dtype), rest), g)
    gx = jnp.zeros(tuple(np.shape(x))[:g.lead] + g.padded, dtype)
    zero = np.array(0, dtype)
    for sl, hit in _max_matches(x, maxout, g):
        contrib = jnp.where(hit, gz, zero)
        config = [(0, 0, 0)] * g.lead + [
            (s_.start, size - s_.start - ((n - 1) * st + 1), st - 1)
            for s_, size, n, st in zip(sl[g.lead:], g.padded, g.outs, g.stride)]
        gx = gx + lax.pad(contrib, zero, config)
    return _unpad(gx, g)


def _max_gradgrad_static(x: Any, maxout: Any, ggx: Any, g: _Geometry, dtype: Any) -> Any:
    if g.empty:
        return jnp.zeros(np.shape(maxout), dtype)
    ggxp = lax.pad(jnp.asarray(ggx).astype(dtype), np.array(0, dtype), g.pad_config())
    ggz = jnp.zeros(np.shape(maxout), dtype)
    for sl, hit in _max_matches(x, maxout, g):
        ggz = ggz + jnp.where(hit, ggxp[sl], np.array(0, dtype))
    return ggz


def _max_rop_static(x: Any, ev: Any, g: _Geometry, dtype: Any) -> Any:
    x = jnp.asarray(x)
    if g.empty:
        return jnp.zeros(tuple(np.shape(x))[:g.lead] + g.outs, dtype)
    maxout = _reduce(x, g, _lowest(x.dtype), lax.max)
    evp = lax.pad(jnp.asarray(ev).astype(dtype), np.array(0, dtype), g.pad_config())
    out = jnp.zeros(np.shape(maxout), dtype)
    found = jnp.zeros(np.shape(maxout), bool)
    for sl, hit in _max_matches(x, maxout, g):  # window offsets in row-major order: the first maximum wins
        take = hit & ~found
        out = jnp.where(take, evp[sl], out)
        found = found | hit
    return out


# --------------------------------------------------------------------------- symbolic parameters

def _membership(n: int, length: int, w: Any, s: Any, p: Any) -> tuple[Any, Any, Any]:
    """(M, exc_count, inc_count) with M[i, j] true when input j (unpadded) lies in window i."""
    i = jnp.arange(n, dtype="int64")
    j = jnp.arange(length, dtype="int64")
    w, s, p = (jnp.asarray(v).astype("int64") for v in (w, s, p))
    start = i * s
    end = jnp.minimum(start + w, length + 2 * p)
    lo = jnp.maximum(start, p) - p
    hi = jnp.minimum(end, length + p) - p
    member = (j[None, :] >= lo[:, None]) & (j[None, :] < hi[:, None])
    return member, jnp.maximum(hi - lo, 0), end - start


def _dynamic_members(node: Any, x: Any, ws: Any, stride: Any, pad: Any, outs: tuple) -> tuple[int, tuple, list]:
    nd = node.op.ndim
    shape = tuple(np.shape(x))
    if len(shape) < nd:
        raise NotImplementedError("%s requires input with %d or more dimensions" % (type(node.op).__name__, nd))
    lead = len(shape) - nd
    lengths = shape[lead:]
    ws, stride, pad = (jnp.asarray(v).reshape(-1) for v in (ws, stride, pad))
    members = [_membership(n, length, ws[d], stride[d], pad[d]) for d, (n, length) in enumerate(zip(outs, lengths))]
    return lead, lengths, members


def _dynamic_counts(op: Any, members: list) -> Any:
    count = jnp.ones((), dtype="float64")
    for _, exc, inc in members:
        c = inc if op.mode == "average_inc_pad" else exc
        count = count[..., None] * c.astype("float64")
    return count


def _contract(y: Any, lead: int, mats: list) -> Any:
    """Contract pooled axis `lead` with each matrix in turn (the new axis goes last, so the order is kept)."""
    for m in mats:
        y = jnp.tensordot(y, m.astype(y.dtype), axes=([lead], [0]), precision=dot_precision(y.dtype))
    return y


def _pool_dynamic(op: Any, x: Any, ws: Any, stride: Any, pad: Any, outs: tuple, node: Any, dtype: Any) -> Any:
    lead, lengths, members = _dynamic_members(node, x, ws, stride, pad, outs)
    x = jnp.asarray(x)
    if op.mode == "max":
        y = x
        low = _lowest(x.dtype)
        for m, _, _ in members:
            yt = jnp.moveaxis(y, lead, -1)[..., None, :]
            y = jnp.max(jnp.where(m, yt, low), axis=-1, initial=low)
        return y
    work = x if x.dtype.kind in "fc" or op.mode == "sum" else x.astype("float64")
    total = _contract(work, lead, [m.T for m, _, _ in members])
    return _average(op, total, _dynamic_counts(op, members), dtype)


def _pair_mask(members: list) -> Any:
    """mask[i0, j0, i1, j1, ...]: input (j0, j1, ...) lies in window (i0, i1, ...)."""
    mask = jnp.ones((), bool)
    for m, _, _ in members:
        mask = mask[..., None, None] & m
    return mask


def _interleave(a: Any, lead: int, nd: int, windows: bool) -> Any:
    """a[..., d0, d1, ...] as a[..., d0, 1, d1, 1, ...] (windows) or a[..., 1, d0, 1, d1, ...] (inputs)."""
    shape = tuple(np.shape(a))
    inner = []
    for d in shape[lead:lead + nd]:
        inner += [d, 1] if windows else [1, d]
    return jnp.reshape(a, shape[:lead] + tuple(inner))


def _max_hits_dynamic(node: Any, x: Any, maxout: Any, ws: Any, stride: Any, pad: Any) -> tuple:
    nd = node.op.ndim
    outs = tuple(np.shape(maxout))[len(np.shape(maxout)) - nd:]
    lead, lengths, members = _dynamic_members(node, x, ws, stride, pad, outs)
    hit = (_interleave(jnp.asarray(x), lead, nd, False) == _interleave(jnp.asarray(maxout), lead, nd, True))
    return lead, nd, hit & _pair_mask(members)


def _axes(lead: int, nd: int, windows: bool) -> tuple:
    return tuple(lead + 2 * d + (0 if windows else 1) for d in range(nd))


# --------------------------------------------------------------------------- rules

@lowers(Pool)
def lower_pool(node: Any, ctx: LoweringContext, x: Any, ws: Any, stride: Any, pad: Any) -> Any:
    op = node.op
    dtype = node.outputs[0].dtype
    params = _static(ws, stride, pad)
    if params is not None:
        g = _geometry(node, x, *params)
        return _pool_static(op, x, g, dtype)
    outs = tuple(ctx.out_shapes[0])[-op.ndim:]
    return _pool_dynamic(op, x, ws, stride, pad, outs, node, dtype)


@lowers(MaxPoolGrad)
def lower_max_pool_grad(node: Any, ctx: LoweringContext, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any,
                        pad: Any) -> Any:
    dtype = node.outputs[0].dtype
    params = _static(ws, stride, pad)
    if params is not None:
        g = _geometry(node, x, *params, outs=tuple(np.shape(maxout))[np.ndim(maxout) - node.op.ndim:])
        return _max_grad_static(x, maxout, gz, g, dtype)
    lead, nd, hit = _max_hits_dynamic(node, x, maxout, ws, stride, pad)
    gze = _interleave(jnp.asarray(gz).astype(dtype), lead, nd, True)
    return jnp.sum(jnp.where(hit, gze, np.array(0, dtype)), axis=_axes(lead, nd, True))


@lowers(DownsampleFactorMaxGradGrad)
def lower_max_pool_gradgrad(node: Any, ctx: LoweringContext, x: Any, maxout: Any, ggx: Any, ws: Any, stride: Any,
                            pad: Any) -> Any:
    dtype = node.outputs[0].dtype
    params = _static(ws, stride, pad)
    if params is not None:
        g = _geometry(node, x, *params, outs=tuple(np.shape(maxout))[np.ndim(maxout) - node.op.ndim:])
        return _max_gradgrad_static(x, maxout, ggx, g, dtype)
    lead, nd, hit = _max_hits_dynamic(node, x, maxout, ws, stride, pad)
    ggxe = _interleave(jnp.asarray(ggx).astype(dtype), lead, nd, False)
    return jnp.sum(jnp.where(hit, ggxe, np.array(0, dtype)), axis=_axes(lead, nd, False))


@lowers(AveragePoolGrad)
def lower_average_pool_grad(node: Any, ctx: LoweringContext, x: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> Any:
    op = node.op
    dtype = node.outputs[0].dtype
    gz = jnp.asarray(gz)
    outs = tuple(np.shape(gz))[np.ndim(gz) - op.ndim:]
    work_dtype = dtype if np.dtype(dtype).kind in "fc" else "float64"
    params = _static(ws, stride, pad)
    if params is not None:
        g = _geometry(node, x, *params, outs=outs)
        if g.empty:
            return jnp.zeros(np.shape(x), dtype)
        if op.mode != "sum":
            gz = gz.astype(work_dtype) / jnp.asarray(_counts(op, g.lengths, g.outs, g.ws, g.stride, g.pad), work_dtype)
        return _sum_pool_transpose(gz.astype(work_dtype), x, g).astype(dtype)
    lead, lengths, members = _dynamic_members(node, x, ws, stride, pad, outs)
    gz = gz.astype(work_dtype)
    if op.mode != "sum":
        gz = gz / _dynamic_counts(op, members).astype(work_dtype)
    return _contract(gz, lead, [m for m, _, _ in members]).astype(dtype)


@lowers(MaxPoolRop)
def lower_max_pool_rop(node: Any, ctx: LoweringContext, x: Any, ev: Any, ws: Any, stride: Any, pad: Any) -> Any:
    op = node.op
    dtype = node.outputs[0].dtype
    params = _static(ws, stride, pad)
    if params is not None:
        return _max_rop_static(x, ev, _geometry(node, x, *params), dtype)
    nd = op.ndim
    outs = tuple(ctx.out_shapes[0])[-nd:]
    x = jnp.asarray(x)
    maxout = _pool_dynamic(Pool(op.ignore_border, "max", nd), x, ws, stride, pad, outs, node, x.dtype)
    lead, nd, hit = _max_hits_dynamic(node, x, maxout, ws, stride, pad)
    lengths = tuple(np.shape(x))[lead:]
    flat = jnp.arange(int(np.prod(lengths)), dtype="int64").reshape(lengths)
    big = np.int64(np.prod(lengths))
    cand = jnp.where(hit, _interleave(jnp.broadcast_to(flat, tuple(np.shape(x))), lead, nd, False), big)
    first = jnp.min(cand, axis=_axes(lead, nd, False))  # (..., n0, n1, ...)
    ev_flat = jnp.asarray(ev).astype(dtype).reshape(tuple(np.shape(x))[:lead] + (-1,))
    first_flat = jnp.minimum(first, big - 1).reshape(tuple(np.shape(first))[:lead] + (-1,))
    return jnp.take_along_axis(ev_flat, first_flat, axis=-1).reshape(np.shape(first))
