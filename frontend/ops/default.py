"""Default (theano.tensor.default): `x`, or `default` when the value given for x is None.

A value is None only at the function boundary (an input given None); there, lowering/none_inputs.py passes the
other input's value instead (`none_input_means`), so the compiled program itself just returns x.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable

__all__ = ["Default", "default"]


class Default(Op):
    """default(x, d): x if x is not None else d (x and d of the same type)."""

    __props__ = ()
    view_map = {0: [0]}

    def make_node(self, x: Any, default: Any) -> Apply:
        x, default = as_tensor_variable(x), as_tensor_variable(default)
        if x.type != default.type:
            raise TypeError("Both default() arguments must have same type", x, default)
        return Apply(self, [x, default], [default.type()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def none_input_means(self, node: Apply, i: int) -> Variable:
        """A None x means the default; a None default is never read (x stands in for it)."""
        return node.inputs[1 - i]

    def host_impl(self, node: Apply, x: np.ndarray, default: np.ndarray) -> np.ndarray:
        return np.asarray(default if x is None else x)


default = Default()
