"""numpy references of the pooling ops (Theano 1.0.5's Pool / PoolGrad perform loops, written out) for
test_every_op_computes.py."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np


def _pool_windows(op: Any, shape: tuple, ws: Any, stride: Any, pad: Any, outs: tuple | None = None) -> tuple:
    """Per pooled dimension, per window: (lo, hi) in unpadded coordinates without padding, and the size of the
    window clipped to the padded image; and the number of windows (Theano 1.0.5's Pool.out_shape)."""
    nd = op.ndim
    wins, counts = [], []
    for d in range(nd):
        length, w, s, p = shape[-nd + d], int(ws[d]), int(stride[d]), int(pad[d])
        v = length + 2 * p
        if outs is not None:
            n = outs[d]
        elif op.ignore_border:
            n = max(0, (v - w) // s + 1)
        else:
            n = (v - 1) // s + 1 if s >= w else max(0, (v - 1 - w + s) // s) + 1
        dim = []
        for i in range(n):
            start, end = i * s, min(i * s + w, v)
            dim.append((max(start, p) - p, min(end, length + p) - p, end - start))
        wins.append(dim)
        counts.append(n)
    return wins, tuple(counts)


def _pool_region(wins: list, r: tuple) -> tuple:
    return tuple(slice(wins[d][r[d]][0], wins[d][r[d]][1]) for d in range(len(r)))


def _pool_positions(wins: list, r: tuple) -> Any:
    import itertools
    return itertools.product(*[range(wins[d][r[d]][0], wins[d][r[d]][1]) for d in range(len(r))])


def _pool(op: Any, x: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad)
    nd = op.ndim
    z = np.zeros(x.shape[:-nd] + outs, dtype="float64")
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            patch = x[k][_pool_region(wins, r)]
            if op.mode == "max":
                z[k][r] = patch.max()
            elif op.mode == "sum":
                z[k][r] = patch.sum()
            elif op.mode == "average_exc_pad":
                z[k][r] = patch.sum() / patch.size
            else:
                z[k][r] = patch.sum() / np.prod([wins[d][r[d]][2] for d in range(nd)])
    return [z]


def _max_pool_grad(op: Any, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    nd = op.ndim
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad, maxout.shape[-nd:])
    gx = np.zeros(x.shape)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            for c in _pool_positions(wins, r):
                if x[k][c] == maxout[k][r]:
                    gx[k][c] += gz[k][r]
    return [gx]


def _max_pool_gradgrad(op: Any, x: Any, maxout: Any, ggx: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    nd = op.ndim
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad, maxout.shape[-nd:])
    ggz = np.zeros(maxout.shape)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            for c in _pool_positions(wins, r):
                if x[k][c] == maxout[k][r]:
                    ggz[k][r] += ggx[k][c]
    return [ggz]


def _average_pool_grad(op: Any, x: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    nd = op.ndim
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad, gz.shape[-nd:])
    gx = np.zeros(x.shape)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            if op.mode == "sum":
                div = 1
            elif op.mode == "average_exc_pad":
                div = np.prod([wins[d][r[d]][1] - wins[d][r[d]][0] for d in range(nd)])
            else:
                div = np.prod([wins[d][r[d]][2] for d in range(nd)])
            gx[k][_pool_region(wins, r)] += gz[k][r] / div
    return [gx]


def _max_pool_rop(op: Any, x: Any, ev: Any, ws: Any, stride: Any, pad: Any) -> list[Any]:
    wins, outs = _pool_windows(op, x.shape, ws, stride, pad)
    nd = op.ndim
    z = np.zeros(x.shape[:-nd] + outs)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            best = max(_pool_positions(wins, r), key=lambda c: (x[k][c], -np.ravel_multi_index(c, x.shape[-nd:])))
            z[k][r] = ev[k][best]
    return [z]


POOL_REFERENCE: dict[str, Callable[..., list[Any]]] = {
    "Pool": _pool, "MaxPoolGrad": _max_pool_grad, "DownsampleFactorMaxGradGrad": _max_pool_gradgrad,
    "AveragePoolGrad": _average_pool_grad, "MaxPoolRop": _max_pool_rop,
}
