"""Sparse arithmetic on patterns (theano.sparse.basic): AddSSData (add_s_s_data: two matrices of one pattern),
MulSV (mul_s_v: sparse * a dense row vector) and
StructuredAddSV (structured_add_s_v: a dense row vector added to the stored entries).
Lowering: theano/lowering/rules/sparse_struct.py."""
from __future__ import annotations

from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.sparse.structured import sp_sum
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import continuous_dtypes, csx_variable


class AddSSData(Op):
    """x + y for two sparse matrices of one pattern (their data arrays added; the structure is x's)."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = csx_variable(x, "add_s_s_data"), csx_variable(y, "add_s_s_data")
        if x.type.dtype != y.type.dtype:
            raise NotImplementedError(f"add_s_s_data: the two matrices must have one dtype, got {x.type.dtype} and "
                                      f"{y.type.dtype}")
        if x.type.format != y.type.format:
            raise NotImplementedError(f"add_s_s_data: the two matrices must have one format, got {x.type.format} "
                                      f"and {y.type.format}")
        return Apply(self, [x, y], [SparseType(dtype=x.type.dtype, format=x.type.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (gz,) = gout
        return [gz if i.dtype in continuous_dtypes else None for i in inputs]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


add_s_s_data = AddSSData()


class MulSV(Op):
    """x * y for a sparse matrix x and a dense vector y broadcast over the rows (scipy: x.toarray() * y made
    sparse again, so zero products are not stored)."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = csx_variable(x, "mul_s_v"), as_tensor_variable(y)
        if y.type.ndim != 1:
            raise TypeError(f"mul_s_v: y must be a vector, got {y.type}")
        if x.type.dtype != y.type.dtype:
            raise NotImplementedError("MulSV not implemented for differing dtypes."
                                      "Got %s and %s." % (str(x.type.dtype), str(y.type.dtype)))
        return Apply(self, [x, y], [SparseType(dtype=x.type.dtype, format=x.type.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, y), (gz,) = inputs, gout
        if gz.dtype == "float64" and y.dtype == "float32":
            y = y.astype("float64")
        if gz.dtype == "float32" and y.dtype == "float64":
            gz = gz.astype("float64")
        return [mul_s_v(gz, y), sp_sum(x * gz, axis=0, sparse_grad=True)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


mul_s_v = MulSV()


class StructuredAddSV(Op):
    """x + y on x's stored entries only, y a dense vector broadcast over the rows (scipy: zero sums and
    explicit zeros of x are not stored)."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = csx_variable(x, "structured_add_s_v"), as_tensor_variable(y)
        if y.type.ndim != 1:
            raise TypeError(f"structured_add_s_v: y must be a vector, got {y.type}")
        if x.type.dtype != y.type.dtype:
            raise NotImplementedError(f"structured_add_s_v: x and y must have one dtype, got {x.type.dtype} and "
                                      f"{y.type.dtype}")
        return Apply(self, [x, y], [SparseType(dtype=x.type.dtype, format=x.type.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (gz,) = gout
        return [gz, sp_sum(gz, axis=0, sparse_grad=True)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


structured_add_s_v = StructuredAddSV()

__all__ = ["AddSSData", "add_s_s_data", "MulSV", "mul_s_v", "StructuredAddSV",
           "structured_add_s_v"]
