"""Lowering of the softmax ops: Softmax, LogSoftmax, SoftmaxWithBias and SoftmaxGrad, row-wise.

Everything subtracts the row maximum before exponentiating (log-sum-exp), so inputs in the thousands give
finite results; float16 is computed in float32 and cast back.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.softmax import LogSoftmax, Softmax, SoftmaxGrad, SoftmaxWithBias
from theano.lowering.registry import LoweringContext, lowers


def _compute_dtype(dtype: str) -> str:
    return "float32" if dtype == "float16" else dtype


def _rows_softmax(x: Any) -> Any:
    if np.shape(x)[1] == 0:
        return jnp.zeros(np.shape(x), x.dtype)
    e = jnp.exp(x - jnp.max(x, axis=1, keepdims=True))
    return e / jnp.sum(e, axis=1, keepdims=True)


def _rows_logsoftmax(x: Any) -> Any:
    if np.shape(x)[1] == 0:
        return jnp.zeros(np.shape(x), x.dtype)
    dev = x - jnp.max(x, axis=1, keepdims=True)
    return dev - jnp.log(jnp.sum(jnp.exp(dev), axis=1, keepdims=True))


def _in(x: Any, node: Any, k: int = 0) -> Any:
    """x as an array in the computation dtype of output k."""
    return jnp.asarray(x).astype(_compute_dtype(node.outputs[k].dtype))


@lowers(Softmax)
def lower_softmax(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return _rows_softmax(_in(x, node))


@lowers(LogSoftmax)
def lower_logsoftmax(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return _rows_logsoftmax(_in(x, node))


@lowers(SoftmaxWithBias)
def lower_softmax_with_bias(node: Any, ctx: LoweringContext, x: Any, b: Any) -> Any:
    if np.shape(b)[0] != np.shape(x)[1]:
        raise ValueError("number of columns in x (%d) does not match length of b (%d)" % (np.shape(x)[1], np.shape(b)[0]))
    return _rows_softmax(_in(x, node) + _in(b, node)[None, :])


@lowers(SoftmaxGrad)
def lower_softmax_grad(node: Any, ctx: LoweringContext, dy: Any, sm: Any) -> Any:
    dy, sm = _in(dy, node), _in(sm, node)
    prod = dy * sm
    return prod - jnp.sum(prod, axis=1, keepdims=True) * sm
