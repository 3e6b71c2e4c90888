"""Neural-network ops (tensor.nnet.nnet): softmax family, cross-entropies and activation helpers.

The ops keep Theano 1.0.5's names, types and gradients (SoftmaxGrad, CrossentropyCategorical1HotGrad,
CrossentropySoftmax1HotWithBiasDx are gradient ops), so the later rewrite passes can match them.
The elementwise activations (sigmoid, softplus, ultra_fast_sigmoid, hard_sigmoid) are rows of the
elementwise table, re-exported here under their tensor.nnet names.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops import elemwise_table as _elemwise_table
from theano.frontend.type import TensorType

__all__ = [
    "SoftmaxWithBias", "SoftmaxGrad", "Softmax", "LogSoftmax", "CrossentropySoftmaxArgmax1HotWithBias",
    "CrossentropySoftmax1HotWithBiasDx", "CrossentropyCategorical1HotGrad", "CrossentropyCategorical1Hot",
    "softmax_with_bias", "softmax_grad", "softmax_op", "logsoftmax_op", "softmax", "logsoftmax", "softmax_graph",
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


def _T() -> Any:
    from theano.frontend import tensor
    return tensor


def _is_zero_grad(g: Any) -> bool:
    """A gradient that is disconnected, or a constant 0 (what grad passes for an unused output)."""
    from theano.frontend.gradient import DisconnectedType

    if g is None or isinstance(getattr(g, "type", None), DisconnectedType):
        return True
    T = _T()
    try:
        return bool(np.all(T.get_scalar_constant_value(g) == 0))
    except (T.NotScalarConstantError, TypeError, ValueError):
        return False


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


# ---------------------------------------------------------------------------------------------- softmax


class SoftmaxWithBias(Op):
    """softmax(x + b), row-wise, for a float matrix x and a float vector b."""

    __props__ = ()
    nin, nout = 2, 1

    def make_node(self, x: Any, b: Any) -> Apply:
        T = _T()
        x, b = T.as_tensor_variable(x), T.as_tensor_variable(b)
        if x.type.ndim != 2 or x.type.dtype not in _dt.float_dtypes:
            raise ValueError("x must be 2-d tensor of floats")
        if b.type.ndim != 1 or b.type.dtype not in _dt.float_dtypes:
            raise ValueError("b must be 1-d tensor of floats")
        return Apply(self, [x, b], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        from theano.frontend.gradient import DisconnectedType

        g_sm, = grads
        if isinstance(g_sm.type, DisconnectedType):
            return [DisconnectedType()(), DisconnectedType()()]
        dx = softmax_grad(g_sm, outputs[0])
        return [dx, _T().sum(dx, axis=0)]

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
    return row + (ev_x if ev_x is not None else _T().zeros_like(x))


class SoftmaxGrad(Op):
    """Gradient of Softmax: dx = dy * sm - sum(dy * sm, axis=1) * sm."""

    __props__ = ()
    nin, nout = 2, 1

    def make_node(self, dy: Any, sm: Any) -> Apply:
        T = _T()
        dy, sm = T.as_tensor_variable(dy), T.as_tensor_variable(sm)
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
        T = _T()
        dy, sm = inputs
        g, = grads
        tmp = g + T.neg(T.sum(g * sm, axis=1).dimshuffle(0, "x"))
        g_dy = tmp * sm
        tmp2 = T.sum(dy * sm, axis=1).dimshuffle(0, "x")
        g_sm = tmp * dy - g * tmp2
        return [g_dy, g_sm]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # out = dy * sm - sum(dy * sm, 1) * sm is linear in dy and bilinear in (dy, sm)
        T = _T()
        dy, sm = inputs
        ev_dy, ev_sm = eval_points
        terms = []
        if ev_dy is not None:
            terms.append(self(ev_dy, sm))
        if ev_sm is not None:
            terms.append(ev_sm * dy - T.sum(dy * ev_sm, axis=1, keepdims=True) * sm
                         - T.sum(dy * sm, axis=1, keepdims=True) * ev_sm)
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
        x = _float_matrix_or_vector(_T().as_tensor_variable(x), "x", "Softmax")
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
        x = _float_matrix_or_vector(_T().as_tensor_variable(x), "x", "LogSoftmax")
        return Apply(self, [x], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return list(shapes)

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, = inputs
        g = grads[0]
        return [g - _T().sum(g, axis=1, keepdims=True) * softmax_op(x)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # J v with J = I - 1 softmax(x)^T per row (Theano 1.0.5 returned J^T v, which is wrong: J is not symmetric)
        if None in eval_points:
            return [None]
        v, = eval_points
        return [v - _T().sum(v * softmax_op(inputs[0]), axis=1, keepdims=True)]

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
    T = _T()
    c = T.as_tensor_variable(c)
    return T.exp(c) / T.exp(c).sum(axis=-1, keepdims=True)


def softmax(c: Any) -> Variable:
    """T.nnet.softmax: the Softmax op, row-wise."""
    c = _T().as_tensor_variable(c)
    if c.broadcastable[-1]:
        warnings.warn("The softmax is applied on a dimension of shape 1, which does not have a semantic meaning.")
    return softmax_op(c)


def logsoftmax(c: Any) -> Variable:
    """T.nnet.logsoftmax: the LogSoftmax op, row-wise."""
    return logsoftmax_op(c)


# ----------------------------------------------------------------------------------------- cross-entropy


def _check_int_vector(y: Variable, what: str = "y_idx") -> None:
    if y.type.ndim != 1 or y.type.dtype not in _dt.discrete_dtypes:
        raise ValueError("%s must be 1-d tensor of [u]ints" % what, y.type)


class CrossentropySoftmaxArgmax1HotWithBias(Op):
    """(nll, softmax(x + b), argmax(x + b)) per row, for integer targets y_idx; nll = -log softmax(x + b)[y_idx]."""

    __props__ = ()
    nin, nout = 3, 3

    def make_node(self, x: Any, b: Any, y_idx: Any) -> Apply:
        T = _T()
        x, b, y_idx = T.as_tensor_variable(x), T.as_tensor_variable(b), T.as_tensor_variable(y_idx)
        if x.type.ndim != 2 or x.type.dtype not in _dt.float_dtypes:
            raise ValueError("x must be 2-d tensor of floats", x.type)
        if b.type.ndim != 1:  # Theano 1.0.5 checks only b's rank here
            raise ValueError("b must be 1-d tensor of floats", b.type)
        _check_int_vector(y_idx)
        nll = TensorType(x.type.dtype, y_idx.type.broadcastable)()
        return Apply(self, [x, b, y_idx], [nll, x.type(), y_idx.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        x_shp, b_shp, idx_shp = shapes
        return [(x_shp[0],), x_shp, idx_shp]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True, True, True], [True, True, True], [False, False, True]]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        from theano.frontend.gradient import DisconnectedType

        T = _T()
        x, b, y_idx = inputs
        g_nll, g_sm, g_am = grads
        dx_terms, db_terms = [], []
        if not _is_zero_grad(g_nll):
            dx = crossentropy_softmax_1hot_with_bias_dx(g_nll, outputs[1], y_idx)
            dx_terms.append(dx)
            db_terms.append(T.sum(dx, axis=[0]))
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
        T = _T()
        x, b, y_idx = inputs
        v = _bias_tangent(x, eval_points[0], eval_points[1])
        if v is None:
            return [None, None, None]
        nll, sm, _ = self(x, b, y_idx)
        sm_minus_onehot = crossentropy_softmax_1hot_with_bias_dx(T.ones_like(nll), sm, y_idx)
        return [T.sum(sm_minus_onehot * v, axis=1), softmax_grad(v, sm), None]

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
        T = _T()
        dy, sm, y_idx = T.as_tensor_variable(dy), T.as_tensor_variable(sm), T.as_tensor_variable(y_idx)
        if dy.type.ndim > 1 or dy.type.dtype not in _dt.float_dtypes:
            raise ValueError("dy must be {0,1}-d tensor of floats", dy.type)
        if sm.type.ndim != 2 or sm.type.dtype not in _dt.float_dtypes:
            raise ValueError("sm must be 2-d tensor of floats", sm.type)
        _check_int_vector(y_idx)
        return Apply(self, [dy, sm, y_idx], [sm.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        from theano.frontend.gradient import grad_not_implemented

        T = _T()
        dy, sm, y_idx = inputs
        g_dx, = grads
        # d dx / d dy[i] is row i of (sm - onehot(y_idx)), which is this op applied with dy = 1
        sm_minus_onehot = self(T.ones_like(dy), sm, y_idx)
        if dy.ndim == 1:
            g_dy = T.sum(g_dx * sm_minus_onehot, axis=1)
            g_sm = dy.dimshuffle(0, "x") * g_dx
        else:
            g_dy = T.sum(g_dx * sm_minus_onehot)
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
    x = _T().as_tensor_variable(x)
    b = _T().zeros_like(x[0, :])
    return crossentropy_softmax_1hot_with_bias(x, b, y_idx, **kwargs)


def crossentropy_softmax_max_and_argmax_1hot_with_bias(x: Any, b: Any, y_idx: Any, **kwargs: Any) -> tuple:
    """(nll, softmax, max probability, argmax index) for integer targets."""
    xent, sm = crossentropy_softmax_1hot_with_bias(x, b, y_idx, **kwargs)
    max_pr, argmax = _T().max_and_argmax(sm, axis=-1)
    return xent, sm, max_pr, argmax


def crossentropy_softmax_max_and_argmax_1hot(x: Any, y_idx: Any, **kwargs: Any) -> tuple:
    x = _T().as_tensor_variable(x)
    b = _T().zeros_like(x[0, :])
    return crossentropy_softmax_max_and_argmax_1hot_with_bias(x, b, y_idx, **kwargs)


class CrossentropyCategorical1HotGrad(Op):
    """Gradient of CrossentropyCategorical1Hot: -g_y[i] / coding[i, y[i]] at (i, y[i]), zero elsewhere."""

    __props__ = ()

    def make_node(self, g_y: Any, coding_dist: Any, true_one_of_n: Any) -> Apply:
        T = _T()
        g_y, coding_dist, true_one_of_n = (T.as_tensor_variable(v) for v in (g_y, coding_dist, true_one_of_n))
        return Apply(self, [g_y, coding_dist, true_one_of_n], [coding_dist.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[1]]

    def _picked_ratio(self, coding: Variable, one_of_n: Variable, v: Variable) -> Variable:
        """-v[i, y[i]] / coding[i, y[i]] per row, with this op itself (no advanced indexing)."""
        T = _T()
        return T.sum(self(T.ones_like(coding[:, 0]), coding, one_of_n) * v, axis=1)

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        # out[i, y[i]] = -g_y[i] / coding[i, y[i]] (Theano 1.0.5 had no gradient here; this one gives the
        # second derivatives of crossentropy_categorical_1hot)
        from theano.frontend.gradient import grad_not_implemented

        g_y, coding, one_of_n = inputs
        g, = grads
        ratio = self._picked_ratio(coding, one_of_n, g)
        return [ratio, self(g_y * ratio, coding, one_of_n), grad_not_implemented(self, 2, one_of_n)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        g_y, coding, one_of_n = inputs
        ev_g, ev_c = eval_points[0], eval_points[1]
        if ev_g is None and ev_c is None:
            return [None]
        T = _T()
        scale = ev_g if ev_g is not None else T.zeros_like(g_y)
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
        T = _T()
        coding = T.as_tensor_variable(coding_dist)
        one_of_n = T.as_tensor_variable(true_one_of_n)
        if coding.type.ndim != 2:
            raise TypeError("matrix required for argument: coding_dist")
        if one_of_n.type not in (TensorType("int64", (False,)), TensorType("int32", (False,))):
            raise TypeError("integer vector required for argument: true_one_of_n(got type: %s instead of: %s)"
                            % (one_of_n.type, TensorType("int64", (False,))))
        return Apply(self, [coding, one_of_n], [TensorType(coding.dtype, (False,))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [(shapes[0][0],)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        from theano.frontend.gradient import grad_not_implemented

        coding, one_of_n = inputs
        return [crossentropy_categorical_1hot_grad(grads[0], coding, one_of_n),
                grad_not_implemented(self, 1, one_of_n)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        # d(-log c[i, y[i]]) = -v[i, y[i]] / c[i, y[i]]
        if eval_points[0] is None:
            return [None]
        T = _T()
        coding, one_of_n = inputs
        picker = crossentropy_categorical_1hot_grad(T.ones_like(coding[:, 0]), coding, one_of_n)
        return [T.sum(picker * eval_points[0], axis=1)]

    def host_impl(self, node: Apply, coding: np.ndarray, one_of_n: np.ndarray) -> np.ndarray:
        rows = np.arange(coding.shape[0])
        return (-np.log(coding[rows, one_of_n])).astype(node.outputs[0].dtype)


crossentropy_categorical_1hot = CrossentropyCategorical1Hot()


def categorical_crossentropy(coding_dist: Any, true_dist: Any) -> Variable:
    """Cross-entropy per row: -sum(true * log(coding)) for distributions, or -log(coding[i, true[i]]) for int targets."""
    T = _T()
    coding_dist, true_dist = T.as_tensor_variable(coding_dist), T.as_tensor_variable(true_dist)
    if true_dist.ndim == coding_dist.ndim:
        return -T.sum(true_dist * T.log(coding_dist), axis=coding_dist.ndim - 1)
    if true_dist.ndim == coding_dist.ndim - 1:
        return crossentropy_categorical_1hot(coding_dist, true_dist)
    raise TypeError("rank mismatch between coding and true distributions")


def binary_crossentropy(output: Any, target: Any) -> Variable:
    """Elementwise -(t log(o) + (1 - t) log(1 - o)); output must lie strictly in (0, 1)."""
    T = _T()
    output, target = T.as_tensor_variable(output), T.as_tensor_variable(target)
    return -(target * T.log(output) + (1.0 - target) * T.log(1.0 - output))


def sigmoid_binary_crossentropy(output: Any, target: Any) -> Variable:
    """binary_crossentropy(sigmoid(output), target), computed stably: softplus(-|o|) + o * ((o > 0) - t)."""
    T = _T()
    output, target = T.as_tensor_variable(output), T.as_tensor_variable(target)
    return softplus(-abs(output)) + output * ((output > 0) - target)


# ------------------------------------------------------------------------------------------- activations


def relu(x: Any, alpha: Any = 0) -> Variable:
    """Rectifier max(x, 0); with `alpha`, the leaky rectifier (slope alpha for negative x)."""
    T = _T()
    x = T.as_tensor_variable(x)
    if not isinstance(alpha, Variable) and np.all(np.asarray(alpha) == 0):
        return 0.5 * (x + abs(x))
    alpha = T.as_tensor_variable(alpha)
    f1 = 0.5 * (1 + alpha)
    f2 = 0.5 * (1 - alpha)
    return f1 * x + f2 * abs(x)


def elu(x: Any, alpha: Any = 1) -> Variable:
    """Exponential linear unit: x for x > 0, alpha * (exp(x) - 1) otherwise."""
    T = _T()
    x = T.as_tensor_variable(x)
    return T.switch(x > 0, x, alpha * T.expm1(x))


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
    from theano.frontend.ops.elemwise import Elemwise, make_scalar_op

    sop = make_scalar_op("scalar_softsign", 1, _dt.upgrade_to_float, lambda xp, x: x / (1.0 + xp.abs(x)),
                         _softsign_grad, class_name="ScalarSoftsign")
    return sop, Elemwise(sop, name="softsign")


scalar_softsign, softsign = _make_softsign()
