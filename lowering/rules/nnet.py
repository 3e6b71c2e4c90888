"""Lowering of the one-hot cross-entropy ops (the row-wise softmax helpers come from rules/softmax.py).

Target indices are data, so an out-of-range index cannot raise inside the compiled program: it gives a NaN loss.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.nnet import (CrossentropyCategorical1Hot, CrossentropyCategorical1HotGrad,
                                      CrossentropySoftmax1HotWithBiasDx, CrossentropySoftmaxArgmax1HotWithBias)
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.softmax import _in


def _onehot(y: Any, n_classes: int) -> Any:
    return jnp.asarray(y)[:, None] == jnp.arange(n_classes)[None, :]


def _pick(x: Any, y: Any, wrap_negative: bool) -> Any:
    """x[i, y[i]] per row; NaN where y[i] is out of range (negative indices wrap as numpy's if asked)."""
    n_classes = np.shape(x)[1]
    y = jnp.asarray(y).astype(jnp.int64)
    if wrap_negative:
        y = jnp.where((y < 0) & (y >= -n_classes), y + n_classes, y)
    valid = (y >= 0) & (y < n_classes)
    picked = jnp.take_along_axis(x, jnp.clip(y, 0, max(n_classes - 1, 0))[:, None], axis=1)[:, 0]
    return jnp.where(valid, picked, jnp.nan), valid, y


def _check_rows(x: Any, y: Any) -> None:
    if np.shape(y)[0] != np.shape(x)[0]:
        raise ValueError("y_idx must have same number of rows as x (%d != %d)" % (np.shape(y)[0], np.shape(x)[0]))


@lowers(CrossentropySoftmaxArgmax1HotWithBias)
def lower_crossentropy_softmax_argmax(node: Any, ctx: LoweringContext, x: Any, b: Any, y_idx: Any) -> Any:
    if np.shape(b)[0] != np.shape(x)[1]:
        raise ValueError("b must have same number of columns as x")
    _check_rows(x, y_idx)
    row = _in(x, node, 1) + _in(b, node, 1)[None, :]
    m = jnp.max(row, axis=1, keepdims=True)
    e = jnp.exp(row - m)
    s = jnp.sum(e, axis=1, keepdims=True)
    picked, _, _ = _pick(row, y_idx, wrap_negative=False)
    nll = (jnp.log(s) + m)[:, 0] - picked
    return nll, e / s, jnp.argmax(row, axis=1)


@lowers(CrossentropySoftmax1HotWithBiasDx)
def lower_crossentropy_softmax_dx(node: Any, ctx: LoweringContext, dy: Any, sm: Any, y_idx: Any) -> Any:
    _check_rows(sm, y_idx)
    sm = _in(sm, node)
    n, k = np.shape(sm)
    dy = jnp.broadcast_to(jnp.reshape(_in(dy, node), (-1,)), (n,))[:, None]
    return dy * sm - jnp.where(_onehot(y_idx, k), dy, jnp.zeros((), sm.dtype))


@lowers(CrossentropyCategorical1Hot)
def lower_crossentropy_categorical_1hot(node: Any, ctx: LoweringContext, coding: Any, one_of_n: Any) -> Any:
    _check_rows(coding, one_of_n)
    picked, _, _ = _pick(_in(coding, node), one_of_n, wrap_negative=True)
    return -jnp.log(picked)


@lowers(CrossentropyCategorical1HotGrad)
def lower_crossentropy_categorical_1hot_grad(node: Any, ctx: LoweringContext, g_y: Any, coding: Any,
                                             one_of_n: Any) -> Any:
    coding = _in(coding, node)
    picked, valid, y = _pick(coding, one_of_n, wrap_negative=True)
    value = -_in(g_y, node) / picked
    mask = _onehot(y, np.shape(coding)[1]) & valid[:, None]
    return jnp.where(mask, value[:, None], jnp.zeros((), coding.dtype))
