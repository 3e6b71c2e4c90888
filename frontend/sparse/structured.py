"""Structured sparse ops (they act on the stored entries only): the structured elementwise functions built by
`structured_monoid` (structured_sigmoid, sin, sqrt, ...), sp_sum (SpSum), col_scale / row_scale
(ColScaleCSC / RowScaleCSC), as theano.sparse.basic defines them."""
from __future__ import annotations

from typing import Any, Callable

from theano.frontend.ops import math as T
from theano.frontend.ops.broadcast import addbroadcast
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.nnet import sigmoid
from theano.frontend.sparse.basic import (CSM, SparseFromDense, cast, csm_properties, dense_from_sparse, mul,
                                          sp_ones_like, sp_zeros_like)
from theano.frontend.sparse.variable import _is_sparse_variable, as_sparse_variable, continuous_dtypes
from theano.frontend.type import TensorType


def structured_monoid(tensor_op: Any) -> Callable[[Callable], Callable]:
    """A decorator: the function becomes `tensor_op` applied to the stored data of its sparse first argument
    (the extra arguments are scalars), the structure unchanged."""
    def decorator(f: Callable) -> Callable:
        def wrapper(*args: Any) -> Variable:
            x = as_sparse_variable(args[0])
            if x.format not in ("csr", "csc"):
                raise NotImplementedError(f"{f.__name__}: format {x.format!r} (csr or csc expected)")
            xs = [as_tensor_variable(a) for a in args[1:]]
            for k, a in enumerate(xs):
                if a.ndim != 0:
                    raise TypeError(f"{f.__name__}: argument {k + 1} must be a scalar, got {a.type}")
            data, ind, ptr, shape = csm_properties(x)
            return CSM(x.format)(tensor_op(data, *xs), ind, ptr, shape)
        scalar_op = getattr(tensor_op, "scalar_op", None)
        wrapper.__name__ = str(scalar_op) if scalar_op is not None else f.__name__  # Theano's names
        wrapper.__doc__ = f.__doc__
        return wrapper
    return decorator


def _structured(tensor_op: Any, name: str, doc: str) -> Callable:
    def f(*args: Any) -> Any:
        pass
    f.__name__ = name
    f.__doc__ = doc
    return structured_monoid(tensor_op)(f)


structured_sigmoid = _structured(sigmoid, "structured_sigmoid", "Structured elemwise sigmoid.")
structured_exp = _structured(T.exp, "structured_exp", "Structured elemwise exponential.")
structured_log = _structured(T.log, "structured_log", "Structured elemwise logarithm.")
structured_pow = _structured(T.pow, "structured_pow", "Structured elemwise power of sparse matrix x by scalar y.")
structured_minimum = _structured(T.minimum, "structured_minimum", "Structured elemwise minimum of x and scalar y.")
structured_maximum = _structured(T.maximum, "structured_maximum", "Structured elemwise maximum of x and scalar y.")
structured_add = _structured(T.add, "structured_add", "Structured addition of sparse matrix x and scalar y.")

# the elementwise functions that map 0 to 0: computed on the stored entries
_ZERO_PRESERVING = {
    "sin": T.sin, "tan": T.tan, "arcsin": T.arcsin, "arctan": T.arctan, "sinh": T.sinh, "arcsinh": T.arcsinh,
    "tanh": T.tanh, "arctanh": T.arctanh, "rint": T.round_half_to_even, "sgn": T.sgn, "ceil": T.ceil,
    "floor": T.floor, "log1p": T.log1p, "expm1": T.expm1, "deg2rad": T.deg2rad, "rad2deg": T.rad2deg,
    "trunc": T.trunc, "sqr": T.sqr, "sqrt": T.sqrt, "conj": T.conj,
}
sin = _structured(T.sin, "sin", "Elemwise sinus of `x`.")
tan = _structured(T.tan, "tan", "Elemwise tan of `x`.")
arcsin = _structured(T.arcsin, "arcsin", "Elemwise arcsinus of `x`.")
arctan = _structured(T.arctan, "arctan", "Elemwise arctan of `x`.")
sinh = _structured(T.sinh, "sinh", "Elemwise sinh of `x`.")
arcsinh = _structured(T.arcsinh, "arcsinh", "Elemwise arcsinh of `x`.")
tanh = _structured(T.tanh, "tanh", "Elemwise tanh of `x`.")
arctanh = _structured(T.arctanh, "arctanh", "Elemwise arctanh of `x`.")
rint = _structured(T.round_half_to_even, "rint", "Elemwise round half to even of `x`.")
rint.__name__ = "rint"  # as Theano names it (not after round_half_to_even)
sgn = _structured(T.sgn, "sgn", "Elemwise signe of `x`.")
ceil = _structured(T.ceil, "ceil", "Elemwise ceiling of `x`.")
floor = _structured(T.floor, "floor", "Elemwise floor of `x`.")
log1p = _structured(T.log1p, "log1p", "Elemwise log(1 + `x`).")
expm1 = _structured(T.expm1, "expm1", "Elemwise e^`x` - 1.")
deg2rad = _structured(T.deg2rad, "deg2rad", "Elemwise degree to radian.")
rad2deg = _structured(T.rad2deg, "rad2deg", "Elemwise radian to degree.")
trunc = _structured(T.trunc, "trunc", "Elemwise truncature.")
sqr = _structured(T.sqr, "sqr", "Elemwise `x` * `x`.")
sqrt = _structured(T.sqrt, "sqrt", "Elemwise square root of `x`.")
conj = _structured(T.conj, "conj", "Elemwise complex conjugate of `x`.")


class SpSum(Op):
    """The sum of a sparse matrix (axis None, 0 or 1): a dense result; the gradient is structured with
    sparse_grad=True, else the dense gradient made sparse."""

    __props__ = ("axis",)  # sparse_grad is not a prop (it does not change the value), as in Theano

    def __init__(self, axis: int | None = None, sparse_grad: bool = True):
        if axis not in (None, 0, 1):
            raise ValueError("Illegal value for self.axis.")
        self.axis = axis
        self.structured = sparse_grad

    def make_node(self, x: Any) -> Apply:
        x = as_sparse_variable(x)
        if x.format not in ("csr", "csc"):
            raise NotImplementedError(f"sp_sum: format {x.format!r} (csr or csc expected)")
        b = () if self.axis is None else (False,)
        return Apply(self, [x], [TensorType(x.dtype, b)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x,), (gz,) = inputs, gout
        if x.dtype not in continuous_dtypes:
            return [sp_zeros_like_float(x)]
        if self.structured:
            if self.axis is None:
                return [mul(sp_ones_like(x), gz)]
            if self.axis == 0:
                return [col_scale(sp_ones_like(x), gz)]
            return [row_scale(sp_ones_like(x), gz)]
        o_format = x.format
        xd = dense_from_sparse(x)
        if _is_sparse_variable(gz):
            gz = dense_from_sparse(gz)
        if self.axis is None:
            r = T.second(xd, gz)
        else:
            ones = T.ones_like(xd)
            if self.axis == 0:
                r = addbroadcast(gz.dimshuffle("x", 0), 0) * ones
            else:
                r = addbroadcast(gz.dimshuffle(0, "x"), 1) * ones
        return [SparseFromDense(o_format)(r)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        if self.axis is None:
            return [()]
        return [(shapes[0][1 - self.axis],)]


def sp_zeros_like_float(x: Variable) -> Variable:
    """A sparse matrix of x's shape and no stored entries, of floatX (the gradient of an integer input)."""
    return cast(sp_zeros_like(x), config.floatX)


def sp_sum(x: Any, axis: int | None = None, sparse_grad: bool = False) -> Variable:
    """The sum of the sparse matrix `x` (a dense scalar or vector); structured gradient with sparse_grad=True."""
    return SpSum(axis, sparse_grad)(x)


class _ScaleCSC(Op):
    __props__ = ()

    def make_node(self, x: Any, s: Any) -> Apply:
        x = as_sparse_variable(x)
        if x.format != "csc":
            raise ValueError("x was not a csc matrix")
        s = as_tensor_variable(s)
        if s.ndim != 1:
            raise TypeError(f"{type(self).__name__}: s must be a vector, got {s.type}")
        return Apply(self, [x, s], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]


class ColScaleCSC(_ScaleCSC):
    """Each column j of a csc matrix times s[j] (structured)."""

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, s), (gz,) = inputs, gout
        return [col_scale(gz, s), sp_sum(mul(x, gz), axis=0)]


class RowScaleCSC(_ScaleCSC):
    """Each row i of a csc matrix times s[i] (structured)."""

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (x, s), (gz,) = inputs, gout
        return [row_scale(gz, s), sp_sum(mul(x, gz), axis=1)]


def col_scale(x: Any, s: Any) -> Variable:
    """Scale each column of the sparse matrix `x` by the matching entry of the dense vector `s`."""
    x = as_sparse_variable(x)
    if x.format == "csc":
        return ColScaleCSC()(x, s)
    if x.format == "csr":
        return RowScaleCSC()(x.T, s).T
    raise NotImplementedError()


def row_scale(x: Any, s: Any) -> Variable:
    """Scale each row of the sparse matrix `x` by the matching entry of the dense vector `s`."""
    return col_scale(as_sparse_variable(x).T, s).T


__all__ = ["structured_monoid", "structured_sigmoid", "structured_exp", "structured_log", "structured_pow",
           "structured_minimum", "structured_maximum", "structured_add", *_ZERO_PRESERVING, "SpSum", "sp_sum",
           "ColScaleCSC", "RowScaleCSC", "col_scale", "row_scale"]
