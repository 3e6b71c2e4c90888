"""Batch normalisation (tensor.nnet.bn): batch_normalization, batch_normalization_train / _test and their ops.

As in Theano 1.0.5, the train and inference steps are the abstract ops AbstractBatchNormTrain,
AbstractBatchNormInference and AbstractBatchNormTrainGrad (the gradient of the train op); each one lowers
through its `decompose` graph of elementwise ops and reductions, which is the graph Theano's
local_abstract_batch_norm_* rewrites put in their place.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.broadcast import addbroadcast, patternbroadcast
from theano.frontend.ops.elemwise import Elemwise, make_scalar_op
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.math import fill, inv, sqrt, zeros_like
from theano.frontend.ops.moments import mean as tensor_mean
from theano.frontend.ops.moments import var as tensor_var
from theano.frontend.ops.reduce import prod
from theano.frontend.ops.reduce import sum as tensor_sum

__all__ = ["batch_normalization", "batch_normalization_train", "batch_normalization_test",
           "AbstractBatchNormTrain", "AbstractBatchNormInference", "AbstractBatchNormTrainGrad", "BNComposite"]


def _bn_composite_grad(inputs: list, grads: list) -> list:
    x, mean, std, gamma, beta = inputs
    top, = grads
    top_gamma = top * gamma
    x_mean = x - mean
    dx = top_gamma / std
    return [dx, -dx, -(top_gamma * x_mean) / (std * std), top * x_mean / std, top]


# the scalar op (x - mean) / std * gamma + beta: Theano's BNComposite, one fused elementwise op
bn_composite = make_scalar_op("bn_composite", 5, _dt.upcast_out,
                              lambda xp, x, mean, std, gamma, beta: (x - mean) / std * gamma + beta,
                              _bn_composite_grad, class_name="BNComposite")
BNComposite = type(bn_composite)


def batch_normalization(inputs: Any, gamma: Any, beta: Any, mean: Any, std: Any, mode: str = "low_mem") -> Variable:
    """(inputs - mean) * gamma / std + beta, elementwise with broadcasting; mode 'low_mem' (one fused op) or
    'high_mem' (the plain elementwise graph)."""
    if mode == "low_mem":
        inputs = as_tensor_variable(inputs)
        return Elemwise(bn_composite)(inputs, mean, std, gamma, beta)
    if mode == "high_mem":
        return (inputs - mean) * (gamma / std) + beta
    raise ValueError('mode must be either "low_mem", "high_mem"')


def _prepare_axes(axes: Any, ndim: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if isinstance(axes, str) and axes == "per-activation":
        axes = (0,)
    elif isinstance(axes, str) and axes == "spatial":
        axes = (0,) + tuple(range(2, ndim))
    elif isinstance(axes, (tuple, list, np.ndarray)):
        axes = tuple(int(a) for a in axes)
    else:
        raise ValueError("invalid axes: %s" % str(axes))
    axes = tuple(sorted(axes))
    if len(axes) == 0:
        raise ValueError("there should be at least one normalization axis")
    if min(axes) < 0 or max(axes) >= ndim:
        raise ValueError("axes should be less than ndim (<%d), but %s given" % (ndim, str(axes)))
    return axes, tuple(i for i in range(ndim) if i not in axes)


def _params_layout(gamma: Variable, beta: Variable, ndim: int, non_bc_axes: tuple) -> tuple[int, list]:
    if gamma.ndim == ndim:
        params_ndim, pattern = ndim, []
    else:
        params_ndim = len(non_bc_axes)
        pattern = ["x"] * ndim
        for i, axis in enumerate(non_bc_axes):
            pattern[axis] = i
    if gamma.ndim != params_ndim or beta.ndim != params_ndim:
        raise ValueError("gamma and beta dimensionality must match the number of non-normalized axes, or have the "
                         "same number of dimensions as the inputs; got %d and %d instead of %d"
                         % (gamma.ndim, beta.ndim, params_ndim))
    return params_ndim, pattern


def _epsilon(epsilon: Any) -> np.ndarray:
    epsilon = np.asarray(epsilon, dtype=config.floatX)
    if epsilon < 1e-5:
        raise ValueError("epsilon must be at least 1e-5, got %s" % str(epsilon))
    return epsilon


def batch_normalization_train(inputs: Any, gamma: Any, beta: Any, axes: Any = "per-activation", epsilon: float = 1e-4,
                              running_average_factor: float = 0.1, running_mean: Any = None,
                              running_var: Any = None) -> tuple:
    """(out, mean, invstd[, new_running_mean, new_running_var]) of normalising `inputs` over `axes` with the batch
    statistics; the running averages are updated with running_average_factor (variance unbiased by m / (m - 1))."""
    inputs, gamma, beta = as_tensor_variable(inputs), as_tensor_variable(gamma), as_tensor_variable(beta)
    ndim = inputs.ndim
    axes, non_bc_axes = _prepare_axes(axes, ndim)
    params_ndim, pattern = _params_layout(gamma, beta, ndim, non_bc_axes)
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be given or both be None")
    if running_mean is not None:
        running_mean, running_var = as_tensor_variable(running_mean), as_tensor_variable(running_var)
        if running_mean.ndim != params_ndim:
            raise ValueError("running_mean must be of the same dimensionality as gamma and beta; got %d instead of %d"
                             % (running_mean.ndim, params_ndim))
        if running_var.ndim != params_ndim:
            raise ValueError("running_var must be of the same dimensionality as gamma and beta; got %d instead of %d"
                             % (running_var.ndim, params_ndim))
    epsilon = _epsilon(epsilon)

    def to_full(p: Variable) -> Variable:
        return p.dimshuffle(pattern) if params_ndim != ndim else addbroadcast(p, *axes)

    gamma, beta = to_full(gamma), to_full(beta)
    op = AbstractBatchNormTrain(axes=axes)
    if running_mean is not None:
        running_mean, running_var = to_full(running_mean), to_full(running_var)
        out, mean, invstd, new_mean, new_var = op(inputs, gamma, beta, epsilon=epsilon,
                                                  running_average_factor=running_average_factor,
                                                  running_mean=running_mean, running_var=running_var)
        if new_mean.broadcastable != running_mean.broadcastable:
            new_mean = patternbroadcast(new_mean, running_mean.broadcastable)
        if new_var.broadcastable != running_var.broadcastable:
            new_var = patternbroadcast(new_var, running_var.broadcastable)
        results = [out, mean, invstd, new_mean, new_var]
    else:
        results = list(op(inputs, gamma, beta, epsilon=epsilon))
    if params_ndim != ndim:
        results = [results[0]] + [r.dimshuffle(non_bc_axes) for r in results[1:]]
    return tuple(results)


def batch_normalization_test(inputs: Any, gamma: Any, beta: Any, mean: Any, var: Any, axes: Any = "per-activation",
                             epsilon: float = 1e-4) -> Variable:
    """(inputs - mean) * gamma / sqrt(var + epsilon) + beta with given statistics (usually running averages)."""
    inputs, gamma, beta = as_tensor_variable(inputs), as_tensor_variable(gamma), as_tensor_variable(beta)
    mean, var = as_tensor_variable(mean), as_tensor_variable(var)
    ndim = inputs.ndim
    axes, non_bc_axes = _prepare_axes(axes, ndim)
    params_ndim, pattern = _params_layout(gamma, beta, ndim, non_bc_axes)
    if mean.ndim != params_ndim or var.ndim != params_ndim:
        raise ValueError("mean and var must be of the same dimensionality as gamma and beta; got %d and %d instead "
                         "of %d" % (mean.ndim, var.ndim, params_ndim))
    epsilon = _epsilon(epsilon)
    if params_ndim != ndim:
        gamma, beta, mean, var = (p.dimshuffle(pattern) for p in (gamma, beta, mean, var))
    else:
        gamma, beta, mean, var = (addbroadcast(p, *axes) for p in (gamma, beta, mean, var))
    return AbstractBatchNormInference(axes=axes)(inputs, gamma, beta, mean, var, epsilon=epsilon)


def _common_dtype(*xs: Variable) -> list[Variable]:
    dtype = _dt.upcast(*[x.dtype for x in xs])
    return [x if x.dtype == dtype else cast(x, dtype) for x in xs]


def _check_axes(axes: Any) -> tuple[int, ...]:
    if not isinstance(axes, (tuple, list)) or len(axes) == 0:
        raise ValueError("axes must be a non-empty tuple of ints, got %r" % (axes,))
    return tuple(int(a) for a in axes)


def _matching_epsilon(epsilon: Variable, like: Variable) -> Variable:
    return cast(epsilon, "float32") if like.dtype == "float32" and epsilon.dtype == "float64" else epsilon


class AbstractBatchNormTrain(Op):
    """Batch normalisation with the batch statistics: (out, mean, invstd[, new running mean, new running var])."""

    __props__ = ("axes",)

    def __init__(self, axes: Sequence[int] = (0,)):
        self.axes = _check_axes(axes)

    def make_node(self, x: Any, scale: Any, bias: Any, epsilon: Any = 1e-4, running_average_factor: Any = 0.1,
                  running_mean: Any = None, running_var: Any = None) -> Apply:
        x, scale, bias = as_tensor_variable(x), as_tensor_variable(scale), as_tensor_variable(bias)
        epsilon = as_tensor_variable(epsilon)
        running_average_factor = as_tensor_variable(running_average_factor)
        if (running_mean is None) != (running_var is None):
            raise ValueError("running_mean and running_var must either both be given or both be None")
        if not x.ndim == scale.ndim == bias.ndim:
            raise TypeError("AbstractBatchNormTrain: x, scale and bias must have the same number of dimensions, "
                            "got %d, %d and %d" % (x.ndim, scale.ndim, bias.ndim))
        if running_mean is not None:
            running_mean, running_var = as_tensor_variable(running_mean), as_tensor_variable(running_var)
            if running_mean.ndim != x.ndim or running_var.ndim != x.ndim:
                raise TypeError("AbstractBatchNormTrain: running_mean and running_var must have %d dimensions" % x.ndim)
            x, scale, bias, running_mean, running_var = _common_dtype(x, scale, bias, running_mean, running_var)
        else:
            x, scale, bias = _common_dtype(x, scale, bias)
        inputs = [x, scale, bias, epsilon, running_average_factor]
        outputs = [x.type(), scale.type(), scale.type()]
        if running_mean is not None:
            inputs += [running_mean, running_var]
            outputs += [scale.type(), scale.type()]
        return Apply(self, inputs, outputs)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]] + [shapes[1]] * (len(node.outputs) - 1)

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        patterns = [[True, True, True], [True, True, True], [True, True, True], [False, False, False],
                    [False, False, False]]
        for i in range(5, len(node.inputs)):
            patterns[0].append(True)
            for pattern in patterns[1:]:
                pattern.append(False)
            patterns.append([False] * (3 + i - 5) + [True])
        return patterns

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        # Theano 1.0.5 back-propagates only the gradient of `out`; the batch statistics and the new running
        # averages are differentiable outputs too, so their gradients are added here (zero when unused)
        x, scale, bias, epsilon, running_average_factor = inputs[:5]
        dy = zeros_like(outputs[0]) if _is_disconnected(grads[0]) else grads[0]
        _, x_mean, x_invstd = outputs[:3]
        dx, dscale, dbias = AbstractBatchNormTrainGrad(self.axes)(x, dy, scale, x_mean, x_invstd, epsilon)
        axes = self.axes
        m = cast(prod([x.shape[a] for a in axes]), x.dtype)
        x_diff = x - x_mean
        g_mean, g_invstd = (None if _is_disconnected(g) else g for g in grads[1:3])
        g_var = None  # gradient reaching the batch variance
        if g_invstd is not None:
            g_var = -0.5 * g_invstd * x_invstd ** 3
        rest = []
        if len(inputs) > 5:
            f = running_average_factor
            g_rm, g_rv = (None if _is_disconnected(g) else g for g in grads[3:5])
            if g_rm is not None:
                g_mean = g_rm * f if g_mean is None else g_mean + g_rm * f
            if g_rv is not None:
                term = g_rv * f * m / (m - 1)
                g_var = term if g_var is None else g_var + term
            rest = [DisconnectedType()() if g is None else g * (1.0 - f) for g in (g_rm, g_rv)]
        if g_mean is not None:
            dx = dx + g_mean / m
        if g_var is not None:
            dx = dx + g_var * 2.0 * x_diff / m
        return [dx, dscale, dbias, DisconnectedType()(), DisconnectedType()()] + rest

    def decompose(self, x: Variable, scale: Variable, bias: Variable, epsilon: Variable,
                  running_average_factor: Variable, *running: Variable) -> list[Variable]:
        axes = self.axes
        mean = tensor_mean(x, axes, keepdims=True)
        var = tensor_var(x, axes, keepdims=True)
        invstd = inv(sqrt(var + _matching_epsilon(epsilon, var)))
        results = [(x - mean) * (scale * invstd) + bias, mean, invstd]
        if running:
            running_mean, running_var = running
            results.append(running_mean * (1.0 - running_average_factor) + mean * running_average_factor)
            m = cast(prod(x.shape) / prod(scale.shape), config.floatX)
            results.append(running_var * (1.0 - running_average_factor)
                           + (m / (m - 1)) * var * running_average_factor)
        extra = {"running_mean": running[0], "running_var": running[1]} if running else {}
        return _like(results, self.make_node(x, scale, bias, epsilon, running_average_factor, **extra).outputs)


def _is_disconnected(g: Any) -> bool:
    return g is None or isinstance(getattr(g, "type", None), DisconnectedType)


def _like(results: list[Variable], outs: Sequence[Variable]) -> list[Variable]:
    """The results with the dtypes and broadcast patterns of the op's own outputs `outs`."""
    fixed = []
    for r, o in zip(results, outs):
        r = cast(r, o.dtype) if r.dtype != o.dtype else r
        fixed.append(patternbroadcast(r, o.broadcastable) if r.broadcastable != o.broadcastable else r)
    return fixed


class AbstractBatchNormInference(Op):
    """Batch normalisation with given statistics: (x - mean) * scale / sqrt(var + epsilon) + bias."""

    __props__ = ("axes",)

    def __init__(self, axes: Sequence[int] = (0,)):
        self.axes = _check_axes(axes)

    def make_node(self, x: Any, scale: Any, bias: Any, estimated_mean: Any, estimated_variance: Any,
                  epsilon: Any = 1e-4) -> Apply:
        x, scale, bias, estimated_mean, estimated_variance = _common_dtype(
            *(as_tensor_variable(v) for v in (x, scale, bias, estimated_mean, estimated_variance)))
        epsilon = as_tensor_variable(epsilon)
        if not x.ndim == scale.ndim == bias.ndim == estimated_mean.ndim == estimated_variance.ndim:
            raise TypeError("AbstractBatchNormInference: x, scale, bias, mean and variance must have the same "
                            "number of dimensions")
        return Apply(self, [x, scale, bias, estimated_mean, estimated_variance, epsilon], [x.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [True], [True], [True], [False]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, scale, bias, est_mean, est_var, epsilon = inputs
        dy = grads[0]
        axes = self.axes
        if min(axes) < 0 or max(axes) >= x.ndim:
            raise ValueError("axes should be less than ndim (<%d), but %s given" % (x.ndim, str(axes)))
        scale, bias, est_mean, est_var = (addbroadcast(t, *axes) for t in (scale, bias, est_mean, est_var))
        est_var_eps = est_var + epsilon
        est_std = sqrt(est_var_eps)
        dx = dy * (scale / est_std)
        dy_xc = tensor_sum(dy * (x - est_mean), axis=axes, keepdims=True)
        dscale = dy_xc / est_std
        dbias = tensor_sum(dy, axis=axes, keepdims=True)
        dmean = -tensor_sum(dy, axis=axes, keepdims=True) * (scale / est_std)
        dvar = -dy_xc * (scale / (2.0 * est_var_eps * est_std))
        return [dx, dscale, dbias, dmean, dvar, DisconnectedType()()]

    def decompose(self, x: Variable, scale: Variable, bias: Variable, mean: Variable, var: Variable,
                  epsilon: Variable) -> Variable:
        out = (x - mean) * (scale / sqrt(var + _matching_epsilon(epsilon, var))) + bias
        return _like([out], self.make_node(x, scale, bias, mean, var, epsilon).outputs)[0]


class AbstractBatchNormTrainGrad(Op):
    """The gradient of AbstractBatchNormTrain: (d inputs, d scale, d bias) from dy and the saved statistics."""

    __props__ = ("axes",)

    def __init__(self, axes: Sequence[int] = (0,)):
        self.axes = _check_axes(axes)

    def make_node(self, x: Any, dy: Any, scale: Any, x_mean: Any, x_invstd: Any, epsilon: Any = 1e-4) -> Apply:
        x, dy, scale, x_mean, x_invstd = _common_dtype(
            *(as_tensor_variable(v) for v in (x, dy, scale, x_mean, x_invstd)))
        epsilon = as_tensor_variable(epsilon)
        if not x.ndim == dy.ndim == scale.ndim == x_mean.ndim == x_invstd.ndim:
            raise TypeError("AbstractBatchNormTrainGrad: all inputs must have the same number of dimensions")
        return Apply(self, [x, dy, scale, x_mean, x_invstd, epsilon], [x.type(), scale.type(), scale.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0], shapes[2], shapes[2]]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True, True, False], [True, True, True], [True, False, False], [True, True, False],
                [True, True, False], [False, False, False]]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, dy, scale, x_mean, x_invstd, epsilon = inputs
        ddinputs, ddscale, ddbias = grads
        axes = self.axes

        def mean_(v: Variable) -> Variable:
            return tensor_mean(v, axis=axes, keepdims=True)

        def sum_(v: Variable) -> Variable:
            return tensor_sum(v, axis=axes, keepdims=True)

        x_diff = x - x_mean
        mean_dy_x_diff = mean_(dy * x_diff)
        g_x = g_dy = g_scale = g_mean = g_invstd = None

        def add(acc: Any, term: Variable) -> Variable:
            return term if acc is None else acc + term

        if not isinstance(ddinputs.type, DisconnectedType):
            ccc = scale * (ddinputs - mean_(ddinputs))
            ddd = (x_invstd ** 3) * (ccc * mean_(dy * x_diff) + dy * mean_(ccc * x_diff))
            g_x = add(g_x, -ddd)
            g_dy = add(g_dy, (ccc * x_invstd) - ((x_invstd ** 3) * x_diff * mean_(ccc * x_diff)))
            eee = (dy * x_invstd) - ((x_invstd ** 3) * x_diff * mean_dy_x_diff)
            g_scale = add(g_scale, sum_(ddinputs * (eee - mean_(eee))))
            g_mean = add(g_mean, sum_(ddd))
            g_invstd = add(g_invstd, sum_(ccc * (dy - 3 * (x_invstd ** 2) * x_diff * mean_dy_x_diff)))
        if not isinstance(ddscale.type, DisconnectedType):
            g_x = add(g_x, x_invstd * ddscale * dy)
            g_dy = add(g_dy, x_invstd * ddscale * x_diff)
            g_mean = add(g_mean, -(x_invstd * ddscale * sum_(dy)))
            g_invstd = add(g_invstd, ddscale * sum_(dy * x_diff))
        if not isinstance(ddbias.type, DisconnectedType):
            g_dy = add(g_dy, fill(dy, ddbias))
        return [DisconnectedType()() if r is None else r for r in (g_x, g_dy, g_scale, g_mean, g_invstd, None)]

    def decompose(self, x: Variable, dy: Variable, scale: Variable, x_mean: Variable, x_invstd: Variable,
                  epsilon: Variable) -> list[Variable]:
        axes = self.axes
        x_diff = x - x_mean
        mean_dy_x_diff = tensor_mean(dy * x_diff, axis=axes, keepdims=True)
        c = (dy * x_invstd) - x_diff * (mean_dy_x_diff * (x_invstd ** 3))
        results = [scale * (c - tensor_mean(c, axis=axes, keepdims=True)),
                   tensor_sum(dy * x_invstd * x_diff, axis=axes, keepdims=True),
                   tensor_sum(dy, axis=axes, keepdims=True)]
        return _like(results, self.make_node(x, dy, scale, x_mean, x_invstd, epsilon).outputs)
