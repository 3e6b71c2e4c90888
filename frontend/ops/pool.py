"""tensor/signal/pool.py: N-d pooling ops (Pool, MaxPoolGrad, AveragePoolGrad, DownsampleFactorMaxGradGrad,
MaxPoolRop) and the pool_2d / pool_3d / max_pool_2d_same_size helpers, with Theano 1.0.5's signatures.

As in Theano 1.0.5 the window size, stride and padding are op inputs (int vectors), so they may be symbolic;
the op's props are only (ignore_border, mode, ndim). The pooled dimensions are the last `ndim` ones.
Windows never include the padding for 'max', 'sum' and 'average_exc_pad'; 'average_inc_pad' divides by
the window size clipped to the padded image. Max pooling's gradient goes to every input equal to the
window's maximum (ties included), as Theano's MaxPoolGrad does.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops import pool_host
from theano.frontend.ops.math import ge, maximum, switch, zeros_like
from theano.frontend.type import TensorType

__all__ = [
    "Pool", "PoolGrad", "MaxPoolGrad", "AveragePoolGrad", "DownsampleFactorMaxGradGrad", "MaxPoolRop",
    "pool_2d", "pool_3d", "max_pool_2d_same_size",
]

MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


# --------------------------------------------------------------------------- helpers

def _extract_constant(v: Any) -> Any:
    """A Python int for a constant scalar shape entry, else the variable itself (Theano's extract_constant)."""
    if isinstance(v, Variable):
        try:
            return int(get_scalar_constant_value(v))
        except NotScalarConstantError:
            return v
    return v


def _param_entries(v: Any, nd: int) -> list[Any]:
    """The nd entries of a pooling parameter: Python ints when it is constant, else `v[i]` variables."""
    if isinstance(v, Constant):
        return [int(e) for e in np.asarray(v.data).reshape(-1)]
    if isinstance(v, Variable):
        return [v[i] for i in range(nd)]
    return list(v)


def _check_mode(mode: str) -> str:
    if mode == "max_deterministic":  # Theano: the CPU max pooling is already deterministic
        mode = "max"
    if mode not in MODES:
        raise ValueError("Pool mode parameter only support 'max', 'sum', 'average_inc_pad' and 'average_exc_pad'. "
                         "Got %s" % mode)
    return mode


def _renamed(new: Any, old: Any, new_name: str, old_name: str) -> Any:
    """Theano's handling of a deprecated parameter name: an error when both are given, a warning for the old one."""
    if old is None:
        return new
    if new is not None:
        if new_name == "ws":
            msg = "You can't provide a tuple value to both 'ws' and 'ds'. Please provide a value only to 'ws'."
        else:
            msg = "You can't provide a tuple value to both 'st and 'stride'. Please provide a value only to 'stride'."
        raise ValueError(msg)
    warnings.warn("DEPRECATION: the '%s' parameter is not going to exist anymore as it is going to be replaced by "
                  "the parameter '%s'." % (old_name, new_name), stacklevel=3)
    return old


def _renamed_pad(pad: Any, padding: Any, nd: int) -> Any:
    if padding is None:
        return pad
    if pad is not None and not (isinstance(pad, tuple) and pad == (0,) * nd):
        raise ValueError("You can't provide a tuple value to both 'padding' and pad.  Please provide a value only "
                         "to pad.")
    warnings.warn("DEPRECATION: the 'padding' parameter is not going to exist anymore as it is going to be replaced "
                  "by the parameter 'pad'.", stacklevel=3)
    return padding


def _params(nd: int, ws: Any, stride: Any, pad: Any, ignore_border: bool, check_pad: bool) -> tuple:
    """ws, stride and pad as int vectors (stride defaults to ws, pad to zeros), with Theano's checks."""
    if stride is None:
        stride = ws
    if pad is None:
        pad = (0,) * nd
    elif check_pad and isinstance(pad, (tuple, list)):
        if max(pad) != 0 and not ignore_border:
            raise NotImplementedError("padding works only with ignore_border=True")
        if isinstance(ws, (tuple, list)) and any(pad[i] >= ws[i] for i in range(nd)):
            raise NotImplementedError("padding must be smaller than strides")
    ws, stride, pad = as_tensor_variable(ws), as_tensor_variable(stride), as_tensor_variable(pad)
    for name, v in (("ws", ws), ("stride", stride), ("pad", pad)):
        if v.ndim != 1:
            raise TypeError("Pool: %s must be a vector of %d ints, got a %d-d %s" % (name, nd, v.ndim, v.type))
    if ws.dtype not in _dt.int_dtypes:
        raise TypeError("Pool downsample parameters must be ints.")
    if stride.dtype not in _dt.int_dtypes:
        raise TypeError("Stride parameters must be ints.")
    if pad.dtype not in _dt.int_dtypes:
        raise TypeError("Padding parameters must be ints.")
    return ws, stride, pad


def _params_are_constant(node: Apply, first: int) -> bool:
    return all(isinstance(v, Constant) for v in node.inputs[first:first + 3])


def _padded(length: Any, pad: Any) -> Any:
    """length + 2 * pad (no node for a constant zero padding)."""
    return length if isinstance(pad, (int, np.integer)) and pad == 0 else length + pad * 2


def _is_var(*vs: Any) -> bool:
    return any(isinstance(v, Variable) for v in vs)


# --------------------------------------------------------------------------- Pool

class Pool(Op):
    """Max, sum or average over windows of the last `ndim` dimensions: Pool(ignore_border, mode, ndim)(x, ws,
    stride=None, pad=None)."""

    __props__ = ("ignore_border", "mode", "ndim")

    @staticmethod
    def out_shape(imgshape: Any, ws: Any = None, ignore_border: bool = False, stride: Any = None, pad: Any = None,
                  ndim: int = 2, ds: Any = None, st: Any = None, padding: Any = None) -> list:
        """The output shape of pooling an input of shape `imgshape` (ints or scalar variables)."""
        if ds is None and ws is None:
            raise ValueError("You must provide a tuple value for the window size.")
        ws = _renamed(ws, ds, "ws", "ds")
        stride = _renamed(stride, st, "stride", "st")
        if padding is not None:
            zero_pad = (0,) * (ndim or 2)
            if pad not in {None, zero_pad}:
                raise ValueError("You can't provide a tuple value to both 'padding' and pad.  Please provide a value "
                                 "only to pad.")
            warnings.warn("DEPRECATION: the 'padding' parameter is not going to exist anymore as it is going to be "
                          "replaced by the parameter 'pad'.", stacklevel=2)
            pad = padding
        if ndim is None:
            ndim = 2
        assert ndim > 0
        if len(imgshape) < ndim:
            raise TypeError("imgshape must have at least {} dimensions".format(ndim))
        if stride is None:
            stride = ws
        if pad is None:
            pad = (0,) * ndim
        ws, stride, pad = (_param_entries(v, ndim) for v in (ws, stride, pad))
        patch_shape = [_padded(_extract_constant(imgshape[-ndim + i]), pad[i]) for i in range(ndim)]

        def compute_out(v: Any, downsample: Any, step: Any) -> Any:
            symbolic = _is_var(v, downsample, step)
            if ignore_border:
                if not _is_var(downsample, step) and downsample == step:
                    return v // step
                out = (v - downsample) // step + 1
                return maximum(out, 0) if symbolic else np.maximum(out, 0)
            if _is_var(downsample, step):
                return switch(ge(step, downsample), (v - 1) // step + 1,
                              maximum(0, (v - 1 - downsample) // step + 1) + 1)
            if step >= downsample:
                return (v - 1) // step + 1
            if symbolic:  # the same value as Theano's switch, whose condition is known here
                return maximum(0, (v - 1 - downsample) // step + 1) + 1
            return max(0, (v - 1 - downsample + step) // step) + 1

        out_shape = [compute_out(patch_shape[i], ws[i], stride[i]) for i in range(ndim)]
        return list(imgshape[:-ndim]) + out_shape

    def __init__(self, ignore_border: bool = False, mode: str = "max", ndim: int = 2, openmp: Any = None):
        self.ndim = ndim
        self.ignore_border = ignore_border
        self.mode = _check_mode(mode)
        self.openmp = openmp

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _params_are_constant(node, 1)

    def make_node(self, x: Any, ws: Any, stride: Any = None, pad: Any = None) -> Apply:
        x = as_tensor_variable(x)
        nd = self.ndim
        ws, stride, pad = _params(nd, ws, stride, pad, self.ignore_border, check_pad=True)
        if x.type.ndim < nd:
            raise TypeError("Pool: the input must have at least %d dimensions, got %s with %d"
                            % (nd, x.type, x.type.ndim))
        broad = x.broadcastable[:-nd] + (False,) * nd
        return Apply(self, [x, ws, stride, pad], [TensorType(x.dtype, broad)()])

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        ws, stride, pad = node.inputs[1:4]
        return [tuple(self.out_shape(in_shapes[0], ws, self.ignore_border, stride, pad, self.ndim))]

    def host_impl(self, node: Apply, x: np.ndarray, ws: Any, stride: Any, pad: Any) -> np.ndarray:
        return pool_host.pool(self, x, ws, stride, pad)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, ws, stride, pad = inputs
        gz, = grads
        disc = [DisconnectedType()() for _ in inputs[1:]]
        if self.mode == "max":
            return [MaxPoolGrad(ndim=self.ndim, ignore_border=self.ignore_border)(
                x, outputs[0], gz, ws=ws, stride=stride, pad=pad)] + disc
        return [AveragePoolGrad(ndim=self.ndim, ignore_border=self.ignore_border, mode=self.mode)(
            x, gz, ws=ws, stride=stride, pad=pad)] + disc

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [False], [False]]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        if self.mode != "max":
            # sum and average are linear: the R-op is the pooling of the eval point
            return [self(eval_points[0], *inputs[1:])]
        # Theano 1.0.5 builds the max-pooling R-op with DownsampleFactorMaxGradGrad (see MaxPoolRop)
        x, ws, stride, pad = inputs
        z = self(*inputs)
        return [DownsampleFactorMaxGradGrad(self.ignore_border, self.mode, self.ndim)(
            x, z, eval_points[0], ws, stride, pad)]


# --------------------------------------------------------------------------- gradients

class PoolGrad(Op):
    """Base of the pooling gradients: same props as Pool; the output has the input's shape."""

    __props__ = ("ignore_border", "mode", "ndim")

    @staticmethod
    def out_shape(imgshape: Any, ws: Any = None, ignore_border: bool = False, stride: Any = None, pad: Any = None,
                  ndim: int = 2, ds: Any = None, st: Any = None, padding: Any = None) -> list:
        """The pooled shape (as Pool.out_shape)."""
        return Pool.out_shape(imgshape, ws, ignore_border, stride, pad, ndim, ds, st, padding)

    def __init__(self, ignore_border: bool, mode: str = "max", ndim: int = 2, openmp: Any = None):
        self.ndim = ndim
        self.ignore_border = ignore_border
        self.mode = _check_mode(mode)
        self.openmp = openmp

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        return [in_shapes[0]]


def _check_same_ndim(op: Op, nd: int, **tensors: Variable) -> None:
    ndims = {name: t.ndim for name, t in tensors.items()}
    if len(set(ndims.values())) != 1 or min(ndims.values()) < nd:
        raise TypeError("%s: %s must have the same number of dimensions, at least %d; got %s"
                        % (type(op).__name__, ", ".join(ndims), nd, ndims))


class MaxPoolGrad(PoolGrad):
    """Gradient of max pooling: gz goes to every input position equal to its window's maximum."""

    def __init__(self, ignore_border: bool, ndim: int = 2, openmp: Any = None):
        PoolGrad.__init__(self, ignore_border, mode="max", ndim=ndim, openmp=openmp)

    def make_node(self, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any = None, pad: Any = None) -> Apply:
        x, maxout, gz = as_tensor_variable(x), as_tensor_variable(maxout), as_tensor_variable(gz)
        ws, stride, pad = _params(self.ndim, ws, stride, pad, self.ignore_border, check_pad=False)
        _check_same_ndim(self, self.ndim, x=x, maxout=maxout, gz=gz)
        return Apply(self, [x, maxout, gz, ws, stride, pad], [x.type()])

    def grad(self, inp: list[Variable], grads: list[Variable]) -> list[Any]:
        x, maxout, gz, ws, stride, pad = inp
        ggx, = grads
        return ([zeros_like(x), zeros_like(maxout),
                 DownsampleFactorMaxGradGrad(ndim=self.ndim, ignore_border=self.ignore_border)(
                     x, maxout, ggx, ws, stride, pad)]
                + [DisconnectedType()() for _ in inp[3:]])

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [True], [False], [False], [False]]

    def host_impl(self, node: Apply, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
        return pool_host.max_pool_grad(self, x, maxout, gz, ws, stride, pad)


class AveragePoolGrad(PoolGrad):
    """Gradient of sum / average pooling: each window spreads gz (divided by its count for averages)."""

    def __init__(self, ignore_border: bool, mode: str = "average_inc_pad", ndim: int = 2):
        assert mode in ("sum", "average_inc_pad", "average_exc_pad")
        PoolGrad.__init__(self, ignore_border, mode, ndim)

    def make_node(self, x: Any, gz: Any, ws: Any, stride: Any = None, pad: Any = None, dummy: Any = None) -> Apply:
        # `dummy` keeps the argument count of MaxPoolGrad, as in Theano
        x, gz = as_tensor_variable(x), as_tensor_variable(gz)
        ws, stride, pad = _params(self.ndim, ws, stride, pad, self.ignore_border, check_pad=False)
        _check_same_ndim(self, self.ndim, x=x, gz=gz)
        return Apply(self, [x, gz, ws, stride, pad], [x.type()])

    def grad(self, inp: list[Variable], grads: list[Variable]) -> list[Any]:
        x, gz, ws, stride, pad = inp
        ggx, = grads
        return ([zeros_like(x), Pool(ignore_border=self.ignore_border, ndim=self.ndim, mode=self.mode)(
            ggx, ws, stride, pad)] + [DisconnectedType()() for _ in inp[2:]])

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [False], [False], [False]]

    def host_impl(self, node: Apply, x: Any, gz: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
        return pool_host.average_pool_grad(self, x, gz, ws, stride, pad)


class DownsampleFactorMaxGradGrad(Op):
    """Gradient of MaxPoolGrad with respect to gz: each window sums ggx over its positions equal to the maximum."""

    __props__ = ("ignore_border", "mode", "ndim")

    def __init__(self, ignore_border: bool, mode: str = "max", ndim: int = 2, openmp: Any = None):
        self.ndim = ndim
        self.ignore_border = ignore_border
        self.mode = mode
        self.openmp = openmp
        assert self.mode == "max"

    def make_node(self, x: Any, maxout: Any, gz: Any, ws: Any, stride: Any = None, pad: Any = None) -> Apply:
        x, maxout, gz = as_tensor_variable(x), as_tensor_variable(maxout), as_tensor_variable(gz)
        ws, stride, pad = _params(self.ndim, ws, stride, pad, self.ignore_border, check_pad=True)
        _check_same_ndim(self, self.ndim, x=x, maxout=maxout, gz=gz)
        return Apply(self, [x, maxout, gz, ws, stride, pad], [x.type()])

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        return [in_shapes[1]]

    def grad(self, inp: list[Variable], grads: list[Variable]) -> list[Any]:
        x, maxout, ggx, ws, stride, pad = inp
        gz, = grads
        return [zeros_like(x), zeros_like(maxout),
                MaxPoolGrad(ignore_border=self.ignore_border, ndim=self.ndim)(x, maxout, gz, ws, stride, pad),
                DisconnectedType()(), DisconnectedType()(), DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [True], [True], [False], [False], [False]]

    def host_impl(self, node: Apply, x: Any, maxout: Any, ggx: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
        return pool_host.max_pool_gradgrad(self, x, maxout, ggx, ws, stride, pad)


class MaxPoolRop(Op):
    """R-operator of max pooling: each window takes the eval point at the (first) position of its maximum."""

    __props__ = ("ignore_border", "mode", "ndim")

    def __init__(self, ignore_border: bool = False, mode: str = "max", ndim: int = 2, openmp: Any = None):
        self.ndim = ndim
        self.ignore_border = ignore_border
        self.mode = mode
        self.openmp = openmp
        assert mode == "max"

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _params_are_constant(node, 2)

    def make_node(self, x: Any, eval_point: Any, ws: Any, stride: Any = None, pad: Any = None) -> Apply:
        x, eval_point = as_tensor_variable(x), as_tensor_variable(eval_point)
        nd = self.ndim
        ws, stride, pad = _params(nd, ws, stride, pad, self.ignore_border, check_pad=True)
        if x.type.ndim < nd:
            raise TypeError("MaxPoolRop: the input must have at least %d dimensions, got %s" % (nd, x.type))
        broad = x.broadcastable[:-nd] + (False,) * nd
        return Apply(self, [x, eval_point, ws, stride, pad], [TensorType(eval_point.dtype, broad)()])

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        ws, stride, pad = node.inputs[2:5]
        return [tuple(Pool.out_shape(in_shapes[0], ws, self.ignore_border, stride, pad, self.ndim))]

    def host_impl(self, node: Apply, x: Any, ev: Any, ws: Any, stride: Any, pad: Any) -> np.ndarray:
        return pool_host.max_pool_rop(self, x, ev, ws, stride, pad)


# --------------------------------------------------------------------------- helpers users call

def max_pool_2d_same_size(input: Any, patch_size: Any) -> Variable:
    """Zero every value of each non-overlapping patch_size patch except its maximum (same shape as the input)."""
    output = Pool(True)(input, patch_size)
    return MaxPoolGrad(True)(input, output, output, patch_size)


_IGNORE_BORDER_WARNING = (
    "pool_%dd() will have the parameter ignore_border default value changed to True (currently False). To have "
    "consistent behavior with all Theano version, explicitly add the parameter ignore_border=True. On the GPU, using "
    "ignore_border=True is needed to use cuDNN. When using ignore_border=False and not using cuDNN, the only GPU "
    "combination supported is when `ws == stride and pad == %s and mode == 'max'`. Otherwise, the convolution will "
    "be executed on CPU.")


def _pool_nd(nd: int, input: Any, ws: Any, ignore_border: Any, stride: Any, pad: Any, mode: str, ds: Any, st: Any,
             padding: Any) -> Variable:
    if ds is None and ws is None:
        raise ValueError("You must provide a tuple value for the window size.")
    ws = _renamed(ws, ds, "ws", "ds")
    stride = _renamed(stride, st, "stride", "st")
    pad = _renamed_pad(pad, padding, nd)
    input = as_tensor_variable(input)
    if input.ndim < nd:
        raise NotImplementedError("pool_%dd requires a dimension >= %d" % (nd, nd))
    if ignore_border is None:
        warnings.warn(_IGNORE_BORDER_WARNING % (nd, (0,) * nd), stacklevel=3)
        ignore_border = False
    return Pool(ignore_border, ndim=nd, mode=mode)(input, ws, stride, pad)


def pool_2d(input: Any, ws: Any = None, ignore_border: bool | None = None, stride: Any = None, pad: Any = (0, 0),
            mode: str = "max", ds: Any = None, st: Any = None, padding: Any = None) -> Variable:
    """Pool the last 2 dimensions of `input` over ws windows every `stride` (default ws), after zero-padding `pad`."""
    return _pool_nd(2, input, ws, ignore_border, stride, pad, mode, ds, st, padding)


def pool_3d(input: Any, ws: Any = None, ignore_border: bool | None = None, stride: Any = None,
            pad: Any = (0, 0, 0), mode: str = "max", ds: Any = None, st: Any = None, padding: Any = None) -> Variable:
    """Pool the last 3 dimensions of `input` (see pool_2d)."""
    return _pool_nd(3, input, ws, ignore_border, stride, pad, mode, ds, st, padding)
