"""Linear algebra products: the Dot and BatchedDot ops, and dot/tensordot/batched_dot/outer built on them.

As in Theano 1.0.5, `dot` on tensors of more than 2 dimensions and `tensordot` reduce to a matrix
(or vector) product between reshaped operands, so their gradients come from Dot, Reshape and DimShuffle.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.shape import patternbroadcast, reshape, shape_i
from theano.frontend.type import TensorType

__all__ = ["Dot", "BatchedDot", "dot", "tensordot", "batched_dot", "batched_tensordot", "outer"]


def _match_broadcast(g: Variable, like: Variable) -> Variable:
    """Give a gradient the broadcastable pattern of the input it is for (Theano gh-1461)."""
    if g.broadcastable != like.broadcastable:
        return patternbroadcast(g, like.broadcastable)
    return g


def _sum_rop(op: Op, inputs: list[Variable], eval_points: list[Variable | None]) -> list[Any]:
    """R_op of a bilinear product p(a, b): p(da, b) + p(a, db)."""
    da, db = eval_points
    if da is None and db is None:
        return [None]
    terms = []
    if da is not None:
        terms.append(op(da, inputs[1]))
    if db is not None:
        terms.append(op(inputs[0], db))
    return [terms[0] + terms[1] if len(terms) == 2 else terms[0]]


class Dot(Op):
    """Matrix/vector product of two 1-d or 2-d tensors (tensor.basic.Dot); printed `dot`."""

    __props__ = ()

    def __str__(self) -> str:
        return "dot"

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [as_tensor_variable(i) for i in inputs]
        if len(inputs) != 2:
            raise TypeError("theano.tensor.Dot: 2 arguments required, %d given " % len(inputs))
        for k, inp in enumerate(inputs):
            if inp.ndim not in (1, 2):
                raise TypeError("theano.tensor.Dot: input %d (0-indexed) must have ndim of 1 or 2, %d given. "
                                "Consider calling theano.tensor.dot instead." % (k, inp.ndim))
        bx, by = inputs[0].broadcastable, inputs[1].broadcastable
        bz = bx[:-1] + by[-1:] if len(by) == 2 else bx[:-1]
        dtype = _dt.upcast(inputs[0].dtype, inputs[1].dtype)
        return Apply(self, inputs, [TensorType(dtype, bz)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        xshp, yshp = shapes
        x, y = node.inputs
        if x.ndim == 1 and y.ndim == 1:
            return [()]
        if x.ndim == 2 and y.ndim == 1:
            return [tuple(xshp[:-1])]
        if x.ndim == 1 and y.ndim == 2:
            return [tuple(yshp[-1:])]
        return [tuple(xshp[:-1]) + tuple(yshp[-1:])]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        x, y = inputs
        gz, = output_grads
        if gz.ndim == 0:  # vector . vector
            xgrad, ygrad = gz * y, gz * x
        elif x.ndim == 1 and y.ndim == 2:
            xgrad, ygrad = dot(gz, y.T), outer(x.T, gz)
        elif x.ndim == 2 and y.ndim == 1:
            xgrad, ygrad = outer(gz, y.T), dot(x.T, gz)
        else:
            xgrad, ygrad = dot(gz, y.T), dot(x.T, gz)
        return [_match_broadcast(xgrad, x), _match_broadcast(ygrad, y)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return _sum_rop(self, inputs, eval_points)

    def host_impl(self, node: Apply, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        dtype = node.outputs[0].dtype
        return np.asarray(np.dot(np.asarray(x, dtype), np.asarray(y, dtype)), dtype=dtype)


_dot = Dot()


class BatchedDot(Op):
    """batched_dot(a, b)[i] = dot(a[i], b[i]) for 2-d/3-d inputs (tensor.blas.BatchedDot)."""

    __props__ = ()

    def make_node(self, *inputs: Any) -> Apply:
        inputs = [as_tensor_variable(i) for i in inputs]
        if len(inputs) != 2:
            raise TypeError("theano.tensor.blas.BatchedDot: 2 arguments required, %d given " % len(inputs))
        for k, inp in enumerate(inputs):
            if inp.ndim not in (2, 3):
                raise TypeError("theano.tensor.blas.BatchedDot: input %d (0-indexed) must have ndim of 2 or 3, "
                                "%d given. Consider calling theano.tensor.batched_dot instead." % (k, inp.ndim))
        dtype = _dt.upcast(inputs[0].dtype, inputs[1].dtype)
        x, y = [cast(i, dtype) for i in inputs]
        bcast = (x.broadcastable[0] or y.broadcastable[0],) + x.broadcastable[1:-1] + y.broadcastable[2:]
        return Apply(self, [x, y], [TensorType(dtype, bcast)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        xshp, yshp = shapes
        return [tuple(xshp[:-1]) + tuple(yshp[2:])]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        x, y = inputs
        gz, = output_grads
        if gz.ndim == 1:  # matrix . matrix
            xgrad = gz.dimshuffle(0, "x") * y
            ygrad = gz.dimshuffle(0, "x") * x
        elif x.ndim == 2 and y.ndim == 3:
            xgrad = batched_dot(gz, y.dimshuffle(0, 2, 1))
            ygrad = x.dimshuffle(0, 1, "x") * gz.dimshuffle(0, "x", 1)
        elif x.ndim == 3 and y.ndim == 2:
            xgrad = gz.dimshuffle(0, 1, "x") * y.dimshuffle(0, "x", 1)
            ygrad = batched_dot(x.dimshuffle(0, 2, 1), gz)
        else:
            xgrad = batched_dot(gz, y.dimshuffle(0, 2, 1))
            ygrad = batched_dot(x.dimshuffle(0, 2, 1), gz)
        return [_match_broadcast(xgrad, x), _match_broadcast(ygrad, y)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        return _sum_rop(self, inputs, eval_points)

    def host_impl(self, node: Apply, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        if x.shape[0] != y.shape[0]:
            raise TypeError("theano.tensor.blas.BatchedDot: inputs [%s] must have the same size in axis 0, but have "
                            "sizes [%s]." % (", ".join(map(str, (x, y))), ", ".join(str(i.shape[0]) for i in (x, y))))
        out = np.stack([np.dot(x[i], y[i]) for i in range(x.shape[0])]) if x.shape[0] else \
            np.zeros(x.shape[:-1] + y.shape[2:])
        return np.asarray(out, dtype=node.outputs[0].dtype)


_batched_dot = BatchedDot()


def dot(a: Any, b: Any) -> Variable:
    """T.dot: elementwise product with a scalar, Dot for 1-d/2-d, tensordot over (last, second-to-last) axes beyond."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if a.ndim > 2 or b.ndim > 2:
        return tensordot(a, b, [[a.ndim - 1], [max(0, b.ndim - 2)]])
    return _dot(a, b)


def _product(factors: Sequence[Any]) -> Any:
    """The product of int64 shape scalars (the Python int 1 for none)."""
    out: Any = 1
    for f in factors:
        out = f if isinstance(out, int) else out * f
    return out


def _pack(x: Any) -> list[int]:
    try:
        return [int(a) for a in x]
    except TypeError:
        return [int(x)]


def _tensordot_as_dot(a: Any, b: Any, axes: Any, dot_fn: Callable[[Any, Any], Variable], batched: bool) -> Variable:
    """Reduce a (batched) tensor dot product to a matrix/vector product of reshaped operands (Theano's scheme)."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if not np.isscalar(axes) and len(axes) != 2:
        raise ValueError("Axes should be an integer or a list/tuple of len 2 (%s was provided)" % str(axes))
    if not np.isscalar(axes):
        axes = [_pack(ax) for ax in axes]
        if len(axes[0]) != len(axes[1]):
            raise ValueError("Axes elements must have the same length.")
        for i, (name, operand) in enumerate((("a", a), ("b", b))):
            if len(axes[i]) > operand.ndim:
                raise ValueError("axes[%i] should be array_like with length less than the dimensions of %s "
                                 "(%s.ndim=%i, len(axes[0])=%i)." % (i, name, name, operand.ndim, len(axes[i])))
            if axes[i] and max(axes[i]) >= operand.ndim:
                raise ValueError("axes[%i] contains dimensions greater than or equal to %s.ndim (%s.ndim=%i, "
                                 "max(axes[0])=%i)." % (i, name, name, operand.ndim, max(axes[i])))
            axes[i] = [ax % operand.ndim if ax < 0 else ax for ax in axes[i]]
            if batched and 0 in axes[i]:
                raise ValueError("axes to sum over must not contain the batch axis (axes[%i]=%s)" % (i, axes[i]))
        batch_axes = [0] if batched else []
        others = [[k for k in range(op.ndim) if k not in axes[i] and k not in batch_axes] for i, op in enumerate((a, b))]
        a = a.dimshuffle(batch_axes + others[0] + axes[0])
        b = b.dimshuffle(batch_axes + axes[1] + others[1])
        axes = len(axes[0])

    n = int(axes)
    for name, operand in (("a", a), ("b", b)):
        if n > operand.ndim:
            raise ValueError("axes can not be larger than the dimension of %s (%s.ndim=%i, axes=%i)"
                             % (name, name, operand.ndim, n))
        if batched and n == operand.ndim:
            raise ValueError("axes to sum over must not include the batch axis of %s (%s.ndim=%i, axes=%i)"
                             % (name, name, operand.ndim, n))
    nb = 1 if batched else 0
    a_out, b_out = range(0, a.ndim - n), range(nb + n, b.ndim)
    outshape = [shape_i(a, k) for k in a_out] + [shape_i(b, k) for k in b_out]
    outbcast = tuple(a.broadcastable[k] for k in a_out) + tuple(b.broadcastable[k] for k in b_out)
    a_shape = [_product([shape_i(a, k) for k in range(nb, a.ndim - n)]),
               _product([shape_i(a, a.ndim - 1 - i) for i in range(n)])]
    b_shape = [_product([shape_i(b, nb + i) for i in range(n)]),
               _product([shape_i(b, b.ndim - 1 - i) for i in range(b.ndim - n - nb)])]
    if batched:
        a_shape.insert(0, shape_i(a, 0))
        b_shape.insert(0, shape_i(b, 0))
    out = dot_fn(reshape(a, a_shape), reshape(b, b_shape))
    out = reshape(out, outshape, ndim=len(outbcast))
    return patternbroadcast(out, outbcast)


def tensordot(a: Any, b: Any, axes: Any = 2) -> Variable:
    """Generalised dot product over `axes` (an int: last/first axes; or a pair of axis lists), as numpy.tensordot."""
    return _tensordot_as_dot(a, b, axes, dot, batched=False)


def batched_dot(a: Any, b: Any) -> Variable:
    """batched_dot(a, b)[i] = dot(a[i], b[i]): elementwise for a vector, BatchedDot for 2-d/3-d, tensordot beyond."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0:
        raise TypeError("a must have at least one (batch) axis")
    if b.ndim == 0:
        raise TypeError("b must have at least one (batch) axis")
    if a.ndim == 1:
        return a.dimshuffle(*([0] + ["x"] * (b.ndim - 1))) * b
    if b.ndim == 1:
        return a * b.dimshuffle(*([0] + ["x"] * (a.ndim - 1)))
    if a.ndim > 3 or b.ndim > 3:
        return batched_tensordot(a, b, [[a.ndim - 1], [max(1, b.ndim - 2)]])
    return _batched_dot(a, b)


def batched_tensordot(x: Any, y: Any, axes: Any = 2) -> Variable:
    """tensordot of x[i] and y[i] for each i of the first (batch) axis."""
    return _tensordot_as_dot(x, y, axes, batched_dot, batched=True)


def outer(x: Any, y: Any) -> Variable:
    """Vector-vector outer product (inputs that are not vectors are flattened first)."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if x.ndim != 1:
        x = x.flatten()
    if y.ndim != 1:
        y = y.flatten()
    return dot(x.dimshuffle(0, "x"), y.dimshuffle("x", 0))
