"""Lowering of the one-hot cross-entropy ops (the row-wise softmax helpers come from rules/softmax.py).

A class label out of range raises Theano's error from inside the compiled program (lowering/runtime_checks.py):
ValueError "y_i value out of bounds" for the fused softmax ops (their C code), numpy's IndexError for
CrossentropyCategorical1Hot (its perform indexes with the labels; negative labels wrap there).
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.nnet import (CrossentropyCategorical1Hot, CrossentropyCategorical1HotGrad,
                                      CrossentropySoftmax1HotWithBiasDx, CrossentropySoftmaxArgmax1HotWithBias)
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import as_signed, check
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


def _check_labels(y: Any, n_classes: int) -> None:
    """Theano's C code of the fused softmax cross-entropy ops: ValueError for a label outside [0, n_classes)."""
    y = as_signed(y)
    check((y < 0) | (y >= n_classes), ValueError, "y_i value out of bounds")


def _check_indices(y: Any, n_classes: int) -> None:
    """numpy's IndexError of CrossentropyCategorical1Hot's perform (coding[i, y[i]]) for a label out of range."""
    y = as_signed(y)
    check((y < -n_classes) | (y >= n_classes), IndexError,
          "index %%d is out of bounds for axis 1 with size %d" % n_classes, payload=y)


def _check_rows(x: Any, y: Any) -> None:
    if np.shape(y)[0] != np.shape(x)[0]:
        raise ValueError("y_idx must have same number of rows as x (%d != %d)" % (np.shape(y)[0], np.shape(x)[0]))


@lowers(CrossentropySoftmaxArgmax1HotWithBias)
def lower_crossentropy_softmax_argmax(node: Any, ctx: LoweringContext, x: Any, b: Any, y_idx: Any) -> Any:
    if np.shape(b)[0] != np.shape(x)[1]:
        raise ValueError("b must have same number of columns as x")
    _check_rows(x, y_idx)
    _check_labels(y_idx, np.shape(x)[1])
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
    _check_labels(y_idx, np.shape(sm)[1])
    sm = _in(sm, node)
    n, k = np.shape(sm)
    dy = jnp.broadcast_to(jnp.reshape(_in(dy, node), (-1,)), (n,))[:, None]
    return dy * sm - jnp.where(_onehot(y_idx, k), dy, jnp.zeros((), sm.dtype))


@lowers(CrossentropyCategorical1Hot)
def lower_crossentropy_categorical_1hot(node: Any, ctx: LoweringContext, coding: Any, one_of_n: Any) -> Any:
    _check_rows(coding, one_of_n)
    _check_indices(one_of_n, np.shape(coding)[1])
    picked, _, _ = _pick(_in(coding, node), one_of_n, wrap_negative=True)
    return -jnp.log(picked)


@lowers(CrossentropyCategorical1HotGrad)
def lower_crossentropy_categorical_1hot_grad(node: Any, ctx: LoweringContext, g_y: Any, coding: Any,
                                             one_of_n: Any) -> Any:
    coding = _in(coding, node)
    _check_indices(one_of_n, np.shape(coding)[1])
    picked, valid, y = _pick(coding, one_of_n, wrap_negative=True)
    value = -_in(g_y, node) / picked
    mask = _onehot(y, np.shape(coding)[1]) & valid[:, None]
    return jnp.where(mask, value[:, None], jnp.zeros((), coding.dtype))
