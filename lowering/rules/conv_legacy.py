"""Lowering of the legacy ConvOp (frontend/ops/conv_legacy.py): the AbstractConv2d it stands for."""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.conv_legacy import ConvOp
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.conv import convolve


@lowers(ConvOp)
def lower_legacy_conv_op(node: Any, ctx: LoweringContext, img: Any, kern: Any) -> Any:
    return convolve(node.op.as_abstract(), node.outputs[0].dtype, img, kern)
