"""A direct numpy reference for Theano's convolutions: loops over output positions, np.einsum over each window.

`forward` is Theano's AbstractConv (filters flipped when filter_flip), `grad_inputs` / `grad_weights` are its
adjoints written as scatter / accumulate loops (independent of the forward code path of the library).
Parameters are plain values: border_mode ('valid' | 'full' | 'half' | int | tuple of ints or pairs),
subsample, filter_dilation, num_groups, unshared (2-D only).
"""
from __future__ import annotations

import itertools
from typing import Any, Sequence

import numpy as np


def pads(border_mode: Any, kshp: Sequence[int], dilation: Sequence[int]) -> list[tuple[int, int]]:
    """(left, right) zero padding per spatial axis."""
    out = []
    for i, (k, d) in enumerate(zip(kshp, dilation)):
        dk = (k - 1) * d + 1
        m = border_mode[i] if isinstance(border_mode, tuple) else border_mode
        if m == "valid":
            out.append((0, 0))
        elif m == "full":
            out.append((dk - 1, dk - 1))
        elif m == "half":
            out.append((dk // 2, dk // 2))
        elif isinstance(m, tuple):
            out.append((int(m[0]), int(m[1])))
        else:
            out.append((int(m), int(m)))
    return out


def _window(x: np.ndarray, pos: Sequence[int], kshp: Sequence[int], subsample: Sequence[int],
            dilation: Sequence[int]) -> tuple:
    """Index of the window of output position `pos` in the padded input (the leading two axes kept)."""
    return (slice(None), slice(None)) + tuple(
        slice(p * s, p * s + (k - 1) * d + 1, d) for p, k, s, d in zip(pos, kshp, subsample, dilation))


def _flip(kern: np.ndarray, nd: int) -> np.ndarray:
    return kern[(Ellipsis,) + (slice(None, None, -1),) * nd]


def forward(img: np.ndarray, kern: np.ndarray, border_mode: Any = "valid", subsample: Any = None,
            filter_flip: bool = True, filter_dilation: Any = None, num_groups: int = 1,
            unshared: bool = False) -> np.ndarray:
    nd = img.ndim - 2
    subsample = subsample or (1,) * nd
    dil = filter_dilation or (1,) * nd
    kshp = kern.shape[-nd:]
    if filter_flip:
        kern = _flip(kern, nd)
    p = pads(border_mode, kshp, dil)
    x = np.pad(img, [(0, 0), (0, 0)] + p)
    out_sp = [(x.shape[2 + i] - ((kshp[i] - 1) * dil[i] + 1)) // subsample[i] + 1 for i in range(nd)]
    n, c = img.shape[:2]
    g = num_groups
    nout = kern.shape[0]
    out = np.zeros((n, nout) + tuple(out_sp), dtype=np.float64)
    for pos in itertools.product(*[range(s) for s in out_sp]):
        w = x[_window(x, pos, kshp, subsample, dil)].reshape((n, g, c // g, -1))
        k = kern[(slice(None),) + tuple(pos)] if unshared else kern
        k = k.reshape((g, nout // g, c // g, -1))
        out[(slice(None), slice(None)) + pos] = np.einsum("ngck,gock->ngo", w, k).reshape(n, nout)
    return out


def grad_inputs(kern: np.ndarray, top: np.ndarray, image_spatial: Sequence[int], border_mode: Any = "valid",
                subsample: Any = None, filter_flip: bool = True, filter_dilation: Any = None, num_groups: int = 1,
                unshared: bool = False) -> np.ndarray:
    nd = top.ndim - 2
    subsample = subsample or (1,) * nd
    dil = filter_dilation or (1,) * nd
    kshp = kern.shape[-nd:]
    if filter_flip:
        kern = _flip(kern, nd)
    p = pads(border_mode, kshp, dil)
    g = num_groups
    n, nout = top.shape[:2]
    c = kern.shape[-nd - 1] * g
    x = np.zeros((n, c) + tuple(image_spatial[i] + p[i][0] + p[i][1] for i in range(nd)))
    for pos in itertools.product(*[range(s) for s in top.shape[2:]]):
        k = kern[(slice(None),) + tuple(pos)] if unshared else kern
        k = k.reshape((g, nout // g, c // g, -1))
        t = top[(slice(None), slice(None)) + pos].reshape(n, g, nout // g)
        contrib = np.einsum("ngo,gock->ngck", t, k).reshape((n, c) + tuple(kshp))
        x[_window(x, pos, kshp, subsample, dil)] += contrib
    crop = (slice(None), slice(None)) + tuple(slice(p[i][0], p[i][0] + image_spatial[i]) for i in range(nd))
    return x[crop]


def grad_weights(img: np.ndarray, top: np.ndarray, kernel_spatial: Sequence[int], border_mode: Any = "valid",
                 subsample: Any = None, filter_flip: bool = True, filter_dilation: Any = None, num_groups: int = 1,
                 unshared: bool = False) -> np.ndarray:
    nd = img.ndim - 2
    subsample = subsample or (1,) * nd
    dil = filter_dilation or (1,) * nd
    kshp = tuple(kernel_spatial)
    p = pads(border_mode, kshp, dil)
    x = np.pad(img, [(0, 0), (0, 0)] + p)
    n, c = img.shape[:2]
    g = num_groups
    nout = top.shape[1]
    out_sp = top.shape[2:]
    if unshared:
        kern = np.zeros((nout,) + tuple(out_sp) + (c // g,) + kshp)
    else:
        kern = np.zeros((nout, c // g) + kshp)
    for pos in itertools.product(*[range(s) for s in out_sp]):
        w = x[_window(x, pos, kshp, subsample, dil)].reshape((n, g, c // g, -1))
        t = top[(slice(None), slice(None)) + pos].reshape(n, g, nout // g)
        contrib = np.einsum("ngck,ngo->gock", w, t).reshape((nout, c // g) + kshp)
        if unshared:
            kern[(slice(None),) + tuple(pos)] += contrib
        else:
            kern += contrib
    return _flip(kern, nd) if filter_flip else kern


def op_params(op: Any) -> dict:
    """The keyword parameters of the reference functions for an abstract convolution op."""
    return dict(border_mode=op.border_mode, subsample=op.subsample, filter_flip=op.filter_flip,
                filter_dilation=op.filter_dilation, num_groups=op.num_groups, unshared=op.unshared)
