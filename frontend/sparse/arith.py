"""Sparse addition: AddSS (sparse + sparse of one format: a sparse result on the union of the patterns) and
AddSD (sparse + dense: a dense result), with Theano's `add` / `sub` dispatch (theano.sparse.basic)."""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.sparse.basic import mul, sp_ones_like
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import as_sparse_variable, register_operators, sparse_operands
from theano.frontend.type import TensorType


class AddSS(Op):
    """x + y of two sparse matrices, in x's format (y is converted to it, as scipy does). Inside a program the
    result holds at most nnz(x) + nnz(y) entries (a static bound: no host work); positions stored in both are
    summed."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_sparse_variable(x), as_sparse_variable(y)
        if x.format not in ("csr", "csc") or y.format not in ("csr", "csc"):
            raise NotImplementedError(f"add_s_s: formats {x.format!r}, {y.format!r} (csr or csc expected)")
        out_dtype = _dt.upcast(x.type.dtype, y.type.dtype)
        return Apply(self, [x, y], [SparseType(dtype=out_dtype, format=x.type.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [gout[0], gout[0]]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


add_s_s = AddSS()


class AddSD(Op):
    """x + y with x sparse and y dense: a dense result."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_sparse_variable(x), as_tensor_variable(y)
        if x.format not in ("csr", "csc"):
            raise NotImplementedError(f"add_s_d: format {x.format!r} (csr or csc expected)")
        if y.type.ndim != 2:
            raise TypeError(f"add_s_d: the dense operand must be a matrix, got {y.type}")
        out_dtype = _dt.upcast(x.type.dtype, y.type.dtype)
        return Apply(self, [x, y], [TensorType(out_dtype, y.type.broadcastable)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        x, gz = inputs[0], gout[0]
        return [mul(sp_ones_like(x), gz), gz]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]


add_s_d = AddSD()


def add(x: Any, y: Any) -> Variable:
    """x + y with at least one sparse operand: sparse + sparse is sparse, sparse + dense is dense."""
    x, y, x_sparse, y_sparse = sparse_operands(x, y)
    x, y = (v if isinstance(v, Variable) else as_tensor_variable(v) for v in (x, y))
    if not (x_sparse or y_sparse):
        raise TypeError("sparse.add needs at least one sparse operand")
    if x_sparse and y_sparse:
        return add_s_s(x, y)
    return add_s_d(x, y) if x_sparse else add_s_d(y, x)


def sub(x: Any, y: Any) -> Variable:
    """x - y with at least one sparse operand (x + (-y))."""
    return x + (-y)


register_operators(add=add, sub=sub)

__all__ = ["AddSS", "add_s_s", "AddSD", "add_s_d", "add", "sub"]
