"""Sliding-window patches (tensor.nnet.neighbours): Images2Neibs, images2neibs and neibs2images.

Images2Neibs turns a 4-d tensor (batch, channel, row, col) into a matrix with one flattened patch per
row, in Theano 1.0.5's order (batch, channel, patch row, patch col). Its gradient (modes valid and
ignore_borders, as in Theano) is the transposed gather: a scatter-add of the patches into a zero image,
built from frontend ops so that it stays symbolic.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import grad_not_implemented, grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.advanced_subtensor import advanced_inc_subtensor
from theano.frontend.ops.alloc import arange, zeros
from theano.frontend.ops.elemwise_table import ceil_intdiv
from theano.frontend.ops.host_check import HostCheck
from theano.frontend.ops.indexing import set_subtensor
from theano.frontend.ops.join import concatenate, stack
from theano.frontend.ops.reduce import prod
from theano.frontend.type import TensorType

__all__ = ["Images2Neibs", "images2neibs", "neibs2images"]

MODES = ("valid", "half", "full", "wrap_centered", "ignore_borders")


class Images2Neibs(Op):
    """Reshape a 4-d tensor into a matrix whose rows are its (neib_shape) patches, taken every neib_step."""

    __props__ = ("mode",)

    def __init__(self, mode: str = "valid"):
        if mode not in MODES:
            raise NotImplementedError("Only modes %s have been implemented for %s"
                                      % (", ".join(MODES), type(self).__name__))
        self.mode = mode

    def __str__(self) -> str:
        return "%s{%s}" % (type(self).__name__, self.mode)

    def value_dependent_shape(self, node: Apply) -> bool:
        return not all(isinstance(v, Constant) for v in node.inputs[1:])

    def make_node(self, ten4: Any, neib_shape: Any, neib_step: Any = None) -> Apply:
        ten4 = as_tensor_variable(ten4)
        neib_shape = as_tensor_variable(neib_shape)
        neib_step = neib_shape if neib_step is None else as_tensor_variable(neib_step)
        if ten4.ndim != 4:
            raise TypeError("Images2Neibs: ten4 must be a 4-d tensor, got %s" % ten4.type)
        for name, v in (("neib_shape", neib_shape), ("neib_step", neib_step)):
            if v.ndim != 1 or not v.dtype.startswith(("int", "uint")):
                raise TypeError("Images2Neibs: %s must be a vector of 2 integers, got %s" % (name, v.type))
        return Apply(self, [ten4, neib_shape, neib_step], [TensorType(ten4.type.dtype, (False, False))()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        in_shape = shapes[0]
        # Theano's run-time errors for a computed pattern or step <= 0 (made in the host shape program, before
        # dividing by it; constants are checked when the node is lowered)
        neib_shape, neib_step = node.inputs[1], node.inputs[2]
        if not isinstance(neib_shape, Constant):
            neib_shape = HostCheck("neib_shape")(neib_shape, neib_shape)
        if not isinstance(neib_step, Constant):
            neib_step = HostCheck("neib_step")(neib_step, neib_step)
        c, d = neib_shape[0], neib_shape[1]
        step_x, step_y = neib_step[0], neib_step[1]
        if self.mode == "wrap_centered":
            grid_c = ceil_intdiv(in_shape[2], step_x)
            grid_d = ceil_intdiv(in_shape[3], step_y)
        elif self.mode in ("valid", "ignore_borders"):
            grid_c = 1 + ((in_shape[2] - c) // step_x)
            grid_d = 1 + ((in_shape[3] - d) // step_y)
        elif self.mode == "half":
            grid_c = 1 + ((in_shape[2] - (c % 2)) // step_x)
            grid_d = 1 + ((in_shape[3] - (d % 2)) // step_y)
        else:  # full
            grid_c = 1 + ((in_shape[2] + c - 2) // step_x)
            grid_d = 1 + ((in_shape[3] + d - 2) // step_y)
        return [(grid_c * grid_d * in_shape[1] * in_shape[0], c * d)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        x, neib_shape, neib_step = inputs
        gz, = grads
        undefined = [grad_undefined(self, 1, neib_shape), grad_undefined(self, 2, neib_step)]
        if self.mode not in ("valid", "ignore_borders"):  # as Theano 1.0.5
            return [grad_not_implemented(self, 0, x)] + undefined
        return [_scatter_patches(gz, x, neib_shape, neib_step)] + undefined

    def host_impl(self, node: Apply, ten4: np.ndarray, neib_shape: np.ndarray, neib_step: np.ndarray) -> np.ndarray:
        rows, row_ok, cols, col_ok = patch_indices(self.mode, ten4.shape, neib_shape, neib_step)
        patches = ten4[:, :, rows.clip(0, max(ten4.shape[2] - 1, 0))][..., cols.clip(0, max(ten4.shape[3] - 1, 0))]
        mask = row_ok[:, :, None, None] & col_ok[None, None, :, :]        # (grid_c, c, grid_d, d)
        patches = np.where(mask, patches, 0).transpose(0, 1, 2, 4, 3, 5)  # (n, s, grid_c, grid_d, c, d)
        c, d = rows.shape[1], cols.shape[1]
        return np.ascontiguousarray(patches).reshape(-1, c * d).astype(node.outputs[0].dtype)


def patch_indices(mode: str, shape: tuple, neib_shape: Any, neib_step: Any) -> tuple:
    """(rows, row_ok, cols, col_ok): image row index of each (patch row, offset), and whether it is inside the
    image (False reads a zero), likewise for columns; raises Theano 1.0.5's errors for inconsistent shapes."""
    neib_shape, neib_step = np.asarray(neib_shape), np.asarray(neib_step)
    if neib_shape.shape != (2,) or neib_step.shape != (2,):
        raise TypeError("Images2Neibs: neib_shape and neib_step must contain 2 elements, got %s and %s"
                        % (neib_shape.tolist(), neib_step.tolist()))
    c, d = (int(v) for v in neib_shape)
    step_x, step_y = (int(v) for v in neib_step)
    if step_x <= 0 or step_y <= 0:
        raise ValueError("neib_step wrong step ; values <= 0. Got " + str(neib_step))
    if c <= 0 or d <= 0:
        raise ValueError("neib_shape values <=0. Got " + str(neib_shape))
    height, width = int(shape[2]), int(shape[3])
    if mode == "wrap_centered":
        if c % 2 != 1 or d % 2 != 1:
            raise TypeError("Images2Neibs: in mode wrap_centered need patch with odd shapes")
        if height < c or width < d:
            raise TypeError("Images2Neibs: in wrap_centered mode, don't support image shapes smaller then the "
                            "patch shapes: neib_shape=(%d,%d), ten4[2:]=[%d,%d]" % (c, d, height, width))
    axes = []
    for size, n, step, k in ((height, c, step_x, 0), (width, d, step_y, 1)):
        if mode == "wrap_centered":
            grid, offset = -(-size // step), n // 2
        else:
            extent = {"valid": size - n, "ignore_borders": size - n, "half": size - n % 2, "full": size + n - 2}[mode]
            if mode != "ignore_borders" and (size < n or extent % step != 0):
                raise TypeError("neib_shape[%d]=%d, neib_step[%d]=%d and ten4.shape[%d]=%d not consistent"
                                % (k, n, k, step, k + 2, size))
            grid = max(1 + extent // step, 0)
            offset = {"valid": 0, "ignore_borders": 0, "half": n // 2, "full": n - 1}[mode]
        idx = np.arange(grid)[:, None] * step + np.arange(n)[None, :] - offset
        if mode == "wrap_centered":
            idx = np.where(idx < 0, idx + size, np.where(idx >= size, idx - size, idx))
        axes += [idx, (idx >= 0) & (idx < size)]
    return tuple(axes)


def _scatter_patches(gz: Variable, x: Variable, neib_shape: Variable, neib_step: Variable) -> Variable:
    """The gradient of images2neibs in modes valid / ignore_borders: each patch entry added back at its pixel."""
    c, d = neib_shape[0], neib_shape[1]
    step_x, step_y = neib_step[0], neib_step[1]
    n, s, h, w = x.shape[0], x.shape[1], x.shape[2], x.shape[3]
    grid_c = 1 + (h - c) // step_x
    grid_d = 1 + (w - d) // step_y
    rows = arange(grid_c).dimshuffle(0, "x") * step_x + arange(c).dimshuffle("x", 0)  # (grid_c, c)
    cols = arange(grid_d).dimshuffle(0, "x") * step_y + arange(d).dimshuffle("x", 0)  # (grid_d, d)
    images = arange(n * s).dimshuffle(0, "x", "x", "x", "x")
    # flat pixel index of entry (image, a, b, i, j), in the output's row/column order
    flat = ((images * h + rows.dimshuffle("x", 0, "x", 1, "x")) * w + cols.dimshuffle("x", "x", 0, "x", 1))
    total = zeros((prod(x.shape),), dtype=gz.dtype)
    return advanced_inc_subtensor(total, gz.flatten(), flat.flatten()).reshape(x.shape)


def images2neibs(ten4: Any, neib_shape: Any, neib_step: Any = None, mode: str = "valid") -> Variable:
    """The patches of `ten4` (batch, channel, row, col) as the rows of a matrix (see Images2Neibs)."""
    return Images2Neibs(mode)(ten4, neib_shape, neib_step)


def neibs2images(neibs: Any, neib_shape: Any, original_shape: Any, mode: str = "valid") -> Variable:
    """The inverse of images2neibs with disjoint patches: the 4-d tensor of shape `original_shape` back."""
    neibs = as_tensor_variable(neibs)
    neib_shape = as_tensor_variable(neib_shape)
    original_shape = as_tensor_variable(original_shape)
    new_neib_shape = stack([original_shape[-1] // neib_shape[1], neib_shape[1]])
    output_2d = images2neibs(neibs.dimshuffle("x", "x", 0, 1), new_neib_shape, mode=mode)
    if mode == "ignore_borders":
        valid_shape = original_shape
        valid_shape = set_subtensor(valid_shape[2], (valid_shape[2] // neib_shape[0]) * neib_shape[0])
        valid_shape = set_subtensor(valid_shape[3], (valid_shape[3] // neib_shape[1]) * neib_shape[1])
        output_4d = output_2d.reshape(valid_shape, ndim=4)
        for dim in (2, 3):  # zeros where the borders were ignored
            pad_shape = list(output_4d.shape)
            pad_shape[dim] = original_shape[dim] - valid_shape[dim]
            output_4d = concatenate([output_4d, zeros(pad_shape, dtype=output_4d.dtype)], axis=dim)
    elif mode == "valid":
        output_4d = output_2d.reshape(original_shape, ndim=4)
    else:
        raise NotImplementedError("neibs2images do not support mode=%s" % mode)
    return output_4d
