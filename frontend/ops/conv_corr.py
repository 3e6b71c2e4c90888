"""tensor/nnet/corr.py and corr3d.py's CorrMM / Corr3dMM ops: cross-correlations (filters not flipped).

In Theano they are the CPU implementations the abstract convolutions were rewritten into; here they are the
abstract convolution ops with filter_flip=False and Theano's constructors, and their gradient ops accept
`shape=None` where the spatial shape follows from the inputs (no subsampling, border mode not 'half').
"""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.conv import (AbstractConv2d, AbstractConv2d_gradInputs, AbstractConv2d_gradWeights,
                                      AbstractConv3d, AbstractConv3d_gradInputs, AbstractConv3d_gradWeights,
                                      get_conv_gradinputs_shape_1axis, get_conv_gradweights_shape_1axis)

__all__ = ["CorrMM", "CorrMM_gradWeights", "CorrMM_gradInputs", "Corr3dMM", "Corr3dMM_gradWeights",
           "Corr3dMM_gradInputs"]


def _inferred(op: Any, shape: Any, known: Any, other: Any, what: str, fn: Any) -> Any:
    """`shape`, or the spatial shape computed from the image/kernel shape `known` and the output shape `other`."""
    if shape is not None:
        return shape
    if any(s != 1 for s in op.subsample) or op.border_mode == "half":
        raise ValueError("shape must be given if subsample != %s or border_mode == \"half\""
                         % ((1,) * op.convdim,))
    nd = op.convdim
    mode = op.border_mode
    return [fn(known[-nd + i], other[2 + i], mode[i] if isinstance(mode, tuple) else mode, 1,
               op.filter_dilation[i]) for i in range(nd)]


class CorrMM(AbstractConv2d):
    """2-D cross-correlation (Theano's CPU CorrMM)."""

    def __init__(self, border_mode="valid", subsample=(1, 1), filter_dilation=(1, 1), num_groups=1, unshared=False):
        AbstractConv2d.__init__(self, border_mode=border_mode, subsample=subsample, filter_flip=False,
                                filter_dilation=filter_dilation, num_groups=num_groups, unshared=unshared)


class CorrMM_gradWeights(AbstractConv2d_gradWeights):
    """Gradient of CorrMM with respect to the filters."""

    def __init__(self, border_mode="valid", subsample=(1, 1), filter_dilation=(1, 1), num_groups=1, unshared=False):
        AbstractConv2d_gradWeights.__init__(self, border_mode=border_mode, subsample=subsample, filter_flip=False,
                                            filter_dilation=filter_dilation, num_groups=num_groups,
                                            unshared=unshared)

    def make_node(self, img, topgrad, shape=None, add_assert_shape=True):
        shape = _inferred(self, shape, img.shape, topgrad.shape, "kernel", get_conv_gradweights_shape_1axis)
        return AbstractConv2d_gradWeights.make_node(self, img, topgrad, shape)


class CorrMM_gradInputs(AbstractConv2d_gradInputs):
    """Gradient of CorrMM with respect to the input."""

    def __init__(self, border_mode="valid", subsample=(1, 1), filter_dilation=(1, 1), num_groups=1, unshared=False):
        AbstractConv2d_gradInputs.__init__(self, border_mode=border_mode, subsample=subsample, filter_flip=False,
                                           filter_dilation=filter_dilation, num_groups=num_groups, unshared=unshared)

    def make_node(self, kern, topgrad, shape=None, add_assert_shape=True):
        shape = _inferred(self, shape, kern.shape, topgrad.shape, "image", get_conv_gradinputs_shape_1axis)
        return AbstractConv2d_gradInputs.make_node(self, kern, topgrad, shape)


class Corr3dMM(AbstractConv3d):
    """3-D cross-correlation (Theano's CPU Corr3dMM)."""

    def __init__(self, border_mode="valid", subsample=(1, 1, 1), filter_dilation=(1, 1, 1), num_groups=1):
        AbstractConv3d.__init__(self, border_mode=border_mode, subsample=subsample, filter_flip=False,
                                filter_dilation=filter_dilation, num_groups=num_groups)


class Corr3dMM_gradWeights(AbstractConv3d_gradWeights):
    """Gradient of Corr3dMM with respect to the filters."""

    def __init__(self, border_mode="valid", subsample=(1, 1, 1), filter_dilation=(1, 1, 1), num_groups=1):
        AbstractConv3d_gradWeights.__init__(self, border_mode=border_mode, subsample=subsample, filter_flip=False,
                                            filter_dilation=filter_dilation, num_groups=num_groups)

    def make_node(self, img, topgrad, shape=None, add_assert_shape=True):
        shape = _inferred(self, shape, img.shape, topgrad.shape, "kernel", get_conv_gradweights_shape_1axis)
        return AbstractConv3d_gradWeights.make_node(self, img, topgrad, shape)


class Corr3dMM_gradInputs(AbstractConv3d_gradInputs):
    """Gradient of Corr3dMM with respect to the input."""

    def __init__(self, border_mode="valid", subsample=(1, 1, 1), filter_dilation=(1, 1, 1), num_groups=1):
        AbstractConv3d_gradInputs.__init__(self, border_mode=border_mode, subsample=subsample, filter_flip=False,
                                           filter_dilation=filter_dilation, num_groups=num_groups)

    def make_node(self, kern, topgrad, shape=None, add_assert_shape=True):
        shape = _inferred(self, shape, kern.shape, topgrad.shape, "image", get_conv_gradinputs_shape_1axis)
        return AbstractConv3d_gradInputs.make_node(self, kern, topgrad, shape)
