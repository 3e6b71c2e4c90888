"""HostCheck: an identity on the device that, in the host shape program, raises numpy's error for a bad index,
slice step, mask broadcast or class label (Theano checks these in its ops' perform)."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable

__all__ = ["HostCheck", "check_bounds", "Assert", "assert_", "assert_op"]


class _CheckedIdentity(Op):
    """An op returning its first input unchanged, whose other inputs are only checked: the value's shape and
    gradient pass through, the checked inputs are disconnected, and it is never folded away as a constant."""

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0]]

    def grad(self, inputs: list[Variable], gouts: list[Variable]) -> list[Any]:
        return [gouts[0]] + [DisconnectedType()() for _ in inputs[1:]]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True]] + [[False]] * (len(node.inputs) - 1)

    def do_constant_folding(self, node: Apply) -> bool:
        return False


class HostCheck(_CheckedIdentity):
    """Returns its first input; on the host it first checks an indexing condition and raises numpy's error.

    kind 'bounds': (value, index, size) -> IndexError if an index is outside [-size, size).
    kind 'step': (value, step) -> ValueError if the slice step is 0.
    kind 'broadcast': (value, length, *counts) -> IndexError unless each mask count is 1 or the broadcast length.
    kind 'labels': (value, labels, n_classes) -> ValueError if a class label is outside [0, n_classes) (nnet ops).
    kind 'neib_step' / 'neib_shape': (value, vector) -> Theano's ValueError if a value of the vector is <= 0
    (Images2Neibs).
    The device lowering is the identity: these checks run in the host shape program.
    """

    __props__ = ("kind", "axis")

    def __init__(self, kind: str, axis: int = 0):
        self.kind = kind
        self.axis = int(axis)

    def __str__(self) -> str:
        return "HostCheck{%s, %d}" % (self.kind, self.axis)

    def make_node(self, value: Any, *args: Any) -> Apply:
        value = as_tensor_variable(value)
        args = [as_tensor_variable(a) for a in args]
        return Apply(self, [value] + args, [value.type()])

    def host_impl(self, node: Apply, value: Any, *args: Any) -> Any:
        if self.kind == "bounds":
            check_bounds(args[0], int(args[1]), self.axis)
        elif self.kind == "step" and int(args[0]) == 0:
            raise ValueError("slice step cannot be zero")
        elif self.kind == "broadcast" and any(int(c) not in (1, int(args[0])) for c in args[1:]):
            raise IndexError("shape mismatch: indexing arrays could not be broadcast together with shapes "
                             + " ".join("(%d,)" % int(c) for c in args[1:]))
        elif self.kind == "labels" and np.any((np.asarray(args[0]) < 0) | (np.asarray(args[0]) >= int(args[1]))):
            raise ValueError("y_i value out of bounds")
        elif self.kind == "neib_step" and np.any(np.asarray(args[0]) <= 0):
            raise ValueError("neib_step wrong step ; values <= 0. Got " + str(np.asarray(args[0])))
        elif self.kind == "neib_shape" and np.any(np.asarray(args[0]) <= 0):
            raise ValueError("neib_shape values <=0. Got " + str(np.asarray(args[0])))
        return np.asarray(value)


def check_bounds(index: Any, size: int, axis: int) -> None:
    """numpy's IndexError for an integer index (or array of them) outside [-size, size)."""
    idx = np.asarray(index)
    if idx.ndim == 0:
        if -size <= idx < size:
            return
    elif idx.size == 0 or (idx.min() >= -size and idx.max() < size):
        return
    bad = (idx < -size) | (idx >= size)
    if np.any(bad):
        raise IndexError("index %d is out of bounds for axis %d with size %d" % (int(idx[bad].flat[0]), axis, size))


class Assert(_CheckedIdentity):
    """theano.tensor.opt.Assert: returns its first input; raises AssertionError(msg) when a condition (0-d) is
    false. The compiled program checks the conditions itself (lowering/runtime_checks.py), so a failed call
    leaves every shared value as it was. As in Theano, the check runs only if the output is used."""

    __props__ = ("msg",)
    view_map = {0: [0]}

    def __init__(self, msg: str = "Theano Assert failed!"):
        self.msg = msg

    def __setstate__(self, attrs: dict) -> None:
        self.__dict__.update(attrs)
        if not hasattr(self, "msg"):
            self.msg = "Theano Assert failed!"

    def make_node(self, value: Any, *conds: Any) -> Apply:
        value = as_tensor_variable(value)
        conds = [as_tensor_variable(c) for c in conds]
        if not all(c.type.ndim == 0 for c in conds):
            raise TypeError("Assert: every condition must be a scalar (0-d), got %s"
                            % [str(c.type) for c in conds if c.type.ndim != 0])
        return Apply(self, [value] + conds, [value.type()])

    def perform(self, node: Apply, inputs: list, out_: list) -> None:
        out_[0][0] = inputs[0]
        assert all(np.all(c) for c in inputs[1:]), self.msg


assert_ = Assert()
assert_op = assert_
