"""The softmax ops (tensor.nnet.nnet): Softmax, LogSoftmax, SoftmaxWithBias and their gradient op SoftmaxGrad.

The ops keep Theano 1.0.5's names, types and gradients so the rewrite passes can match them.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.math import exp, neg, zeros_like
from theano.frontend.ops.reduce import sum as tensor_sum

__all__ = ["SoftmaxWithBias", "SoftmaxGrad", "Softmax", "LogSoftmax", "softmax_with_bias", "softmax_grad", "softmax_op",
           "logsoftmax_op", "softmax", "logsoftmax", "softmax_graph"]


def _pad_left(x: Variable) -> Variable:
    return x.dimshuffle("x", 0)


def _float_matrix_or_vector(x: Variable, what: str, pad_warning: str | None = None) -> Variable:
    """Check a 1-d/2-d float input; a vector is padded to a row (with Theano's deprecation warning)."""
    if x.type.ndim not in (1, 2) or x.type.dtype not in _dt.float_dtypes:
        raise ValueError("x must be 1-d or 2-d tensor of floats. Got %s" % x.type)
    if x.ndim == 1:
        if pad_warning is not None:
            warnings.warn("DEPRECATION: If x is a vector, %s will not automatically pad x anymore in next releases. "
                          "If you need it, please do it manually. The vector case is gonna be supported soon and the "
                          "output will be a vector." % pad_warning, stacklevel=5)
        x = _pad_left(x)
    return x




class SoftmaxWithBias(Op):
    """softmax(x + b), row-wise, for a float matrix x and a float vector b."""

    __props__ = ()
    nin, nout = 2, 1

    def make_node(self, x: Any, b: Any) -> Apply:
        x, b = as_tensor_variable(x), as_tensor_variable(b)
        if x.type.ndim != 2 or x.type.dtype not in _dt.float_dtypes:
            raise ValueError("x must be 2-d tensor of floats")
        if b.type.ndim != 1 or b.type.dtype not in _dt.float_dtypes:
            raise ValueError("b must be 1-d tensor of floats")
        return Apply(self, [x, b], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        g_sm, = grads
        if isinstance(g_sm.type, DisconnectedType):
            return [DisconnectedType()(), DisconnectedType()()]
        dx = softmax_grad(g_sm, outputs[0])
        return [dx, tensor_sum(dx, axis=0)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        v = _bias_tangent(inputs[0], *eval_points)
        if v is None:
            return [None]
        return [softmax_grad(v, self(*inputs))]  # softmax's Jacobian is symmetric: J v = J^T v

    def host_impl(self, node: Apply, x: np.ndarray, b: np.ndarray) -> np.ndarray:
        return _np_softmax(x + b[None, :]).astype(node.outputs[0].dtype)


softmax_with_bias = SoftmaxWithBias()


def _bias_tangent(x: Variable, ev_x: Any, ev_b: Any) -> Any:
    """The tangent of x + b (b a row bias) from the eval points of x and b (None where both are None)."""
    if ev_x is None and ev_b is None:
        return None
    if ev_b is None:
        return ev_x
    row = ev_b.dimshuffle("x", 0)
    return row + (ev_x if ev_x is not None else zeros_like(x))


class SoftmaxGrad(Op):
    """Gradient of Softmax: dx = dy * sm - sum(dy * sm, axis=1) * sm."""

    __props__ = ()
    nin, nout = 2, 1

    def make_node(self, dy: Any, sm: Any) -> Apply:
        dy, sm = as_tensor_variable(dy), as_tensor_variable(sm)
        if dy.type.ndim not in (1, 2) or dy.type.dtype not in _dt.float_dtypes:
            raise ValueError("dy must be 1-d or 2-d tensor of floats. Got ", dy.type)
        if dy.ndim == 1:
            dy = _pad_left(dy)
        if sm.ndim == 1:
            sm = _pad_left(sm)
        return Apply(self, [dy, sm], [sm.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        dy, sm = inputs
        g, = grads
        tmp = g + neg(tensor_sum(g * sm, axis=1).dimshuffle(0, "x"))
        g_dy = tmp * sm
        tmp2 = tensor_sum(dy * sm, axis=1).dimshuffle(0, "x")
        g_sm = tmp * dy - g * tmp2
        return [g_dy, g_sm]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # out = dy * sm - sum(dy * sm, 1) * sm is linear in dy and bilinear in (dy, sm)
        dy, sm = inputs
        ev_dy, ev_sm = eval_points
        terms = []
        if ev_dy is not None:
            terms.append(self(ev_dy, sm))
        if ev_sm is not None:
            terms.append(ev_sm * dy - tensor_sum(dy * ev_sm, axis=1, keepdims=True) * sm
                         - tensor_sum(dy * sm, axis=1, keepdims=True) * ev_sm)
        if not terms:
            return [None]
        return [terms[0] + terms[1] if len(terms) == 2 else terms[0]]

    def host_impl(self, node: Apply, dy: np.ndarray, sm: np.ndarray) -> np.ndarray:
        prod = dy * sm
        return (prod - prod.sum(axis=1, keepdims=True) * sm).astype(node.outputs[0].dtype)


softmax_grad = SoftmaxGrad()


class Softmax(Op):
    """Row-wise softmax of a float matrix (a vector is padded to a row, with a deprecation warning)."""

    __props__ = ()
    nin, nout = 1, 1

    def make_node(self, x: Any) -> Apply:
        x = _float_matrix_or_vector(as_tensor_variable(x), "x", "Softmax")
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return list(shapes)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [softmax_grad(grads[0], outputs[0])]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if None in eval_points:
            return [None]
        return self.L_op(inputs, [self(*inputs)], eval_points)

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        return _np_softmax(x).astype(node.outputs[0].dtype)


softmax_op = Softmax()


class LogSoftmax(Op):
    """Row-wise log(softmax(x)), computed stably as x - max - log(sum(exp(x - max)))."""

    __props__ = ()
    nin, nout = 1, 1

    def make_node(self, x: Any) -> Apply:
        x = _float_matrix_or_vector(as_tensor_variable(x), "x", "LogSoftmax")
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return list(shapes)

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, = inputs
        g = grads[0]
        return [g - tensor_sum(g, axis=1, keepdims=True) * softmax_op(x)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # J v with J = I - 1 softmax(x)^T per row (Theano 1.0.5 returned J^T v, which is wrong: J is not symmetric)
        if None in eval_points:
            return [None]
        v, = eval_points
        return [v - tensor_sum(v * softmax_op(inputs[0]), axis=1, keepdims=True)]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        dev = x - x.max(axis=1, keepdims=True)
        return (dev - np.log(np.exp(dev).sum(axis=1, keepdims=True))).astype(node.outputs[0].dtype)


logsoftmax_op = LogSoftmax()


def _np_softmax(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return np.zeros(x.shape, dtype=x.dtype)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_graph(c: Any) -> Variable:
    """softmax written with elementwise ops and a sum over the last axis."""
    c = as_tensor_variable(c)
    return exp(c) / exp(c).sum(axis=-1, keepdims=True)


def softmax(c: Any) -> Variable:
    """T.nnet.softmax: the Softmax op, row-wise."""
    c = as_tensor_variable(c)
    if c.broadcastable[-1]:
        warnings.warn("The softmax is applied on a dimension of shape 1, which does not have a semantic meaning.")
    return softmax_op(c)


def logsoftmax(c: Any) -> Variable:
    """T.nnet.logsoftmax: the LogSoftmax op, row-wise."""
    return logsoftmax_op(c)
