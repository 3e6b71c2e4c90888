"""theano.tensor.nnet.conv3d2d: Theano 1.0.5's 3-D convolution built from a 2-D one (the signals' time axis folded
into the batch, the filters' into the output channels) and a sum along a diagonal stripe of the (Ts, Tf) plane.

Layouts are Theano's for this module: signals (batch, time, in channel, row, column), filters (out channel, time,
in channel, row, column), result (batch, time, out channel, row, column). The filters are flipped (a true
convolution) in all three axes. `theano.tensor.nnet.conv3d` (channels first) is the other 3-D convolution.

DiagonalSubtensor(x, i0, i1) is the stripe of the matrix-shaped slice over axes (i0, i1): with n0 = x.shape[i0]
and n1 = x.shape[i1] (n0 >= n1), out[..a.., ..b..] = x[..a + n1 - 1 - b.., ..b..] for a < n0 - n1 + 1.
IncDiagonalSubtensor adds into that stripe (the gradient). Their axes must be constants for the compiled program.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.alloc import zeros
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.conv_functions import conv2d
from theano.frontend.ops.indexing import set_subtensor
from theano.frontend.ops.math import zeros_like


def get_diagonal_subtensor_view(x: np.ndarray, i0: Any, i1: Any) -> np.ndarray:
    """The diagonal stripe of numpy array `x` over axes (i0, i1), as a view of `x` (writing into it writes x)."""
    i0, i1 = int(i0), int(i1)
    n0, n1 = x.shape[i0], x.shape[i1]
    if n0 < n1:
        raise NotImplementedError("is this allowed?")
    shape = list(x.shape)
    shape[i0] = n0 - n1 + 1
    strides = list(x.strides)
    # element (a, b) of the stripe is x[a + n1 - 1 - b, b]: start at row n1 - 1, a step along i1 goes one row up
    start = x[(slice(None),) * i0 + (slice(n1 - 1, None),)]
    if n1 != 1:
        strides[i1] = x.strides[i1] - x.strides[i0]
    return np.lib.stride_tricks.as_strided(start, shape=shape, strides=strides, writeable=x.flags.writeable)


def constant_axis(v: Variable, what: str) -> int:
    """The value of an axis input that must be a constant."""
    try:
        return int(get_scalar_constant_value(v))
    except NotScalarConstantError:
        raise NotImplementedError(f"{what}: the axes i0 and i1 must be constants, got {v}") from None


def _stripe_shape(node: Apply, shapes: list[tuple]) -> tuple:
    """x's shape with axis i0 shortened to shape[i0] - shape[i1] + 1."""
    name = type(node.op).__name__
    i0, i1 = constant_axis(node.inputs[1], name), constant_axis(node.inputs[2], name)
    shp = list(shapes[0])
    shp[i0] = shp[i0] - shp[i1] + 1
    return tuple(shp)


class DiagonalSubtensor(Op):
    """The diagonal stripe of x over axes (i0, i1) (see the module docstring); `inplace` is kept for Theano's
    name and props: the result is always a new array here."""
    __props__ = ("inplace",)

    def __init__(self, inplace: bool = False):
        self.inplace = inplace
        if inplace:
            self.view_map = {0: [0]}

    def __str__(self) -> str:
        return f"{type(self).__name__}{{inplace}}" if self.inplace else type(self).__name__

    def make_node(self, x: Any, i0: Any, i1: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x, as_tensor_variable(i0), as_tensor_variable(i1)], [x.type()])

    def perform(self, node: Apply, inputs: list, output_storage: list) -> None:
        output_storage[0][0] = get_diagonal_subtensor_view(*inputs).copy()

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [_stripe_shape(node, shapes)]

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Any]:
        gx = inc_diagonal_subtensor(zeros_like(inputs[0]), inputs[1], inputs[2], g_outputs[0])
        return [gx, DisconnectedType()(), DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [False]]


class IncDiagonalSubtensor(Op):
    """x with `amt` added into its diagonal stripe over axes (i0, i1): DiagonalSubtensor's gradient."""
    __props__ = ("inplace",)

    def __init__(self, inplace: bool = False):
        self.inplace = inplace
        if inplace:
            self.destroy_map = {0: [0]}

    def __str__(self) -> str:
        return f"{type(self).__name__}{{inplace}}" if self.inplace else type(self).__name__

    def make_node(self, x: Any, i0: Any, i1: Any, amt: Any) -> Apply:
        x = as_tensor_variable(x)
        return Apply(self, [x, as_tensor_variable(i0), as_tensor_variable(i1), as_tensor_variable(amt)], [x.type()])

    def perform(self, node: Apply, inputs: list, output_storage: list) -> None:
        x, i0, i1, amt = inputs
        x = np.array(x)
        get_diagonal_subtensor_view(x, i0, i1)[...] += amt
        output_storage[0][0] = x

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], g_outputs: list[Variable]) -> list[Any]:
        x, i0, i1, amt = inputs
        gy = g_outputs[0]
        return [gy, DisconnectedType()(), DisconnectedType()(), diagonal_subtensor(gy, i0, i1)]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [False], [True]]


diagonal_subtensor = DiagonalSubtensor(False)
inc_diagonal_subtensor = IncDiagonalSubtensor(False)

_OUT_SIZE = {"valid": lambda s, f: s - f + 1, "full": lambda s, f: s + f - 1, "half": lambda s, f: s - (f % 2) + 1}
_TIME_PAD = {"valid": lambda tf: 0, "full": lambda tf: tf - 1, "half": lambda tf: tf // 2}


def conv3d(signals: Any, filters: Any, signals_shape: Any = None, filters_shape: Any = None,
           border_mode: Any = "valid") -> Variable:
    """Convolve spatio-temporal filters (Nf, Tf, C, Hf, Wf) with a movie (Ns, Ts, C, Hs, Ws), flipping the
    filters; the result is (Ns, Ts', Nf, Hs', Ws'). `border_mode`: 'valid', 'full' or 'half', or a triple
    (time, height, width) whose height and width modes match."""
    signals, filters = as_tensor_variable(signals), as_tensor_variable(filters)
    if isinstance(border_mode, str):
        border_mode = (border_mode, border_mode, border_mode)
    Ns, Ts, C, Hs, Ws = signals.shape if signals_shape is None else signals_shape
    Nf, Tf, C, Hf, Wf = filters.shape if filters_shape is None else filters_shape
    if border_mode[1] != border_mode[2]:
        raise NotImplementedError("height and width bordermodes must match")
    if border_mode[1] == "same" or border_mode[0] == "same":
        raise NotImplementedError()
    for mode in border_mode[:2]:
        if mode not in _OUT_SIZE:
            raise ValueError("invalid border mode", mode)
    out_4d = conv2d(signals.reshape((Ns * Ts, C, Hs, Ws)), filters.reshape((Nf * Tf, C, Hf, Wf)),
                    input_shape=None if signals_shape is None else (Ns * Ts, C, Hs, Ws),
                    filter_shape=None if filters_shape is None else (Nf * Tf, C, Hf, Wf),
                    border_mode=border_mode[1])
    Hout, Wout = _OUT_SIZE[border_mode[1]](Hs, Hf), _OUT_SIZE[border_mode[1]](Ws, Wf)
    out_tmp = out_4d.reshape((Ns, Ts, Nf, Tf, Hout, Wout))
    if isinstance(Tf, (int, np.integer)) and Tf == 1:  # no sum along Tf: the time axis is unchanged
        return out_tmp.reshape((Ns, Ts, Nf, Hout, Wout))
    pad = _TIME_PAD[border_mode[0]](Tf)
    if isinstance(pad, (int, np.integer)) and pad == 0:
        return diagonal_subtensor(out_tmp, 1, 3).sum(axis=3)
    padded = zeros((Ns, Ts + 2 * pad, Nf, Tf, Hout, Wout), dtype=out_tmp.dtype)
    padded = set_subtensor(padded[:, pad:Ts + pad, :, :, :, :], out_tmp)
    return diagonal_subtensor(padded, 1, 3).sum(axis=3)
