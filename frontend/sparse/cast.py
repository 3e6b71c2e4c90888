"""Cast (theano.sparse.basic): a sparse matrix with another dtype, the structure unchanged, and the instances
bcast/wcast/icast/lcast/fcast/dcast/ccast/zcast. Lowering: theano/lowering/rules/sparse_struct.py."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import complex_dtypes, csx_variable, discrete_dtypes


class Cast(Op):
    """x.astype(out_type) for a csr/csc matrix (the regular gradient, cast back to x's dtype)."""

    __props__ = ("out_type",)

    def __init__(self, out_type: Any):
        # a numpy dtype or type is kept by its name (SparseType refuses unsupported ones in make_node)
        self.out_type = out_type if isinstance(out_type, str) else np.dtype(out_type).name

    def make_node(self, x: Any) -> Apply:
        x = csx_variable(x, "sparse Cast")
        return Apply(self, [x], [SparseType(dtype=self.out_type, format=x.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x,), (gz,) = inputs, gout
        if gz.dtype in complex_dtypes or x.dtype in complex_dtypes:
            raise NotImplementedError("grad not implemented for complex types")
        if gz.dtype in discrete_dtypes:
            zeros = x.zeros_like()
            return [Cast(config.floatX)(zeros) if x.dtype in discrete_dtypes else zeros]
        if x.dtype in discrete_dtypes:
            return [gz]
        return [Cast(x.dtype)(gz)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return shapes

    def __str__(self) -> str:
        return "%s(%s)" % (self.__class__.__name__, self.out_type)


bcast = Cast("int8")
wcast = Cast("int16")
icast = Cast("int32")
lcast = Cast("int64")
fcast = Cast("float32")
dcast = Cast("float64")
ccast = Cast("complex64")
zcast = Cast("complex128")

__all__ = ["Cast", "bcast", "wcast", "icast", "lcast", "fcast", "dcast", "ccast", "zcast"]
