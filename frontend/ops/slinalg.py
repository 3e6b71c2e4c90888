"""tensor/slinalg.py: scipy.linalg as ops (cholesky, solve with a matrix structure, generalised eigvalsh, expm)
and kron, built from other ops.

Gradients follow Theano 1.0.5: Cholesky's is Murray's symbolic formula (CholeskyGrad, Smith's algorithm, is
kept as an op of its own), Solve's is Giles' formula with a transposed Solve.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.blas import outer
from theano.frontend.ops.diagonal import diag, diagonal, tril, triu
from theano.frontend.ops.elemwise_functions import isnan
from theano.frontend.ops.join import concatenate
from theano.frontend.ops.math import switch
from theano.frontend.ops.nlinalg import LinAlgInputError, _matrix, _tensor
from theano.frontend.ops.reduce import any as tensor_any
from theano.frontend.type import TensorType
from theano.frontend.type_other import NoneTypeT

__all__ = [
    "MATRIX_STRUCTURES", "Cholesky", "cholesky", "CholeskyGrad", "Solve", "solve", "solve_lower_triangular",
    "solve_upper_triangular", "solve_symmetric", "Eigvalsh", "EigvalshGrad", "eigvalsh", "kron", "Expm",
    "ExpmGrad", "expm",
]

MATRIX_STRUCTURES = (
    "general", "symmetric", "lower_triangular", "upper_triangular", "hermitian", "banded", "diagonal", "toeplitz")


class Cholesky(Op):
    """Triangular square root of a positive-definite matrix: L with dot(L, L.T) == X (lower=True) or U with
    dot(U.T, U) == X. A matrix that is not positive definite raises numpy.linalg.LinAlgError, or gives a matrix
    of NaNs with on_error='nan'."""

    __props__ = ("lower", "destructive", "on_error")

    def __init__(self, lower: bool = True, on_error: str = "raise"):
        self.lower = lower
        self.destructive = False
        if on_error not in ("raise", "nan"):
            raise ValueError('on_error must be one of "raise" or ""nan"')
        self.on_error = on_error

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        return Apply(self, [x], [x.type()])

    def L_op(self, inputs: list[Variable], outputs: list[Variable], gradients: list[Variable]) -> list[Variable]:
        """Murray, "Differentiation of the Cholesky decomposition" (arXiv:1602.07527)."""
        dz = gradients[0]
        chol_x = outputs[0]
        if self.on_error == "nan":  # NaN factors are replaced by 1 so the triangular solves below do not fail
            ok = ~tensor_any(isnan(chol_x))
            chol_x = switch(ok, chol_x, 1)
            dz = switch(ok, dz, 1)
        if not self.lower:  # work with the lower factor
            chol_x = chol_x.T
            dz = dz.T

        def tril_and_halve_diagonal(mtx: Variable) -> Variable:
            return tril(mtx) - diag(diagonal(mtx) / 2.0)

        def conjugate_solve_triangular(outer_: Variable, inner: Variable) -> Variable:
            """L^{-T} P L^{-1} for lower-triangular L."""
            return solve_upper_triangular(outer_.T, solve_upper_triangular(outer_.T, inner.T).T)

        s = conjugate_solve_triangular(chol_x, tril_and_halve_diagonal(chol_x.T.dot(dz)))
        if self.lower:
            grad = tril(s + s.T) - diag(diagonal(s))
        else:
            grad = triu(s + s.T) - diag(diagonal(s))
        if self.on_error == "nan":
            return [switch(ok, grad, np.nan)]
        return [grad]


cholesky = Cholesky()


class CholeskyGrad(Op):
    """Reverse-mode gradient of the Cholesky factorisation (Smith 1995) from x, its factor l and the output
    gradient dz. Cholesky.L_op no longer uses it (as in Theano 1.0.5); it is kept for code that builds it."""

    __props__ = ("lower", "destructive")

    def __init__(self, lower: bool = True):
        self.lower = lower
        self.destructive = False

    def make_node(self, x: Any, l: Any, dz: Any) -> Apply:  # noqa: E741 (Theano's name)
        x, l, dz = (_matrix(self, a, n) for a, n in ((x, "x"), (l, "l"), (dz, "dz")))
        if l.owner is not None and isinstance(l.owner.op, Cholesky) and l.owner.op.lower != self.lower:
            raise ValueError("lower/upper mismatch between Cholesky op and CholeskyGrad op")
        return Apply(self, [x, l, dz], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


def _solve_dtype(a_dtype: str, b_dtype: str) -> str:
    """The dtype scipy.linalg.solve gives (Theano probes it): float32 when both fit it exactly, else float64."""
    kind = np.result_type(np.dtype(a_dtype), np.dtype(b_dtype))
    if kind.kind == "c":
        return "complex64" if kind.char == "F" else "complex128"
    return "float32" if kind.char in "?bBhHef" else "float64"


class Solve(Op):
    """x with dot(A, x) == b for a square A (scipy.linalg.solve, or solve_triangular for the triangular
    structures); b a vector or a matrix. A singular A raises numpy.linalg.LinAlgError."""

    __props__ = ("A_structure", "lower", "overwrite_A", "overwrite_b")

    def __init__(self, A_structure: str = "general", lower: bool = False, overwrite_A: bool = False,
                 overwrite_b: bool = False):
        if A_structure not in MATRIX_STRUCTURES:
            raise ValueError("Invalid matrix structure argument", A_structure)
        self.A_structure = A_structure
        self.lower = lower
        self.overwrite_A = overwrite_A
        self.overwrite_b = overwrite_b

    def __repr__(self) -> str:
        return "Solve{%s}" % str(tuple(getattr(self, p) for p in self.__props__))

    def make_node(self, A: Any, b: Any) -> Apply:
        A = _matrix(self, A, "A")
        b = as_tensor_variable(b)
        if b.ndim not in (1, 2):
            raise LinAlgInputError(f"{self}: input b must be a vector or a matrix, got {b.type} ({b.ndim}-d)")
        x = TensorType(_solve_dtype(A.dtype, b.dtype), b.broadcastable)()
        return Apply(self, [A, b], [x])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        a_shape, b_shape = shapes
        rows = a_shape[1]
        if len(b_shape) == 1:
            return [(rows,)]
        return [(rows, b_shape[1])]

    def host_impl(self, node: Apply, A: np.ndarray, b: np.ndarray) -> np.ndarray:
        """numpy's solve (for the host shape program and constant folding)."""
        dtype = node.outputs[0].dtype
        return np.linalg.solve(np.asarray(A, dtype), np.asarray(b, dtype)).astype(dtype)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_gradients: list[Variable]) -> list[Any]:
        """Giles, "An extended collection of matrix derivative results" (c = A \\ b)."""
        A, b = inputs
        c = outputs[0]
        c_bar = output_gradients[0]
        trans_map = {"lower_triangular": "upper_triangular", "upper_triangular": "lower_triangular"}
        trans_solve_op = Solve(A_structure=trans_map.get(self.A_structure, self.A_structure), lower=not self.lower)
        b_bar = trans_solve_op(A.T, c_bar)
        A_bar = -outer(b_bar, c) if c.ndim == 1 else -b_bar.dot(c.T)
        if self.A_structure == "lower_triangular":
            A_bar = tril(A_bar)
        elif self.A_structure == "upper_triangular":
            A_bar = triu(A_bar)
        return [A_bar, b_bar]


solve = Solve()
solve_lower_triangular = Solve(A_structure="lower_triangular", lower=True)
solve_upper_triangular = Solve(A_structure="upper_triangular", lower=False)
solve_symmetric = Solve(A_structure="symmetric")


def _is_none(b: Any) -> bool:
    return b is None or (isinstance(b, Constant) and isinstance(b.type, NoneTypeT))


class Eigvalsh(Op):
    """Eigenvalues (ascending) of the symmetric-definite problem a v = w b v, or of a alone when b is NoneConst
    (scipy.linalg.eigvalsh), read from the lower (lower=True) or upper triangles."""

    __props__ = ("lower",)

    def __init__(self, lower: bool = True):
        if lower not in (True, False):
            raise ValueError(f"Eigvalsh: lower must be True or False, got {lower!r}")
        self.lower = lower

    def make_node(self, a: Any, b: Any) -> Apply:
        a = _matrix(self, a, "a")
        if _is_none(b):
            return Apply(self, [a], [_tensor(_dt.upcast(a.dtype), 1)])
        b = _matrix(self, b, "b")
        return Apply(self, [a, b], [_tensor(_dt.upcast(a.dtype, b.dtype), 1)])

    def host_impl(self, node: Apply, a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
        """The eigenvalues in numpy (for the host shape program and constant folding)."""
        def sym(m: np.ndarray) -> np.ndarray:
            m = np.asarray(m, dtype="float64")
            return np.tril(m) + np.tril(m, -1).T if self.lower else np.triu(m) + np.triu(m, 1).T

        c = sym(a)
        if b is not None:
            inv_l = np.linalg.inv(np.linalg.cholesky(sym(b)))
            c = inv_l @ c @ inv_l.T
        return np.linalg.eigvalsh((c + c.T) / 2).astype(node.outputs[0].dtype)

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Variable]:
        gw, = g_outputs
        if len(inputs) == 1:
            a, = inputs
            return [EigvalshGrad(self.lower)(a, None, gw)[0]]
        a, b = inputs
        return EigvalshGrad(self.lower)(a, b, gw)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0],)]


class EigvalshGrad(Op):
    """Gradients of Eigvalsh's eigenvalues with respect to a and b: v diag(gw) v^T and -v diag(gw w) v^T, folded
    onto the triangle Eigvalsh reads."""

    __props__ = ("lower",)

    def __init__(self, lower: bool = True):
        if lower not in (True, False):
            raise ValueError(f"EigvalshGrad: lower must be True or False, got {lower!r}")
        self.lower = lower

    def make_node(self, a: Any, b: Any, gw: Any) -> Apply:
        a = _matrix(self, a, "a")
        gw = _matrix(self, gw, "gw", ndim=1)
        if _is_none(b):  # the standard problem (b = identity): only a's gradient is meaningful
            out_dtype = _dt.upcast(a.dtype, gw.dtype)
            return Apply(self, [a, gw], [_tensor(out_dtype, 2), _tensor(out_dtype, 2)])
        b = _matrix(self, b, "b")
        out_dtype = _dt.upcast(a.dtype, b.dtype, gw.dtype)
        return Apply(self, [a, b, gw], [_tensor(out_dtype, 2), _tensor(out_dtype, 2)])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0], shapes[0]]


def eigvalsh(a: Any, b: Any, lower: bool = True) -> Variable:
    """scipy.linalg.eigvalsh(a, b, lower) (b may be theano.tensor.NoneConst)."""
    return Eigvalsh(lower)(a, b)


def kron(a: Any, b: Any) -> Variable:
    """Kronecker product, as scipy.linalg.kron (not numpy.kron when a.ndim != b.ndim); a.ndim + b.ndim >= 3."""
    a = as_tensor_variable(a)
    b = as_tensor_variable(b)
    if a.ndim + b.ndim <= 2:
        raise TypeError("kron: inputs dimensions must sum to 3 or more. You passed %d and %d." % (a.ndim, b.ndim))
    o = outer(a, b)
    o = o.reshape(concatenate((a.shape, b.shape)), a.ndim + b.ndim)
    shf = o.dimshuffle(0, 2, 1, *list(range(3, o.ndim)))
    if shf.ndim == 3:
        shf = o.dimshuffle(1, 0, 2)
        o = shf.flatten()
    else:
        o = shf.reshape((o.shape[0] * o.shape[2], o.shape[1] * o.shape[3])
                        + tuple(o.shape[i] for i in range(4, o.ndim)))
    return o


class Expm(Op):
    """Matrix exponential of a square matrix (scipy.linalg.expm)."""

    __props__ = ()

    def make_node(self, A: Any) -> Apply:
        A = _matrix(self, A, "A")
        return Apply(self, [A], [_tensor(A.dtype, 2)])

    def grad(self, inputs: list[Variable], outputs: list[Variable]) -> list[Variable]:
        A, = inputs
        g_out, = outputs
        return [ExpmGrad()(A, g_out)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


class ExpmGrad(Op):
    """Gradient of expm: the adjoint Fréchet derivative of the matrix exponential at A applied to gA."""

    __props__ = ()

    def make_node(self, A: Any, gw: Any) -> Apply:
        A = _matrix(self, A, "A")
        gw = _matrix(self, gw, "gw")
        return Apply(self, [A, gw], [_tensor(A.dtype, 2)])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


expm = Expm()
