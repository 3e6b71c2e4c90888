"""MulSS (theano.sparse.basic's mul_s_s): sparse * sparse elementwise, scipy's x.multiply(y). A module of its own
that builds only on the sparse type and variables, so that `mul` in basic.py can build it.
Lowering: theano/lowering/rules/sparse_struct.py."""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import as_sparse_variable


class MulSS(Op):
    """x * y elementwise for two sparse matrices (scipy's x.multiply(y): x's format, zero products not stored)."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_sparse_variable(x), as_sparse_variable(y)
        if x.format not in ("csr", "csc") or y.format not in ("csr", "csc"):
            raise NotImplementedError(f"mul_s_s: formats {x.format!r}, {y.format!r} (csr or csc expected)")
        out_dtype = _dt.upcast(x.type.dtype, y.type.dtype)
        return Apply(self, [x, y], [SparseType(dtype=out_dtype, format=x.type.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, y), (gz,) = inputs, gout
        return [y * gz, x * gz]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


mul_s_s = MulSS()

__all__ = ["MulSS", "mul_s_s"]
