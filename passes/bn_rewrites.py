"""Batch-normalisation rewrites (part of `specialize`; nnet/bn.py's local_abstract_batch_norm_* rules).

Each abstract op is replaced by its own `decompose` graph of elementwise ops and reductions, as Theano
1.0.5 does when no cuDNN implementation takes the op: the compiled graph holds no abstract op.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.bn import AbstractBatchNormInference, AbstractBatchNormTrain, AbstractBatchNormTrainGrad
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP

TAGS = ("specialize", "fast_run", "fast_compile")


def _decomposed(node: Any) -> Any:
    """The node's outputs as its op's decomposition (a list for the multi-output ops)."""
    outs = node.op.decompose(*node.inputs)
    return list(outs) if isinstance(outs, (list, tuple)) else outs


RULES: list[Rule] = tagged(TAGS, [
    # AbstractBatchNormTrain(x, scale, bias, eps, f[, rm, rv]) -> (x - mean) * scale * invstd + bias, mean, invstd[, ...]
    Rule(OpP(AbstractBatchNormTrain, ...), _decomposed, name="local_abstract_batch_norm_train"),
    # AbstractBatchNormTrainGrad(x, dy, scale, mean, invstd, eps) -> its three gradient formulas
    Rule(OpP(AbstractBatchNormTrainGrad, ...), _decomposed, name="local_abstract_batch_norm_train_grad"),
    # AbstractBatchNormInference(x, scale, bias, mean, var, eps) -> (x - mean) * scale / sqrt(var + eps) + bias
    Rule(OpP(AbstractBatchNormInference, ...), _decomposed, name="local_abstract_batch_norm_inference"),
])
