"""Theano's older convolution interfaces: tensor/nnet/conv.py (ConvOp and its conv2d), the deprecated
`image_shape` alias of tensor.nnet.conv2d, and tensor/signal/conv.py's conv2d on 2-D/3-D stacks.

ConvOp is a true 2-D convolution (flipped filters) in 'valid' or 'full' mode with a subsampling (dx, dy);
it lowers through the same JAX function as AbstractConv2d and its gradient is AbstractConv2d's.
"""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op
from theano.frontend.ops.broadcast import patternbroadcast
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.conv import AbstractConv2d, get_conv_output_shape, spatial_pads
from theano.frontend.ops.conv_host import host_forward
from theano.frontend.ops.conv_functions import conv2d as abstract_conv2d
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.join import join, stack
from theano.frontend.ops.layout import flatten
from theano.frontend.ops.shape import reshape
from theano.frontend.type import TensorType

__all__ = ["ConvOp", "legacy_conv2d", "nnet_conv2d", "signal_conv2d"]


def _opt_int(v: Any) -> int | None:
    return None if v is None else int(v)


class ConvOp(Op):
    """tensor.nnet.conv.ConvOp: a batch of images convolved with a bank of (flipped) filters."""

    __props__ = ("imshp", "kshp", "nkern", "bsize", "dx", "dy", "out_mode")

    def __init__(self, imshp=None, kshp=None, nkern=None, bsize=None, dx=1, dy=1, output_mode="valid",
                 unroll_batch=None, unroll_kern=None, unroll_patch=None, imshp_logical=None, kshp_logical=None,
                 kshp_logical_top_aligned=True, verbose=0, version=-1, direction_hint="forward", openmp=None):
        if output_mode not in ("valid", "full"):
            raise ValueError('Mode %s not implemented' % str(output_mode))
        if imshp_logical is not None or kshp_logical is not None:
            raise NotImplementedError("ConvOp: imshp_logical / kshp_logical (logical upsampling) are not supported")
        self.imshp = None if imshp is None else tuple(_opt_int(s) for s in imshp)
        if self.imshp is not None and len(self.imshp) == 2:
            self.imshp = (1,) + self.imshp
        self.kshp = None if kshp is None else tuple(_opt_int(s) for s in kshp)
        self.nkern, self.bsize = _opt_int(nkern), _opt_int(bsize)
        self.dx, self.dy = int(dx), int(dy)
        self.out_mode = output_mode

    def _abstract(self) -> AbstractConv2d:
        imshp = (self.bsize,) + (self.imshp if self.imshp is not None else (None, None, None))
        kshp = (self.nkern, imshp[1]) + (self.kshp if self.kshp is not None else (None, None))
        return AbstractConv2d(imshp=imshp, kshp=kshp, border_mode=self.out_mode, subsample=(self.dx, self.dy),
                              filter_flip=True)

    def make_node(self, inputs, kerns):
        inputs, kerns = as_tensor_variable(inputs), as_tensor_variable(kerns)
        if inputs.ndim != 4:
            raise TypeError("ConvOp (make_node) requires input be a 4D tensor; received \"%s\" (%i dims)"
                            % (inputs, inputs.ndim))
        if kerns.ndim != 4:
            raise TypeError("make_node requires 4D tensor of kernels")
        dtype = _dt.upcast(inputs.dtype, kerns.dtype)
        bcast = (inputs.broadcastable[0], kerns.broadcastable[0], False, False)
        return Apply(self, [inputs, kerns], [TensorType(dtype, bcast)()])

    def infer_shape(self, node, input_shapes):
        imshp, kshp = input_shapes
        op = self._abstract()
        imshp = [imshp[i] if op.imshp[i] is None else op.imshp[i] for i in range(4)]
        kshp = [kshp[i] if op.kshp[i] is None else op.kshp[i] for i in range(4)]
        return [get_conv_output_shape(imshp, kshp, op.border_mode, op.subsample)]

    def grad(self, inp, grads):
        inputs, kerns = inp
        gz, = grads
        # Theano 1.0.5 disabled these two gradients of the legacy ConvOp (a bug in its implementation); its
        # message sends users to tensor.nnet.conv2d, whose gradient (AbstractConv2d's) covers every stride
        if self.out_mode == "valid" and (self.dx, self.dy) != (1, 1):
            raise NotImplementedError(
                "ERROR: ConvOp.grad is now disabled for 'valid' convolutions with"
                " stride != (1, 1); call theano.tensor.nnet.conv2d() instead.")
        if self.dx not in (1, 2) or self.dy not in (1, 2):
            raise NotImplementedError(
                "ERROR: We disable ConvOp.grad now when output_mode is not"
                " 'valid' and dx or dy are greater than 2, as there is a bug"
                " in it. See `abstract_conv2d <>`_ for a version that support this.")
        op = self._abstract()
        dtype = self.make_node(inputs, kerns).outputs[0].dtype
        img, kern = cast(inputs, dtype), cast(kerns, dtype)
        d_img, d_kern = op.grad([img, kern], [gz])
        d_img = patternbroadcast(cast(d_img, inputs.dtype), inputs.broadcastable)
        d_kern = patternbroadcast(cast(d_kern, kerns.dtype), kerns.broadcastable)
        return [d_img, d_kern]

    def host_impl(self, node, img, kern):
        op = self._abstract()
        return host_forward(op, img, kern, node.outputs[0].dtype, spatial_pads(op, kern.shape[-2:]))

    def as_abstract(self) -> AbstractConv2d:
        """The AbstractConv2d computing the same thing (used by the lowering)."""
        return self._abstract()


def _constant_shape(shape: Any, what: str) -> list | None:
    if shape is None:
        return None
    shape = list(shape)
    for i, s in enumerate(shape):
        if s is None:
            continue
        try:
            value = get_scalar_constant_value(as_tensor_variable(s))
        except NotScalarConstantError:
            raise NotScalarConstantError("The convolution need that the shape information are constant values. "
                                         "We got %s for the %s parameter" % (s, what)) from None
        shape[i] = int(value)
    return shape


def legacy_conv2d(input, filters, image_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1),
                  **kargs):
    """tensor.nnet.conv.conv2d (deprecated in Theano): a ConvOp; the unroll_* / openmp keywords are accepted and
    have no effect (XLA chooses the implementation)."""
    warnings.warn("theano.tensor.nnet.conv.conv2d is deprecated. Use theano.tensor.nnet.conv2d instead.",
                  stacklevel=2)  # Theano 1.0.5's warning (it pointed into conv.py; here it names the caller's line)
    image_shape = _constant_shape(image_shape, "image_shape")
    filter_shape = _constant_shape(filter_shape, "filter_shape")
    if image_shape and filter_shape and image_shape[1] is not None and filter_shape[1] is not None:
        assert image_shape[1] == filter_shape[1], "image_shape[1] != filter_shape[1]"
    nkern, kshp = (filter_shape[0], tuple(filter_shape[2:])) if filter_shape is not None else (None, None)
    bsize, imshp = (image_shape[0], tuple(image_shape[1:])) if image_shape is not None else (None, None)
    if kshp is not None and None in kshp:
        kshp = None
    if imshp is not None and None in imshp[1:]:
        imshp = None
    known = {k: kargs[k] for k in ("unroll_batch", "unroll_kern", "unroll_patch", "imshp_logical", "kshp_logical",
                                   "kshp_logical_top_aligned", "verbose", "version", "direction_hint", "openmp")
             if k in kargs}
    op = ConvOp(output_mode=border_mode, dx=subsample[0], dy=subsample[1], imshp=imshp, kshp=kshp, nkern=nkern,
                bsize=bsize, **known)
    return op(input, filters)


def nnet_conv2d(input, filters, input_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1),
                filter_flip=True, image_shape=None, filter_dilation=(1, 1), num_groups=1, unshared=False):
    """tensor.nnet.conv2d: abstract_conv.conv2d, also accepting the deprecated `image_shape` for input_shape."""
    if image_shape is not None:
        warnings.warn("The `image_shape` keyword argument to `tensor.nnet.conv2d` is deprecated, it has been "
                      "renamed to `input_shape`.", stacklevel=2)
        if input_shape is None:
            input_shape = image_shape
        else:
            raise ValueError("input_shape and image_shape should not be provided at the same time.")
    return abstract_conv2d(input, filters, input_shape, filter_shape, border_mode, subsample, filter_flip,
                           filter_dilation, num_groups, unshared)


def signal_conv2d(input, filters, image_shape=None, filter_shape=None, border_mode="valid", subsample=(1, 1),
                  **kargs):
    """tensor.signal.conv.conv2d: images ([n,] rows, cols) with filters ([k,] rows, cols); the output drops the
    image and filter axes the inputs did not have."""
    input, filters = as_tensor_variable(input), as_tensor_variable(filters)
    if input.ndim not in (2, 3):
        raise AssertionError("input must be a 2-D or 3-D tensor, got %d dimensions" % input.ndim)
    if filters.ndim not in (2, 3):
        raise AssertionError("filters must be a 2-D or 3-D tensor, got %d dimensions" % filters.ndim)
    if filter_shape and image_shape:
        bsize = image_shape[0] if input.ndim == 3 else 1
        imshp = (1,) + tuple(image_shape[-2:])
        nkern = filter_shape[0] if filters.ndim == 3 else 1
        kshp = tuple(filter_shape[-2:])
    else:
        nkern = kshp = bsize = imshp = None
    sym_bsize = input.shape[0] if input.ndim == 3 else 1
    sym_nkern = filters.shape[0] if filters.ndim == 3 else 1
    input4d = reshape(input, join(0, stack([sym_bsize, 1]), input.shape[-2:]), ndim=4)
    filters4d = reshape(filters, join(0, stack([sym_nkern, 1]), filters.shape[-2:]), ndim=4)
    known = {k: v for k, v in kargs.items() if k in ("unroll_batch", "unroll_kern", "unroll_patch", "verbose",
                                                       "version", "direction_hint", "openmp")}
    op = ConvOp(output_mode=border_mode, dx=subsample[0], dy=subsample[1], imshp=imshp, kshp=kshp, nkern=nkern,
                bsize=bsize, **known)
    output = op(input4d, filters4d)
    if input.ndim == 2 and filters.ndim == 2:
        output = flatten(output.T, ndim=2).T
    elif input.ndim == 2 or filters.ndim == 2:
        output = flatten(output.T, ndim=3).T
    return output
