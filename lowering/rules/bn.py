"""Lowering of the batch-normalisation ops: each runs its own `decompose` graph (frontend/ops/bn.py), the
graph Theano's local_abstract_batch_norm_* rewrites put in its place; registered here so the rule is explicit."""
from __future__ import annotations

from theano.frontend.ops.bn import AbstractBatchNormInference, AbstractBatchNormTrain, AbstractBatchNormTrainGrad
from theano.lowering.interpreter import decomposition_rule
from theano.lowering.registry import lowers

lowers(AbstractBatchNormTrain, AbstractBatchNormInference, AbstractBatchNormTrainGrad)(decomposition_rule)
