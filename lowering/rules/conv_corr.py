"""Lowering of the CorrMM / Corr3dMM ops (frontend/ops/conv_corr.py): the abstract convolutions' rules."""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.conv_corr import (Corr3dMM, Corr3dMM_gradInputs, Corr3dMM_gradWeights, CorrMM,
                                           CorrMM_gradInputs, CorrMM_gradWeights)
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules import conv


@lowers(CorrMM, Corr3dMM)
def lower_corr(node: Any, ctx: LoweringContext, img: Any, kern: Any) -> Any:
    return conv.lower_abstract_conv(node, ctx, img, kern)


@lowers(CorrMM_gradWeights, Corr3dMM_gradWeights)
def lower_corr_grad_weights(node: Any, ctx: LoweringContext, img: Any, topgrad: Any, shape: Any) -> Any:
    return conv.lower_abstract_conv_grad_weights(node, ctx, img, topgrad, shape)


@lowers(CorrMM_gradInputs, Corr3dMM_gradInputs)
def lower_corr_grad_inputs(node: Any, ctx: LoweringContext, kern: Any, topgrad: Any, shape: Any) -> Any:
    return conv.lower_abstract_conv_grad_inputs(node, ctx, kern, topgrad, shape)
