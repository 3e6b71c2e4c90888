"""Lowering of Images2Neibs: a gather with index tables computed in numpy from the static image shape.

neib_shape and neib_step decide the gather pattern, so they must be known while tracing; when they are
computed from run-time values (neibs2images with a shape given as an input), the op runs its numpy
implementation in a host callback, with the output shape from the host shape program.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.neighbours import Images2Neibs, patch_indices
from theano.lowering.callback import host_call
from theano.lowering.registry import LoweringContext, lowers


def _concrete(value: Any) -> np.ndarray | None:
    try:
        return np.asarray(value)
    except Exception:  # a traced value
        return None


@lowers(Images2Neibs)
def lower_images2neibs(node: Any, ctx: LoweringContext, ten4: Any, neib_shape: Any, neib_step: Any) -> Any:
    shape_v, step_v = _concrete(neib_shape), _concrete(neib_step)
    dtype = node.outputs[0].dtype
    if shape_v is None or step_v is None:
        out_shape = tuple(ctx.out_shapes[0]) if ctx.out_shapes is not None else None
        if out_shape is None:
            raise NotImplementedError(f"{node.op}: neib_shape and neib_step must be known when compiling")
        op = node.op

        def host(x: Any, shp: Any, stp: Any) -> tuple:
            return (op.host_impl(node, np.asarray(x), np.asarray(shp), np.asarray(stp)),)

        return host_call(host, [out_shape], [dtype], ten4, neib_shape, neib_step)[0]
    x = jnp.asarray(ten4)
    rows, row_ok, cols, col_ok = patch_indices(node.op.mode, np.shape(x), shape_v, step_v)
    h, w = np.shape(x)[2], np.shape(x)[3]
    patches = x[:, :, rows.clip(0, max(h - 1, 0))][..., cols.clip(0, max(w - 1, 0))]  # (n, s, gc, c, gd, d)
    mask = row_ok[:, :, None, None] & col_ok[None, None, :, :]
    if not mask.all():
        patches = jnp.where(mask, patches, jnp.zeros((), x.dtype))
    patches = jnp.transpose(patches, (0, 1, 2, 4, 3, 5))
    return jnp.reshape(patches, (-1, rows.shape[1] * cols.shape[1])).astype(dtype)


def _runs_host_code(node: Any) -> bool:
    """Whether the rule takes the host-callback path: neib_shape / neib_step not constants."""
    return node.op.value_dependent_shape(node)


lower_images2neibs.runs_host_code = _runs_host_code  # type: ignore[attr-defined]
