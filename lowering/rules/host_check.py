"""Lowering of frontend/ops/host_check.py: HostCheck runs its check where its inputs are concrete (the host shape
program, eager evaluation) and is the identity inside a traced program."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.ops.host_check import HostCheck
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.subtensor import traced


@lowers(HostCheck)
def lower_host_check(node: Any, ctx: LoweringContext, value: Any, *args: Any) -> Any:
    if not traced(value) and not any(traced(a) for a in args):
        return node.op.host_impl(node, np.asarray(value), *[np.asarray(a) for a in args])
    return value
