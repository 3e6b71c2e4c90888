"""Numpy implementations of the pooling ops of frontend/ops/pool.py (their `host_impl`), for host shape programs,
constant folding and other host-side evaluation. The device program uses lowering/rules/pool.py.

Each works on the input padded with `pad` on the left and `pad + extra` on the right (so every window lies
inside it) and visits one strided view per window offset: view k holds position k of every window.
"""
from __future__ import annotations

import itertools
from typing import Any, Iterator

import numpy as np


class _Windows:
    """The geometry of one pooling of `shape` (see the module docstring)."""

    def __init__(self, op: Any, shape: tuple, ws: Any, stride: Any, pad: Any, outs: tuple | None = None):
        nd = op.ndim
        if len(shape) < nd:
            raise NotImplementedError("%s requires input with %d or more dimensions" % (op, nd))
        self.ws, self.stride, self.pad = (tuple(int(e) for e in np.asarray(v).reshape(-1)) for v in (ws, stride, pad))
        self.lead = len(shape) - nd
        self.lengths = tuple(shape[self.lead:])
        if outs is None:
            outs = tuple(pooled_length(n, w, s, p, op.ignore_border)
                         for n, w, s, p in zip(self.lengths, self.ws, self.stride, self.pad))
        self.outs = tuple(int(n) for n in outs)
        self.high = tuple(p + max(0, (n - 1) * s + w - (length + 2 * p))
                          for n, length, w, s, p in zip(self.outs, self.lengths, self.ws, self.stride, self.pad))
        self.empty = any(n == 0 for n in self.outs)

    def padded(self, x: np.ndarray, fill: Any = 0) -> np.ndarray:
        return np.pad(x, [(0, 0)] * self.lead + list(zip(self.pad, self.high)), constant_values=fill)

    def unpad(self, y: np.ndarray) -> np.ndarray:
        return y[(Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(self.pad, self.lengths))]

    def valid(self) -> np.ndarray:
        mask = np.ones((), dtype=bool)
        for length, p, h in zip(self.lengths, self.pad, self.high):
            mask = np.multiply.outer(mask, np.r_[np.zeros(p, bool), np.ones(length, bool), np.zeros(h, bool)])
        return mask

    def offsets(self) -> Iterator[tuple]:
        """The views (as index tuples over the pooled dimensions) of each window offset, in row-major order."""
        for k in itertools.product(*(range(w) for w in self.ws)):
            yield tuple(slice(kk, kk + (n - 1) * s + 1, s) for kk, n, s in zip(k, self.outs, self.stride))

    def counts(self, mode: str) -> np.ndarray:
        count = np.ones(())
        for n, length, w, s, p in zip(self.outs, self.lengths, self.ws, self.stride, self.pad):
            start = np.arange(n) * s
            end = np.minimum(start + w, length + 2 * p)
            c = end - start if mode == "average_inc_pad" else np.minimum(end, length + p) - np.maximum(start, p)
            count = np.multiply.outer(count, c)
        return count


def pooled_length(length: int, w: int, s: int, p: int, ignore_border: bool) -> int:
    """Pool.out_shape for one dimension, in ints."""
    v = length + 2 * p
    if ignore_border:
        return max((v - w) // s + 1, 0)
    if s >= w:
        return (v - 1) // s + 1
    return max(0, (v - 1 - w + s) // s) + 1


def _lowest(dtype: np.dtype) -> Any:
    if dtype.kind == "f":
        return -np.inf
    return np.iinfo(dtype).min if dtype.kind in "iu" else 0


def _max_hits(g: _Windows, x: np.ndarray, maxout: np.ndarray) -> Iterator[tuple]:
    """(view, hit) per window offset: hit says the input at that offset of each window equals its maximum."""
    xp, valid = g.padded(x), g.valid()
    for view in g.offsets():
        yield view, (xp[(Ellipsis,) + view] == maxout) & valid[view]


def pool(op: Any, x: Any, ws: Any, stride: Any, pad: Any, mode: str | None = None) -> np.ndarray:
    """Pool (with `mode` instead of op.mode when given)."""
    x = np.asarray(x)
    mode = op.mode if mode is None else mode
    g = _Windows(op, x.shape, ws, stride, pad)
    if g.empty:
        return np.zeros(x.shape[:g.lead] + g.outs, dtype=x.dtype)
    is_max = mode == "max"
    work = x if is_max or x.dtype.kind in "fc" else x.astype("float64")
    xp = g.padded(work, _lowest(x.dtype) if is_max else 0)
    acc = None
    for view in g.offsets():
        v = xp[(Ellipsis,) + view]
        acc = v.copy() if acc is None else (np.maximum(acc, v) if is_max else acc + v)
    if mode in ("max", "sum"):
        return acc.astype(x.dtype)
    return (acc / g.counts(mode)).astype(x.dtype)


def max_pool_grad(op: Any, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
    x, maxout, gz = np.asarray(x), np.asarray(maxout), np.asarray(gz)
    g = _Windows(op, x.shape, ws, stride, pad, maxout.shape[x.ndim - op.ndim:])
    gx = g.padded(np.zeros_like(x))
    if not g.empty:
        for view, hit in _max_hits(g, x, maxout):
            gx[(Ellipsis,) + view] += np.where(hit, gz, 0).astype(x.dtype)
    return g.unpad(gx)


def max_pool_gradgrad(op: Any, x: Any, maxout: Any, ggx: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
    x, maxout, ggx = np.asarray(x), np.asarray(maxout), np.asarray(ggx)
    g = _Windows(op, x.shape, ws, stride, pad, maxout.shape[x.ndim - op.ndim:])
    ggz = np.zeros(maxout.shape, dtype=x.dtype)
    if not g.empty:
        ggxp = g.padded(ggx)
        for view, hit in _max_hits(g, x, maxout):
            ggz += np.where(hit, ggxp[(Ellipsis,) + view], 0).astype(x.dtype)
    return ggz


def average_pool_grad(op: Any, x: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
    x, gz = np.asarray(x), np.asarray(gz)
    g = _Windows(op, x.shape, ws, stride, pad, gz.shape[x.ndim - op.ndim:])
    work = x.dtype if x.dtype.kind in "fc" else np.dtype("float64")
    gx = g.padded(np.zeros(x.shape, dtype=work))
    if not g.empty:
        share = gz.astype(work) if op.mode == "sum" else gz / g.counts(op.mode)
        for view in g.offsets():
            gx[(Ellipsis,) + view] += share
    return g.unpad(gx).astype(x.dtype)


def max_pool_rop(op: Any, x: Any, ev: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
    x, ev = np.asarray(x), np.asarray(ev)
    maxout = pool(op, x, ws, stride, pad, mode="max")
    g = _Windows(op, x.shape, ws, stride, pad, maxout.shape[x.ndim - op.ndim:])
    out = np.zeros(maxout.shape, dtype=ev.dtype)
    if g.empty:
        return out
    found = np.zeros(maxout.shape, dtype=bool)
    evp = g.padded(ev)
    for view, hit in _max_hits(g, x, maxout):  # row-major offsets: the first maximum of each window wins
        take = hit & ~found
        out = np.where(take, evp[(Ellipsis,) + view], out)
        found |= hit
    return out
