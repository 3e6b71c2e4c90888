"""The ops of theano.sparse.opt: forms of the sparse ops on raw (data, indices, indptr) arrays that Theano 1.0.5
uses as C implementations (StructuredDotCSC/CSR, UsmmCscDense, CSMGradC, MulSDCSC/CSR, MulSVCSR,
StructuredAddSVCSR, SamplingDotCSR, AddSD_ccode). Here they are ordinary ops with the same names, props and
types, lowering to the same JAX rules as the general ops (theano/lowering/rules/sparse_products.py); the
rewrites that insert them need a C compiler in Theano (`cxx_only`), so theano-xla's rewrites do not insert them.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op
from theano.frontend.ops.elemwise_table import cast as tensor_cast
from theano.frontend.sparse.basic import csm_data, csm_indices, csm_indptr
from theano.frontend.sparse.variable import as_sparse_variable
from theano.frontend.type import TensorType


def _tensors(*values: Any) -> list[Any]:
    return [as_tensor_variable(v) for v in values]


class AddSD_ccode(Op):  # noqa: N801 (Theano's name)
    """x + y, x sparse (given as its arrays) and y dense: a dense result."""

    __props__ = ("format", "inplace")

    def __init__(self, format: str, inplace: bool = False):
        self.format = format
        self.inplace = inplace

    def __str__(self) -> str:
        return "%s{%s%s}" % (type(self).__name__, self.format, ",inplace" if self.inplace else "")

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_sparse_variable(x), as_tensor_variable(y)
        out_dtype = _dt.upcast(x.type.dtype, y.type.dtype)
        if self.inplace and out_dtype != y.type.dtype:
            raise TypeError(f"AddSD_ccode{{inplace}}: the result dtype {out_dtype} differs from y's {y.type.dtype}")
        if self.format != x.type.format:
            raise TypeError(f"AddSD_ccode{{{self.format}}}: x has format {x.type.format}")
        if y.type.ndim != 2:
            raise TypeError(f"AddSD_ccode: y must be a matrix, got {y.type}")
        return Apply(self, [csm_data(x), csm_indices(x), csm_indptr(x), y],
                     [TensorType(out_dtype, y.type.broadcastable)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[3]]


class StructuredDotCSC(Op):
    """a . b for a csc matrix a given as (a_val, a_ind, a_ptr, a_nrows) and a dense matrix b: a dense result."""

    __props__ = ()

    def make_node(self, a_val: Any, a_ind: Any, a_ptr: Any, a_nrows: Any, b: Any) -> Apply:
        a_val, a_ind, a_ptr, a_nrows, b = _tensors(a_val, a_ind, a_ptr, a_nrows, b)
        dtype_out = _dt.upcast(a_val.type.dtype, b.type.dtype)
        return Apply(self, [a_val, a_ind, a_ptr, a_nrows, b], [TensorType(dtype_out, (False, b.type.broadcastable[1]))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(node.inputs[3], shapes[4][1])]


sd_csc = StructuredDotCSC()


class StructuredDotCSR(Op):
    """a . b for a csr matrix a given as (a_val, a_ind, a_ptr) and a dense matrix b: a dense result."""

    __props__ = ()

    def make_node(self, a_val: Any, a_ind: Any, a_ptr: Any, b: Any) -> Apply:
        a_val, a_ind, a_ptr, b = _tensors(a_val, a_ind, a_ptr, b)
        dtype_out = _dt.upcast(a_val.type.dtype, b.type.dtype)
        return Apply(self, [a_val, a_ind, a_ptr, b], [TensorType(dtype_out, (False, b.type.broadcastable[1]))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[2][0] - 1, shapes[3][1])]


sd_csr = StructuredDotCSR()


class UsmmCscDense(Op):
    """alpha * x . y + z for a csc matrix x given as (x_val, x_ind, x_ptr, x_nrows), float operands only."""

    __props__ = ("inplace",)

    def __init__(self, inplace: bool):
        self.inplace = inplace

    def __str__(self) -> str:
        return "UsmmCscDense{inplace}" if self.inplace else "UsmmCscDense{no_inplace}"

    def make_node(self, alpha: Any, x_val: Any, x_ind: Any, x_ptr: Any, x_nrows: Any, y: Any, z: Any) -> Apply:
        alpha, x_val, x_ind, x_ptr, x_nrows, y, z = _tensors(alpha, x_val, x_ind, x_ptr, x_nrows, y, z)
        for name, v in (("x_ind", x_ind), ("x_ptr", x_ptr), ("x_nrows", x_nrows)):
            if v.type.dtype != "int32":
                raise TypeError(f"UsmmCscDense: {name} must be int32, got {v.type.dtype}")
        if alpha.type.ndim != 2 or alpha.type.broadcastable != (True, True):
            raise TypeError(f"UsmmCscDense: alpha must be a (1, 1) broadcastable matrix, got {alpha.type}")
        if x_val.type.ndim != 1 or y.type.ndim != 2 or z.type.ndim != 2:
            raise TypeError("UsmmCscDense: x_val must be a vector, y and z matrices")
        dtype_out = _dt.upcast(alpha.type.dtype, x_val.type.dtype, y.type.dtype, z.type.dtype)
        if dtype_out not in ("float32", "float64"):
            raise NotImplementedError("only float types are supported in operands")
        if self.inplace and z.type.dtype != dtype_out:
            raise TypeError(f"UsmmCscDense{{inplace}}: z has dtype {z.type.dtype}, the result {dtype_out}")
        alpha, x_val, y, z = [v if v.type.dtype == dtype_out else tensor_cast(v, dtype_out)
                              for v in (alpha, x_val, y, z)]
        return Apply(self, [alpha, x_val, x_ind, x_ptr, x_nrows, y, z],
                     [TensorType(dtype_out, (False, y.type.broadcastable[1]))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[6]]


usmm_csc_dense = UsmmCscDense(inplace=False)
usmm_csc_dense_inplace = UsmmCscDense(inplace=True)


class CSMGradC(Op):
    """CSMGrad on raw arrays: b's values at a's stored positions (a and b may differ in structure)."""

    __props__ = ()

    def make_node(self, a_val: Any, a_ind: Any, a_ptr: Any, a_dim: Any, b_val: Any, b_ind: Any, b_ptr: Any,
                  b_dim: Any) -> Apply:
        args = _tensors(a_val, a_ind, a_ptr, a_dim, b_val, b_ind, b_ptr, b_dim)
        return Apply(self, args, [args[4].type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


csm_grad_c = CSMGradC()


class _SparseDataOp(Op):
    """An op on a compressed matrix's (data, indices, indptr) and a dense operand, giving new data."""

    __props__ = ()
    b_ndim = 2

    def __str__(self) -> str:
        return type(self).__name__

    def make_node(self, a_data: Any, a_indices: Any, a_indptr: Any, b: Any) -> Apply:
        a_data, a_indices, a_indptr, b = _tensors(a_data, a_indices, a_indptr, b)
        for name, v in (("a_data", a_data), ("a_indices", a_indices), ("a_indptr", a_indptr)):
            if v.type.ndim != 1:
                raise TypeError(f"{self}: {name} must be a vector, got {v.type}")
        if b.type.ndim != self.b_ndim:
            raise TypeError(f"{self}: b must have {self.b_ndim} dimensions, got {b.type}")
        return Apply(self, [a_data, a_indices, a_indptr, b], [TensorType(b.type.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


class MulSDCSC(_SparseDataOp):
    """The data of a * b, a csc (its arrays) and b a dense matrix of a's shape."""


class MulSDCSR(_SparseDataOp):
    """The data of a * b, a csr (its arrays) and b a dense matrix of a's shape."""


class MulSVCSR(_SparseDataOp):
    """The data of a * b, a csr (its arrays) and b a dense vector broadcast over the rows."""

    b_ndim = 1


class StructuredAddSVCSR(_SparseDataOp):
    """The data of a + b on a's stored entries, a csr (its arrays) and b a dense vector over the rows."""

    b_ndim = 1


mul_s_d_csc = MulSDCSC()
mul_s_d_csr = MulSDCSR()
mul_s_v_csr = MulSVCSR()
structured_add_s_v_csr = StructuredAddSVCSR()


class SamplingDotCSR(Op):
    """sampling_dot for a csr pattern p given as (p_data, p_ind, p_ptr, p_ncols): (z_data, z_ind, z_ptr)."""

    __props__ = ()

    def make_node(self, x: Any, y: Any, p_data: Any, p_ind: Any, p_ptr: Any, p_ncols: Any) -> Apply:
        x, y, p_data, p_ind, p_ptr, p_ncols = _tensors(x, y, p_data, p_ind, p_ptr, p_ncols)
        if p_ncols.type.dtype != "int32":
            raise TypeError(f"SamplingDotCSR: p_ncols must be int32, got {p_ncols.type.dtype}")
        dtype_out = _dt.upcast(x.type.dtype, y.type.dtype, p_data.type.dtype)
        dot_out = _dt.upcast(x.type.dtype, y.type.dtype)
        x = x if x.type.dtype == dot_out else tensor_cast(x, dot_out)
        y = y if y.type.dtype == dot_out else tensor_cast(y, dot_out)
        return Apply(self, [x, y, p_data, p_ind, p_ptr, p_ncols],
                     [TensorType(dtype_out, (False,))(), TensorType(p_ind.type.dtype, (False,))(),
                      TensorType(p_ptr.type.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[2], shapes[3], shapes[4]]


sampling_dot_csr = SamplingDotCSR()

__all__ = ["AddSD_ccode", "StructuredDotCSC", "sd_csc", "StructuredDotCSR", "sd_csr", "UsmmCscDense", "usmm_csc_dense",
           "usmm_csc_dense_inplace", "CSMGradC", "csm_grad_c", "MulSDCSC", "MulSDCSR", "MulSVCSR", "StructuredAddSVCSR",
           "mul_s_d_csc", "mul_s_d_csr", "mul_s_v_csr", "structured_add_s_v_csr", "SamplingDotCSR", "sampling_dot_csr"]


# They take csm_properties' arrays (data/indices/indptr) and read the stored entries through indptr, so the padding
# of those arrays inside a program is invisible to them (lowering/sparse_boundary.py, check_padded_consumers).
for _cls in (AddSD_ccode, StructuredDotCSC, StructuredDotCSR, UsmmCscDense, CSMGradC, _SparseDataOp, SamplingDotCSR):
    _cls.reads_csm_arrays = True
del _cls
