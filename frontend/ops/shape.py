"""Shape ops: Shape, Shape_i, MakeVector, Reshape, Rebroadcast, SpecifyShape, and shape helpers."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.config import config
from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.broadcast import (Rebroadcast, addbroadcast, broadcast_shape,  # noqa: F401 (shape names)
                                           patternbroadcast, unbroadcast)
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_table import Cast, cast
from theano.frontend.ops.math import eq, int_div, switch
from theano.frontend.type import TensorType


class Shape(Op):
    """x.shape as an int64 vector."""

    __props__ = ()

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType("int64", (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(constant(node.inputs[0].ndim, dtype="int64"),)]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None]  # an integer output: not differentiable (as Theano)

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.asarray(np.shape(x), dtype="int64")


class Shape_i(Op):
    """x.shape[i] as an int64 scalar."""

    __props__ = ("i",)

    def __init__(self, i: int):
        self.i = int(i)

    def __str__(self) -> str:
        return "Shape_i{%i}" % self.i

    def make_node(self, x: Any) -> Apply:
        if not (isinstance(x, Variable) and getattr(x.type, "is_sparse", False)):  # a sparse matrix has a shape too
            x = as_tensor_variable(x)
        if x.ndim <= self.i:
            raise TypeError(f"x has too few dimensions for Shape_i: {x.ndim} <= {self.i}")
        return Apply(self, [x], [TensorType("int64", ())()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [()]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[False]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return [None]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return np.asarray(np.shape(x)[self.i], dtype="int64")


def shape(x: Any) -> Variable:
    return Shape()(x)


def shape_i(x: Variable, i: int) -> Variable:
    """x.shape[i], constant 1 for a broadcastable dimension."""
    if x.broadcastable[i]:
        return constant(1, dtype="int64")
    return Shape_i(i)(x)


class MakeVector(Op):
    """A vector from scalars (tensor.opt.MakeVector)."""

    __props__ = ("dtype",)

    def __init__(self, dtype: str = "int64"):
        self.dtype = dtype

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [as_tensor_variable(i) for i in inputs]
        for i in inputs:
            if i.ndim != 0:
                raise TypeError(f"MakeVector expects scalar inputs, got {i.type}")
        if not all(i.dtype == self.dtype for i in inputs):
            converted = []
            for i in inputs:
                if _dt.upcast(self.dtype, i.dtype) != self.dtype and not isinstance(i, Constant):
                    # Theano asserts here (AssertionError), so that is what callers catch
                    raise AssertionError(f"MakeVector{{dtype={self.dtype}}} cannot hold an input of dtype {i.dtype}")
                converted.append(cast(i, self.dtype) if i.dtype != self.dtype else i)
            inputs = converted
        bcast = (False,)  # as Theano 1.0.5's MakeVector, even of one scalar
        return Apply(self, inputs, [TensorType(self.dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(constant(len(node.inputs), dtype="int64"),)]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        g, = gouts
        if self.dtype not in _dt.continuous_dtypes:  # an integer vector: no gradient passes (zeros in floatX, as Theano)
            return [i.zeros_like().astype(config.floatX) for i in inputs]
        return [g[i] if inputs[i].dtype in _dt.continuous_dtypes else inputs[i].zeros_like() for i in range(len(inputs))]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points:
            return [None]
        return self.make_node(*eval_points).outputs

    def host_impl(self, node: Apply, *inputs: np.ndarray) -> np.ndarray:
        return np.asarray(inputs, dtype=self.dtype)


make_vector = MakeVector()


def get_vector_length(v: Any) -> int:
    """The static length of a 1-d tensor, or ValueError if it cannot be known."""
    v = as_tensor_variable(v)
    if v.ndim != 1:
        raise TypeError(f"argument must be symbolic vector, got '{v}'")
    if v.broadcastable[0]:
        return 1
    if isinstance(v, Constant):
        return len(v.data)
    if v.owner is not None:
        op = v.owner.op
        if isinstance(op, MakeVector):
            return len(v.owner.inputs)
        if isinstance(op, Shape):
            return v.owner.inputs[0].ndim
        if isinstance(op, Elemwise) and isinstance(op.scalar_op, Cast):
            return get_vector_length(v.owner.inputs[0])
        length_of = getattr(op, "static_vector_length", None)
        if length_of is not None:
            n = length_of(v.owner)
            if n is not None:
                return n
    raise ValueError(f"length not known: {v}")


def as_shape_vector(shape: Any) -> Variable:
    """A shape given as a tuple/list of ints and scalar variables, or as a vector, as one int64 vector."""
    if isinstance(shape, Variable):
        shape = as_tensor_variable(shape)
        if shape.ndim == 0:
            shape = MakeVector("int64")(cast(shape, "int64"))
        if shape.ndim != 1 or shape.dtype not in _dt.integer_dtypes:
            raise TypeError(f"shape must be an integer vector or a list of integer scalars, got {shape.type}")
        return cast(shape, "int64") if shape.dtype != "int64" else shape
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    items = list(shape)
    if all(isinstance(s, (int, np.integer)) for s in items):
        return constant(np.asarray(items, dtype="int64"))
    scalars = []
    for s in items:
        # as Theano's stack of scalars into MakeVector: a Python int is an autocast (int8...) constant, cast
        s = as_tensor_variable(s)
        if s.ndim != 0 or s.dtype not in _dt.integer_dtypes:
            raise TypeError(f"shape entries must be integer scalars, got {s.type}")
        scalars.append(cast(s, "int64") if s.dtype != "int64" else s)
    return MakeVector("int64")(*scalars)


def shape_entries(vec: Variable, n: int) -> list[Variable]:
    """The n entries of an int64 shape vector as scalar variables (looking through MakeVector/constants)."""
    if isinstance(vec, Constant):
        return [constant(int(v), dtype="int64") for v in vec.data]
    if vec.owner is not None and isinstance(vec.owner.op, MakeVector):
        return list(vec.owner.inputs)
    return [vec[i] for i in range(n)]


def constant_entries(vec: Variable) -> list[int | None] | None:
    """Known integer entries of a shape vector (None where symbolic), or None if the length is unknown."""
    if isinstance(vec, Constant):
        return [int(v) for v in vec.data]
    if vec.owner is not None and isinstance(vec.owner.op, MakeVector):
        return [_constant_int(i) for i in vec.owner.inputs]
    return None


def _constant_int(v: Variable) -> int | None:
    """The value of a constant shape entry, looking through a Cast of a constant (Theano's int8 -1 cast to int64)."""
    if v.owner is not None and isinstance(v.owner.op, Elemwise) and isinstance(v.owner.op.scalar_op, Cast):
        v = v.owner.inputs[0]
    return int(v.data) if isinstance(v, Constant) else None


def _is_one(v: Variable) -> bool:
    """Whether a symbolic shape entry is `x.shape[i]` of a broadcastable dim (so 1): the output dim is then
    broadcastable, as Theano's Reshape.make_node infers through get_scalar_constant_value."""
    owner = v.owner
    if owner is not None and isinstance(owner.op, Shape_i):
        return bool(owner.inputs[0].broadcastable[owner.op.i])
    # `x.shape[i]`: the indexing op says itself what it is known to hold (the hook get_scalar_constant_value uses;
    # Subtensor answers 1 for the shape of a broadcastable dim, a variable otherwise)
    source = getattr(owner.op, "scalar_constant_source", None) if owner is not None else None
    found = source(owner) if source is not None else None
    return isinstance(found, np.ndarray) and int(found) == 1


class Reshape(Op):
    """x.reshape(shape) with `ndim` output dimensions; one entry may be -1."""

    __props__ = ("ndim",)
    value_dependent_shape = True

    def __init__(self, ndim: int, name: str | None = None):
        self.ndim = int(ndim)

    def __str__(self) -> str:
        return "Reshape{%d}" % self.ndim

    def make_node(self, x: Any, shp: Any) -> Apply:
        x = as_tensor_variable(x)
        shp = as_shape_vector(shp)
        known = constant_entries(shp)
        if known is not None and len(known) != self.ndim:
            raise ValueError(f"shape argument to Reshape has length {len(known)}, but ndim={self.ndim}")
        if known is not None and sum(1 for k in known if k == -1) > 1:
            raise ValueError("Reshape: only one entry of the new shape may be -1")
        bcast = tuple(k == 1 for k in known) if known is not None else (False,) * self.ndim
        if known is not None and None in known and isinstance(shp.owner.op, MakeVector):
            bcast = tuple(b or (k is None and _is_one(i)) for b, k, i in zip(bcast, known, shp.owner.inputs))
        return Apply(self, [x, shp], [TensorType(x.dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        x, shp = node.inputs
        entries = shape_entries(shp, self.ndim)
        known = constant_entries(shp)
        if known is not None and None not in known and -1 not in known:
            return [tuple(entries)]
        size = constant(1, dtype="int64")
        for s in shapes[0]:
            size = size * s
        prod_req = constant(1, dtype="int64")
        for e in entries:
            prod_req = prod_req * e
        # the -1 entry becomes size // (product of the others); product of all entries is negative
        out = []
        for i, e in enumerate(entries):
            if known is not None and known[i] is not None and known[i] != -1:
                out.append(e)
            else:
                out.append(switch(eq(e, -1), int_div(size, -prod_req), e))
        return [tuple(out)]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        x, shp = inputs
        # the gradient has x's shape, so x's broadcastable pattern (a symbolic shape alone would lose it)
        return [patternbroadcast(reshape(gouts[0], shape(x), ndim=x.ndim), x.broadcastable), DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return self(eval_points[0], *inputs[1:], return_list=True)

    def host_impl(self, node: Apply, x: np.ndarray, shp: np.ndarray) -> np.ndarray:
        return np.reshape(x, tuple(int(s) for s in shp))


def reshape(x: Any, newshape: Any, ndim: int | None = None) -> Variable:
    """T.reshape: ndim is inferred from `newshape` when it is a list/tuple or a known-length vector."""
    x = as_tensor_variable(x)
    vec = as_shape_vector(newshape)
    if ndim is None:
        known = constant_entries(vec)
        if known is not None:
            ndim = len(known)
        else:
            try:
                ndim = get_vector_length(vec)
            except (TypeError, ValueError):
                raise ValueError(f"The length of the provided shape ({newshape}) cannot be automatically determined, "
                                 "so Theano is not able to know what the number of dimensions of the reshaped "
                                 "variable will be. You can provide the 'ndim' keyword argument to 'reshape' to "
                                 "avoid this problem.") from None
    return Reshape(ndim)(x, vec)


class SpecifyShape(Op):
    """Asserts at run time that x has the given shape; returns x."""

    __props__ = ()

    def make_node(self, x: Any, shp: Any) -> Apply:
        if not (isinstance(x, Variable) and getattr(x.type, "is_sparse", False)):  # a sparse matrix stays one
            x = as_tensor_variable(x)
        shp = as_shape_vector(shp)
        if isinstance(shp, Constant) and np.size(shp.data) != x.ndim:  # Theano asserts it
            raise AssertionError(f"SpecifyShape: the shape {np.ravel(shp.data).tolist()} has {np.size(shp.data)} "
                                 f"entries, the input has {x.ndim} dimensions")
        return Apply(self, [x, shp], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(shape_entries(node.inputs[1], node.inputs[0].ndim))]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [specify_shape(gouts[0], inputs[1]), DisconnectedType()()]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [specify_shape(eval_points[0], inputs[1])]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False]]

    def host_impl(self, node: Apply, x: np.ndarray, shp: np.ndarray) -> np.ndarray:
        if tuple(x.shape) != tuple(int(s) for s in shp):
            raise AssertionError(f"SpecifyShape: got shape {x.shape}, expected {tuple(int(s) for s in shp)}")
        return x


specify_shape = SpecifyShape()
