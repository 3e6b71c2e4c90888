"""numpy implementations of the abstract convolutions (Theano's `perform`), used where a value is needed on the
host: the host shape program (a value-dependent shape downstream of a convolution) and constant folding.
The device program never uses them: it lowers to lax.conv_general_dilated. One loop over kernel offsets, an
einsum per offset over the strided window of the (padded) input."""
from __future__ import annotations

import itertools
from typing import Any, Sequence

import numpy as np

__all__ = ["host_forward", "host_grad_inputs", "host_grad_weights"]


def _window(pos: Sequence[int], osp: Sequence[int], op: Any) -> tuple:
    """Slices of the padded input that kernel offset `pos` meets, one per output position."""
    return (Ellipsis,) + tuple(slice(p * d, p * d + (o - 1) * s + 1, s)
                               for p, o, s, d in zip(pos, osp, op.subsample, op.filter_dilation))


def _flip(kern: np.ndarray, nd: int) -> np.ndarray:
    return kern[(Ellipsis,) + (slice(None, None, -1),) * nd]


def _grouped_kernel(op: Any, kern: np.ndarray) -> np.ndarray:
    """(groups, out/groups, [out positions,] in/groups, *kernel)."""
    g = op.num_groups
    return kern.reshape((g, kern.shape[0] // g) + kern.shape[1:])


def _kernel_at(op: Any, kern: np.ndarray, pos: tuple) -> np.ndarray:
    return kern[(Ellipsis,) + pos]


def host_forward(op: Any, img: np.ndarray, kern: np.ndarray, dtype: str, pads: list) -> np.ndarray:
    nd = op.convdim
    kshp = kern.shape[-nd:]
    if img.shape[1] != kern.shape[-nd - 1] * op.num_groups:
        raise ValueError("%s: the input has %d channels but the filters expect %d"
                         % (type(op).__name__, img.shape[1], kern.shape[-nd - 1] * op.num_groups))
    if op.filter_flip:
        kern = _flip(kern, nd)
    x = np.pad(np.asarray(img, dtype="float64"), [(0, 0), (0, 0)] + pads)
    osp = [(x.shape[2 + i] - ((kshp[i] - 1) * op.filter_dilation[i] + 1)) // op.subsample[i] + 1 for i in range(nd)]
    if any(o <= 0 for o in osp):
        raise ValueError("The convolution would produce an invalid shape %s" % (tuple(osp),))
    g, n = op.num_groups, img.shape[0]
    x = x.reshape((n, g, img.shape[1] // g) + x.shape[2:])
    k = _grouped_kernel(op, np.asarray(kern, dtype="float64"))
    out = np.zeros((n, g, k.shape[1]) + tuple(osp))
    for pos in itertools.product(*[range(s) for s in kshp]):
        w = x[_window(pos, osp, op)]
        if op.unshared:
            out += np.einsum("ngcij,goijc->ngoij", w, _kernel_at(op, k, pos))
        else:
            out += np.einsum("ngc...,goc->ngo...", w, _kernel_at(op, k, pos))
    return out.reshape((n, g * k.shape[1]) + tuple(osp)).astype(dtype)


def host_grad_inputs(op: Any, kern: np.ndarray, top: np.ndarray, ishape: Sequence[int], dtype: str,
                     pads: list) -> np.ndarray:
    nd = op.convdim
    kshp = kern.shape[-nd:]
    if op.filter_flip:
        kern = _flip(kern, nd)
    g, n = op.num_groups, top.shape[0]
    c = int(ishape[1])
    x = np.zeros((n, g, c // g) + tuple(int(ishape[2 + i]) + pads[i][0] + pads[i][1] for i in range(nd)))
    k = _grouped_kernel(op, np.asarray(kern, dtype="float64"))
    t = np.asarray(top, dtype="float64").reshape((n, g, top.shape[1] // g) + top.shape[2:])
    osp = top.shape[2:]
    for pos in itertools.product(*[range(s) for s in kshp]):
        if op.unshared:
            x[_window(pos, osp, op)] += np.einsum("ngoij,goijc->ngcij", t, _kernel_at(op, k, pos))
        else:
            x[_window(pos, osp, op)] += np.einsum("ngo...,goc->ngc...", t, _kernel_at(op, k, pos))
    x = x.reshape((n, c) + x.shape[3:])
    crop = (slice(None), slice(None)) + tuple(slice(pads[i][0], pads[i][0] + int(ishape[2 + i])) for i in range(nd))
    return x[crop].astype(dtype)


def host_grad_weights(op: Any, img: np.ndarray, top: np.ndarray, kshape: Sequence[int], dtype: str,
                      pads: list) -> np.ndarray:
    nd = op.convdim
    kshp = tuple(int(s) for s in kshape[-nd:])
    g, n = op.num_groups, img.shape[0]
    x = np.pad(np.asarray(img, dtype="float64"), [(0, 0), (0, 0)] + pads)
    x = x.reshape((n, g, img.shape[1] // g) + x.shape[2:])
    t = np.asarray(top, dtype="float64").reshape((n, g, top.shape[1] // g) + top.shape[2:])
    osp = top.shape[2:]
    kern = np.zeros(tuple(int(s) for s in kshape))
    kg = kern.reshape((g, kern.shape[0] // g) + kern.shape[1:])
    for pos in itertools.product(*[range(s) for s in kshp]):
        w = x[_window(pos, osp, op)]
        if op.unshared:
            kg[(Ellipsis,) + pos] = np.einsum("ngcij,ngoij->goijc", w, t)
        else:
            kg[(Ellipsis,) + pos] = np.einsum("ngcp,ngop->goc", w.reshape(w.shape[:3] + (-1,)),
                                              t.reshape(t.shape[:3] + (-1,)))
    kern = kg.reshape(kern.shape)
    return (_flip(kern, nd) if op.filter_flip else kern).astype(dtype)
