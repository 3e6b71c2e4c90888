"""Gradients computed by JAX's autodiff of an op's own lowering: `LoweredVJP` (reverse) and `LoweredJVP` (forward).

A scan lowers to one `lax.scan`; its gradient is the transposed loop JAX derives from it (what a
hand-written `jax.grad` of the loop runs), not a second symbolic loop built op by op. The ops here
carry the base op and which of its inputs/outputs take part; their lowering (lowering/rules/autodiff.py)
calls `jax.vjp` / `jax.jvp` on the base op's lowering rule. They are differentiable again the same
way, so second-order gradients and R_op of gradients work.
"""
from __future__ import annotations

from typing import Any, Sequence

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.grad_types import DisconnectedType, disconnected_type
from theano.frontend.ops.math import zeros_like


def is_float(v: Variable) -> bool:
    return getattr(v.type, "dtype", None) in _dt.float_dtypes


class LoweredVJP(Op):
    """Inputs: the base op's inputs, then one cotangent per base output in `ct_idx`. Outputs: the
    gradient of <cotangents, base outputs> with respect to each base input in `wrt`."""

    __props__ = ("base", "n_in", "wrt", "ct_idx")

    def __init__(self, base: Op, n_in: int, wrt: Sequence[int], ct_idx: Sequence[int]):
        self.base = base
        self.n_in = int(n_in)
        self.wrt = tuple(wrt)
        self.ct_idx = tuple(ct_idx)

    def __str__(self) -> str:
        return f"grad_of_{self.base}"

    def make_node(self, *inputs: Variable) -> Apply:
        inputs = list(inputs)
        if len(inputs) != self.n_in + len(self.ct_idx):
            raise ValueError(f"{self}: expected {self.n_in} inputs and {len(self.ct_idx)} cotangents, got {len(inputs)}")
        return Apply(self, inputs, [inputs[i].type() for i in self.wrt])

    def base_node(self, node: Apply) -> Apply:
        """The base op applied to this node's first inputs (the node that is differentiated)."""
        return self.base.make_node(*node.inputs[:self.n_in])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[i] for i in self.wrt]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[is_float(v)] * len(self.wrt) for v in node.inputs]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Variable]:
        return autodiff_L_op(self, inputs, outputs, output_grads, connected=[is_float(v) for v in inputs])

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Variable]:
        return autodiff_R_op(self, inputs, eval_points)


class LoweredJVP(Op):
    """Inputs: the base op's inputs, then one tangent per base input in `wrt`. Outputs: the directional
    derivative of each base output in `out_idx`."""

    __props__ = ("base", "n_in", "wrt", "out_idx")

    def __init__(self, base: Op, n_in: int, wrt: Sequence[int], out_idx: Sequence[int]):
        self.base = base
        self.n_in = int(n_in)
        self.wrt = tuple(wrt)
        self.out_idx = tuple(out_idx)

    def __str__(self) -> str:
        return f"rop_of_{self.base}"

    def make_node(self, *inputs: Variable) -> Apply:
        inputs = list(inputs)
        if len(inputs) != self.n_in + len(self.wrt):
            raise ValueError(f"{self}: expected {self.n_in} inputs and {len(self.wrt)} tangents, got {len(inputs)}")
        base_out = self.base.make_node(*inputs[:self.n_in]).outputs
        return Apply(self, inputs, [base_out[j].type() for j in self.out_idx])

    def base_node(self, node: Apply) -> Apply:
        return self.base.make_node(*node.inputs[:self.n_in])

    def value_dependent_shape(self, node: Apply) -> bool:
        flag = getattr(self.base, "value_dependent_shape", False)
        return bool(flag(self.base_node(node)) if callable(flag) else flag)

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[is_float(v)] * len(self.out_idx) for v in node.inputs]

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        base = self.base_node(node)
        infer = getattr(self.base, "infer_shape", None)
        if infer is None:
            raise NotImplementedError(f"{self.base} has no infer_shape")
        out = infer(base, shapes[:self.n_in])
        return [out[j] for j in self.out_idx]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Variable]:
        return autodiff_L_op(self, inputs, outputs, output_grads, connected=[is_float(v) for v in inputs])

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Variable]:
        return autodiff_R_op(self, inputs, eval_points)


def autodiff_L_op(op: Op, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable],
                  connected: Sequence[bool] | None = None) -> list[Variable]:
    """`op`'s input gradients through one LoweredVJP node: float inputs (marked `connected`) get their
    gradient; other inputs are disconnected. Missing output gradients count as zeros."""

    connected = [True] * len(inputs) if connected is None else list(connected)
    wrt = [i for i, v in enumerate(inputs) if is_float(v) and connected[i]]
    ct_idx = [j for j, o in enumerate(outputs) if is_float(o)]
    cts = []
    for j in ct_idx:
        g = output_grads[j]
        if g is None or isinstance(getattr(g, "type", None), DisconnectedType):
            g = zeros_like(outputs[j])
        elif g.type.dtype != outputs[j].type.dtype:
            g = g.astype(outputs[j].type.dtype)
        cts.append(g)
    # an input the pattern connects that has no float gradient (an integer input) gets zeros, as Theano's ops give
    result: list[Any] = [zeros_like(v).astype(config.floatX) if c and not (is_float(v) and ct_idx) else
                         disconnected_type() for v, c in zip(inputs, connected)]
    if not wrt or not ct_idx:
        return result
    grads = LoweredVJP(op, len(inputs), wrt, ct_idx)(*inputs, *cts, return_list=True)
    for i, g in zip(wrt, grads):
        result[i] = g
    return result


def autodiff_R_op(op: Op, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
    """`op`'s output tangents through one LoweredJVP node; inputs without an eval point count as constant."""

    node = op.make_node(*inputs)
    wrt = [i for i, v in enumerate(inputs) if is_float(v)]
    out_idx = [j for j, o in enumerate(node.outputs) if is_float(o)]
    if not out_idx:
        return [None] * len(node.outputs)
    if all(eval_points[i] is None for i in wrt):
        return [None] * len(node.outputs)
    tangents = []
    for i in wrt:
        e = eval_points[i]
        if e is None:
            e = zeros_like(inputs[i])
        elif e.type.dtype != inputs[i].type.dtype:
            e = e.astype(inputs[i].type.dtype)
        tangents.append(e)
    outs = LoweredJVP(op, len(inputs), wrt, out_idx)(*inputs, *tangents, return_list=True)
    result: list[Any] = [None] * len(node.outputs)
    for j, t in zip(out_idx, outs):
        result[j] = t
    return result
