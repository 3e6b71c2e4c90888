"""tensor/nnet/abstract_conv.py's ops: AbstractConv{2,3}d and their gradWeights / gradInputs, and the shape helpers.

Theano's layout: images (batch, channels, *spatial), filters (out channels, in channels / groups, *kernel),
unshared 2-D filters (out channels, out rows, out cols, in channels / groups, krows, kcols). With
filter_flip=True the filters are flipped (a true convolution), otherwise it is a cross-correlation.
The gradient of a convolution is its gradWeights / gradInputs ops, and theirs are the other two, as in Theano.
The gradient ops take the spatial shape they produce as a symbolic input, so their output shape is computed
by the host shape program unless it is constant.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.broadcast import patternbroadcast
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.conv_host import host_forward, host_grad_inputs, host_grad_weights
from theano.frontend.ops.host_check import Assert
from theano.frontend.ops.math import eq, ge, gt

__all__ = [
    "get_conv_output_shape", "get_conv_shape_1axis", "get_conv_gradweights_shape",
    "get_conv_gradweights_shape_1axis", "get_conv_gradinputs_shape", "get_conv_gradinputs_shape_1axis",
    "check_conv_gradinputs_shape", "assert_conv_shape", "assert_shape", "border_mode_to_pad",
    "BaseAbstractConv", "AbstractConv", "AbstractConv2d", "AbstractConv3d",
    "AbstractConv_gradWeights", "AbstractConv2d_gradWeights", "AbstractConv3d_gradWeights",
    "AbstractConv_gradInputs", "AbstractConv2d_gradInputs", "AbstractConv3d_gradInputs",
]

_INTS = (int, np.integer)


# --------------------------------------------------------------------------- shape helpers

def _pads_1axis(border_mode: Any, dil_kernel_shape: Any) -> tuple[Any, Any]:
    if border_mode == "half":
        return dil_kernel_shape // 2, dil_kernel_shape // 2
    if border_mode == "full":
        return dil_kernel_shape - 1, dil_kernel_shape - 1
    if border_mode == "valid":
        return 0, 0
    pad_l, pad_r = border_mode if isinstance(border_mode, tuple) else (border_mode, border_mode)
    if pad_l < 0 or pad_r < 0:
        raise ValueError("border_mode must be >= 0")
    return pad_l, pad_r


def get_conv_shape_1axis(image_shape, kernel_shape, border_mode, subsample, dilation=1):
    """Output length of a convolution along one axis (None where a size is unknown)."""
    if any(v is None for v in (image_shape, kernel_shape, border_mode, subsample, dilation)):
        return None
    dil_kernel_shape = kernel_shape if _is_one(dilation) else (kernel_shape - 1) * dilation + 1
    pad_l, pad_r = _pads_1axis(border_mode, dil_kernel_shape)
    if border_mode == "valid" and _is_one(subsample):  # the smallest graph for symbolic sizes
        return image_shape - dil_kernel_shape + 1
    out_shp = image_shape - dil_kernel_shape
    if not _is_zero(pad_l):
        out_shp += pad_l
    if not _is_zero(pad_r):
        out_shp += pad_r
    if not _is_one(subsample):
        out_shp = out_shp // subsample
    return out_shp + 1


def _is_one(v: Any) -> bool:
    return isinstance(v, _INTS) and v == 1


def _is_zero(v: Any) -> bool:
    return isinstance(v, _INTS) and v == 0


def _per_axis(border_mode: Any, i: int) -> Any:
    return border_mode[i] if isinstance(border_mode, tuple) else border_mode


def get_conv_output_shape(image_shape, kernel_shape, border_mode, subsample, filter_dilation=None):
    """(batch, out channels, *spatial) of a convolution; entries may be ints, symbolic scalars or None."""
    bsize, imshp = image_shape[0], image_shape[2:]
    convdim = len(image_shape) - 2
    nkern, kshp = kernel_shape[0], kernel_shape[-convdim:]
    if filter_dilation is None:
        filter_dilation = np.ones(len(subsample), dtype="int")
    out_shp = tuple(get_conv_shape_1axis(imshp[i], kshp[i], _per_axis(border_mode, i), subsample[i],
                                         filter_dilation[i]) for i in range(len(subsample)))
    return (bsize, nkern) + out_shp


def get_conv_gradweights_shape_1axis(image_shape, top_shape, border_mode, subsample, dilation):
    """Kernel length along one axis from image and output lengths; None when subsample != 1 or mode 'half'."""
    if any(v is None for v in (image_shape, top_shape, border_mode, subsample, dilation)):
        return None
    if subsample != 1 or border_mode == "half":
        return None
    if border_mode == "full":
        kernel_shape = top_shape - image_shape
    elif border_mode == "valid":
        kernel_shape = image_shape - top_shape
    else:
        pad_l, pad_r = _pads_1axis(border_mode, 0)
        kernel_shape = image_shape + pad_l + pad_r - top_shape
    if dilation > 1:
        kernel_shape = kernel_shape / dilation
    return kernel_shape + 1


def get_conv_gradweights_shape(image_shape, top_shape, border_mode, subsample, filter_dilation=None,
                               num_groups=1, unshared=False):
    """The kernel shape of a convolution's gradWeights, None where it cannot be told."""
    nkern, imshp = image_shape[1], image_shape[2:]
    nchan, topshp = top_shape[1], top_shape[2:]
    if filter_dilation is None:
        filter_dilation = np.ones(len(subsample), dtype="int")
    if num_groups > 1:
        nchan = nchan // num_groups
    out_shp = tuple(get_conv_gradweights_shape_1axis(imshp[i], topshp[i], _per_axis(border_mode, i), subsample[i],
                                                     filter_dilation[i]) for i in range(len(subsample)))
    if unshared:
        return (nchan,) + tuple(top_shape[2:]) + (nkern,) + out_shp
    return (nchan, nkern) + out_shp


def get_conv_gradinputs_shape_1axis(kernel_shape, top_shape, border_mode, subsample, dilation):
    """Image length along one axis from kernel and output lengths; None when subsample != 1."""
    if any(v is None for v in (kernel_shape, top_shape, border_mode, subsample, dilation)):
        return None
    if subsample != 1:
        return None
    dil_kernel_shape = (kernel_shape - 1) * dilation + 1
    pad_l, pad_r = _pads_1axis(border_mode, dil_kernel_shape)
    image_shape = top_shape + dil_kernel_shape - 1
    if not _is_zero(pad_l):
        image_shape -= pad_l
    if not _is_zero(pad_r):
        image_shape -= pad_r
    return image_shape


def get_conv_gradinputs_shape(kernel_shape, top_shape, border_mode, subsample, filter_dilation=None, num_groups=1):
    """The image shape of a convolution's gradInputs, None where it cannot be told."""
    bsize, topshp = top_shape[0], top_shape[2:]
    convdim = len(top_shape) - 2
    nkern, kshp = kernel_shape[1], kernel_shape[-convdim:]
    if filter_dilation is None:
        filter_dilation = np.ones(len(subsample), dtype="int")
    if num_groups > 1:
        nkern = nkern * num_groups
    out_shp = tuple(get_conv_gradinputs_shape_1axis(kshp[i], topshp[i], _per_axis(border_mode, i), subsample[i],
                                                    filter_dilation[i]) for i in range(len(subsample)))
    return (bsize, nkern) + out_shp


def check_conv_gradinputs_shape(image_shape, kernel_shape, output_shape, border_mode, subsample,
                                filter_dilation=None):
    """False if a convolution of these image and kernel shapes cannot give `output_shape`; True otherwise
    (also when symbolic sizes make it impossible to tell)."""
    image_shape, kernel_shape, output_shape = tuple(image_shape), tuple(kernel_shape), tuple(output_shape)
    if len(image_shape) != len(kernel_shape) or len(image_shape) != len(output_shape):
        return False
    if len(image_shape) - 2 != len(subsample):
        return False
    if filter_dilation is not None and len(image_shape) - 2 != len(filter_dilation):
        return False
    computed = get_conv_output_shape(image_shape, kernel_shape, border_mode, subsample, filter_dilation)

    def check_dim(given: Any, comp: Any) -> bool:
        if given is None or comp is None:
            return True
        try:
            return int(get_scalar_constant_value(given)) == int(get_scalar_constant_value(comp))
        except NotScalarConstantError:
            return True

    return all(check_dim(g, c) for g, c in zip(output_shape, computed))


def assert_conv_shape(shape):
    """`shape`, after checking its entries: batch/channels >= 0, convolution dims > 0. A constant entry is checked
    now (ValueError); a symbolic one is wrapped in an Assert that checks it at run time (AssertionError), as in
    Theano."""
    out_shape = []
    for i, n in enumerate(shape):
        try:
            const_n = get_scalar_constant_value(n)
        except NotScalarConstantError:
            if i < 2:
                out_shape.append(Assert("The convolution would produce an invalid shape (dim[%d] < 0)." % i)(n, ge(n, 0)))
            else:
                out_shape.append(Assert("The convolution would produce an invalid shape (dim[%d] <= 0)." % i)(n, gt(n, 0)))
            continue
        if i < 2 and const_n < 0:
            raise ValueError("The convolution would produce an invalid shape (dim[%d]: %d < 0)." % (i, const_n))
        if i >= 2 and const_n <= 0:
            raise ValueError("The convolution would produce an invalid shape (dim[%d]: %d <= 0)." % (i, const_n))
        out_shape.append(n)
    return tuple(out_shape)


def assert_shape(x, expected_shape, msg="Unexpected shape."):
    """`x` wrapped in an Assert that checks its shape against `expected_shape` (None entries unchecked) at run
    time (AssertionError(msg)), under config.conv.assert_shape (False by default: then `x` itself), as in Theano."""
    if expected_shape is None or not config.conv.assert_shape:
        return x
    x = as_tensor_variable(x)
    tests = [eq(x.shape[i], expected_shape[i]) for i in range(x.ndim) if expected_shape[i] is not None]
    return Assert(msg)(x, *tests) if tests else x


def border_mode_to_pad(mode, convdim, kshp):
    """((left, right),) * convdim padding for a border mode ('valid', 'full', 'half', or a tuple)."""
    if isinstance(mode, tuple):
        if len(mode) != convdim:
            raise ValueError("invalid border_mode {} which must be a tuple of length {}".format(mode, convdim))
        border: tuple = ()
        for m in mode:
            if isinstance(m, _INTS) and m >= 0:
                border += ((int(m), int(m)),)
            elif isinstance(m, tuple) and min(m) >= 0 and all(isinstance(b, _INTS) for b in m):
                if len(m) != 2:
                    raise NotImplementedError("Asymmetric padding not implemented for {}d".format(len(m)))
                border += ((int(m[0]), int(m[1])),)
            else:
                raise ValueError("invalid border mode {}. The tuple can only contain integers or tuples of "
                                 "length 2".format(mode))
        return border
    if mode == "full":
        return tuple((kshp[i] - 1,) * 2 for i in range(convdim))
    if mode == "half":
        return tuple((kshp[i] // 2,) * 2 for i in range(convdim))
    if mode == "valid":
        return ((0, 0),) * convdim
    raise ValueError('invalid border_mode {}, which must be either "valid", "full", "half", an integer or a tuple '
                     'of length {}'.format(mode, convdim))


def _normalize_border_mode(border_mode: Any, convdim: int) -> Any:
    if isinstance(border_mode, _INTS) and not isinstance(border_mode, bool):
        if border_mode < 0:
            raise ValueError("invalid border_mode {}, which must be a non-negative integer".format(border_mode))
        border_mode = (int(border_mode),) * convdim
    elif isinstance(border_mode, list):
        border_mode = tuple(border_mode)
    if isinstance(border_mode, tuple):
        if len(border_mode) != convdim:
            raise ValueError("invalid border_mode {}, which must be a tuple of length {}".format(border_mode, convdim))
        new: tuple = ()
        for mode in border_mode:
            if isinstance(mode, list):
                mode = tuple(mode)
            if not ((isinstance(mode, _INTS) and mode >= 0) or
                    (isinstance(mode, tuple) and len(mode) == 2 and min(mode) >= 0 and
                     all(isinstance(m, _INTS) for m in mode))):
                raise ValueError("invalid border mode {}. The tuple can only contain integers "
                                 " or pairs of integers".format(border_mode))
            if isinstance(mode, tuple):
                if convdim != 2:
                    raise NotImplementedError("Asymmetric padding not implemented for {}D".format(convdim))
                mode = int(mode[0]) if mode[0] == mode[1] else (int(mode[0]), int(mode[1]))
            else:
                mode = int(mode)
            new += (mode,)
        border_mode = new
        if all(m == (0, 0) or m == 0 for m in border_mode):
            border_mode = "valid"
    elif border_mode not in ("valid", "full", "half"):
        raise ValueError('invalid border_mode {}, which must be either "valid", "full", "half", an integer or a '
                         'tuple of length {}'.format(border_mode, convdim))
    return border_mode


def _constant_shape(shp: Any, n: int, what: str) -> tuple:
    if shp is None:
        return (None,) * n
    if isinstance(shp, Variable):
        raise ValueError("%s should be None or a tuple of constant int values" % what)
    shp = tuple(shp)
    if not shp:
        return (None,) * n
    out = []
    for s in shp:
        if s is None:
            out.append(None)
            continue
        try:
            out.append(int(get_scalar_constant_value(s, only_process_constants=True)))
        except NotScalarConstantError:
            raise ValueError("%s should be None or a tuple of constant int values" % what) from None
    return tuple(out)


# --------------------------------------------------------------------------- the ops

class BaseAbstractConv(Op):
    """Common parameters of the abstract convolution ops (Theano's BaseAbstractConv)."""

    check_broadcast = False
    __props__ = ("convdim", "border_mode", "subsample", "filter_flip", "imshp", "kshp", "filter_dilation",
                 "num_groups", "unshared")

    def __init__(self, convdim, imshp=None, kshp=None, border_mode="valid", subsample=None, filter_flip=True,
                 filter_dilation=None, num_groups=1, unshared=False):
        if convdim not in (2, 3):
            raise ValueError("convolution dimension {} is not supported".format(convdim))
        self.convdim = convdim
        subsample = (1,) * convdim if subsample is None else subsample
        filter_dilation = (1,) * convdim if filter_dilation is None else filter_dilation
        self.border_mode = _normalize_border_mode(border_mode, convdim)
        self.imshp = _constant_shape(imshp, 2 + convdim, "imshp")
        self.kshp = _constant_shape(kshp, (2 + 2 * convdim) if unshared else (2 + convdim), "kshp")
        self.filter_flip = bool(filter_flip)
        if len(subsample) != convdim:
            raise ValueError("subsample must have {} elements".format(convdim))
        self.subsample = tuple(int(s) for s in subsample)
        if len(filter_dilation) != convdim:
            raise ValueError("filter_dilation must have {} elements".format(convdim))
        self.filter_dilation = tuple(int(d) for d in filter_dilation)
        if num_groups < 1:
            raise ValueError("num_groups must have value greater than zero")
        self.num_groups = int(num_groups)
        if unshared and convdim != 2:
            raise NotImplementedError("Unshared convolution not implemented for %dD" % convdim)
        self.unshared = bool(unshared)

    def do_constant_folding(self, node: Apply) -> bool:
        return False

    def _twin(self, cls: type) -> Op:
        """The op of class `cls` (2d or 3d variant of this one) with the same parameters."""
        kwargs = dict(imshp=self.imshp, kshp=self.kshp, border_mode=self.border_mode, subsample=self.subsample,
                      filter_flip=self.filter_flip, filter_dilation=self.filter_dilation,
                      num_groups=self.num_groups)
        if self.convdim == 2:
            kwargs["unshared"] = self.unshared
        return cls(**kwargs)

    def _kind(self, kind: str) -> type:
        return _CLASSES[(kind, self.convdim)]

    def flops(self, inp, outp):
        """Multiply-adds of a 2-D convolution (for profiling), as Theano counts them."""
        if self.convdim != 2:
            raise NotImplementedError("flops not implemented for convdim={}".format(self.convdim))
        inputs, filters = inp
        outputs, = outp
        flops = filters[2] * filters[3] * 2 * outputs[2] * outputs[3]
        return flops * inputs[1] * filters[0] * inputs[0] / self.num_groups


def _tensor_input(x: Any) -> Variable:
    return x if isinstance(x, Variable) else as_tensor_variable(x)


def _check_filter_ndim(op: BaseAbstractConv, kern: Variable) -> None:
    if op.unshared:
        if kern.type.ndim != 2 + 2 * op.convdim:
            raise TypeError("kern must be %dD tensor for unshared convolution" % (2 + 2 * op.convdim))
    elif kern.type.ndim != 2 + op.convdim:
        raise TypeError("kern must be %dD tensor" % (2 + op.convdim))


def _shape_vector(shape: Any, convdim: int) -> Variable:
    shape = as_tensor_variable(shape)
    if shape.ndim != 1 or shape.dtype not in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                                                "uint64"):
        raise TypeError("shape must be a vector of %d integers (the spatial output shape), got %s"
                        % (convdim, shape.type))
    return shape


def _shape_entry(shape: Variable, i: int) -> Any:
    if isinstance(shape, Constant):
        return int(np.asarray(shape.data)[i])
    return shape[i]


class AbstractConv(BaseAbstractConv):
    """The forward convolution: conv(img, kern)."""

    def make_node(self, img, kern):
        img, kern = _tensor_input(img), _tensor_input(kern)
        if img.type.ndim != 2 + self.convdim:
            raise TypeError("img must be %dD tensor" % (2 + self.convdim))
        _check_filter_ndim(self, kern)
        img = assert_shape(img, self.imshp, "AbstractConv shape mismatch: shape of image does not match given imshp.")
        kern = assert_shape(kern, self.kshp,
                            "AbstractConv shape mismatch: shape of filters does not match given kshp.")
        broadcastable = [img.broadcastable[0], kern.broadcastable[0]] + [False] * self.convdim
        return Apply(self, [img, kern], [img.type.clone(broadcastable=broadcastable)()])

    def host_impl(self, node: Apply, img: np.ndarray, kern: np.ndarray) -> np.ndarray:
        return host_forward(self, img, kern, node.outputs[0].dtype, spatial_pads(self, kern.shape[-self.convdim:]))

    def R_op(self, inputs, eval_points):
        if self.num_groups > 1:
            raise NotImplementedError("Rop not implemented for grouped convolutions")
        if self.unshared:
            raise NotImplementedError("Rop not implemented for unshared convolution")
        rval = None
        if eval_points[0] is not None:
            rval = self.make_node(eval_points[0], inputs[1]).outputs[0]
        if eval_points[1] is not None:
            term = self.make_node(inputs[0], eval_points[1]).outputs[0]
            rval = term if rval is None else rval + term
        return [rval]

    def infer_shape(self, node, input_shapes):
        imshp, kshp = input_shapes
        imshp = [imshp[i] if self.imshp[i] is None else self.imshp[i] for i in range(2 + self.convdim)]
        kshp = [kshp[i] if self.kshp[i] is None else self.kshp[i] for i in range(len(self.kshp))]
        return [get_conv_output_shape(imshp, kshp, self.border_mode, self.subsample, self.filter_dilation)]

    def grad(self, inp, grads):
        bottom, weights = inp
        top, = grads
        spatial = bottom.shape[-self.convdim:]
        d_bottom = self._twin(self._kind("gradInputs"))(weights, top, spatial)
        d_weights = self._twin(self._kind("gradWeights"))(bottom, top, weights.shape[-self.convdim:])
        d_bottom = patternbroadcast(d_bottom, bottom.broadcastable)
        d_weights = patternbroadcast(d_weights, weights.broadcastable)
        return [d_bottom, d_weights]


class AbstractConv_gradWeights(BaseAbstractConv):
    """The gradient of a convolution with respect to its filters: gradWeights(img, topgrad, kernel spatial shape)."""

    def value_dependent_shape(self, node: Apply) -> bool:
        """The output shape comes from the `shape` input: unless it is a constant, the host shape program
        computes it (shape arithmetic is staged into the trace, so it is not static there)."""
        return not isinstance(node.inputs[2], Constant)

    def make_node(self, img, topgrad, shape, add_assert_shape=True):
        img, topgrad = _tensor_input(img), _tensor_input(topgrad)
        if img.type.ndim != 2 + self.convdim:
            raise TypeError("img must be %dD tensor" % (2 + self.convdim))
        if topgrad.type.ndim != 2 + self.convdim:
            raise TypeError("topgrad must be %dD tensor" % (2 + self.convdim))
        if add_assert_shape:
            img = assert_shape(img, self.imshp,
                               "AbstractConv_gradWeights shape mismatch: shape of image does not match given imshp.")
        shape = _shape_vector(shape, self.convdim)
        if self.unshared:
            broadcastable = ([topgrad.broadcastable[1]] + [False] * self.convdim + [img.broadcastable[1]] +
                             [False] * self.convdim)
        else:
            broadcastable = [topgrad.broadcastable[1], img.broadcastable[1]] + [False] * self.convdim
        return Apply(self, [img, topgrad, shape], [img.type.clone(broadcastable=broadcastable)()])

    def connection_pattern(self, node):
        return [[True], [True], [False]]

    def host_impl(self, node: Apply, img: np.ndarray, topgrad: np.ndarray, shape: np.ndarray) -> np.ndarray:
        spatial = [int(s) for s in shape]
        fallback = ([topgrad.shape[1]] + (list(topgrad.shape[2:]) if self.unshared else []) +
                    [img.shape[1] // self.num_groups] + spatial)
        kshape = [f if k is None else k for f, k in zip(fallback, self.kshp)]
        return host_grad_weights(self, img, topgrad, kshape, node.outputs[0].dtype,
                                 spatial_pads(self, kshape[-self.convdim:]))

    def infer_shape(self, node, input_shapes):
        imshp, topshp = input_shapes[0], input_shapes[1]
        spatial = [_shape_entry(node.inputs[2], i) for i in range(self.convdim)]
        if self.unshared:
            fallback = [topshp[1], topshp[2], topshp[3], imshp[1] // self.num_groups] + spatial
        else:
            fallback = [topshp[1], imshp[1] // self.num_groups] + spatial
        return [[fallback[i] if self.kshp[i] is None else self.kshp[i] for i in range(len(fallback))]]

    def grad(self, inp, grads):
        bottom, top = inp[:2]
        weights, = grads
        d_bottom = self._twin(self._kind("gradInputs"))(weights, top, bottom.shape[-self.convdim:])
        d_top = self._twin(self._kind("forward"))(bottom, weights)
        d_bottom = patternbroadcast(d_bottom, bottom.broadcastable)
        d_top = patternbroadcast(d_top, top.broadcastable)
        return [d_bottom, d_top, DisconnectedType()()]


class AbstractConv_gradInputs(BaseAbstractConv):
    """The gradient of a convolution with respect to its input: gradInputs(kern, topgrad, image spatial shape)."""

    def value_dependent_shape(self, node: Apply) -> bool:
        """The output shape comes from the `shape` input: unless it is a constant, the host shape program
        computes it (shape arithmetic is staged into the trace, so it is not static there)."""
        return not isinstance(node.inputs[2], Constant)

    def make_node(self, kern, topgrad, shape, add_assert_shape=True):
        kern, topgrad = _tensor_input(kern), _tensor_input(topgrad)
        _check_filter_ndim(self, kern)
        if topgrad.type.ndim != 2 + self.convdim:
            raise TypeError("topgrad must be %dD tensor" % (2 + self.convdim))
        if add_assert_shape:
            kern = assert_shape(kern, self.kshp,
                                "AbstractConv_gradInputs shape mismatch: shape of filters does not match given kshp.")
        shape = _shape_vector(shape, self.convdim)
        chan_b = False if self.num_groups > 1 else kern.broadcastable[-self.convdim - 1]
        broadcastable = [topgrad.broadcastable[0], chan_b] + [False] * self.convdim
        return Apply(self, [kern, topgrad, shape], [kern.type.clone(broadcastable=broadcastable)()])

    def connection_pattern(self, node):
        return [[True], [True], [False]]

    def host_impl(self, node: Apply, kern: np.ndarray, topgrad: np.ndarray, shape: np.ndarray) -> np.ndarray:
        fallback = [topgrad.shape[0], kern.shape[-self.convdim - 1] * self.num_groups] + [int(s) for s in shape]
        ishape = [f if i is None else i for f, i in zip(fallback, self.imshp)]
        return host_grad_inputs(self, kern, topgrad, ishape, node.outputs[0].dtype,
                                spatial_pads(self, kern.shape[-self.convdim:]))

    def infer_shape(self, node, input_shapes):
        kshp, topshp = input_shapes[0], input_shapes[1]
        chans = kshp[-self.convdim - 1]
        if self.num_groups > 1:
            chans = chans * self.num_groups
        fallback = [topshp[0], chans] + [_shape_entry(node.inputs[2], i) for i in range(self.convdim)]
        return [[fallback[i] if self.imshp[i] is None else self.imshp[i] for i in range(2 + self.convdim)]]

    def grad(self, inp, grads):
        weights, top = inp[:2]
        bottom, = grads
        d_weights = self._twin(self._kind("gradWeights"))(bottom, top, weights.shape[-self.convdim:])
        d_top = self._twin(self._kind("forward"))(bottom, weights)
        d_weights = patternbroadcast(d_weights, weights.broadcastable)
        d_top = patternbroadcast(d_top, top.broadcastable)
        return [d_weights, d_top, DisconnectedType()()]


def _subclass(base: type, name: str, convdim: int, doc: str) -> type:
    if convdim == 2:
        def __init__(self, imshp=None, kshp=None, border_mode="valid", subsample=(1, 1), filter_flip=True,
                     filter_dilation=(1, 1), num_groups=1, unshared=False):
            base.__init__(self, convdim=2, imshp=imshp, kshp=kshp, border_mode=border_mode, subsample=subsample,
                          filter_flip=filter_flip, filter_dilation=filter_dilation, num_groups=num_groups,
                          unshared=unshared)
    else:
        def __init__(self, imshp=None, kshp=None, border_mode="valid", subsample=(1, 1, 1), filter_flip=True,
                     filter_dilation=(1, 1, 1), num_groups=1):
            base.__init__(self, convdim=3, imshp=imshp, kshp=kshp, border_mode=border_mode, subsample=subsample,
                          filter_flip=filter_flip, filter_dilation=filter_dilation, num_groups=num_groups)
    return type(name, (base,), {"__init__": __init__, "__doc__": doc, "__module__": __name__})


AbstractConv2d = _subclass(AbstractConv, "AbstractConv2d", 2, "2-D forward convolution (Theano's AbstractConv2d).")
AbstractConv3d = _subclass(AbstractConv, "AbstractConv3d", 3, "3-D forward convolution (Theano's AbstractConv3d).")
AbstractConv2d_gradWeights = _subclass(AbstractConv_gradWeights, "AbstractConv2d_gradWeights", 2,
                                       "Gradient of AbstractConv2d with respect to the filters.")
AbstractConv3d_gradWeights = _subclass(AbstractConv_gradWeights, "AbstractConv3d_gradWeights", 3,
                                       "Gradient of AbstractConv3d with respect to the filters.")
AbstractConv2d_gradInputs = _subclass(AbstractConv_gradInputs, "AbstractConv2d_gradInputs", 2,
                                      "Gradient of AbstractConv2d with respect to the input.")
AbstractConv3d_gradInputs = _subclass(AbstractConv_gradInputs, "AbstractConv3d_gradInputs", 3,
                                      "Gradient of AbstractConv3d with respect to the input.")

_CLASSES = {
    ("forward", 2): AbstractConv2d, ("forward", 3): AbstractConv3d,
    ("gradWeights", 2): AbstractConv2d_gradWeights, ("gradWeights", 3): AbstractConv3d_gradWeights,
    ("gradInputs", 2): AbstractConv2d_gradInputs, ("gradInputs", 3): AbstractConv3d_gradInputs,
}


def conv_kind(op: Op) -> str:
    """'forward', 'gradWeights' or 'gradInputs' for an abstract convolution op."""
    if isinstance(op, AbstractConv_gradWeights):
        return "gradWeights"
    if isinstance(op, AbstractConv_gradInputs):
        return "gradInputs"
    return "forward"


def spatial_pads(op: BaseAbstractConv, kernel_spatial: Sequence[int]) -> list[tuple[int, int]]:
    """Numeric (left, right) padding per spatial axis for this op and these kernel sizes."""
    dil = [(int(k) - 1) * d + 1 for k, d in zip(kernel_spatial, op.filter_dilation)]
    return [tuple(int(p) for p in _pads_1axis(_per_axis(op.border_mode, i), dil[i])) for i in range(op.convdim)]
