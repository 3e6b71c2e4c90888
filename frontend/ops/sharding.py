"""BatchShard: the identity, marking a value whose axis 0 is the batch that data-parallel training splits over
the devices (theano.function wraps each `givens` minibatch slice, `data[i*bs:(i+1)*bs]`, in one).

The device program constrains the value to the batch sharding (lowering/rules/sharding.py); outside a
data-parallel function, and in every host evaluation, it is the identity.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable

__all__ = ["BatchShard", "batch_shard"]


class BatchShard(Op):
    """Returns its input; inside a data-parallel function, sharded over the mesh's batch axis along axis 0.
    `label` names the value in errors (the variable the minibatch was given for)."""

    __props__ = ("label",)

    def __init__(self, label: str = ""):
        self.label = str(label)

    def __str__(self) -> str:
        return "BatchShard{%s}" % self.label if self.label else "BatchShard"

    def make_node(self, x: Any) -> Apply:
        x = as_tensor_variable(x)
        if x.type.ndim < 1:
            raise TypeError(f"BatchShard: {x} is a scalar ({x.type}); only a value with a batch axis (axis 0) can be "
                            "split over devices")
        return Apply(self, [x], [x.type()])

    def perform(self, node: Apply, inputs: list, output_storage: list) -> None:
        output_storage[0][0] = inputs[0]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Variable]:
        return [gouts[0]]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return [eval_points[0]]

    def do_constant_folding(self, node: Apply) -> bool:
        return False


def batch_shard(x: Any, label: str = "") -> Variable:
    """`x` marked as a batch (axis 0) to split over the devices of a data-parallel function."""
    return BatchShard(label)(x)
