"""Lowering of Rebroadcast: the value itself, after checking that forced axes have length 1."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.ops.broadcast import Rebroadcast
from theano.lowering.registry import LoweringContext, lowers


@lowers(Rebroadcast)
def lower_rebroadcast(node: Any, ctx: LoweringContext, x: Any) -> Any:
    for k, v in node.op.axis.items():
        if v and np.shape(x)[k] != 1:
            raise ValueError(f"Dimension {k} in Rebroadcast's input was supposed to be 1 (got {np.shape(x)[k]} instead)")
    return x
