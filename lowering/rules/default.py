"""Lowering of frontend/ops/default.py: Default."""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.default import Default
from theano.lowering.registry import LoweringContext, lowers


@lowers(Default)
def lower_default(node: Any, ctx: LoweringContext, x: Any, default: Any) -> Any:
    return x  # a None x never reaches the program: lowering/none_inputs.py substitutes the default's value
