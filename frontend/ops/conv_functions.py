"""The convolution front-ends of tensor/nnet/abstract_conv.py built on the abstract convolution ops:
conv2d/conv3d, their gradients as functions, conv2d_transpose, separable and causal convolutions, and
bilinear upsampling (a transposed convolution with a fixed pyramid kernel)."""
from __future__ import annotations

from math import gcd
from typing import Any

import numpy as np

from theano.frontend.config import config as _config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.ops.alloc import arange, zeros
from theano.frontend.ops.conv import (AbstractConv2d, AbstractConv2d_gradInputs, AbstractConv2d_gradWeights,
                                      AbstractConv3d, AbstractConv3d_gradInputs, AbstractConv3d_gradWeights)
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.join import concatenate
from theano.frontend.variable import TensorConstant, TensorVariable

__all__ = [
    "conv2d", "conv3d", "conv2d_grad_wrt_inputs", "conv2d_grad_wrt_weights", "conv3d_grad_wrt_inputs",
    "conv3d_grad_wrt_weights", "conv2d_transpose", "separable_conv2d", "separable_conv3d", "causal_conv1d",
    "bilinear_kernel_1D", "bilinear_kernel_2D", "bilinear_upsampling", "frac_bilinear_upsampling",
]

_INTS = (int, np.integer)


def conv2d(input, filters, input_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1),
           filter_flip=True, filter_dilation=(1, 1), num_groups=1, unshared=False):
    """2-D convolution of a batch of images (batch, channels, rows, cols) with filters (see AbstractConv2d)."""
    input, filters = as_tensor_variable(input), as_tensor_variable(filters)
    op = AbstractConv2d(imshp=input_shape, kshp=filter_shape, border_mode=border_mode, subsample=subsample,
                        filter_flip=filter_flip, filter_dilation=filter_dilation, num_groups=num_groups,
                        unshared=unshared)
    return op(input, filters)


def conv3d(input, filters, input_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1, 1),
           filter_flip=True, filter_dilation=(1, 1, 1), num_groups=1):
    """3-D convolution of a batch of volumes (batch, channels, depth, rows, cols) with filters."""
    input, filters = as_tensor_variable(input), as_tensor_variable(filters)
    op = AbstractConv3d(imshp=input_shape, kshp=filter_shape, border_mode=border_mode, subsample=subsample,
                        filter_flip=filter_flip, filter_dilation=filter_dilation, num_groups=num_groups)
    return op(input, filters)


def _check_const(shape: Any, dims: Any, what: str) -> None:
    for dim in dims:
        if not isinstance(shape[dim], (TensorConstant, _INTS, type(None))):
            raise ValueError("%s[%d] must be a constant or None." % (what, dim))


def _check_symbolic_ok(shape: Any, dims: Any, what: str) -> None:
    for dim in dims:
        if not isinstance(shape[dim], (TensorVariable, TensorConstant, _INTS)):
            raise ValueError("%s[%d] must be a symbolic variable, a constant or None." % (what, dim))


def _numerical(shape: Any, dims: Any) -> list:
    out = list(shape)
    for dim in dims:
        if isinstance(shape[dim], TensorVariable) and not isinstance(shape[dim], TensorConstant):
            out[dim] = None
    return out


def conv2d_grad_wrt_inputs(output_grad, filters, input_shape, filter_shape=None, border_mode="valid",
                           subsample=(1, 1), filter_flip=True, filter_dilation=(1, 1), num_groups=1, unshared=False):
    """The gradient of conv2d with respect to its input, for an input of `input_shape` (the last two entries
    may be symbolic)."""
    filters, output_grad = as_tensor_variable(filters), as_tensor_variable(output_grad)
    _check_const(input_shape, [0, 1], "input_shape")
    _check_symbolic_ok(input_shape, [2, 3], "input_shape")
    if filter_shape is not None:
        expected = 6 if unshared else 4
        if len(filter_shape) != expected:
            raise ValueError("The lenght of filter_shape was %d, but we expected %d." % (len(filter_shape), expected))
        _check_const(filter_shape, range(expected), "filter_shape")
    op = AbstractConv2d_gradInputs(imshp=_numerical(input_shape, [2, 3]), kshp=filter_shape, border_mode=border_mode,
                                   subsample=subsample, filter_flip=filter_flip, filter_dilation=filter_dilation,
                                   num_groups=num_groups, unshared=unshared)
    return op(filters, output_grad, list(input_shape[-2:]))


def conv3d_grad_wrt_inputs(output_grad, filters, input_shape, filter_shape=None, border_mode="valid",
                           subsample=(1, 1, 1), filter_flip=True, filter_dilation=(1, 1, 1), num_groups=1):
    """The gradient of conv3d with respect to its input, for an input of `input_shape`."""
    filters, output_grad = as_tensor_variable(filters), as_tensor_variable(output_grad)
    _check_const(input_shape, [0, 1], "input_shape")
    _check_symbolic_ok(input_shape, [2, 3, 4], "input_shape")
    if filter_shape is not None:
        _check_const(filter_shape, range(5), "filter_shape")
    op = AbstractConv3d_gradInputs(imshp=_numerical(input_shape, [2, 3, 4]), kshp=filter_shape,
                                   border_mode=border_mode, subsample=subsample, filter_flip=filter_flip,
                                   filter_dilation=filter_dilation, num_groups=num_groups)
    return op(filters, output_grad, list(input_shape[-3:]))


def conv2d_grad_wrt_weights(input, output_grad, filter_shape, input_shape=None, border_mode="valid",
                            subsample=(1, 1), filter_flip=True, filter_dilation=(1, 1), num_groups=1, unshared=False):
    """The gradient of conv2d with respect to its filters, for filters of `filter_shape` (the last two entries
    may be symbolic)."""
    input, output_grad = as_tensor_variable(input), as_tensor_variable(output_grad)
    _check_const(filter_shape, [0, 1] + ([2, 3] if unshared else []), "filter_shape")
    _check_symbolic_ok(filter_shape, [len(filter_shape) - 2, len(filter_shape) - 1], "filter_shape")
    if input_shape is not None:
        _check_const(input_shape, range(4), "input_shape")
    n = len(filter_shape)
    op = AbstractConv2d_gradWeights(imshp=input_shape, kshp=_numerical(filter_shape, [n - 2, n - 1]),
                                    border_mode=border_mode, subsample=subsample, filter_flip=filter_flip,
                                    filter_dilation=filter_dilation, num_groups=num_groups, unshared=unshared)
    return op(input, output_grad, list(filter_shape[-2:]))


def conv3d_grad_wrt_weights(input, output_grad, filter_shape, input_shape=None, border_mode="valid",
                            subsample=(1, 1, 1), filter_flip=True, filter_dilation=(1, 1, 1), num_groups=1):
    """The gradient of conv3d with respect to its filters, for filters of `filter_shape`."""
    input, output_grad = as_tensor_variable(input), as_tensor_variable(output_grad)
    _check_const(filter_shape, [0, 1], "filter_shape")
    _check_symbolic_ok(filter_shape, [2, 3, 4], "filter_shape")
    if input_shape is not None:
        _check_const(input_shape, range(5), "input_shape")
    op = AbstractConv3d_gradWeights(imshp=input_shape, kshp=_numerical(filter_shape, [2, 3, 4]),
                                    border_mode=border_mode, subsample=subsample, filter_flip=filter_flip,
                                    filter_dilation=filter_dilation, num_groups=num_groups)
    return op(input, output_grad, list(filter_shape[-3:]))


def conv2d_transpose(input, filters, output_shape, filter_shape=None, border_mode="valid", input_dilation=(1, 1),
                     filter_flip=True, filter_dilation=(1, 1), num_groups=1, unshared=False):
    """The transpose of conv2d ("deconvolution"): filters are (input channels, output channels, rows, cols)."""
    return conv2d_grad_wrt_inputs(output_grad=input, filters=filters, input_shape=output_shape,
                                  filter_shape=filter_shape, border_mode=border_mode, subsample=input_dilation,
                                  filter_flip=filter_flip, filter_dilation=filter_dilation, num_groups=num_groups,
                                  unshared=unshared)


def separable_conv2d(input, depthwise_filters, pointwise_filters, num_channels, input_shape=None,
                     depthwise_filter_shape=None, pointwise_filter_shape=None, border_mode="valid", subsample=(1, 1),
                     filter_flip=True, filter_dilation=(1, 1)):
    """A depthwise convolution (one group per input channel) followed by a 1x1 pointwise convolution."""
    input, depthwise_filters = as_tensor_variable(input), as_tensor_variable(depthwise_filters)
    op = AbstractConv2d(imshp=input_shape, kshp=depthwise_filter_shape, border_mode=border_mode,
                        subsample=subsample, filter_flip=filter_flip, filter_dilation=filter_dilation,
                        num_groups=num_channels)
    shape = None
    if input_shape is not None and depthwise_filter_shape is not None:
        shape = op.infer_shape(None, [input_shape, depthwise_filter_shape])[0]
    return conv2d(op(input, depthwise_filters), pointwise_filters, input_shape=shape,
                  filter_shape=pointwise_filter_shape, border_mode="valid", subsample=(1, 1),
                  filter_flip=filter_flip, filter_dilation=(1, 1), num_groups=1)


def separable_conv3d(input, depthwise_filters, pointwise_filters, num_channels, input_shape=None,
                     depthwise_filter_shape=None, pointwise_filter_shape=None, border_mode="valid",
                     subsample=(1, 1, 1), filter_flip=True, filter_dilation=(1, 1, 1)):
    """The 3-D separable convolution: depthwise conv3d, then a 1x1x1 pointwise conv3d."""
    input, depthwise_filters = as_tensor_variable(input), as_tensor_variable(depthwise_filters)
    op = AbstractConv3d(imshp=input_shape, kshp=depthwise_filter_shape, border_mode=border_mode,
                        subsample=subsample, filter_flip=filter_flip, filter_dilation=filter_dilation,
                        num_groups=num_channels)
    shape = None
    if input_shape is not None and depthwise_filter_shape is not None:
        shape = op.infer_shape(None, [input_shape, depthwise_filter_shape])[0]
    return conv3d(op(input, depthwise_filters), pointwise_filters, input_shape=shape,
                  filter_shape=pointwise_filter_shape, border_mode="valid", subsample=(1, 1, 1),
                  filter_flip=filter_flip, filter_dilation=(1, 1, 1), num_groups=1)


def causal_conv1d(input, filters, filter_shape, input_shape=None, subsample=1, filter_flip=True, filter_dilation=1,
                  num_groups=1, unshared=False):
    """1-D causal convolution (WaveNet): output t only sees inputs <= t; built on the 2-D convolution."""
    input, filters = as_tensor_variable(input), as_tensor_variable(filters)
    if input.ndim != 3:
        raise ValueError("Input should be 3D for causal convolution.")
    if filters.ndim != 3:
        raise ValueError("Filters should be 3D for causal convolution")
    input, filters = input.dimshuffle(0, 1, 2, "x"), filters.dimshuffle(0, 1, 2, "x")
    if input_shape is not None:
        if len(input_shape) != 3:
            raise ValueError("input_shape must have 3 entries")
        input_shape = tuple(input_shape) + (1,)
    if len(filter_shape) != 3:
        raise ValueError("filter_shape must have 3 entries")
    filter_shape = tuple(filter_shape) + (1,)
    left_pad = filter_dilation * (filter_shape[2] - 1)
    op = AbstractConv2d(imshp=input_shape, kshp=filter_shape, border_mode=((left_pad, 0), 0),
                        subsample=(subsample, 1), filter_flip=filter_flip, filter_dilation=(filter_dilation, 1),
                        num_groups=num_groups, unshared=unshared)
    return op(input, filters)[:, :, :, 0]


def bilinear_kernel_1D(ratio, normalize=True):
    """The 1-D triangle kernel 1..ratio..1 (divided by ratio when normalize) for bilinear upsampling."""
    half = arange(1, ratio + 1, dtype=_config.floatX)
    kern = concatenate([half, half[-2::-1]])
    if normalize:
        kern = kern / cast(ratio, _config.floatX)
    return kern


def bilinear_kernel_2D(ratio, normalize=True):
    """The 2-D pyramid kernel (outer product of the 1-D kernels) for bilinear upsampling."""
    ratio_v, ratio_h = ratio if isinstance(ratio, tuple) else (ratio, ratio)
    hkern = bilinear_kernel_1D(ratio=ratio_h, normalize=normalize).dimshuffle("x", 0)
    vkern = bilinear_kernel_1D(ratio=ratio_v, normalize=normalize).dimshuffle(0, "x")
    return hkern * vkern


def _edge_padded(input):
    """The images as (batch*channels, 1, rows + 2, cols + 2), first/last rows and columns repeated."""
    row, col = input.shape[2:]
    up = input.reshape((-1, 1, row, col))
    up = concatenate((up[:, :, :1, :], up, up[:, :, -1:, :]), axis=2)
    return concatenate((up[:, :, :, :1], up, up[:, :, :, -1:]), axis=3)


def frac_bilinear_upsampling(input, frac_ratio):
    """Bilinear upsampling by a fractional ratio ((num, den), or one pair per axis)."""
    input = as_tensor_variable(input)
    if not isinstance(frac_ratio, tuple):
        raise ValueError("frac_ratio must be a tuple")
    row, col = input.shape[2:]
    if isinstance(frac_ratio[0], tuple):
        pairs = [tuple(np.array(fr) // gcd(*fr)) for fr in frac_ratio]
        ratio, subsample = (int(pairs[0][0]), int(pairs[1][0])), (int(pairs[0][1]), int(pairs[1][1]))
    else:
        p, q = np.array(frac_ratio) // gcd(*frac_ratio)
        ratio, subsample = (int(p), int(p)), (int(q), int(q))
    concat = _edge_padded(input)
    double_pad = (2 * as_tensor_variable([row, col]) - 1) * np.array(ratio) + 1
    pad = double_pad // 2
    kern = cast(bilinear_kernel_2D(ratio=ratio)[np.newaxis, np.newaxis, :, :], _config.floatX)
    fx = _config.floatX
    kern = concatenate((zeros(tuple(kern.shape[:2]) + (pad[0], kern.shape[-1]), dtype=fx), kern,
                        zeros(tuple(kern.shape[:2]) + (double_pad[0] - pad[0], kern.shape[-1]), dtype=fx)), axis=2)
    kern = concatenate((zeros(tuple(kern.shape[:3]) + (pad[1],), dtype=fx), kern,
                        zeros(tuple(kern.shape[:3]) + (double_pad[1] - pad[1],), dtype=fx)), axis=3)
    # the image is the filter: dilating it by the ratio spreads its pixels over the zero-padded pyramid kernel
    up = conv2d(kern, concat, border_mode="valid", filter_dilation=ratio, subsample=subsample)
    return up.reshape((input.shape[0], input.shape[1], up.shape[2], up.shape[3]))


def bilinear_upsampling(input, ratio=None, frac_ratio=None, batch_size=None, num_input_channels=None,
                        use_1D_kernel=True):
    """Upsample images (batch, channels, rows, cols) by an integer `ratio` (or `frac_ratio`) with bilinear
    interpolation, as a transposed convolution with a fixed kernel; the edges are repeated, as in Theano."""
    if ratio and frac_ratio:
        raise ValueError("can't use ratio and frac_ratio together")
    if not (ratio or frac_ratio):
        raise ValueError("No ratio (or frac_ratio) provided")
    input = as_tensor_variable(input)
    if frac_ratio:
        if use_1D_kernel:
            raise ValueError("For fractional ratios 1D kernel method not implemented. You may want to pass "
                             "use_1D_kernel as False")
        return frac_bilinear_upsampling(input, frac_ratio=frac_ratio)
    try:
        up_bs = batch_size * num_input_channels
    except TypeError:
        up_bs = None
    row, col = input.shape[2:]
    concat = _edge_padded(input)
    pad = 2 * ratio - (ratio - 1) // 2 - 1
    if use_1D_kernel:
        kern = bilinear_kernel_1D(ratio=ratio, normalize=True)
        rows = conv2d_grad_wrt_inputs(concat, kern[np.newaxis, np.newaxis, :, np.newaxis],
                                      input_shape=(up_bs, 1, row * ratio, col + 2), filter_shape=(1, 1, None, 1),
                                      border_mode=(pad, 0), subsample=(ratio, 1), filter_flip=True,
                                      filter_dilation=(1, 1))
        up = conv2d_grad_wrt_inputs(rows, kern[np.newaxis, np.newaxis, np.newaxis, :],
                                    input_shape=(up_bs, 1, row * ratio, col * ratio), filter_shape=(1, 1, 1, None),
                                    border_mode=(0, pad), subsample=(1, ratio), filter_flip=True,
                                    filter_dilation=(1, 1))
    else:
        kern = bilinear_kernel_2D(ratio=ratio, normalize=True)
        up = conv2d_grad_wrt_inputs(concat, kern[np.newaxis, np.newaxis, :, :],
                                    input_shape=(up_bs, 1, row * ratio, col * ratio), filter_shape=(1, 1, None, None),
                                    border_mode=(pad, pad), subsample=(ratio, ratio), filter_flip=True,
                                    filter_dilation=(1, 1))
    return up.reshape((input.shape[0], input.shape[1], row * ratio, col * ratio))
