"""Neural-network ops (tensor.nnet.nnet): cross-entropies and activation helpers.

The ops keep Theano 1.0.5's names, types and gradients (CrossentropyCategorical1HotGrad,
CrossentropySoftmax1HotWithBiasDx are gradient ops), so the rewrite passes can match them.
The elementwise activations (sigmoid, softplus, ultra_fast_sigmoid, hard_sigmoid) are rows of the
elementwise table, re-exported here under their tensor.nnet names. The softmax ops live in softmax.py and
are importable from here too, as from Theano's tensor.nnet.nnet.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType, grad_not_implemented
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops import elemwise_table as _elemwise_table
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.elemwise import Elemwise, make_scalar_op
from theano.frontend.ops.math import expm1, log, ones_like, switch, zeros_like
from theano.frontend.ops.max_argmax import max_and_argmax
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.ops.softmax import _bias_tangent, softmax_grad, softmax_with_bias
from theano.frontend.ops.softmax import (LogSoftmax, Softmax, SoftmaxGrad, SoftmaxWithBias, logsoftmax,  # noqa: F401
                                         logsoftmax_op, softmax, softmax_graph, softmax_op)  # tensor.nnet.nnet's names
from theano.frontend.type import TensorType

__all__ = [
    "CrossentropySoftmaxArgmax1HotWithBias",
    "CrossentropySoftmax1HotWithBiasDx", "CrossentropyCategorical1HotGrad", "CrossentropyCategorical1Hot",
    "crossentropy_softmax_argmax_1hot_with_bias", "crossentropy_softmax_1hot_with_bias_dx",
    "crossentropy_softmax_1hot_with_bias", "crossentropy_softmax_1hot",
    "crossentropy_softmax_max_and_argmax_1hot_with_bias", "crossentropy_softmax_max_and_argmax_1hot",
    "crossentropy_categorical_1hot", "crossentropy_categorical_1hot_grad", "categorical_crossentropy",
    "binary_crossentropy", "sigmoid_binary_crossentropy", "relu", "elu", "selu", "softsign", "scalar_softsign",
]


# the elementwise activations are rows of the elementwise table; tensor.nnet re-exports them from here
_ELEMWISE = _elemwise_table.nnet_functions()
sigmoid = _ELEMWISE["sigmoid"]
softplus = _ELEMWISE["softplus"]
ultra_fast_sigmoid = _ELEMWISE["ultra_fast_sigmoid"]
hard_sigmoid = _ELEMWISE["hard_sigmoid"]
sigmoid_inplace = _ELEMWISE["sigmoid_inplace"]
ultra_fast_sigmoid_inplace = _ELEMWISE["ultra_fast_sigmoid_inplace"]
scalar_sigmoid = _ELEMWISE["scalar_sigmoid"]
scalar_softplus = _ELEMWISE["scalar_softplus"]
ultra_fast_scalar_sigmoid = _ELEMWISE["ultra_fast_scalar_sigmoid"]
__all__ += ["sigmoid", "softplus", "ultra_fast_sigmoid", "hard_sigmoid", "sigmoid_inplace",
            "ultra_fast_sigmoid_inplace", "scalar_sigmoid", "scalar_softplus", "ultra_fast_scalar_sigmoid"]


def _is_zero_grad(g: Any) -> bool:
    """A gradient that is disconnected, or a constant 0 (what grad passes for an unused output)."""

    if g is None or isinstance(getattr(g, "type", None), DisconnectedType):
        return True
    try:
        return bool(np.all(get_scalar_constant_value(g) == 0))
    except (NotScalarConstantError, TypeError, ValueError):
        return False


# ----------------------------------------------------------------------------------------- cross-entropy


def _check_int_vector(y: Variable, what: str = "y_idx") -> None:
    if y.type.ndim != 1 or y.type.dtype not in _dt.discrete_dtypes:
        raise ValueError("%s must be 1-d tensor of [u]ints" % what, y.type)


class CrossentropySoftmaxArgmax1HotWithBias(Op):
    """(nll, softmax(x + b), argmax(x + b)) per row, for integer targets y_idx; nll = -log softmax(x + b)[y_idx]."""

    __props__ = ()
    nin, nout = 3, 3

    def make_node(self, x: Any, b: Any, y_idx: Any) -> Apply:
        x, b, y_idx = as_tensor_variable(x), as_tensor_variable(b), as_tensor_variable(y_idx)
        if x.type.ndim != 2 or x.type.dtype not in _dt.float_dtypes:
            raise ValueError("x must be 2-d tensor of floats", x.type)
        if b.type.ndim != 1:  # Theano 1.0.5 checks only b's rank here
            raise ValueError("b must be 1-d tensor of floats", b.type)
        _check_int_vector(y_idx)
        nll = TensorType(x.type.dtype, y_idx.type.broadcastable)()
        return Apply(self, [x, b, y_idx], [nll, x.type(), y_idx.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        # labels out of range: Theano's ValueError, raised by the compiled program (lowering/rules/nnet.py)
        x_shp, b_shp, idx_shp = shapes
        return [(x_shp[0],), x_shp, idx_shp]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True, True, True], [True, True, True], [False, False, True]]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, b, y_idx = inputs
        g_nll, g_sm, g_am = grads
        dx_terms, db_terms = [], []
        if not _is_zero_grad(g_nll):
            dx = crossentropy_softmax_1hot_with_bias_dx(g_nll, outputs[1], y_idx)
            dx_terms.append(dx)
            db_terms.append(tensor_sum(dx, axis=[0]))
        if not _is_zero_grad(g_sm):
            dx, db = softmax_with_bias.L_op([x, b], [outputs[1]], [g_sm])
            dx_terms.append(dx)
            db_terms.append(db)

        def total(terms: list[Variable]) -> Any:
            if not terms:
                return DisconnectedType()()
            out = terms[0]
            for t in terms[1:]:
                out = out + t
            return out

        return [total(dx_terms), total(db_terms), DisconnectedType()()]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # with v the tangent of x + b: d sm = J_softmax v, d nll = sum(sm * v, 1) - v[i, y_idx[i]]
        x, b, y_idx = inputs
        v = _bias_tangent(x, eval_points[0], eval_points[1])
        if v is None:
            return [None, None, None]
        nll, sm, _ = self(x, b, y_idx)
        sm_minus_onehot = crossentropy_softmax_1hot_with_bias_dx(ones_like(nll), sm, y_idx)
        return [tensor_sum(sm_minus_onehot * v, axis=1), softmax_grad(v, sm), None]

    def host_impl(self, node: Apply, x: np.ndarray, b: np.ndarray, y_idx: np.ndarray) -> list[np.ndarray]:
        if b.shape[0] != x.shape[1]:
            raise ValueError("b must have same number of columns as x")
        if y_idx.shape[0] != x.shape[0]:
            raise ValueError("y_idx must have same number of rows as x")
        if np.any(y_idx < 0) or np.any(y_idx >= x.shape[1]):
            raise ValueError("y_i value out of bounds")
        row = x + b[None, :]
        am = row.argmax(axis=1) if row.size else np.zeros(x.shape[0], dtype="int64")
        m = row.max(axis=1, keepdims=True) if row.size else np.zeros((x.shape[0], 1))
        e = np.exp(row - m)
        s = e.sum(axis=1, keepdims=True)
        nll = (np.log(s) + m)[:, 0] - row[np.arange(x.shape[0]), y_idx]
        return [nll.astype(node.outputs[0].dtype), (e / s).astype(node.outputs[1].dtype),
                am.astype(node.outputs[2].dtype)]


crossentropy_softmax_argmax_1hot_with_bias = CrossentropySoftmaxArgmax1HotWithBias()


class CrossentropySoftmax1HotWithBiasDx(Op):
    """Gradient of the nll of CrossentropySoftmaxArgmax1HotWithBias: dx[i] = dy[i] * (sm[i] - onehot(y_idx[i]))."""

    __props__ = ()
    nin, nout = 3, 1

    def make_node(self, dy: Any, sm: Any, y_idx: Any, **kwargs: Any) -> Apply:
        dy, sm, y_idx = as_tensor_variable(dy), as_tensor_variable(sm), as_tensor_variable(y_idx)
        if dy.type.ndim > 1 or dy.type.dtype not in _dt.float_dtypes:
            raise ValueError("dy must be {0,1}-d tensor of floats", dy.type)
        if sm.type.ndim != 2 or sm.type.dtype not in _dt.float_dtypes:
            raise ValueError("sm must be 2-d tensor of floats", sm.type)
        _check_int_vector(y_idx)
        return Apply(self, [dy, sm, y_idx], [sm.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(shapes[1])]  # labels out of range: checked by the compiled program (lowering/rules/nnet.py)

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        dy, sm, y_idx = inputs
        g_dx, = grads
        # d dx / d dy[i] is row i of (sm - onehot(y_idx)), which is this op applied with dy = 1
        sm_minus_onehot = self(ones_like(dy), sm, y_idx)
        if dy.ndim == 1:
            g_dy = tensor_sum(g_dx * sm_minus_onehot, axis=1)
            g_sm = dy.dimshuffle(0, "x") * g_dx
        else:
            g_dy = tensor_sum(g_dx * sm_minus_onehot)
            g_sm = dy * g_dx
        return [g_dy, g_sm, grad_not_implemented(self, 2, y_idx)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # dx = dy * (sm - onehot(y_idx)): linear in dy, and dy times the identity in sm
        dy, sm, y_idx = inputs
        ev_dy, ev_sm = eval_points[0], eval_points[1]
        terms = []
        if ev_dy is not None:
            terms.append(self(ev_dy, sm, y_idx))
        if ev_sm is not None:
            terms.append((dy.dimshuffle(0, "x") if dy.ndim == 1 else dy) * ev_sm)
        if not terms:
            return [None]
        return [terms[0] + terms[1] if len(terms) == 2 else terms[0]]

    def host_impl(self, node: Apply, dy: np.ndarray, sm: np.ndarray, y_idx: np.ndarray) -> np.ndarray:
        if np.any(y_idx < 0) or np.any(y_idx >= sm.shape[1]):
            raise ValueError("y_i value out of bounds")
        dyv = np.broadcast_to(np.reshape(dy, (-1,)), (sm.shape[0],))
        dx = dyv[:, None] * sm
        dx[np.arange(sm.shape[0]), y_idx] -= dyv
        return dx.astype(node.outputs[0].dtype)


crossentropy_softmax_1hot_with_bias_dx = CrossentropySoftmax1HotWithBiasDx()


def crossentropy_softmax_1hot_with_bias(x: Any, b: Any, y_idx: Any, **kwargs: Any) -> list[Variable]:
    """(nll, softmax(x + b)) for integer targets."""
    return crossentropy_softmax_argmax_1hot_with_bias(x, b, y_idx, **kwargs)[0:2]


def crossentropy_softmax_1hot(x: Any, y_idx: Any, **kwargs: Any) -> list[Variable]:
    """(nll, softmax(x)) for integer targets (a zero bias)."""
    x = as_tensor_variable(x)
    b = zeros_like(x[0, :])
    return crossentropy_softmax_1hot_with_bias(x, b, y_idx, **kwargs)


def crossentropy_softmax_max_and_argmax_1hot_with_bias(x: Any, b: Any, y_idx: Any, **kwargs: Any) -> tuple:
    """(nll, softmax, max probability, argmax index) for integer targets."""
    xent, sm = crossentropy_softmax_1hot_with_bias(x, b, y_idx, **kwargs)
    max_pr, argmax = max_and_argmax(sm, axis=-1)
    return xent, sm, max_pr, argmax


def crossentropy_softmax_max_and_argmax_1hot(x: Any, y_idx: Any, **kwargs: Any) -> tuple:
    x = as_tensor_variable(x)
    b = zeros_like(x[0, :])
    return crossentropy_softmax_max_and_argmax_1hot_with_bias(x, b, y_idx, **kwargs)


class CrossentropyCategorical1HotGrad(Op):
    """Gradient of CrossentropyCategorical1Hot: -g_y[i] / coding[i, y[i]] at (i, y[i]), zero elsewhere."""

    __props__ = ()

    def make_node(self, g_y: Any, coding_dist: Any, true_one_of_n: Any) -> Apply:
        g_y, coding_dist, true_one_of_n = (as_tensor_variable(v) for v in (g_y, coding_dist, true_one_of_n))
        return Apply(self, [g_y, coding_dist, true_one_of_n], [coding_dist.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def _picked_ratio(self, coding: Variable, one_of_n: Variable, v: Variable) -> Variable:
        """-v[i, y[i]] / coding[i, y[i]] per row, with this op itself (no advanced indexing)."""
        return tensor_sum(self(ones_like(coding[:, 0]), coding, one_of_n) * v, axis=1)

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        # out[i, y[i]] = -g_y[i] / coding[i, y[i]] (Theano 1.0.5 had no gradient here; this one gives the
        # second derivatives of crossentropy_categorical_1hot)

        g_y, coding, one_of_n = inputs
        g, = grads
        ratio = self._picked_ratio(coding, one_of_n, g)
        return [ratio, self(g_y * ratio, coding, one_of_n), grad_not_implemented(self, 2, one_of_n)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        g_y, coding, one_of_n = inputs
        ev_g, ev_c = eval_points[0], eval_points[1]
        if ev_g is None and ev_c is None:
            return [None]
        scale = ev_g if ev_g is not None else zeros_like(g_y)
        if ev_c is not None:
            scale = scale + g_y * self._picked_ratio(coding, one_of_n, ev_c)
        return [self(scale, coding, one_of_n)]

    def host_impl(self, node: Apply, g_y: np.ndarray, coding: np.ndarray, one_of_n: np.ndarray) -> np.ndarray:
        out = np.zeros_like(coding)
        rows = np.arange(len(g_y))
        out[rows, one_of_n[rows]] = -g_y / coding[rows, one_of_n[rows]]
        return out


crossentropy_categorical_1hot_grad = CrossentropyCategorical1HotGrad()


class CrossentropyCategorical1Hot(Op):
    """y[i] = -log(coding_dist[i, true_one_of_n[i]]) for an int32/int64 target vector."""

    __props__ = ()

    def make_node(self, coding_dist: Any, true_one_of_n: Any) -> Apply:
        coding = as_tensor_variable(coding_dist)
        one_of_n = as_tensor_variable(true_one_of_n)
        if coding.type.ndim != 2:
            raise TypeError("matrix required for argument: coding_dist")
        if one_of_n.type not in (TensorType("int64", (False,)), TensorType("int32", (False,))):
            raise TypeError("integer vector required for argument: true_one_of_n(got type: %s instead of: %s)"
                            % (one_of_n.type, TensorType("int64", (False,))))
        return Apply(self, [coding, one_of_n], [TensorType(coding.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0],)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        coding, one_of_n = inputs
        return [crossentropy_categorical_1hot_grad(grads[0], coding, one_of_n),
                grad_not_implemented(self, 1, one_of_n)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # d(-log c[i, y[i]]) = -v[i, y[i]] / c[i, y[i]]
        if eval_points[0] is None:
            return [None]
        coding, one_of_n = inputs
        picker = crossentropy_categorical_1hot_grad(ones_like(coding[:, 0]), coding, one_of_n)
        return [tensor_sum(picker * eval_points[0], axis=1)]

    def host_impl(self, node: Apply, coding: np.ndarray, one_of_n: np.ndarray) -> np.ndarray:
        rows = np.arange(coding.shape[0])
        return (-np.log(coding[rows, one_of_n])).astype(node.outputs[0].dtype)


crossentropy_categorical_1hot = CrossentropyCategorical1Hot()


def categorical_crossentropy(coding_dist: Any, true_dist: Any) -> Variable:
    """Cross-entropy per row: -sum(true * log(coding)) for distributions, or -log(coding[i, true[i]]) for int targets."""
    coding_dist, true_dist = as_tensor_variable(coding_dist), as_tensor_variable(true_dist)
    if true_dist.ndim == coding_dist.ndim:
        return -tensor_sum(true_dist * log(coding_dist), axis=coding_dist.ndim - 1)
    if true_dist.ndim == coding_dist.ndim - 1:
        return crossentropy_categorical_1hot(coding_dist, true_dist)
    raise TypeError("rank mismatch between coding and true distributions")


def binary_crossentropy(output: Any, target: Any) -> Variable:
    """Elementwise -(t log(o) + (1 - t) log(1 - o)); output must lie strictly in (0, 1)."""
    output, target = as_tensor_variable(output), as_tensor_variable(target)
    return -(target * log(output) + (1.0 - target) * log(1.0 - output))


def sigmoid_binary_crossentropy(output: Any, target: Any) -> Variable:
    """binary_crossentropy(sigmoid(output), target), computed stably: softplus(-|o|) + o * ((o > 0) - t)."""
    output, target = as_tensor_variable(output), as_tensor_variable(target)
    return softplus(-abs(output)) + output * ((output > 0) - target)


# ------------------------------------------------------------------------------------------- activations


def relu(x: Any, alpha: Any = 0) -> Variable:
    """Rectifier max(x, 0); with `alpha`, the leaky rectifier (slope alpha for negative x)."""
    x = as_tensor_variable(x)
    if not isinstance(alpha, Variable) and np.all(np.asarray(alpha) == 0):
        return 0.5 * (x + abs(x))
    alpha = as_tensor_variable(alpha)
    f1 = 0.5 * (1 + alpha)
    f2 = 0.5 * (1 - alpha)
    return f1 * x + f2 * abs(x)


def elu(x: Any, alpha: Any = 1) -> Variable:
    """Exponential linear unit: x for x > 0, alpha * (exp(x) - 1) otherwise."""
    x = as_tensor_variable(x)
    return switch(x > 0, x, alpha * expm1(x))


def selu(x: Any) -> Variable:
    """Scaled exponential linear unit (Klambauer et al. 2017)."""
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * elu(x, alpha)


def _softsign_grad(inputs: list, grads: list) -> list:
    x, = inputs
    d = 1.0 + abs(x)
    return [grads[0] / (d * d)]


def _make_softsign() -> tuple[Any, Any]:
    sop = make_scalar_op("scalar_softsign", 1, _dt.upgrade_to_float, lambda xp, x: x / (1.0 + xp.abs(x)),
                         _softsign_grad, class_name="ScalarSoftsign")
    return sop, Elemwise(sop, name="softsign")


scalar_softsign, softsign = _make_softsign()
ScalarSoftsign = type(scalar_softsign)
# the scalar op classes under Theano's names (tensor.nnet.sigm)
ScalarSigmoid = type(scalar_sigmoid)
UltraFastScalarSigmoid = type(ultra_fast_scalar_sigmoid)
ScalarSoftplus = type(scalar_softplus)
__all__ += ["ScalarSoftsign", "ScalarSigmoid", "UltraFastScalarSigmoid", "ScalarSoftplus"]
