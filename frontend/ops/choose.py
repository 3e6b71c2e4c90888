"""tensor/basic.py's Choose (numpy.choose, modes raise / wrap / clip)."""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.join import stack
from theano.frontend.ops.layout import shape_padleft
from theano.frontend.ops.math import maximum
from theano.frontend.ops.subtensor import as_int64, checkable
from theano.frontend.type import TensorType

__all__ = ["Choose", "ChooseCheck", "choose"]


class ChooseCheck(Op):
    """Returns its first input; on the host (Choose's shape program) it first raises numpy's ValueError when an
    entry of `a` is not the index of a choice (mode 'raise')."""

    __props__ = ()

    def make_node(self, value: Any, a: Any, n_choices: Any) -> Apply:
        value = as_tensor_variable(value)
        return Apply(self, [value, as_tensor_variable(a), as_tensor_variable(n_choices)], [value.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [gouts[0], DisconnectedType()(), DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False], [False]]

    def do_constant_folding(self, node: Apply) -> bool:
        return False

    def host_impl(self, node: Apply, value: np.ndarray, a: np.ndarray, n_choices: np.ndarray) -> np.ndarray:
        if np.size(a) and (np.min(a) < 0 or np.max(a) >= int(n_choices)):
            raise ValueError("invalid entry in choice array")
        return np.asarray(value)


class Choose(Op):
    """numpy.choose(a, choices, mode): out[i] = choices[a[i]][i], choices stacked along a leading axis."""

    __props__ = ("mode",)

    def __init__(self, mode: str):
        if mode not in ("raise", "wrap", "clip"):
            raise ValueError("choose: mode must be 'raise', 'wrap' or 'clip', got %r" % (mode,))
        self.mode = mode

    def make_node(self, a: Any, choices: Any) -> Apply:
        a = as_tensor_variable(a)
        if a.dtype not in _dt.discrete_dtypes:
            raise TypeError("choose first argument must have an [u]int* dtype. Got %s." % a.dtype)
        if isinstance(choices, (tuple, list)) and len(choices) > 1:
            # a sequence of choices: numpy broadcasts them against each other (and a) when it runs, so they stay
            # separate inputs (Theano's typed list) and the lowering broadcasts them
            items = [as_tensor_variable(c) for c in choices]
            out_ndim = max([a.ndim] + [c.ndim for c in items])
            a = shape_padleft(a, out_ndim - a.ndim)
            items = [shape_padleft(c, out_ndim - c.ndim) for c in items]
            bcast = [all(b) for b in zip(a.broadcastable, *[c.broadcastable for c in items])]
            dtype = _dt.upcast(*[c.dtype for c in items])
            return Apply(self, [a] + items, [TensorType(dtype, bcast)()])
        if isinstance(choices, (tuple, list)):
            choices = stack([as_tensor_variable(c) for c in choices]) if choices else as_tensor_variable(choices)
        choice = as_tensor_variable(choices)
        if choice.ndim == 0:
            raise TypeError("choose: choices must have at least one dimension (the list of choices)")
        choice_ndim = choice.ndim - 1
        out_ndim = max(a.ndim, choice_ndim)
        a = shape_padleft(a, out_ndim - a.ndim)
        if choice_ndim != out_ndim:
            choice = choice.dimshuffle(0, *(("x",) * (out_ndim - choice_ndim) + tuple(range(1, choice.ndim))))
        bcast = [b1 and b2 for b1, b2 in zip(a.broadcastable, choice.broadcastable[1:])]
        return Apply(self, [a, choice], [TensorType(choice.dtype, bcast)()])

    def value_dependent_shape(self, node: Apply) -> bool:
        """Mode 'raise' checks the indices in the host shape program where they are cheap to get there."""
        return self.mode == "raise" and node.outputs[0].ndim > 0 and checkable(node.inputs[1], [node.inputs[0]])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        if len(node.inputs) > 2:  # separate choices: the broadcast of all the shapes (each dim is 1 or the size)
            out = [functools.reduce(maximum, dims) for dims in zip(*shapes)]
            n_choices: Any = len(node.inputs) - 1
        else:
            out = [sh2 if b1 else sh1
                   for sh1, sh2, b1 in zip(shapes[0], shapes[1][1:], node.inputs[0].broadcastable)]
            n_choices = shapes[1][0]
        if self.value_dependent_shape(node):
            out[0] = ChooseCheck()(as_int64(out[0]), node.inputs[0], n_choices)
        return [tuple(out)]

    def host_impl(self, node: Apply, a: np.ndarray, *choices: np.ndarray) -> np.ndarray:
        out = np.choose(a, choices[0] if len(choices) == 1 else choices, mode=self.mode)
        return np.asarray(out, dtype=node.outputs[0].dtype)


def choose(a: Any, choices: Any, out: Any = None, mode: str = "raise") -> Variable:
    """numpy.choose: pick, at each position, the entry of the choice that `a` names there."""
    if out is not None:
        raise ValueError("choose: the out argument is not supported (Theano graphs have no output buffers)")
    return Choose(mode)(a, choices)
