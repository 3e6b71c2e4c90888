"""tensor/basic.py's Choose (numpy.choose, modes raise / wrap / clip)."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.join import stack
from theano.frontend.ops.layout import shape_padleft
from theano.frontend.type import TensorType

__all__ = ["Choose", "choose"]


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

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [tuple(sh2 if b1 else sh1
                      for sh1, sh2, b1 in zip(shapes[0], shapes[1][1:], node.inputs[0].broadcastable))]

    def host_impl(self, node: Apply, a: np.ndarray, choice: np.ndarray) -> np.ndarray:
        return np.choose(a, choice, mode=self.mode)


def choose(a: Any, choices: Any, out: Any = None, mode: str = "raise") -> Variable:
    """numpy.choose: pick, at each position, the entry of the choice that `a` names there."""
    if out is not None:
        raise ValueError("choose: the out argument is not supported (Theano graphs have no output buffers)")
    return Choose(mode)(a, choices)
