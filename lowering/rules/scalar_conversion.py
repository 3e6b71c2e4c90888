"""Lowering of frontend/ops/scalar_conversion.py: both conversions are the identity on 0-d arrays."""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.scalar_conversion import ScalarFromTensor, TensorFromScalar
from theano.lowering.registry import LoweringContext, lowers


@lowers(TensorFromScalar, ScalarFromTensor)
def lower_scalar_conversion(node: Any, ctx: LoweringContext, s: Any) -> Any:
    return s
