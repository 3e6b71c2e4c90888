"""Dot (theano.sparse.dot): the product of two matrices of which at least one is sparse, as a dense result, with
the regular (not structured) gradient, as theano.sparse.basic defines it."""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.blas import dot as tensor_dot
from theano.frontend.sparse.variable import _is_dense_variable, sparse_operands
from theano.frontend.type import TensorType


class SparseDot(Op):
    """x . y with x or y sparse (csr/csc; a dense operand may be a vector): a dense result. Theano's
    theano.sparse.Dot (`Dot` below): the class has its own name here, since theano.tensor's Dot is another op."""

    __props__ = ()

    def __str__(self) -> str:
        return "SparseDot"

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y, x_sparse, y_sparse = sparse_operands(x, y)
        if not x_sparse and not y_sparse:
            raise TypeError("Sparse dot product should have at least one sparse variable as inputs, but the inputs "
                            "are %s (%s) and %s (%s)." % (x, getattr(x, "type", type(x)), y, getattr(y, "type", type(y))))
        for k, (v, sparse) in enumerate(((x, x_sparse), (y, y_sparse))):
            if sparse and v.format not in ("csr", "csc"):
                raise NotImplementedError(f"theano.sparse.Dot: input {k} has format {v.format!r} (csr or csc expected)")
        if not x_sparse:
            x = as_tensor_variable(x)
            if x.ndim not in (1, 2):
                raise TypeError("theano.sparse.Dot: input 0 (0-indexed) must have ndim of 1 or 2, %d given." % x.ndim)
        if not y_sparse:
            y = as_tensor_variable(y)
            if y.ndim not in (1, 2):
                raise TypeError("theano.sparse.Dot: input 1 (1-indexed) must have ndim of 1 or 2, %d given." % y.ndim)
        bx = (False,) * x.ndim if x_sparse else x.type.broadcastable
        by = (False,) * y.ndim if y_sparse else y.type.broadcastable
        b_out = bx[:-1] + by[1:] if len(by) == 2 else bx[:-1]
        return Apply(self, [x, y], [TensorType(_dt.upcast(x.type.dtype, y.type.dtype), b_out)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        (xshp, yshp), (x, y) = shapes, node.inputs
        if x.ndim == 2 and y.ndim == 2:
            return [(xshp[0], yshp[1])]
        if x.ndim == 1 and y.ndim == 2:
            return [(yshp[1],)]
        if x.ndim == 2 and y.ndim == 1:
            return [(xshp[0],)]
        return [()]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, y), (gz,) = inputs, gout
        gx = tensor_dot(gz, y.T) if _is_dense_variable(y) else dot(gz, y.T)
        gy = tensor_dot(x.T, gz) if _is_dense_variable(x) else dot(x.T, gz)
        return [gx, gy]


Dot = SparseDot
_dot = SparseDot()


def dot(x: Any, y: Any) -> Variable:
    """x . y with at least one sparse operand, as a dense matrix (regular gradient)."""
    x, y, x_sparse, y_sparse = sparse_operands(x, y)
    if not x_sparse and not y_sparse:
        raise TypeError()
    return _dot(x, y)


__all__ = ["SparseDot", "Dot", "dot"]
