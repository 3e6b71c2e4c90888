"""Lowering of frontend/ops/sharding.py: BatchShard constrains its value to the batch sharding of the
data-parallel program being traced (lowering/sharding.py); anywhere else it is the identity."""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.sharding import BatchShard
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.subtensor import traced
from theano.lowering.sharding import active_plan


@lowers(BatchShard)
def lower_batch_shard(node: Any, ctx: LoweringContext, x: Any) -> Any:
    plan = active_plan()
    if plan is None or plan.spec is None or not traced(x):
        return x
    return plan.constrain_batch(x, node.op.label)
