"""AllocEmpty (theano.tensor.AllocEmpty): an array of a shape whose values are not defined.

XLA has no uninitialised buffers; the lowering gives zeros, which is one valid reading of "not defined" (and
never leaks stale memory). Not constant-folded, as in Theano (the result is meant to be written into).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Apply, Op
from theano.frontend.ops.alloc import _all_constant, _i64, alloc_validate_shape
from theano.frontend.type import TensorType, values_eq_approx_always_true

__all__ = ["AllocEmpty"]


class AllocEmpty(Op):
    """AllocEmpty(dtype)(*shape): an uninitialised array of `shape` and `dtype` (zeros here)."""

    __props__ = ("dtype",)

    def __init__(self, dtype: str):
        if not isinstance(dtype, str):
            raise TypeError(f"AllocEmpty: dtype must be a string, got {dtype!r}")
        self.dtype = _dt.check_dtype(dtype.lower())

    @property
    def typecode(self) -> int:
        return np.dtype(self.dtype).num

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs)

    def make_node(self, *shape: Any) -> Apply:
        sh, bcast = alloc_validate_shape(shape)
        out = TensorType(self.dtype, bcast)()
        out.tag.values_eq_approx = values_eq_approx_always_true
        out.tag.nan_guard_mode_check = False
        return Apply(self, sh, [out])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(_i64(s) for s in node.inputs)]

    def do_constant_folding(self, node: Apply) -> bool:
        return False

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False] for _ in node.inputs]

    def host_impl(self, node: Apply, *shape: np.ndarray) -> np.ndarray:
        return np.zeros(tuple(int(s) for s in shape), dtype=self.dtype)
