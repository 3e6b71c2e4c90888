"""numpy references of theano.tensor.nnet's extra ops (neighbours, batch norm, conv3d2d's stripes, block-sparse
products) and sandbox.multinomial: Theano 1.0.5's perform loops written out (merged into numpy_reference's
OP_REFERENCE and SCALAR_REFERENCE)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

# op class name -> numpy function (op, *input values) -> list of output values
NNET_REFERENCE: dict[str, Callable[..., list[Any]]] = {}
# scalar op name -> numpy function of the (broadcast) input arrays
NNET_SCALAR_REFERENCE: dict[str, Callable[..., Any]] = {}


# --- issue 10: nnet extras, neighbours, batch norm
def _images2neibs(mode: str, x: np.ndarray, shape: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Theano 1.0.5's Images2Neibs.perform loop, written out (zeros outside the image; wrap_centered wraps)."""
    c, d = (int(v) for v in shape)
    sx, sy = (int(v) for v in step)
    h, w = x.shape[2], x.shape[3]
    if mode == "wrap_centered":
        gc, gd = -(-h // sx), -(-w // sy)
    else:
        ext = {"valid": (h - c, w - d), "ignore_borders": (h - c, w - d), "half": (h - c % 2, w - d % 2),
               "full": (h + c - 2, w + d - 2)}[mode]
        gc, gd = 1 + ext[0] // sx, 1 + ext[1] // sy
    shift = {"valid": (0, 0), "ignore_borders": (0, 0), "half": (c // 2, d // 2), "full": (c - 1, d - 1),
             "wrap_centered": (c // 2, d // 2)}[mode]
    out = np.zeros((x.shape[0] * x.shape[1] * gc * gd, c * d), dtype=x.dtype)
    row = 0
    for n in range(x.shape[0]):
        for s in range(x.shape[1]):
            for a in range(gc):
                for b in range(gd):
                    for i in range(c):
                        for j in range(d):
                            r, q = a * sx + i - shift[0], b * sy + j - shift[1]
                            if mode == "wrap_centered":
                                r, q = r % h, q % w
                            if 0 <= r < h and 0 <= q < w:
                                out[row, i * d + j] = x[n, s, r, q]
                    row += 1
    return out


def _bn_train(axes: tuple, x: np.ndarray, scale: np.ndarray, bias: np.ndarray, eps: Any, factor: Any,
              *running: np.ndarray) -> list[Any]:
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    invstd = 1.0 / np.sqrt(var + eps)
    out = [(x - mean) * scale * invstd + bias, mean, invstd]
    if running:
        m = x.size / scale.size
        out += [running[0] * (1 - factor) + mean * factor, running[1] * (1 - factor) + m / (m - 1) * var * factor]
    return out


def _bn_train_grad(axes: tuple, x: np.ndarray, dy: np.ndarray, scale: np.ndarray, mean: np.ndarray,
                   invstd: np.ndarray, eps: Any) -> list[Any]:
    xc = x - mean
    c = dy * invstd - xc * (dy * xc).mean(axis=axes, keepdims=True) * invstd ** 3
    return [scale * (c - c.mean(axis=axes, keepdims=True)), (dy * invstd * xc).sum(axis=axes, keepdims=True),
            dy.sum(axis=axes, keepdims=True)]


NNET_REFERENCE.update({
    "Images2Neibs": lambda op, x, shape, step: [_images2neibs(op.mode, x, shape, step)],
    "AbstractBatchNormTrain": lambda op, *args: _bn_train(op.axes, *args),
    "AbstractBatchNormInference": lambda op, x, g, b, m, v, eps: [(x - m) * g / np.sqrt(v + eps) + b],
    "AbstractBatchNormTrainGrad": lambda op, *args: _bn_train_grad(op.axes, *args),
    "Prepend_scalar_constant_to_each_row": lambda op, m: [np.hstack([np.full((m.shape[0], 1), op.val), m])],
    "Prepend_scalar_to_each_row": lambda op, v, m: [np.hstack([np.full((m.shape[0], 1), v), m])],
})
NNET_SCALAR_REFERENCE.update({"bn_composite": lambda x, mean, std, gamma, beta: (x - mean) / std * gamma + beta})


def _stripe(x: Any, i0: Any, i1: Any) -> Any:
    """conv3d2d's diagonal stripe by loops: out[a, b] = x[a + n1 - 1 - b, b] over axes (i0, i1)."""
    i0, i1 = int(i0), int(i1)
    n0, n1 = x.shape[i0], x.shape[i1]
    y = np.moveaxis(x, (i0, i1), (0, 1))
    rows = [[y[a + n1 - 1 - b, b] for b in range(n1)] for a in range(n0 - n1 + 1)]
    return np.moveaxis(np.array(rows, dtype=x.dtype).reshape((n0 - n1 + 1, n1) + y.shape[2:]), (0, 1), (i0, i1))


def _inc_stripe(x: Any, i0: Any, i1: Any, amt: Any) -> Any:
    i0, i1 = int(i0), int(i1)
    n0, n1 = x.shape[i0], x.shape[i1]
    y = np.moveaxis(np.array(x), (i0, i1), (0, 1)).copy()
    a_moved = np.moveaxis(amt, (i0, i1), (0, 1))
    for a in range(n0 - n1 + 1):
        for b in range(n1):
            y[a + n1 - 1 - b, b] += a_moved[a, b]
    return np.moveaxis(y, (0, 1), (i0, i1))


NNET_REFERENCE.update({  # theano.tensor.nnet.conv3d2d
    "DiagonalSubtensor": lambda op, x, i0, i1: [_stripe(x, i0, i1)],
    "IncDiagonalSubtensor": lambda op, x, i0, i1, amt: [_inc_stripe(x, i0, i1, amt)],
})

# --- nnet leftovers: block-sparse products and sandbox.multinomial (Theano 1.0.5's perform loops)
def _sparse_block_gemv(op: Any, o: np.ndarray, W: np.ndarray, h: np.ndarray, i_idx: np.ndarray,
                       o_idx: np.ndarray) -> list:
    o = o.copy()
    for b in range(o.shape[0]):
        for j in range(o.shape[1]):
            for i in range(h.shape[1]):
                o[b, j, :] += np.dot(h[b, i], W[i_idx[b, i], o_idx[b, j]])
    return [o]


def _sparse_block_outer(op: Any, o: np.ndarray, x: np.ndarray, y: np.ndarray, x_idx: np.ndarray,
                        y_idx: np.ndarray, alpha: np.ndarray) -> list:
    o = o.copy()
    for b in range(x.shape[0]):
        for i in range(x_idx.shape[1]):
            for j in range(y_idx.shape[1]):
                o[x_idx[b, i], y_idx[b, j]] += alpha * np.outer(x[b, i], y[b, j])
    return [o]


def _multinomial_from_uniform(op: Any, pvals: np.ndarray, unis: np.ndarray, n: np.ndarray) -> list:
    z = np.zeros(pvals.shape)
    rows = pvals.shape[0]
    for c in range(int(n)):
        for r in range(rows):
            z[r, np.searchsorted(pvals[r].cumsum(dtype="float64"), unis[c * rows + r])] += 1
    return [z]


def _choice_from_uniform(op: Any, pvals: np.ndarray, unis: np.ndarray, n: np.ndarray) -> list:
    pvals = pvals.copy()
    rows, k = pvals.shape
    z = -np.ones((rows, int(n)), dtype="int64")
    for c in range(int(n)):
        for r in range(rows):
            cummul = 0
            for m in range(k):
                cummul += pvals[r, m]
                if cummul > unis[c * rows + r]:
                    z[r, c] = m
                    if not op.replace:
                        pvals[r, m] = 0.
                        pvals[r] /= pvals[r].sum()
                    break
    return [z]


NNET_REFERENCE.update({
    "SparseBlockGemv": _sparse_block_gemv,
    "SparseBlockOuter": _sparse_block_outer,
    "MultinomialFromUniform": _multinomial_from_uniform,
    "ChoiceFromUniform": _choice_from_uniform,
    "MultinomialWOReplacementFromUniform": _choice_from_uniform,
})
