"""The first sparse ops (theano.sparse.basic): CSMProperties/CSM, dense<->sparse, transpose, neg, mul_s_d,
structured_dot and its structured gradient. Lowering rules: theano/lowering/rules/sparse.py.

Inside a compiled program a sparse value is padded (see theano.lowering.sparse_values): `csm_properties`
returns data/indices of the padded length there; entries past indptr[-1] are not part of the matrix.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.broadcast import patternbroadcast
from theano.frontend.ops.elemwise_table import cast as tensor_cast
from theano.frontend.ops.math import ones_like, zeros_like
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.sparse.cast import Cast
from theano.frontend.sparse.mul_ss import mul_s_s
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import (_is_sparse_variable, as_sparse_or_tensor_variable, as_sparse_variable,
                                             csx_variable, register_operators, sparse_operands)
from theano.frontend.type import TensorType

_ivector = TensorType("int32", (False,))


class CSMProperties(Op):
    """(data, indices, indptr, shape) of a csr/csc matrix: scipy's arrays (padded to the bucket in a program)."""

    __props__ = ()
    built = False  # whether any node was ever built: until then no program can hold a padded csm vector

    def __init__(self, kmap: Any = None):
        if kmap is not None:
            raise Exception("Do not use kmap, it is removed")

    def make_node(self, csm: Any) -> Apply:
        csm = csx_variable(csm, "csm_properties")
        CSMProperties.built = True
        data = TensorType(csm.type.dtype, (False,))()
        return Apply(self, [csm], [data, _ivector(), _ivector(), _ivector()])

    def grad(self, inputs: list[Variable], g: list[Variable]) -> list[Any]:
        (csm,) = inputs
        if isinstance(g[0].type, DisconnectedType):
            return [csm.zeros_like()]
        _, indices, indptr, shape = csm_properties(csm)
        return [CSM(csm.format)(g[0], indices, indptr, shape)]


csm_properties = CSMProperties()


def csm_data(csm: Any) -> Variable:
    return csm_properties(csm)[0]


def csm_indices(csm: Any) -> Variable:
    return csm_properties(csm)[1]


def csm_indptr(csm: Any) -> Variable:
    return csm_properties(csm)[2]


def csm_shape(csm: Any) -> Variable:
    return csm_properties(csm)[3]


def _static_shape_source(v: Variable) -> bool:
    """Whether a shape input is known when tracing (a constant, or csm_properties' shape of a traced matrix)."""
    return isinstance(v, Constant) or (v.owner is not None and isinstance(v.owner.op, CSMProperties))


class CSM(Op):
    """A csr/csc matrix from (data, indices, indptr, shape), scipy's constructor."""

    __props__ = ("format",)

    def __init__(self, format: str, kmap: Any = None):
        if format not in ("csr", "csc"):
            raise ValueError("format must be one of: 'csr', 'csc'", format)
        if kmap is not None:
            raise Exception("Do not use kmap, it is removed")
        self.format = format

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _static_shape_source(node.inputs[3])

    def make_node(self, data: Any, indices: Any, indptr: Any, shape: Any) -> Apply:
        data = as_tensor_variable(data)
        args = [as_tensor_variable(np.asarray(v, dtype="int32") if not isinstance(v, Variable) else v)
                for v in (indices, indptr, shape)]
        if data.type.ndim != 1:
            raise TypeError("data argument must be a vector", data.type, data.type.ndim)
        for name, v in zip(("indices", "indptr", "shape"), args):
            if v.type.ndim != 1 or v.type.dtype not in _dt.discrete_dtypes:
                raise TypeError(f"{name} must be vector of integers", v, v.type)
        return Apply(self, [data] + args, [SparseType(dtype=data.type.dtype, format=self.format)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        shape = node.inputs[3]
        return [(shape[0], shape[1])]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        x_data, x_indices, x_indptr, x_shape = inputs
        (g_out,) = gout
        g_data, g_indices, g_indptr, g_shape = csm_properties(g_out)
        g_data = csm_grad()(x_data, x_indices, x_indptr, x_shape, g_data, g_indices, g_indptr, g_shape)
        return [g_data] + [DisconnectedType()() for _ in range(3)]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [False], [False]]


CSC = CSM("csc")
CSR = CSM("csr")


class CSMGrad(Op):
    """The gradient of CSM's data: g's values at x's stored positions (x and g may differ in structure)."""

    __props__ = ()

    def __init__(self, kmap: Any = None):
        if kmap is not None:
            raise Exception("Do not use kmap, it is removed")

    def make_node(self, x_data: Any, x_indices: Any, x_indptr: Any, x_shape: Any, g_data: Any, g_indices: Any,
                  g_indptr: Any, g_shape: Any) -> Apply:
        args = [as_tensor_variable(v) for v in (x_data, x_indices, x_indptr, x_shape, g_data, g_indices, g_indptr,
                                                g_shape)]
        return Apply(self, args, [TensorType(args[4].type.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        """Linear in g_data: each g entry receives the output gradient of every x slot at its position, which is
        CSMGrad with the roles of x and g swapped. Theano's CSMGrad has no gradient; here sparse * sparse is built
        on it, so its second derivative needs one. The result does not depend on x_data's values."""
        x_data, x_indices, x_indptr, x_shape, g_data, g_indices, g_indptr, g_shape = inputs
        (gz,) = gout
        g_grad = CSMGrad()(g_data, g_indices, g_indptr, g_shape, gz, x_indices, x_indptr, x_shape)
        g_grad = tensor_cast(g_grad, g_data.type.dtype) if g_grad.type.dtype != g_data.type.dtype else g_grad
        return ([DisconnectedType()() for _ in range(4)] + [g_grad] + [DisconnectedType()() for _ in range(3)])

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False]] * 4 + [[True]] + [[False]] * 3


csm_grad = CSMGrad


class DenseFromSparse(Op):
    """The dense matrix of a sparse one; its gradient is structured (x's pattern) unless structured=False."""

    __props__ = ()  # sparse_grad is not a prop, as in Theano

    def __init__(self, structured: bool = True):
        self.sparse_grad = structured

    def __str__(self) -> str:
        return "%s{structured_grad=%s}" % (self.__class__.__name__, self.sparse_grad)

    def make_node(self, x: Any) -> Apply:
        x = as_sparse_variable(x)
        return Apply(self, [x], [TensorType(x.type.dtype, (False, False))()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x,), (gz,) = inputs, gout
        if self.sparse_grad:
            left, right = sp_ones_like(x), gz
            if right.dtype == "float64" and left.dtype == "float32":
                left = left.astype("float64")
            if right.dtype == "float32" and left.dtype == "float64":
                right = right.astype("float64")
            return [mul_s_d(left, right)]
        return [SparseFromDense(x.type.format)(gz)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


dense_from_sparse = DenseFromSparse()
todense = dense_from_sparse


class SparseFromDense(Op):
    """A dense matrix (a vector or scalar as a 1-row matrix) as a csr/csc matrix of its nonzeros."""

    __props__ = ()

    def __init__(self, format: str):
        self.format = format

    def __eq__(self, other: Any) -> bool:
        return type(self) is type(other) and self.format == other.format

    def __hash__(self) -> int:
        return hash((type(self), self.format))

    def __str__(self) -> str:
        return "%s{%s}" % (self.__class__.__name__, self.format)

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if x.ndim > 2:
            raise TypeError("Theano does not have sparse tensor types with more than 2 dimensions, but %s.ndim = %i"
                            % (x, x.ndim))
        if x.ndim == 1:
            x = x.dimshuffle("x", 0)
        elif x.ndim == 0:
            x = x.dimshuffle("x", "x")
        return Apply(self, [x], [SparseType(dtype=x.type.dtype, format=self.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x,), (gz,) = inputs, gout
        return [patternbroadcast(dense_from_sparse(gz), x.broadcastable)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


csr_from_dense = SparseFromDense("csr")
csc_from_dense = SparseFromDense("csc")


class Transpose(Op):
    """The transpose: a csr matrix becomes the csc matrix with the same arrays (and back)."""

    format_map = {"csr": "csc", "csc": "csr"}
    __props__ = ()

    def __str__(self) -> str:
        return "Sparse" + self.__class__.__name__

    def make_node(self, x: Any) -> Apply:
        x = csx_variable(x, "sparse transpose")
        return Apply(self, [x], [SparseType(dtype=x.type.dtype, format=self.format_map[x.type.format])()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [transpose(gout[0])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0][::-1]]


transpose = Transpose()


class Neg(Op):
    """-x on the stored entries."""

    __props__ = ()

    def __str__(self) -> str:
        return "Sparse" + self.__class__.__name__

    def make_node(self, x: Any) -> Apply:
        x = csx_variable(x, "sparse neg")
        return Apply(self, [x], [x.type()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [neg(gout[0])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


neg = Neg()


class MulSD(Op):
    """sparse * dense (same shape, or a scalar): a sparse result with x's structure."""

    __props__ = ()

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = csx_variable(x, "mul_s_d"), as_tensor_variable(y)
        if y.type.ndim not in (0, 2):
            raise NotImplementedError(f"mul_s_d: the dense operand must be a scalar or a matrix, got {y.type}")
        dtype = _dt.upcast(x.type.dtype, y.type.dtype)
        return Apply(self, [x, y], [SparseType(dtype=dtype, format=x.type.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, y), (gz,) = inputs, gout
        gx = mul_s_d(gz, y)
        gy = dense_from_sparse(mul_s_d(x, dense_from_sparse(gz))) if y.type.ndim == 2 else None
        if gy is None:
            gy = tensor_sum(csm_data(mul_s_d(x, dense_from_sparse(gz))))
        return [gx, gy]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


mul_s_d = MulSD()


class StructuredDot(Op):
    """sparse . dense -> dense; the gradient for the sparse operand keeps its sparsity pattern."""

    __props__ = ()

    def make_node(self, a: Any, b: Any) -> Apply:
        a = as_sparse_variable(a)
        b = as_tensor_variable(b) if not isinstance(b, Variable) else b
        if a.format not in ("csr", "csc", "bsr"):  # bsr: held as csr inside a program (lowering/sparse_values.py)
            raise NotImplementedError(f"structured_dot: format {a.format!r} (csr, csc or bsr expected)")
        if b.type.ndim != 2:
            raise NotImplementedError("non-matrix b")
        dtype_out = _dt.upcast(a.type.dtype, b.type.dtype)
        if _is_sparse_variable(b):  # sparse . sparse: a sparse result in a's format (rules/sparse_products.py)
            return Apply(self, [a, b], [SparseType(dtype=dtype_out, format=a.type.format)()])
        return Apply(self, [a, b], [TensorType(dtype_out, (False, b.type.broadcastable[1]))()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (a, b), (g_out,) = inputs, gout
        return [structured_dot_grad(a, b, g_out), structured_dot(a.T, g_out)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0], shapes[1][1])]


_structured_dot = StructuredDot()


def structured_dot(x: Any, y: Any) -> Variable:
    """x . y with at least one sparse operand; the gradient for the sparse one is structured."""
    x, y, x_sparse, y_sparse = sparse_operands(x, y)
    if not x_sparse and not y_sparse:
        raise TypeError("structured_dot requires at least one sparse argument")
    if x_sparse:
        return _structured_dot(x, as_tensor_variable(y) if not isinstance(y, Variable) else y)
    return _structured_dot(y.T, as_tensor_variable(x).T).T


class _StructuredDotGrad(Op):
    """g_a's data for a . b = out with a of one format: dot(g_out[row], b[col]) at each stored (row, col)."""

    __props__ = ()
    format = ""

    def make_node(self, a_indices: Any, a_indptr: Any, b: Any, g_ab: Any) -> Apply:
        args = [as_tensor_variable(v) for v in (a_indices, a_indptr, b, g_ab)]
        return Apply(self, args, [TensorType(g_ab.type.dtype if isinstance(g_ab, Variable) else args[3].type.dtype,
                                             (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


class StructuredDotGradCSC(_StructuredDotGrad):
    format = "csc"


class StructuredDotGradCSR(_StructuredDotGrad):
    format = "csr"


sdg_csc = StructuredDotGradCSC()
sdg_csr = StructuredDotGradCSR()


def structured_dot_grad(sparse_A: Any, dense_B: Any, ga: Any) -> Variable:
    """The structured gradient of structured_dot for its sparse operand: a sparse matrix with A's pattern."""
    if sparse_A.type.format not in ("csc", "csr"):
        raise NotImplementedError(f"structured_dot_grad: format {sparse_A.type.format!r}")
    sdgcsx = sdg_csc if sparse_A.type.format == "csc" else sdg_csr
    _, indices, indptr, shape = csm_properties(sparse_A)
    g_data = sdgcsx(indices, indptr, dense_B, ga)
    return CSM(sparse_A.type.format)(g_data, indices, indptr, shape)


def sp_ones_like(x: Any) -> Variable:
    """A sparse matrix with x's pattern and ones as data."""
    data, indices, indptr, shape = csm_properties(x)
    return CSM(format=x.format)(ones_like(data), indices, indptr, shape)


def sp_zeros_like(x: Any) -> Variable:
    """A sparse matrix of x's shape with no stored entries."""
    _, _, indptr, shape = csm_properties(x)
    return CSM(format=x.format)(np.array([], dtype=x.type.dtype), np.array([], dtype="int32"),
                                zeros_like(indptr), shape)


def mul(x: Any, y: Any) -> Variable:
    """x * y with a sparse operand, as Theano dispatches it: mul_s_s for sparse * sparse (scipy's multiply),
    mul_s_d for sparse * dense (x's structure); a float32 sparse x is cast to float64 beside a float64 y."""
    x, y = as_sparse_or_tensor_variable(x), as_sparse_or_tensor_variable(y)
    x_sparse, y_sparse = _is_sparse_variable(x), _is_sparse_variable(y)
    if x_sparse and y.dtype == "float64" and x.dtype == "float32":
        x = x.astype("float64")
    if x_sparse and y_sparse:
        return mul_s_s(x, y)
    if x_sparse:
        return mul_s_d(x, y)
    if y_sparse:
        return mul_s_d(y, x)
    raise NotImplementedError(f"sparse.mul needs at least one sparse operand, got {x.type} and {y.type}")


def cast(variable: Any, dtype: Any) -> Variable:
    """The sparse `variable` with another dtype (Cast; the structure unchanged, the gradient regular)."""
    return Cast(dtype)(variable)


register_operators(transpose=transpose, cast=cast, neg=neg, mul=mul, structured_dot=structured_dot,
                   dense_from_sparse=dense_from_sparse, csm_data=csm_data, sp_zeros_like=sp_zeros_like)

__all__ = ["CSMProperties", "csm_properties", "csm_data", "csm_indices", "csm_indptr", "csm_shape", "CSM", "CSC", "CSR", "CSMGrad",
           "csm_grad", "DenseFromSparse", "dense_from_sparse", "todense", "SparseFromDense", "csr_from_dense",
           "csc_from_dense", "Transpose", "transpose", "Neg", "neg", "MulSD", "mul_s_d", "StructuredDot",
           "structured_dot", "StructuredDotGradCSC", "StructuredDotGradCSR", "sdg_csc", "sdg_csr",
           "structured_dot_grad", "sp_ones_like", "sp_zeros_like", "mul", "cast"]
