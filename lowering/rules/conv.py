"""Lowering of the abstract convolutions (frontend/ops/conv.py) to lax.conv_general_dilated.

The forward convolution is one lax.conv_general_dilated (filters flipped when filter_flip, num_groups as
feature_group_count); the unshared (locally connected) one contracts the input's patches with the per-position
filters. gradWeights and gradInputs are the vector-Jacobian products of that same forward function, which XLA
turns into the transposed convolutions. Contractions run at the precision policy (lowering/precision.py; full
float32 by default).
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from theano.frontend.ops.conv import (AbstractConv, AbstractConv_gradInputs, AbstractConv_gradWeights,
                                      spatial_pads)
from theano.lowering.precision import conv_precision, dot_precision
from theano.lowering.registry import LoweringContext, lowers

_DIMS = {2: ("NCHW", "OIHW", "NCHW"), 3: ("NCDHW", "OIDHW", "NCDHW")}


def _forward(op: Any, img: Any, kern: Any) -> Any:
    """conv(img, kern) for the op's parameters, on arrays of one dtype."""
    nd = op.convdim
    kspatial = kern.shape[-nd:]
    pads = spatial_pads(op, kspatial)
    if op.filter_flip:
        kern = jnp.flip(kern, axis=tuple(range(kern.ndim - nd, kern.ndim)))
    if op.unshared:
        return _unshared(op, img, kern, pads)
    return lax.conv_general_dilated(img, kern, window_strides=op.subsample, padding=pads,
                                    rhs_dilation=op.filter_dilation, dimension_numbers=_DIMS[nd],
                                    feature_group_count=op.num_groups, precision=conv_precision())


def _unshared(op: Any, img: Any, kern: Any, pads: Sequence[tuple[int, int]]) -> Any:
    """Locally connected 2-D convolution: kern is (out ch, out rows, out cols, in ch / groups, krows, kcols)."""
    nout, orow, ocol, cpg, kr, kc = kern.shape
    g = op.num_groups
    patches = lax.conv_general_dilated_patches(img, (kr, kc), op.subsample, pads, rhs_dilation=op.filter_dilation,
                                               dimension_numbers=_DIMS[2], precision=conv_precision())
    n, _, pr, pc = patches.shape
    if (pr, pc) != (orow, ocol):
        raise ValueError("AbstractConv2d (unshared): the filters are for an output of %dx%d positions but the "
                         "convolution gives %dx%d" % (orow, ocol, pr, pc))
    patches = patches.reshape(n, g, cpg * kr * kc, pr, pc)
    kern = kern.reshape(g, nout // g, orow, ocol, cpg * kr * kc)
    out = jnp.einsum("ngkij,goijk->ngoij", patches, kern, precision=dot_precision(kern.dtype))
    return out.reshape(n, nout, pr, pc)


def _cast(x: Any, dtype: str) -> Any:
    x = jnp.asarray(x)
    return x if x.dtype == np.dtype(dtype) else x.astype(dtype)


def _check_channels(op: Any, img_shape: tuple, kern_shape: tuple) -> None:
    nd = op.convdim
    kchan = kern_shape[-nd - 1]
    if img_shape[1] != kchan * op.num_groups:
        raise ValueError("%s: the input has %d channels but the filters expect %d (%d per group, %d groups)"
                         % (type(op).__name__, img_shape[1], kchan * op.num_groups, kchan, op.num_groups))
    if kern_shape[0] % op.num_groups:
        raise ValueError("%s: the number of filters (%d) must be divisible by num_groups (%d)"
                         % (type(op).__name__, kern_shape[0], op.num_groups))
    if op.unshared and img_shape[1] % op.num_groups:
        raise ValueError("%s: the number of input channels must be divisible by num_groups" % type(op).__name__)


def _check_given_shapes(op: Any, img_shape: tuple, kern_shape: tuple) -> None:
    for what, given, actual in (("image", op.imshp, img_shape), ("filters", op.kshp, kern_shape)):
        if any(g is not None and g != a for g, a in zip(given, actual)):
            raise ValueError("%s shape mismatch: shape of %s %s does not match the given %s %s"
                             % (type(op).__name__, what, tuple(actual), "imshp" if what == "image" else "kshp",
                                tuple(given)))


def _asserted_shapes(node: Any, checks: Sequence[tuple[int, Any, Any]]) -> None:
    """Under config.conv.assert_shape the convolution's inputs are wrapped in shape Asserts (frontend assert_shape):
    a shape that differs from the given one fails that Assert, with Theano's AssertionError and message, before
    this lowering could report it otherwise. `checks`: (input index, given shape, actual shape)."""
    from theano.frontend.ops.host_check import Assert

    for k, given, actual in checks:
        owner = node.inputs[k].owner
        if owner is not None and isinstance(owner.op, Assert) and given is not None and \
                any(g is not None and g != a for g, a in zip(given, actual)):
            raise AssertionError(owner.op.msg)


@lowers(AbstractConv)
def lower_abstract_conv(node: Any, ctx: LoweringContext, img: Any, kern: Any) -> Any:
    _asserted_shapes(node, [(0, node.op.imshp, np.shape(img)), (1, node.op.kshp, np.shape(kern))])
    return convolve(node.op, node.outputs[0].dtype, img, kern)


def convolve(op: Any, dtype: str, img: Any, kern: Any) -> Any:
    """The forward convolution of `op` in `dtype`, after Theano's checks of the run-time shapes."""
    _check_channels(op, tuple(np.shape(img)), tuple(np.shape(kern)))
    _check_given_shapes(op, tuple(np.shape(img)), tuple(np.shape(kern)))
    out = _forward(op, _cast(img, dtype), _cast(kern, dtype))
    if any(d <= 0 for d in out.shape[2:]):
        raise ValueError("The convolution would produce an invalid shape %s" % (tuple(out.shape),))
    return out


def _concrete_spatial(node: Any, shape: Any) -> tuple[int, ...]:
    """The spatial output shape input as ints (it is static in the trace unless it reads input values, and
    then the host shape program gives the output shape instead)."""
    try:
        return tuple(int(s) for s in np.asarray(shape))
    except Exception:  # a traced value
        raise NotImplementedError(f"{node.op}: the output shape must be known when compiling") from None


def _vjp_error(op: Any, err: Exception, what: str) -> ValueError:
    return ValueError("%s: the given %s shape is not consistent with the other inputs (%s)"
                      % (type(op).__name__, what, err))


@lowers(AbstractConv_gradWeights)
def lower_abstract_conv_grad_weights(node: Any, ctx: LoweringContext, img: Any, topgrad: Any, shape: Any) -> Any:
    op = node.op
    _asserted_shapes(node, [(0, op.imshp, np.shape(img))])
    dtype = node.outputs[0].dtype
    img, topgrad = _cast(img, dtype), _cast(topgrad, dtype)
    if ctx.out_shapes is not None:
        kshape = tuple(int(s) for s in ctx.out_shapes[0])
    else:
        spatial = _concrete_spatial(node, shape)
        kspec = (topgrad.shape[1],) + ((tuple(topgrad.shape[2:]) if op.unshared else ()) +
                                      (img.shape[1] // op.num_groups,)) + spatial
        kshape = tuple(k if g is None else g for k, g in zip(kspec, op.kshp))
    _check_channels(op, tuple(img.shape), kshape)
    zeros = jnp.zeros(kshape, dtype)
    try:
        out, vjp = jax.vjp(lambda k: _forward(op, img, k), zeros)
    except (TypeError, ValueError) as err:
        raise _vjp_error(op, err, "filter") from None
    if tuple(out.shape) != tuple(topgrad.shape):
        raise ValueError("%s: a convolution of the image %s with filters %s gives %s, not the output gradient's "
                         "shape %s" % (type(op).__name__, tuple(img.shape), kshape, tuple(out.shape),
                                       tuple(topgrad.shape)))
    return vjp(topgrad)[0]


@lowers(AbstractConv_gradInputs)
def lower_abstract_conv_grad_inputs(node: Any, ctx: LoweringContext, kern: Any, topgrad: Any, shape: Any) -> Any:
    op = node.op
    _asserted_shapes(node, [(0, op.kshp, np.shape(kern))])
    dtype = node.outputs[0].dtype
    kern, topgrad = _cast(kern, dtype), _cast(topgrad, dtype)
    nd = op.convdim
    if ctx.out_shapes is not None:
        ishape = tuple(int(s) for s in ctx.out_shapes[0])
    else:
        spatial = _concrete_spatial(node, shape)
        ispec = (topgrad.shape[0], kern.shape[-nd - 1] * op.num_groups) + spatial
        ishape = tuple(i if g is None else g for i, g in zip(ispec, op.imshp))
    _check_channels(op, ishape, tuple(kern.shape))
    zeros = jnp.zeros(ishape, dtype)
    try:
        out, vjp = jax.vjp(lambda x: _forward(op, x, kern), zeros)
    except (TypeError, ValueError) as err:
        raise _vjp_error(op, err, "image") from None
    if tuple(out.shape) != tuple(topgrad.shape):
        raise ValueError("%s: a convolution of an image %s with the filters %s gives %s, not the output gradient's "
                         "shape %s" % (type(op).__name__, ishape, tuple(kern.shape), tuple(out.shape),
                                       tuple(topgrad.shape)))
    return vjp(topgrad)[0]

