"""Theano's nnet/nnet.py local_argmax_pushdown (specialize); local_max_and_argmax, which then keeps only the
used output, is in passes/uncanonicalize.py.

- `local_argmax_pushdown`: argmax(f(x)) -> argmax(x) for the monotonic f of Theano's list (softmax, softplus,
  exp, log, tanh, sigmoid), argmax(softmax_with_bias(x, b)) -> argmax(x + b), when the max itself is unused.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Variable
from theano.frontend.ops import nnet
from theano.frontend.ops.max_argmax import MaxAndArgmax
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, x


# the elementwise ops argmax looks through (monotonic increasing), by scalar op name, as Theano lists them
_MONOTONIC = ("softplus", "exp", "log", "tanh", "sigmoid")


def _unused(fgraph: Any, var: Variable) -> bool:
    return not fgraph.clients.get(var)


def _monotonic_input(v: Variable, axis: tuple[int, ...]) -> Variable | None:
    """The argument of a monotonic increasing op at `v` (softplus, exp, log, tanh, sigmoid), else None; for a
    softmax (row-wise, so only for an argmax along the rows: Theano also pushed it through other axes, a wrong
    index), its input, and for softmax_with_bias(x, b), x + b."""
    node = v.owner
    if node is None:
        return None
    op = node.op
    if isinstance(op, (nnet.Softmax, nnet.SoftmaxWithBias)) and axis != (v.ndim - 1,):
        return None
    if type(op) is nnet.Softmax:
        return node.inputs[0]
    if isinstance(op, nnet.SoftmaxWithBias):
        pre_x, pre_b = node.inputs
        return pre_x + pre_b.dimshuffle("x", 0)
    scalar = getattr(op, "scalar_op", None)
    if scalar is not None and len(node.inputs) == 1 and getattr(scalar, "name", None) in _MONOTONIC:
        return node.inputs[0]
    return None


def _argmax_pushdown(x: Variable, node: Any, fgraph: Any) -> list | None:
    """max_and_argmax(f(y)) with the max unread -> max_and_argmax(y), f monotonic."""
    if not _unused(fgraph, node.outputs[0]):
        return None
    pre = _monotonic_input(x, tuple(node.op.axis))
    if pre is None or pre.ndim != x.ndim:
        return None
    return list(MaxAndArgmax(tuple(node.op.axis))(pre))


RULES = tagged(("specialize", "fast_run"), [
    Rule(OpP(MaxAndArgmax, x), _argmax_pushdown, name="local_argmax_pushdown"),  # argmax(exp(x)) -> argmax(x)
])
