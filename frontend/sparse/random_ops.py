"""theano.sparse.sandbox.sp2's random sparse ops: Poisson, Binomial, Multinomial. As in Theano 1.0.5 they draw
from numpy's global generator (`np.random`, so `np.random.seed` makes them reproducible) and are not
deterministic: two calls give different draws. Lowering: theano/lowering/rules/sparse_random.py (host callbacks
for the draws; the sparse structure stays in the program)."""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import disconnected_type, grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import as_sparse_variable


class Poisson(Op):
    """A sparse matrix of x's pattern with Poisson draws of mean x's entries; entries drawn as 0 are removed."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = as_sparse_variable(x)
        return Apply(self, [x], [x.type()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [grad_undefined(self, 0, inputs[0], "No gradient exists for class Poisson in "
                                                   "theano/sparse/sandbox/sp2.py")]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return shapes


poisson = Poisson()


class Binomial(Op):
    """A sparse matrix (format, dtype) of the given shape with binomial(n, p) draws (their nonzeros)."""

    __props__ = ("format", "dtype")

    def __init__(self, format: str, dtype: str):
        self.format = format
        self.dtype = dtype

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[2], Constant)

    def make_node(self, n: Any, p: Any, shape: Any) -> Apply:
        n, p, shape = as_tensor_variable(n), as_tensor_variable(p), as_tensor_variable(shape)
        if n.type.dtype not in _dt.discrete_dtypes:
            raise TypeError(f"Binomial: n must be an integer, got {n.type}")
        if p.type.dtype not in _dt.float_dtypes:
            raise TypeError(f"Binomial: p must be a float, got {p.type}")
        if shape.type.dtype not in _dt.discrete_dtypes or shape.type.ndim != 1:
            raise TypeError(f"Binomial: shape must be a vector of integers, got {shape.type}")
        return Apply(self, [n, p, shape], [SparseType(dtype=self.dtype, format=self.format)()])

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [False]]

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        n, p, _ = inputs
        return [grad_undefined(self, 0, n, "No gradient exists for the number of samples in class Binomial of "
                                           "theano/sparse/sandbox/sp2.py"),
                grad_undefined(self, 1, p, "No gradient exists for the prob of success in class Binomial of "
                                           "theano/sparse/sandbox/sp2.py"),
                disconnected_type()]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(node.inputs[2][0], node.inputs[2][1])]


csr_fbinomial = Binomial("csr", "float32")
csc_fbinomial = Binomial("csc", "float32")
csr_dbinomial = Binomial("csr", "float64")
csc_dbinomial = Binomial("csc", "float64")


class Multinomial(Op):
    """Multinomial draws per row of a csr matrix p of probabilities (n a scalar, or one count per row), stored
    on p's pattern."""

    __props__ = ()

    def make_node(self, n: Any, p: Any) -> Apply:
        n, p = as_tensor_variable(n), as_sparse_variable(p)
        if p.format not in ("csr", "csc"):
            raise NotImplementedError(f"Multinomial: p has format {p.format!r} (csr expected)")
        return Apply(self, [n, p], [p.type()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [grad_undefined(self, 0, inputs[0], "No gradient exists for the number of samples in class "
                                                   "Multinomial of theano/sparse/sandbox/sp2.py"),
                grad_undefined(self, 1, inputs[1], "No gradient exists for the prob of success in class "
                                                   "Multinomial of theano/sparse/sandbox/sp2.py")]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]


multinomial = Multinomial()

__all__ = ["Poisson", "poisson", "Binomial", "csr_fbinomial", "csc_fbinomial", "csr_dbinomial", "csc_dbinomial",
           "Multinomial", "multinomial"]
