"""Theano 1.0.5's BLAS ops (theano.tensor.blas): Gemm, Gemv, Ger, Dot22, Dot22Scalar and blas_scipy's ScipyGer.

In Theano these are what its optimizer rewrote `dot` (+ `add`) graphs into, to call BLAS from C. Here they are
ops a user can build directly, with Theano's props, names, make_node checks and messages and infer_shape; each
lowers to one `dot_general` (lowering/rules/blas_ops.py) and XLA fuses the scaling and the addition. No rewrite
turns a plain `dot` into them: XLA does that fusion itself.

The `inplace` / `destructive` flavours keep Theano's props, names and `destroy_map` (metadata: equality,
printing and pickles match Theano's), but compute out of place like the others: XLA assigns the buffers, and a
compiled function never overwrites an array its caller passed in. Theano defines no gradient for these ops;
ours are the gradients of the expressions they compute, so a graph built with them differentiates.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.fgraph import InconsistencyError
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.blas import _match_broadcast, dot, outer
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.reduce import sum as _sum
from theano.frontend.pretty import FunctionPrinter, pprint
from theano.frontend.type import TensorType

__all__ = ["Gemm", "Gemv", "Ger", "ScipyGer", "Dot22", "Dot22Scalar", "GemmRelated", "view_roots",
           "gemm_inplace", "gemm_no_inplace", "gemm", "gemv_inplace", "gemv_no_inplace", "gemv",
           "ger", "ger_destructive", "scipy_ger_inplace", "scipy_ger_no_inplace", "_dot22", "_dot22scalar"]

_FLOAT_OR_COMPLEX = ("float16", "float32", "float64", "complex64", "complex128")


def view_roots(r: Variable) -> list[Variable]:
    """The variables `r` may be a view of: the leaves of a walk back through `view_map`s (theano.gof's view_roots).

    A DimShuffle counts as a view, as Theano's (inplace by default) is one; ours carries no view_map since XLA
    owns the buffers, but the aliasing check of Gemm{inplace} must see `z.T` as `z` as Theano does.
    """
    roots: list[Variable] = []
    stack = [r]
    while stack:
        v = stack.pop()
        node = v.owner
        if node is None:
            roots.append(v)
            continue
        view_map = dict(getattr(node.op, "view_map", None) or {})
        if isinstance(node.op, DimShuffle):
            view_map = {0: [0]}
        idx = node.outputs.index(v)
        if idx in view_map:
            stack.extend(node.inputs[i] for i in reversed(view_map[idx]))
        else:
            roots.append(v)
    return roots


def _scalar_grad(g: Variable, term: Variable, like: Variable) -> Variable:
    """d/ds of sum(g * s * term) for a scalar s: sum(g * term), in s's dtype."""
    out = _sum(g * term)
    return cast(out, like.dtype) if out.dtype != like.dtype else out


class GemmRelated(Op):
    """Base class of Gemm, Dot22 and Dot22Scalar (Theano's templated-gemm C base; nothing of the C is here)."""

    __props__: tuple = ()


class Gemm(GemmRelated):
    """gemm(z, a, x, y, b) = b * z + a * dot(x, y): z, x, y matrices, a, b scalars, all of one float/complex dtype.

    Theano's Gemm{inplace} overwrote z; ours returns a new array (see the module docstring).
    """

    E_rank = 'gemm only works for rank 2'
    E_scalar = 'gemm requires scalar argument'
    E_z_uniq = 'argument z aliased to x or y'
    E_mixed = 'gemm requires matching dtypes'
    E_float = 'gemm requires floating-point dtypes'

    __props__ = ("inplace",)

    def __init__(self, inplace: bool):
        self.inplace = inplace
        if self.inplace:
            self.destroy_map = {0: [0]}

    def __str__(self) -> str:
        return "%s{%s}" % (type(self).__name__, "inplace" if self.inplace else "no_inplace")

    def __setstate__(self, dct: dict) -> None:
        self.__dict__.update(dct)
        if "destroy_map" not in self.__dict__ and self.inplace:
            self.destroy_map = {0: [0]}

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [as_tensor_variable(i) for i in inputs]
        if len(inputs) != 5:
            raise TypeError("Wrong number of inputs for %s (expected 5, got %s)" % (self, len(inputs)))
        z, a, x, y, b = inputs
        if self.inplace:  # z is overwritten in Theano: it must not be a view of x or y
            zr = set(view_roots(z))
            if zr.intersection(view_roots(x)):
                raise InconsistencyError(Gemm.E_z_uniq, (z, x))
            if zr.intersection(view_roots(y)):
                raise InconsistencyError(Gemm.E_z_uniq, (z, y))
        if z.ndim != 2:
            raise TypeError(Gemm.E_rank, z)
        if a.ndim != 0:
            raise TypeError(Gemm.E_scalar, a)
        if x.ndim != 2:
            raise TypeError(Gemm.E_rank, x)
        if y.ndim != 2:
            raise TypeError(Gemm.E_rank, y)
        if b.ndim != 0:
            raise TypeError(Gemm.E_scalar, b)
        if not (z.dtype == a.dtype == x.dtype == y.dtype == b.dtype):
            raise TypeError(Gemm.E_mixed, (z.dtype, a.dtype, x.dtype, y.dtype, b.dtype))
        if not z.dtype.startswith("float") and not z.dtype.startswith("complex"):
            raise TypeError(Gemm.E_float, z.dtype)
        return Apply(self, inputs, [z.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        z, a, x, y, b = inputs
        g, = output_grads
        return [_match_broadcast(g * b, z), _scalar_grad(g, dot(x, y), a),
                _match_broadcast(a * dot(g, y.T), x), _match_broadcast(a * dot(x.T, g), y), _scalar_grad(g, z, b)]


gemm_inplace = Gemm(inplace=True)
gemm_no_inplace = Gemm(inplace=False)
gemm = gemm_no_inplace  # the user interface (Theano's optimizer made them inplace later)
pprint.assign(gemm_inplace, FunctionPrinter("gemm_inplace"))
pprint.assign(gemm_no_inplace, FunctionPrinter("gemm_no_inplace"))


class Gemv(Op):
    """gemv(y, alpha, A, x, beta) = beta * y + alpha * dot(A, x): A a matrix, x and y vectors of one dtype.

    alpha and beta are scalars, cast to y's dtype as BLAS does; the result has y's type.
    """

    __props__ = ("inplace",)

    def __init__(self, inplace: bool):
        self.inplace = inplace
        if inplace:
            self.destroy_map = {0: [0]}

    def __str__(self) -> str:
        return "%s{%s}" % (type(self).__name__, "inplace" if self.inplace else "no_inplace")

    def make_node(self, y: Any, alpha: Any, A: Any, x: Any, beta: Any) -> Apply:  # noqa: N803 - Theano's name
        y, x, A = as_tensor_variable(y), as_tensor_variable(x), as_tensor_variable(A)
        alpha, beta = as_tensor_variable(alpha), as_tensor_variable(beta)
        if y.dtype != A.dtype or y.dtype != x.dtype:
            raise TypeError('Gemv requires matching dtypes', (y.dtype, A.dtype, x.dtype))
        if A.ndim != 2:
            raise TypeError('gemv requires matrix for A', A.type)
        if x.ndim != 1:
            raise TypeError('gemv requires vector for x', x.type)
        if y.ndim != 1:
            raise TypeError('gemv requires vector for y', y.type)
        for name, s in (("alpha", alpha), ("beta", beta)):
            if s.ndim != 0:
                raise TypeError('gemv requires scalar %s' % name, s.type)
            if not np.can_cast(s.dtype, y.dtype, "same_kind"):  # numpy's rule for `y *= beta`
                raise TypeError('gemv requires %s of the kind of y (%s), got %s' % (name, y.dtype, s.dtype), s.type)
        return Apply(self, [y, alpha, A, x, beta], [y.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        y, alpha, A, x, beta = inputs
        g, = output_grads
        a, b = cast(alpha, y.dtype), cast(beta, y.dtype)
        return [_match_broadcast(g * b, y), _scalar_grad(g, dot(A, x), alpha),
                _match_broadcast(a * outer(g, x), A), _match_broadcast(a * dot(A.T, g), x), _scalar_grad(g, y, beta)]


gemv_no_inplace = Gemv(inplace=False)
gemv_inplace = Gemv(inplace=True)
gemv = gemv_no_inplace  # the user interface


class Ger(Op):
    """ger(A, alpha, x, y) = A + alpha * outer(x, y), BLAS's general rank-1 update, all of one float/complex dtype.

    Theano's Ger{destructive} overwrote A; ours returns a new array.
    """

    __props__ = ("destructive",)

    def __init__(self, destructive: bool):
        self.destructive = destructive
        if destructive:
            self.destroy_map = {0: [0]}

    def __str__(self) -> str:
        return "%s{%s}" % (type(self).__name__, "destructive" if self.destructive else "non-destructive")

    def make_node(self, A: Any, alpha: Any, x: Any, y: Any) -> Apply:  # noqa: N803 - Theano's name
        A, y, x, alpha = (as_tensor_variable(v) for v in (A, y, x, alpha))
        if not (A.dtype == x.dtype == y.dtype == alpha.dtype):
            raise TypeError('ger requires matching dtypes', (A.dtype, alpha.dtype, x.dtype, y.dtype))
        if alpha.ndim != 0:
            raise TypeError('ger requires scalar alpha', alpha.type)
        if A.ndim != 2:
            raise TypeError('ger requires matrix for A', A.type)
        if x.ndim != 1:
            raise TypeError('ger requires vector for x', x.type)
        if y.ndim != 1:
            raise TypeError('ger requires vector for y', y.type)
        if x.dtype not in ('float32', 'float64', 'complex64', 'complex128'):
            raise TypeError('only float and complex types supported', x.dtype)
        return Apply(self, [A, alpha, x, y], [A.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        A, alpha, x, y = inputs
        g, = output_grads
        return [_match_broadcast(g, A), _scalar_grad(g, outer(x, y), alpha),
                _match_broadcast(alpha * dot(g, y), x), _match_broadcast(alpha * dot(g.T, x), y)]


ger = Ger(destructive=False)
ger_destructive = Ger(destructive=True)


class ScipyGer(Ger):
    """theano.tensor.blas_scipy's Ger (Theano called scipy's fblas ?ger from Python); the same computation here."""


scipy_ger_no_inplace = ScipyGer(False)
scipy_ger_inplace = ScipyGer(True)


def _dot22_type(x: Variable, y: Variable) -> TensorType:
    return TensorType(x.dtype, (x.broadcastable[0], y.broadcastable[1]))


class Dot22(GemmRelated):
    """dot(x, y) of two matrices of one float/complex dtype (Theano's specialisation of Dot for BLAS)."""

    def make_node(self, x: Any, y: Any) -> Apply:
        x, y = as_tensor_variable(x), as_tensor_variable(y)
        if x.ndim != 2 or x.dtype not in _FLOAT_OR_COMPLEX:
            raise TypeError(x)
        if y.ndim != 2 or y.dtype not in _FLOAT_OR_COMPLEX:
            raise TypeError(y)
        if y.dtype != x.dtype:
            raise TypeError('dtype mismatch to Dot22')
        return Apply(self, [x, y], [_dot22_type(x, y)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0], shapes[1][1])]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        x, y = inputs
        g, = output_grads
        return [_match_broadcast(_dot22(g, y.T), x), _match_broadcast(_dot22(x.T, g), y)]


_dot22 = Dot22()


class Dot22Scalar(GemmRelated):
    """a * dot(x, y) for matrices x, y and a scalar a, all of one float/complex dtype."""

    def make_node(self, x: Any, y: Any, a: Any) -> Apply:
        x, y, a = as_tensor_variable(x), as_tensor_variable(y), as_tensor_variable(a)
        if a.ndim != 0:
            raise TypeError(Gemm.E_scalar, a)
        if x.ndim != 2:
            raise TypeError(Gemm.E_rank, x)
        if y.ndim != 2:
            raise TypeError(Gemm.E_rank, y)
        if not (a.dtype == x.dtype == y.dtype):
            raise TypeError('Dot22Scalar requires matching dtypes', (a.dtype, x.dtype, y.dtype))
        if not a.dtype.startswith('float') and not a.dtype.startswith('complex'):
            raise TypeError('Dot22Scalar requires float or complex args', a.dtype)
        return Apply(self, [x, y, a], [_dot22_type(x, y)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0], shapes[1][1])]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        x, y, a = inputs
        g, = output_grads
        return [_match_broadcast(_dot22scalar(g, y.T, a), x), _match_broadcast(_dot22scalar(x.T, g, a), y),
                _scalar_grad(g, _dot22(x, y), a)]


_dot22scalar = Dot22Scalar()
