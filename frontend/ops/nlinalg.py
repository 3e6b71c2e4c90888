"""tensor/nlinalg.py: numpy.linalg as ops (inverse, pseudo-inverse, determinant, eigensystems, SVD, QR, lstsq,
tensorinv/tensorsolve) and the helpers built from other ops (matrix_dot, matrix_power, norm).

Output dtypes are Theano 1.0.5's: most ops keep the input's dtype (integer inputs give integer results, as
Theano's `astype(x.dtype)` did). Gradients are written with frontend ops, following Theano's formulas.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.blas import dot
from theano.frontend.ops.diagonal import AllocDiag, ExtractDiag, identity_like, trace
from theano.frontend.ops.math import minimum, zeros_like
from theano.frontend.ops.max_argmax import max as tensor_max, min as tensor_min
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.type import TensorType

__all__ = [
    "LinAlgInputError", "MatrixPinv", "pinv", "MatrixInverse", "matrix_inverse", "matrix_dot",
    "AllocDiag", "alloc_diag", "ExtractDiag", "extract_diag", "diag", "trace",
    "Det", "det", "Eig", "eig", "Eigh", "EighGrad", "eigh", "QRFull", "QRIncomplete", "qr",
    "SVD", "svd", "lstsq", "matrix_power", "norm", "TensorInv", "tensorinv", "TensorSolve", "tensorsolve",
    "spectral_radius_bound", "Hint", "hints", "psd", "is_psd",
]


class LinAlgInputError(TypeError, AssertionError):
    """An input of the wrong dimensionality: a TypeError that is also the AssertionError Theano 1.0.5 raised."""


def _matrix(op: Any, x: Any, name: str = "x", ndim: int = 2) -> Variable:
    x = as_tensor_variable(x)
    if x.ndim != ndim:
        kind = {1: "a vector", 2: "a matrix"}[ndim]
        raise LinAlgInputError(f"{op}: input {name} must be {kind} ({ndim}-d), got {x.type} ({x.ndim}-d)")
    return x


def _tensor(dtype: str, ndim: int) -> Variable:
    return TensorType(dtype, (False,) * ndim)()


def matrix_dot(*args: Any) -> Variable:
    """dot(dot(A0, A1), ...): the product of several matrices in order."""
    rval = args[0]
    for a in args[1:]:
        rval = dot(rval, a)
    return rval


class MatrixPinv(Op):
    """Moore-Penrose pseudo-inverse (numpy.linalg.pinv) of a matrix."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        rows, cols = shapes[0]
        return [(cols, rows)]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], g_outputs: list[Variable]) -> list[Variable]:
        # (-X+ V^T X+ + X+ X+^T V (I - X X+) + (I - X+ X) V X+^T X+)^T  (Wikipedia, pseudoinverse derivative)
        x, = inputs
        z, = outputs
        gz, = g_outputs
        x_dot_z = dot(x, z)
        z_dot_x = dot(z, x)
        grad = (-matrix_dot(z, gz.T, z)
                + matrix_dot(z, z.T, gz, (identity_like(x_dot_z) - x_dot_z))
                + matrix_dot((identity_like(z_dot_x) - z_dot_x), gz, z.T, z)).T
        return [grad]


pinv = MatrixPinv()


class MatrixInverse(Op):
    """Inverse of a square matrix (numpy.linalg.inv); a singular matrix raises numpy.linalg.LinAlgError."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        return Apply(self, [x], [x.type()])

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Variable]:
        # V dX^-1/dX = -(X^-1 V^T X^-1)^T  (matrix cookbook)
        x, = inputs
        xi = self(x)
        gz, = g_outputs
        return [-matrix_dot(xi, gz.T, xi).T]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        # dX^-1/dX V = -X^-1 V X^-1
        x, = inputs
        ev, = eval_points
        if ev is None:
            return [None]
        xi = self(x)
        return [-matrix_dot(xi, ev, xi)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return shapes


matrix_inverse = MatrixInverse()


def alloc_diag(x: Any) -> Variable:
    """A square matrix with vector `x` on its diagonal (an AllocDiag); other inputs raise TypeError, as Theano."""
    xx = as_tensor_variable(x)
    if xx.ndim != 1:
        raise TypeError("AllocDiag only works on vectors", x)
    return AllocDiag()(xx)


extract_diag = ExtractDiag()


def diag(x: Any) -> Variable:
    """numpy.diag without `k`: the diagonal of a matrix, or a square matrix with vector `x` on its diagonal."""
    xx = as_tensor_variable(x)
    if xx.ndim == 1:
        return alloc_diag(xx)
    if xx.ndim == 2:
        return extract_diag(xx)
    raise TypeError("diag requires vector or matrix argument", x)


class Det(Op):
    """Determinant of a square matrix (numpy.linalg.det), a scalar of the input's dtype."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        return Apply(self, [x], [_tensor(x.dtype, 0)])

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Variable]:
        gz, = g_outputs
        x, = inputs
        return [gz * self(x) * matrix_inverse(x).T]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def __str__(self) -> str:
        return "Det"


det = Det()


class Eig(Op):
    """Eigenvalues and right eigenvectors of a square matrix (numpy.linalg.eig), in the input's dtype (the
    imaginary parts are dropped, as Theano's `astype` did)."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        return Apply(self, [x], [_tensor(x.dtype, 1), _tensor(x.dtype, 2)])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        n = shapes[0][0]
        return [(n,), (n, n)]


eig = Eig()


def _eigh_value_dtype(dtype: str) -> str:
    """The dtype numpy.linalg.eigh gives the eigenvalues of a `dtype` matrix (Theano probes numpy the same way)."""
    return np.linalg.eigh(np.zeros((1, 1), dtype=dtype))[0].dtype.name


class Eigh(Eig):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix, read from its lower ('L') or upper ('U')
    triangle (numpy.linalg.eigh)."""

    __props__ = ("UPLO",)

    def __init__(self, UPLO: str = "L"):
        if UPLO not in ("L", "U"):
            raise ValueError(f"Eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
        self.UPLO = UPLO

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        try:
            w_dtype = _eigh_value_dtype(x.dtype)
        except TypeError as exc:  # numpy refuses float16 and friends
            raise TypeError(f"Eigh: input of dtype {x.dtype} is not supported ({exc})") from None
        return Apply(self, [x], [_tensor(w_dtype, 1), _tensor(x.dtype, 2)])

    def host_impl(self, node: Apply, x: np.ndarray) -> list[np.ndarray]:
        """numpy's eigh (for the host shape program and constant folding)."""
        w, v = np.linalg.eigh(np.asarray(x, dtype="float64"), self.UPLO)
        return [w.astype(node.outputs[0].dtype), v.astype(node.outputs[1].dtype)]

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Variable]:
        x, = inputs
        w, v = self(x)
        gw, gv = _zero_disconnected([w, v], g_outputs)
        return [EighGrad(self.UPLO)(x, w, v, gw, gv)]


def _zero_disconnected(outputs: list[Variable], grads: list[Variable]) -> list[Variable]:
    """Zeros in place of the gradients of outputs the cost does not depend on."""
    return [zeros_like(o) if isinstance(g.type, DisconnectedType) else g for o, g in zip(outputs, grads)]


class EighGrad(Op):
    """Reverse-mode gradient of Eigh: sum_n W_n dw_n/dA + sum_kn V_kn dv_kn/dA, restricted to the triangle Eigh
    reads (the other triangle's contribution folded onto it)."""

    __props__ = ("UPLO",)

    def __init__(self, UPLO: str = "L"):
        if UPLO not in ("L", "U"):
            raise ValueError(f"EighGrad: UPLO must be 'L' or 'U', got {UPLO!r}")
        self.UPLO = UPLO

    def make_node(self, x: Any, w: Any, v: Any, gw: Any, gv: Any) -> Apply:
        x, v, gv = (_matrix(self, a, n) for a, n in ((x, "x"), (v, "v"), (gv, "gv")))
        w, gw = (_matrix(self, a, n, ndim=1) for a, n in ((w, "w"), (gw, "gw")))
        out_dtype = _dt.upcast(x.dtype, w.dtype, v.dtype, gw.dtype, gv.dtype)
        return Apply(self, [x, w, v, gw, gv], [_tensor(out_dtype, 2)])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


def eigh(a: Any, UPLO: str = "L") -> list[Variable]:
    """[w, v] = numpy.linalg.eigh(a, UPLO)."""
    return Eigh(UPLO)(a)


_QR_MODES = ("reduced", "complete", "r", "raw")


class QRFull(Op):
    """QR decomposition giving two outputs: (q, r) for modes 'reduced'/'complete', (h, tau) for 'raw'."""

    __props__ = ("mode",)

    def __init__(self, mode: str):
        self.mode = mode

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        second = _tensor(x.dtype, 1 if self.mode == "raw" else 2)
        return Apply(self, [x], [_tensor(x.dtype, 2), second])


class QRIncomplete(Op):
    """QR decomposition giving only r (mode 'r')."""

    __props__ = ("mode",)

    def __init__(self, mode: str):
        self.mode = mode

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        return Apply(self, [x], [_tensor(x.dtype, 2)])


def qr(a: Any, mode: str = "reduced") -> Any:
    """numpy.linalg.qr(a, mode): [q, r] ('reduced', 'complete'), r ('r') or [h, tau] ('raw')."""
    if mode not in _QR_MODES:
        raise ValueError(f"Unrecognized mode '{mode}'")
    if mode == "r":
        return QRIncomplete(mode)(a)
    return QRFull(mode)(a)


class SVD(Op):
    """Singular value decomposition (numpy.linalg.svd): [u, s, vt], or s alone when compute_uv is false."""

    __props__ = ("full_matrices", "compute_uv")

    def __init__(self, full_matrices: Any = True, compute_uv: Any = True):
        self.full_matrices = full_matrices
        self.compute_uv = compute_uv

    def make_node(self, x: Any) -> Apply:
        x = _matrix(self, x)
        s = _tensor(x.dtype, 1)
        if self.compute_uv:
            return Apply(self, [x], [_tensor(x.dtype, 2), s, _tensor(x.dtype, 2)])
        return Apply(self, [x], [s])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        m, n = shapes[0]
        k = minimum(m, n)
        if self.compute_uv:
            u_shape = (m, m) if self.full_matrices else (m, k)
            vt_shape = (n, n) if self.full_matrices else (k, n)
            return [u_shape, (k,), vt_shape]
        return [(k,)]


def svd(a: Any, full_matrices: Any = 1, compute_uv: Any = 1) -> Any:
    """numpy.linalg.svd(a, full_matrices, compute_uv)."""
    return SVD(full_matrices, compute_uv)(a)


class lstsq(Op):  # noqa: N801 (Theano's class name)
    """numpy.linalg.lstsq(a, b, rcond) -> [x, residuals, rank, s] (x of floatX, the others float64/int64)."""

    __props__ = ()

    def make_node(self, x: Any, y: Any, rcond: Any) -> Apply:
        x, y, rcond = (as_tensor_variable(v) for v in (x, y, rcond))
        return Apply(self, [x, y, rcond], [_tensor(config.floatX, 2), _tensor("float64", 1),
                                            _tensor("int64", 0), _tensor("float64", 1)])


def matrix_power(M: Any, n: int) -> Any:
    """M raised to the non-negative integer power n, as n dot products (the Python int 1 for n = 0, as Theano)."""
    result: Any = 1
    for _ in range(n):
        result = dot(result, M)
    return result


def norm(x: Any, ord: Any) -> Variable:  # noqa: A002 (numpy's name)
    """Vector or matrix norm as numpy.linalg.norm, with 'inf'/'-inf' spelled as strings (Theano's convention)."""
    x = as_tensor_variable(x)
    ndim = x.ndim
    if ndim == 0:
        raise ValueError("'axis' entry is out of bounds.")
    if ndim == 1:
        if ord is None:
            return tensor_sum(x ** 2) ** 0.5
        if ord == "inf":
            return tensor_max(abs(x))
        if ord == "-inf":
            return tensor_min(abs(x))
        if ord == 0:
            return x[x.nonzero()].shape[0]
        try:
            return tensor_sum(abs(x ** ord)) ** (1.0 / ord)
        except TypeError:
            raise ValueError("Invalid norm order for vectors.") from None
    if ndim == 2:
        if ord is None or ord == "fro":
            return tensor_sum(abs(x ** 2)) ** 0.5
        if ord == "inf":
            return tensor_max(tensor_sum(abs(x), 1))
        if ord == "-inf":
            return tensor_min(tensor_sum(abs(x), 1))
        if ord == 1:
            return tensor_max(tensor_sum(abs(x), 0))
        if ord == -1:
            return tensor_min(tensor_sum(abs(x), 0))
        raise ValueError(f"Invalid norm order {ord!r} for matrices.")
    raise NotImplementedError("We don't support norm with ndim > 2")


class TensorInv(Op):
    """numpy.linalg.tensorinv(a, ind): the inverse of `a` for tensordot over its first `ind` axes."""

    __props__ = ("ind",)

    def __init__(self, ind: int = 2):
        self.ind = ind

    def make_node(self, a: Any) -> Apply:
        a = as_tensor_variable(a)
        return Apply(self, [a], [a.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(shapes[0][self.ind:]) + tuple(shapes[0][:self.ind])]


def tensorinv(a: Any, ind: int = 2) -> Variable:
    """numpy.linalg.tensorinv(a, ind)."""
    return TensorInv(ind)(a)


class TensorSolve(Op):
    """numpy.linalg.tensorsolve(a, b, axes); the output is declared a matrix, as in Theano 1.0.5."""

    __props__ = ("axes",)

    def __init__(self, axes: Any = None):
        self.axes = axes

    def make_node(self, a: Any, b: Any) -> Apply:
        a, b = as_tensor_variable(a), as_tensor_variable(b)
        return Apply(self, [a, b], [_tensor(_dt.upcast(a.dtype, b.dtype), 2)])


def tensorsolve(a: Any, b: Any, axes: Any = None) -> Variable:
    """numpy.linalg.tensorsolve(a, b, axes)."""
    return TensorSolve(axes)(a, b)


def spectral_radius_bound(X: Any, log2_exponent: int) -> Variable:
    """An upper bound on the largest eigenvalue of a symmetric matrix X: trace(X^(2^k)) ** 2^-k, k = log2_exponent
    (V. Pan 1990; sandbox.linalg). Larger k is slower and tighter."""
    X = as_tensor_variable(X)
    if X.ndim != 2:
        raise TypeError("spectral_radius_bound requires a matrix argument", X)
    if not isinstance(log2_exponent, (int, np.integer)) or isinstance(log2_exponent, bool):
        raise TypeError("spectral_radius_bound requires an integer exponent", log2_exponent)
    if log2_exponent <= 0:
        raise ValueError("spectral_radius_bound requires a strictly positive exponent", log2_exponent)
    XX = X
    for _ in range(log2_exponent):
        XX = dot(XX, XX)
    return trace(XX) ** (2 ** (-log2_exponent))


class Hint(Op):
    """The identity, carrying information for the rewrites (sandbox.linalg): Hint(psd=True, symmetric=True)(A)
    lets a Solve with A use its Cholesky factor. The rewrites read the hints, then remove the node (specialize)."""

    __props__ = ("hints",)

    def __init__(self, **kwargs: Any):
        self.hints = tuple(kwargs.items())
        self.view_map = {0: [0]}

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return shapes

    def grad(self, inputs: list[Variable], g_out: list[Variable]) -> list[Variable]:
        return g_out

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return list(eval_points)

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return x


def hints(variable: Variable) -> dict:
    """The hints a Hint node attached to `variable` ({} when it is not a Hint's output)."""
    owner = getattr(variable, "owner", None)
    return dict(owner.op.hints) if owner is not None and isinstance(owner.op, Hint) else {}


def psd(v: Any) -> Variable:
    """`v`, hinted symmetric positive semi-definite."""
    return Hint(psd=True, symmetric=True)(v)


def is_psd(v: Variable) -> bool:
    return bool(hints(v).get("psd", False))
