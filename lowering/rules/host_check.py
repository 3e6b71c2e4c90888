"""Lowering of frontend/ops/host_check.py: HostCheck runs its check where its inputs are concrete (the host shape
program, eager evaluation) and is the identity inside a traced program."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.host_check import Assert, HostCheck
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check
from theano.lowering.rules.subtensor import traced


@lowers(HostCheck)
def lower_host_check(node: Any, ctx: LoweringContext, value: Any, *args: Any) -> Any:
    if not traced(value) and not any(traced(a) for a in args):
        return node.op.host_impl(node, np.asarray(value), *[np.asarray(a) for a in args])
    return value


@lowers(Assert)
def lower_assert(node: Any, ctx: LoweringContext, value: Any, *conds: Any) -> Any:
    """AssertionError(msg) from the compiled program when a condition is false (lowering/runtime_checks.py)."""
    for c in conds:
        check(jnp.logical_not(jnp.asarray(c).astype(bool)), AssertionError, node.op.msg)
    return value
