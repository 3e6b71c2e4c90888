"""Lowering of theano.raise_op.Raise: a run-time check that always fails, raising exc(msg) from the call.

The condition is computed from the traced input, so the check is filed where the op runs (an IfElse branch
files it in its own scope: an untaken branch raises nothing), and raises at once when evaluated eagerly.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.raise_op import Raise
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check


@lowers(Raise)
def lower_raise(node: Any, ctx: LoweringContext, x: Any) -> Any:
    x = jnp.asarray(x)
    always = jnp.logical_or(True, jnp.any(x != x))  # True, traced with x
    check(always, node.op.exc, str(node.op.msg))
    return x
