"""Eye, Tri and the diagonal ops (ExtractDiag, AllocDiag) with their helpers: eye, tri, tril, triu, diag, trace.

Eye and Tri have value-dependent shapes (n, m); their diagonal offset k stays a dynamic value.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_not_implemented, grad_undefined
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.alloc import _all_constant, _i64, zeros
from theano.frontend.ops.join import join
from theano.frontend.ops.math import maximum, minimum
from theano.frontend.ops.shape import shape_i
from theano.frontend.type import TensorType

__all__ = [
    "Eye", "eye", "identity_like", "Tri", "tri", "tril", "triu",
    "ExtractDiag", "AllocDiag", "diagonal", "diag", "trace",
]


class _MatrixFromShape(Op):
    """Base of Eye and Tri: an (N, M) matrix of `dtype` with a diagonal offset k (k stays dynamic)."""

    __props__ = ("dtype",)

    def __init__(self, dtype: Any = None):
        self.dtype = config.floatX if dtype is None else _dt.check_dtype(dtype)

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(node.inputs[:2])

    def make_node(self, n: Any, m: Any, k: Any) -> Apply:
        args = [as_tensor_variable(v) for v in (n, m, k)]
        for name, v in zip(("n", "m", "k"), args):
            if v.ndim != 0:
                raise TypeError(f"{type(self).__name__}: {name} must be a scalar, got {v.type}")
        return Apply(self, args, [TensorType(self.dtype, (False, False))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(_i64(node.inputs[0]), _i64(node.inputs[1]))]

    def none_input_means(self, node: Apply, i: int) -> Variable | None:
        """A None value given for m means n, as numpy.eye/tri (and Theano's perform) take it."""
        return node.inputs[0] if i == 1 else None

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grad_undefined(self, i, inputs[i]) for i in range(3)]


class Eye(_MatrixFromShape):
    """eye(n, m, k): ones on the k-th diagonal."""

    def host_impl(self, node: Apply, n: np.ndarray, m: np.ndarray, k: np.ndarray) -> np.ndarray:
        return np.eye(int(n), int(m), int(k), dtype=self.dtype)


class Tri(_MatrixFromShape):
    """tri(N, M, k): ones at and below the k-th diagonal."""

    def host_impl(self, node: Apply, n: np.ndarray, m: np.ndarray, k: np.ndarray) -> np.ndarray:
        return np.tri(int(n), int(m), int(k), dtype=self.dtype)


def eye(n: Any, m: Any = None, k: Any = 0, dtype: Any = None) -> Variable:
    """A 2-d tensor with ones on the k-th diagonal (numpy.eye)."""
    return Eye(dtype)(n, n if m is None else m, k)


def identity_like(x: Any) -> Variable:
    """eye(x.shape[0], x.shape[1]) of x's dtype."""
    x = as_tensor_variable(x)
    return eye(shape_i(x, 0), shape_i(x, 1), k=0, dtype=x.dtype)


def tri(N: Any, M: Any = None, k: Any = 0, dtype: Any = None) -> Variable:
    """Ones at and below the k-th diagonal (numpy.tri)."""
    return Tri(dtype)(N, N if M is None else M, k)


def tril(m: Any, k: Any = 0) -> Variable:
    """m with the elements above the k-th diagonal zeroed."""
    m = as_tensor_variable(m)
    return m * tri(shape_i(m, 0), shape_i(m, 1), k=k, dtype=m.dtype)


def triu(m: Any, k: Any = 0) -> Variable:
    """m with the elements below the k-th diagonal zeroed."""
    m = as_tensor_variable(m)
    return m * (1 - tri(shape_i(m, 0), shape_i(m, 1), k=k - 1, dtype=m.dtype))


# --------------------------------------------------------------------------- diagonals

class ExtractDiag(Op):
    """The `offset` diagonal of the 2-d sub-arrays spanned by axis1 and axis2 (numpy.diagonal), as the last axis."""

    __props__ = ("offset", "axis1", "axis2", "view")

    def __init__(self, offset: int = 0, axis1: int = 0, axis2: int = 1, view: bool = False):
        self.offset, self.axis1, self.axis2, self.view = offset, axis1, axis2, view

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if x.ndim < 2:
            raise ValueError("ExtractDiag needs an input with 2 or more dimensions", x)
        return Apply(self, [x], [TensorType(x.dtype, (False,) * (x.ndim - 1))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        shp, = shapes
        ndim = len(shp)
        a1, a2 = self.axis1 % ndim, self.axis2 % ndim
        dim1, dim2 = shp[a1], shp[a2]
        out = [d for i, d in enumerate(shp) if i not in (a1, a2)]
        if self.offset > 0:
            size = minimum(maximum(dim2 - self.offset, 0), dim1)
        elif self.offset < 0:
            size = minimum(maximum(dim1 + self.offset, 0), dim2)
        else:
            size = minimum(dim1, dim2)
        out.append(_i64(size))
        return [tuple(out)]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        x, = inputs
        gz, = gout
        if x.ndim != 2:
            return [grad_not_implemented(self, 0, x, "gradient of ExtractDiag only works for matrices.")]
        # gx[i, i + offset] = gz[i]: a k-diagonal mask times gz padded to the length of the axis it runs along
        n, m = shape_i(x, 0), shape_i(x, 1)
        mask = Eye(x.dtype)(n, m, self.offset)
        k = shape_i(gz, 0)
        if self.offset >= 0:
            padded = join(0, gz, zeros((n - k,), dtype=gz.dtype))
            return [mask * padded.dimshuffle(0, "x")]
        padded = join(0, gz, zeros((m - k,), dtype=gz.dtype))
        return [mask * padded.dimshuffle("x", 0)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [self(eval_points[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.diagonal(x, self.offset, self.axis1, self.axis2).copy()


class AllocDiag(Op):
    """A tensor with `x`'s last axis on the `offset` diagonal of axes (axis1, axis2), zeros elsewhere."""

    __props__ = ("offset", "axis1", "axis2")

    def __init__(self, offset: int = 0, axis1: int = 0, axis2: int = 1):
        self.offset, self.axis1, self.axis2 = offset, axis1, axis2

    def make_node(self, diag: Any) -> Apply:
        diag = as_tensor_variable(diag)
        if diag.ndim < 1:
            raise ValueError("AllocDiag needs an input with 1 or more dimensions", diag.type)
        return Apply(self, [diag], [TensorType(diag.dtype, (False,) * (diag.ndim + 1))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        shp, = shapes
        a1, a2 = min(self.axis1, self.axis2), max(self.axis1, self.axis2)
        size = _i64(shp[-1] + abs(self.offset))
        out = list(shp[:-1])
        out = out[:a1] + [size] + out[a1:]
        out = out[:a2] + [size] + out[a2:]
        return [tuple(out)]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [diagonal(gout[0], offset=self.offset, axis1=self.axis1, axis2=self.axis2)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [self(eval_points[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        a1, a2 = min(self.axis1, self.axis2), max(self.axis1, self.axis2)
        k = x.shape[-1]
        size = k + abs(self.offset)
        res = np.zeros(x.shape[:-1] + (size, size), dtype=x.dtype)
        idx = np.arange(k)
        res[..., idx + max(0, -self.offset), idx + max(0, self.offset)] = x
        return np.moveaxis(res, (-2, -1), (a1, a2)) if x.ndim > 1 else res


def diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Variable:
    """numpy.diagonal as an ExtractDiag."""
    return ExtractDiag(offset, axis1, axis2)(a)


def diag(v: Any, k: int = 0) -> Variable:
    """The k-th diagonal of a matrix, or a matrix with vector `v` on its k-th diagonal."""
    v = as_tensor_variable(v)
    if v.ndim == 1:
        return AllocDiag(k)(v)
    if v.ndim >= 2:
        return diagonal(v, offset=k)
    raise ValueError("Input must has v.ndim >= 1.")


def trace(X: Any) -> Variable:
    """Sum of the main diagonal of a matrix (nlinalg.trace)."""
    return ExtractDiag()(X).sum()
