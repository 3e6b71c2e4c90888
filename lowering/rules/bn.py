"""Lowering of the batch-normalisation ops: each runs its own `decompose` graph (frontend/ops/bn.py), the graph
Theano's local_abstract_batch_norm_* rewrites put in its place (FAST_RUN's specialize does that rewrite already;
this rule serves graphs compiled without it)."""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.bn import AbstractBatchNormInference, AbstractBatchNormTrain, AbstractBatchNormTrainGrad
from theano.lowering.interpreter import decomposition_rule
from theano.lowering.registry import LoweringContext, lowers


@lowers(AbstractBatchNormTrain, AbstractBatchNormInference, AbstractBatchNormTrainGrad)
def lower_batch_norm(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    return decomposition_rule(node, ctx, *inputs)
