"""A JAX function as a Theano op: `theano.compile.ops.jax_op(fn, itypes, otypes)` (class JaxOp).

The op stores the callable; only the lowering (lowering/rules/jax_op.py) calls it, so building a graph stays
free of jax. Its gradient is a second op, JaxVJP, whose rule calls `jax.vjp(fn, ...)`; its output shapes come
from `jax.eval_shape(fn, ...)` on the input shapes: at graph-build time where the input shapes are constants,
else through a JaxOutputShape node that the host shape program (or the trace, whose shapes are static)
evaluates. Values of other types than tensors are not supported.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType, disconnected_type
import numpy as np

from theano.frontend.graph import Apply, Constant, Op, Variable, backend
from theano.frontend.ops.shape import as_shape_vector
from theano.frontend.type import TensorType

__all__ = ["JaxOp", "JaxVJP", "JaxOutputShape", "jax_op"]


def _types(types: Any, what: str) -> tuple:
    types = tuple(types) if isinstance(types, (list, tuple)) else (types,)
    for t in types:
        if not isinstance(t, TensorType):
            raise TypeError(f"jax_op: {what} must be Theano tensor types (e.g. theano.tensor.dmatrix); got "
                            f"{type(t).__name__} {t!r}")
    return types


def _is_float(t: Any) -> bool:
    return str(t.dtype).startswith(("float", "complex"))


class JaxOp(Op):
    """A JAX function `fn(*arrays) -> array | tuple of arrays` with fixed input and output tensor types."""

    __props__ = ("fn", "itypes", "otypes")

    def __init__(self, fn: Callable[..., Any], itypes: Any, otypes: Any, name: str | None = None):
        if not callable(fn):
            raise TypeError(f"jax_op: fn must be a callable (a JAX function); got {type(fn).__name__}")
        self.fn = fn
        self.itypes = _types(itypes, "itypes")
        self.otypes = _types(otypes, "otypes")
        if not self.otypes:
            raise TypeError("jax_op: otypes is empty; a JAX function returns at least one array")
        self.fn_name = name or getattr(fn, "__name__", None) or type(fn).__name__

    def __str__(self) -> str:
        return f"JaxOp{{{self.fn_name}}}"

    def make_node(self, *inputs: Any) -> Apply:
        if len(inputs) != len(self.itypes):
            raise ValueError(f"{self}: expected {len(self.itypes)} input(s), got {len(inputs)}")
        ins = []
        for k, (x, t) in enumerate(zip(inputs, self.itypes)):
            v = x if isinstance(x, Variable) else as_tensor_variable(x)
            if v.type != t:
                try:
                    v = t.filter_variable(v)
                except Exception:
                    raise TypeError(f"{self}: input {k} must be {t}; got {v} of type {v.type}") from None
            ins.append(v)
        return Apply(self, ins, [t() for t in self.otypes])

    def infer_shape(self, node: Apply, shapes: list) -> list:
        consts = [[_constant(d) for d in s] for s in shapes]
        if all(d is not None for s in consts for d in s):
            found = backend["jax_eval_shape"](self.fn, consts, [t.dtype for t in self.itypes])
            self._check_outputs(found)
            return [tuple(s) for s, _ in found]
        vectors = JaxOutputShape(self)(*[as_shape_vector(tuple(s)) for s in shapes], return_list=True)
        return [tuple(vec[d] for d in range(t.ndim)) for vec, t in zip(vectors, self.otypes)]

    def _check_outputs(self, found: Sequence[tuple]) -> None:
        """The outputs eval_shape found against otypes: their number and ranks (a clear error at build time)."""
        if len(found) != len(self.otypes):
            raise ValueError(f"{self}: the function returns {len(found)} array(s); otypes declares {len(self.otypes)}")
        for k, ((shape, _), t) in enumerate(zip(found, self.otypes)):
            if len(shape) != t.ndim:
                raise ValueError(f"{self}: output {k} has shape {shape}; otypes declares {t} ({t.ndim}-d)")

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        wrt = tuple(k for k, t in enumerate(self.itypes) if _is_float(t))
        cts = [o.zeros_like() if isinstance(g.type, DisconnectedType) else g for o, g in zip(outputs, output_grads)]
        grads = JaxVJP(self, wrt)(*inputs, *cts, return_list=True) if wrt else []
        by_pos = dict(zip(wrt, grads))
        return [by_pos[k] if k in by_pos else disconnected_type() for k in range(len(inputs))]

    def connection_pattern(self, node: Apply) -> list:
        return [[_is_float(t)] * len(self.otypes) for t in self.itypes]


class JaxVJP(Op):
    """The gradient of a JaxOp: `jax.vjp(op.fn, *inputs)` applied to the output cotangents, for the inputs `wrt`."""

    __props__ = ("op", "wrt")

    def __init__(self, op: JaxOp, wrt: Sequence[int]):
        self.op = op
        self.wrt = tuple(wrt)

    def __str__(self) -> str:
        return f"JaxVJP{{{self.op.fn_name}}}"

    def make_node(self, *inputs: Any) -> Apply:
        n_in, n_out = len(self.op.itypes), len(self.op.otypes)
        if len(inputs) != n_in + n_out:
            raise ValueError(f"{self}: expected {n_in} input(s) and {n_out} cotangent(s); got {len(inputs)} values")
        ins = [as_tensor_variable(x) for x in inputs]
        return Apply(self, ins, [ins[k].type() for k in self.wrt])

    def infer_shape(self, node: Apply, shapes: list) -> list:
        return [shapes[k] for k in self.wrt]

    def L_op(self, inputs: list, outputs: list, output_grads: list) -> list:
        """Second order: this op is itself a JAX function of (inputs, cotangents), so its gradient is a JaxOp's."""
        return self.as_jax_op().L_op(inputs, outputs, output_grads)

    def as_jax_op(self) -> JaxOp:
        """This vjp as a JaxOp of its own (the function comes from the lowering: frontend does not call jax)."""
        itypes = list(self.op.itypes) + list(self.op.otypes)
        return JaxOp(backend["jax_vjp_function"](self), itypes, [self.op.itypes[k] for k in self.wrt],
                     name=f"vjp_{self.op.fn_name}")


class JaxOutputShape(Op):
    """The output shapes of a JaxOp from its input shapes (int64 vectors), by `jax.eval_shape`."""

    __props__ = ("op",)

    def __init__(self, op: JaxOp):
        self.op = op

    def __str__(self) -> str:
        return f"JaxOutputShape{{{self.op.fn_name}}}"

    def make_node(self, *shape_vectors: Any) -> Apply:
        ins = [as_tensor_variable(v) for v in shape_vectors]
        return Apply(self, ins, [TensorType("int64", (False,))() for _ in self.op.otypes])

    def infer_shape(self, node: Apply, shapes: list) -> list:
        return [(t.ndim,) for t in self.op.otypes]

    def grad(self, inputs: list, output_grads: list) -> list:
        return [disconnected_type() for _ in inputs]

    def connection_pattern(self, node: Apply) -> list:
        return [[False] * len(self.op.otypes) for _ in node.inputs]

    def host_impl(self, node: Apply, *shapes: Any) -> Any:
        found = backend["jax_eval_shape"](self.op.fn, [tuple(int(d) for d in s) for s in shapes],
                                          [t.dtype for t in self.op.itypes])
        self.op._check_outputs(found)
        values = [np.asarray(s, dtype="int64") for s, _ in found]
        return values if len(values) > 1 else values[0]


def _constant(v: Any) -> int | None:
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, Constant):
        try:
            return int(v.data)
        except (TypeError, ValueError):
            return None
    return None


def jax_op(fn: Callable[..., Any] | None = None, itypes: Any = None, otypes: Any = None,
           name: str | None = None) -> Any:
    """Wrap JAX function `fn` as a Theano op with these input and output types (a JaxOp); used as
    `jax_op(fn, itypes, otypes)`, or as a decorator `@jax_op(itypes=..., otypes=...)`."""
    if itypes is None or otypes is None:
        raise TypeError("jax_op needs itypes and otypes (lists of Theano tensor types)")
    if fn is None:
        return lambda f: JaxOp(f, itypes, otypes, name)
    return JaxOp(fn, itypes, otypes, name)

