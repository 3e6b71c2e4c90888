"""Sparse structure ops (theano.sparse.basic): HStack/VStack (hstack, vstack), Remove0 (remove0),
EnsureSortedIndices (ensure_sorted_indices), clean, Diag (diag), SquareDiagonal (square_diagonal).
Lowering: theano/lowering/rules/sparse_struct.py (the output arrays are scipy's, at a static capacity)."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.join import Split, stack
from theano.frontend.ops.math import minimum
from theano.frontend.sparse.basic import SparseFromDense, dense_from_sparse
from theano.frontend.sparse.type import SparseType
from theano.frontend.sparse.variable import _is_sparse_variable, as_sparse_variable, continuous_dtypes, csx_variable
from theano.frontend.type import TensorType


class HStack(Op):
    """scipy.sparse.hstack of csr/csc blocks with one output format (csc by default) and dtype."""

    __props__ = ("format", "dtype")
    axis = 1  # the stacking axis

    def __init__(self, format: str | None = None, dtype: Any = None):
        self.format = "csc" if format is None else format
        if self.format not in ("csr", "csc"):
            raise ValueError(f"{type(self).__name__}: format must be 'csr' or 'csc', got {format!r}")
        if dtype is None:
            raise ValueError("The output dtype must be specified.")
        self.dtype = dtype if isinstance(dtype, str) else np.dtype(dtype).name

    def make_node(self, *mat: Any) -> Apply:
        if not mat:
            raise ValueError("Cannot join an empty list of sparses.")
        var = [csx_variable(x, type(self).__name__) for x in mat]
        return Apply(self, var, [SparseType(dtype=self.dtype, format=self.format)()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        (gz,) = gout
        if _is_sparse_variable(gz):
            gz = dense_from_sparse(gz)
        split = Split(len(inputs))(gz, self.axis, stack([x.shape[self.axis] for x in inputs]), return_list=True)
        return [SparseFromDense(self.format)(s) if x.dtype in continuous_dtypes else None
                for x, s in zip(inputs, split)]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        total = shapes[0][self.axis]
        for s in shapes[1:]:
            total = total + s[self.axis]
        return [(shapes[0][0], total) if self.axis == 1 else (total, shapes[0][1])]

    def __str__(self) -> str:
        return "%s(%s,%s)" % (self.__class__.__name__, self.format, self.dtype)


class VStack(HStack):
    """scipy.sparse.vstack of csr/csc blocks with one output format (csc by default) and dtype."""

    axis = 0


def _upcast(blocks: Sequence[Variable]) -> str:
    if not blocks:
        raise TypeError("sparse hstack/vstack: no blocks to stack (a non-empty list of sparse matrices expected)")
    return _dt.upcast(*[b.dtype for b in blocks])


def hstack(blocks: Sequence[Any], format: str | None = None, dtype: Any = None) -> Variable:
    """Stack sparse matrices side by side (their rows must agree); dtype: the blocks' upcast by default."""
    blocks = [as_sparse_variable(b) for b in blocks]
    return HStack(format=format, dtype=_upcast(blocks) if dtype is None else dtype)(*blocks)


def vstack(blocks: Sequence[Any], format: str | None = None, dtype: Any = None) -> Variable:
    """Stack sparse matrices on top of each other (their columns must agree)."""
    blocks = [as_sparse_variable(b) for b in blocks]
    return VStack(format=format, dtype=_upcast(blocks) if dtype is None else dtype)(*blocks)


class Remove0(Op):
    """The matrix without its explicit zeros (scipy's eliminate_zeros: the order of the rest kept). The inplace
    variant (the fast_run rewrite `local_inplace_remove0` installs it, as Theano does) computes the same value:
    XLA assigns the buffers."""

    __props__ = ("inplace",)

    def __init__(self, inplace: bool = False):
        self.inplace = inplace
        if self.inplace:
            self.destroy_map = {0: [0]}

    def __str__(self) -> str:
        return self.__class__.__name__ + "{%s}" % ("inplace" if self.inplace else "")

    def make_node(self, x: Any) -> Apply:
        x = csx_variable(x, "Remove0")
        return Apply(self, [x], [x.type()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [gout[0]]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return shapes


remove0 = Remove0()


class EnsureSortedIndices(Op):
    """The matrix with its indices sorted within each row (csr) or column (csc): scipy's sorted_indices()."""

    __props__ = ("inplace",)

    def __init__(self, inplace: bool):
        self.inplace = inplace
        if self.inplace:
            self.view_map = {0: [0]}

    def make_node(self, x: Any) -> Apply:
        x = csx_variable(x, "EnsureSortedIndices")
        return Apply(self, [x], [x.type()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [gout[0]]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return shapes

    def __str__(self) -> str:
        return self.__class__.__name__ + ("{inplace}" if self.inplace else "{no_inplace}")


ensure_sorted_indices = EnsureSortedIndices(inplace=False)


def clean(x: Any) -> Variable:
    """x without explicit zeros and with sorted indices (ensure_sorted_indices(remove0(x)))."""
    return ensure_sorted_indices(remove0(x))


class Diag(Op):
    """The diagonal of a square sparse matrix, as a dense vector."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = csx_variable(x, "Diag")
        return Apply(self, [x], [TensorType(dtype=x.dtype, broadcastable=(False,))()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [square_diagonal(gout[0])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(minimum(*shapes[0]),)]


diag = Diag()


class SquareDiagonal(Op):
    """A square csc matrix with the dense vector `diag` on its diagonal (every diagonal entry stored)."""

    __props__ = ()

    def make_node(self, diag: Any) -> Apply:
        diag = as_tensor_variable(diag)
        if diag.type.ndim != 1:
            raise TypeError("data argument must be a vector", diag.type)
        return Apply(self, [diag], [SparseType(dtype=diag.dtype, format="csc")()])

    def grad(self, inputs: list[Variable], gout: list[Variable]) -> list[Any]:
        return [diag(gout[0])]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0], shapes[0][0])]


square_diagonal = SquareDiagonal()

__all__ = ["HStack", "VStack", "hstack", "vstack", "Remove0", "remove0", "EnsureSortedIndices",
           "ensure_sorted_indices", "clean", "Diag", "diag", "SquareDiagonal", "square_diagonal"]
