"""Sparse products of theano.sparse.basic beyond Dot/StructuredDot: TrueDot (`true_dot`, a sparse result),
SamplingDot (`sampling_dot`, x . y.T on p's pattern) and Usmm (`usmm`, alpha * x . y + z, the op the `local_usmm`
rewrite fuses into). Lowering rules: theano/lowering/rules/sparse_products.py."""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_not_implemented
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.sparse.basic import dense_from_sparse, transpose
from theano.frontend.sparse.products import dot
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import _is_dense_variable, _is_sparse_variable, as_sparse_variable
from theano.frontend.type import TensorType


class TrueDot(Op):
    """x . y with x sparse (csr/csc) and y sparse or a dense matrix: a sparse result (x's format), regular
    gradient. Inside a program the result holds at most min(rows*cols, min(rows, nnz(x)) * min(cols, nnz(y)))
    entries (a static bound; see docs/sparse.md)."""

    # grad_preserves_dense is not a prop, as in Theano: it does not change what the op computes
    __props__ = ()

    def __init__(self, grad_preserves_dense: bool = True):
        self.grad_preserves_dense = grad_preserves_dense

    def make_node(self, x: Any, y: Any) -> Apply:
        if not isinstance(y, Variable):
            y = as_sparse_variable(y) if hasattr(y, "getnnz") else as_tensor_variable(y)
        if x.type.dtype != y.type.dtype:
            raise NotImplementedError(f"TrueDot: the operands must have one dtype, got {x.type.dtype} and "
                                      f"{y.type.dtype}")
        if not _is_sparse_variable(x):
            raise TypeError(x)
        if x.type.format in ("csc", "coo"):
            fmt = "csc"
        elif x.type.format == "csr":
            fmt = "csr"
        else:
            raise NotImplementedError(f"TrueDot: format {x.type.format!r} (csr or csc expected)")
        if not _is_sparse_variable(y) and y.type.ndim != 2:
            raise NotImplementedError(f"TrueDot: the dense operand must be a matrix, got {y.type}")
        return Apply(self, [x, y], [SparseType(dtype=x.type.dtype, format=fmt)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, y), (gz,) = inputs, gout
        assert _is_sparse_variable(gz)
        rval = [true_dot(gz, y.T), true_dot(x.T, gz)]
        if _is_dense_variable(y) and self.grad_preserves_dense:
            rval[1] = dense_from_sparse(rval[1])
        return rval

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0], shapes[1][1])]


def true_dot(x: Any, y: Any, grad_preserves_dense: bool = True) -> Variable:
    """x . y with at least one sparse operand (csr/csc), as a sparse matrix (regular gradient). With
    grad_preserves_dense the gradient of a dense operand is dense."""
    if hasattr(x, "getnnz"):
        x = as_sparse_variable(x)
        assert x.format in ("csr", "csc")
    if hasattr(y, "getnnz"):
        y = as_sparse_variable(y)
        assert y.format in ("csr", "csc")
    x_sparse = isinstance(x, Variable) and _is_sparse_variable(x)
    y_sparse = isinstance(y, Variable) and _is_sparse_variable(y)
    if not x_sparse and not y_sparse:
        raise TypeError("true_dot requires at least one sparse argument")
    if x_sparse:
        return TrueDot(grad_preserves_dense)(x, y)
    x = as_tensor_variable(x)
    return transpose(TrueDot(grad_preserves_dense)(y.T, x.T))


class SamplingDot(Op):
    """p * (x . y.T) computed only at p's stored entries (x: m x k, y: n x k dense, p: m x n sparse): a sparse
    result with p's pattern and type, regular gradient for x and y."""

    __props__ = ()

    def make_node(self, x: Any, y: Any, p: Any) -> Apply:
        x, y, p = as_tensor_variable(x), as_tensor_variable(y), as_sparse_variable(p)
        if p.format not in ("csr", "csc"):
            raise NotImplementedError(f"sampling_dot: p has format {p.format!r} (csr or csc expected)")
        for k, v in ((0, x), (1, y)):
            if v.type.ndim != 2:
                raise TypeError(f"sampling_dot: input {k} must be a matrix, got {v.type}")
        return Apply(self, [x, y, p], [p.type()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, y, p), (gz,) = inputs, gout
        return [dot(p * gz, y), dot((p * gz).T, x), grad_not_implemented(self, 2, p)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[2]]


sampling_dot = SamplingDot()


class Usmm(Op):
    """alpha * x . y + z with x or y sparse (csr/csc), alpha a scalar and z a dense matrix: a dense result.
    Inserted by the `local_usmm` rewrite (z - a * dot(x, y)); no gradient and no infer_shape, as in Theano."""

    __props__ = ()

    def __str__(self) -> str:
        return "Usmm{no_inplace}"

    def make_node(self, alpha: Any, x: Any, y: Any, z: Any) -> Apply:
        if not _is_sparse_variable(x) and not _is_sparse_variable(y):
            # with two dense operands this is Dot22/Gemm's job
            raise TypeError(x)
        alpha, z = as_tensor_variable(alpha), as_tensor_variable(z)
        dtype_out = _dt.upcast(alpha.type.dtype, x.type.dtype, y.type.dtype, z.type.dtype)
        if z.type.ndim != 2:
            raise TypeError(f"usmm: z must be a matrix, got {z.type}")
        if not all(alpha.type.broadcastable):
            raise TypeError(f"usmm: alpha must be a scalar (all dimensions broadcastable), got {alpha.type}")
        for k, (v, other) in enumerate(((x, y), (y, x))):
            if not _is_sparse_variable(v):
                v = as_tensor_variable(v)
                if other.format not in ("csr", "csc") or v.type.ndim != 2:
                    raise TypeError(f"usmm: input {k + 1} must be a dense matrix beside a csr/csc matrix, got "
                                    f"{v.type} and {other.type}")
                if k == 0:
                    x = v
                else:
                    y = v
        return Apply(self, [alpha, x, y, z], [TensorType(dtype_out, (False, False))()])


usmm = Usmm()

__all__ = ["TrueDot", "true_dot", "SamplingDot", "sampling_dot", "Usmm", "usmm"]
