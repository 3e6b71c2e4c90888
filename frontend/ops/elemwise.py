"""Elementwise ops: ScalarOp (the per-element function), Elemwise (its broadcasting tensor form), DimShuffle.

Concrete scalar ops are rows of the table in `elemwise_table.py`, turned into classes by
`make_scalar_op`. Their gradients are written with tensor ops (they broadcast like the op itself).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.type import TensorType


class ScalarOp:
    """One elementwise function: arity, output dtype rule, numpy impl, gradient, JAX name (a lowering hint).

    Users may subclass it Theano-style (`impl`, `grad`, `output_types_preference`) and wrap it
    in `Elemwise`; their `impl` runs as a host callback if no lowering is registered.
    """

    nin = -1
    nout = 1
    name: str | None = None
    jax_name: str | None = None
    output_types_preference: Callable[..., tuple[str, ...]] | None = None
    __props__: tuple[str, ...] = ("output_types_preference", "name")

    def __init__(self, output_types_preference: Callable[..., tuple[str, ...]] | None = None, name: str | None = None):
        if output_types_preference is not None:
            self.output_types_preference = output_types_preference
        if name is not None:
            self.name = name
        elif self.name is None:
            self.name = type(self).__name__.lower()

    def _props(self) -> tuple:
        return tuple(getattr(self, p, None) for p in self.__props__)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._props() == other._props()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._props()))

    def __str__(self) -> str:
        return self.name or type(self).__name__.lower()

    def __repr__(self) -> str:
        return str(self)

    def output_dtypes(self, *dtypes: str) -> tuple[str, ...]:
        """Output dtypes for these input dtypes; raises TypeError for unsupported ones."""
        if self.output_types_preference is None:
            raise NotImplementedError(f"{self} has no output_types_preference")
        # Theano-style rules (theano.scalar.upgrade_to_float, user rules) return scalar types, not dtype names
        return tuple(getattr(t, "dtype", t) for t in self.output_types_preference(*dtypes))

    def impl(self, *inputs: Any) -> Any:
        raise NotImplementedError(f"{self} has no impl")

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        """Gradients with respect to each input, as tensor expressions (broadcasting like the op)."""
        from theano.frontend.grad_types import grad_not_implemented

        return [grad_not_implemented(self, i, x) for i, x in enumerate(inputs)]

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        return self.grad(inputs, output_grads)


class UnaryScalarOp(ScalarOp):
    nin = 1


class BinaryScalarOp(ScalarOp):
    nin = 2


def make_scalar_op(name: str, nin: int, dtype_rule: Callable[..., tuple[str, ...]], numpy_fn: Callable[..., Any] | None,
                   grad: Callable[..., list[Any]] | None, jax_name: str | None, commutative: bool = False,
                   associative: bool = False, identity: Any = None, class_name: str | None = None) -> ScalarOp:
    """Build the ScalarOp class for one table row and return its instance."""
    attrs: dict[str, Any] = {
        "nin": nin, "jax_name": jax_name, "commutative": commutative, "associative": associative,
        "identity": identity, "__module__": __name__,
    }
    if numpy_fn is not None:
        attrs["impl"] = lambda self, *args: numpy_fn(*args)
        attrs["vectorized_impl"] = True  # the table's numpy functions take whole arrays
    if grad is not None:
        attrs["grad"] = lambda self, inputs, gouts: grad(inputs, gouts)
    attrs["output_types_preference"] = staticmethod(dtype_rule)
    cls = type(class_name or name.capitalize(), (ScalarOp,), attrs)
    return cls(name=name)


class Elemwise(Op):
    """Applies a ScalarOp to tensors with broadcasting (tensor.elemwise.Elemwise)."""

    __props__ = ("scalar_op", "inplace_pattern")

    def __init__(self, scalar_op: ScalarOp, inplace_pattern: dict | None = None, name: str | None = None,
                 nfunc_spec: Any = None, openmp: Any = None):
        self.scalar_op = scalar_op
        self.inplace_pattern = tuple(sorted((inplace_pattern or {}).items()))
        self.name = name
        self.nfunc_spec = nfunc_spec

    def __str__(self) -> str:
        if self.name is None:
            if self.inplace_pattern:
                return "Elemwise{%s}%s" % (self.scalar_op, list(self.inplace_pattern))
            return "Elemwise{%s}" % self.scalar_op
        return self.name

    def make_node(self, *inputs: Any) -> Apply:
        from theano.frontend.tensor import as_tensor_variable

        inputs = [as_tensor_variable(i) for i in inputs]
        nin = self.scalar_op.nin
        if nin != -1 and len(inputs) != nin:
            raise TypeError(f"Wrong number of inputs for {self}.make_node (got {len(inputs)}, expected {nin})")
        ndim = max((i.ndim for i in inputs), default=0)
        padded = []
        for inp in inputs:
            diff = ndim - inp.ndim
            if diff:
                inp = DimShuffle(inp.broadcastable, ["x"] * diff + list(range(inp.ndim)))(inp)
            padded.append(inp)
        out_bcast = tuple(all(b) for b in zip(*[i.broadcastable for i in padded])) if padded else ()
        try:
            out_dtypes = self.scalar_op.output_dtypes(*[i.dtype for i in padded])
        except TypeError as err:
            raise TypeError(f"{self}: unsupported input dtypes {[i.dtype for i in padded]}: {err}") from None
        outputs = [TensorType(dt, out_bcast)() for dt in out_dtypes]
        return Apply(self, padded, outputs)

    @property
    def nout(self) -> int:
        return self.scalar_op.nout

    def infer_shape(self, node: Apply, input_shapes: list[tuple]) -> list[tuple]:
        from theano.frontend.ops.shape import broadcast_shape

        shape = broadcast_shape(input_shapes, [i.broadcastable for i in node.inputs])
        return [shape] * len(node.outputs)

    def L_op(self, inputs: list[Variable], outputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        from theano.frontend import tensor as bt
        from theano.frontend.grad_types import DisconnectedType, NullType

        grads = self.scalar_op.L_op(inputs, outputs, output_grads)
        # as in Theano: an integer-valued output passes back only (float) zeros; a float output passes its
        # gradient to integer inputs too
        int_output = any(o.dtype not in _dt.continuous_dtypes for o in outputs)
        result = []
        for inp, g in zip(inputs, grads):
            if g is None or isinstance(getattr(g, "type", None), (DisconnectedType, NullType)):
                result.append(g)
                continue
            if int_output:
                result.append(bt.zeros_like(inp, dtype=inp.dtype if inp.dtype in _dt.continuous_dtypes
                                            else _float_grad_dtype()))
                continue
            g = bt.as_tensor_variable(g)
            if g.dtype in _dt.discrete_dtypes:
                g = bt.cast(g, _float_grad_dtype())
            result.append(sum_to_broadcastable(g, inp))
        return result

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        """Which inputs' values reach which outputs: the scalar op's pattern when it has one (Theano's Second)."""
        pattern = getattr(self.scalar_op, "connection_pattern", None)
        if pattern is not None:
            return pattern(node)
        return [[True for _ in node.outputs] for _ in node.inputs]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        from theano.frontend.rop import Rop_via_Lop_elemwise

        return Rop_via_Lop_elemwise(self, inputs, eval_points)

    def host_impl(self, node: Apply, *inputs: np.ndarray) -> Any:
        impl = self.scalar_op.impl
        if not getattr(self.scalar_op, "vectorized_impl", False):  # users' impl works on one element at a time
            impl = np.vectorize(impl, otypes=[o.dtype for o in node.outputs])
        outs = impl(*inputs)
        if len(node.outputs) == 1:
            return np.asarray(outs, dtype=node.outputs[0].dtype)
        return [np.asarray(o, dtype=v.dtype) for o, v in zip(outs, node.outputs)]


def _float_grad_dtype() -> str:
    from theano.frontend.config import config

    return config.floatX


def sum_to_broadcastable(g: Variable, like: Variable) -> Variable:
    """Sum `g` over the axes where `like` is broadcastable (or missing), and match its dtype and pattern."""
    from theano.frontend import tensor as bt

    extra = g.ndim - like.ndim
    if extra > 0:
        g = bt.sum(g, axis=tuple(range(extra)))
    axes = tuple(i for i, (lb, gb) in enumerate(zip(like.broadcastable, g.broadcastable)) if lb and not gb)
    if axes:
        g = bt.sum(g, axis=axes, keepdims=True)
    if g.broadcastable != like.broadcastable:
        g = bt.patternbroadcast(g, like.broadcastable)
    if g.dtype != like.dtype and like.dtype in _dt.continuous_dtypes:
        g = bt.cast(g, like.dtype)
    return g


class DimShuffle(Op):
    """Reorders dimensions, inserts broadcastable ('x') ones and drops broadcastable ones."""

    __props__ = ("input_broadcastable", "new_order")
    inplace = True

    def __init__(self, input_broadcastable: Sequence[bool], new_order: Sequence[Any], inplace: bool = True):
        self.input_broadcastable = tuple(bool(b) for b in input_broadcastable)
        self.new_order = tuple(new_order)
        for i, j in enumerate(self.new_order):
            if j != "x":
                if not isinstance(j, (int, np.integer)) or isinstance(j, bool):
                    raise TypeError("DimShuffle indices must be python ints. Got: '%s' of type '%s'." % (j, type(j)))
                if j >= len(self.input_broadcastable):
                    raise ValueError("new_order[%d] is %d, but the input only has %d axes." % (i, j, len(self.input_broadcastable)))
                if j in self.new_order[i + 1:]:
                    raise ValueError("The same input dimension may not appear twice in the list of output dimensions", self.new_order)
        self.new_order = tuple(int(j) if j != "x" else "x" for j in self.new_order)
        self.drop = []
        for i, b in enumerate(self.input_broadcastable):
            if i not in self.new_order:
                if b:
                    self.drop.append(i)
                else:
                    raise ValueError("You cannot drop a non-broadcastable dimension.", (self.input_broadcastable, self.new_order))
        self.shuffle = [x for x in self.new_order if x != "x"]
        self.augment = [i for i, x in enumerate(self.new_order) if x == "x"]

    def __str__(self) -> str:
        # Theano 1.0.5's DimShuffle is always a view ("inplace"), and prints so
        return "InplaceDimShuffle{%s}" % ",".join(str(x) for x in self.new_order)

    def make_node(self, x: Any) -> Apply:
        from theano.frontend.tensor import as_tensor_variable

        x = as_tensor_variable(x)
        ib = x.broadcastable
        if ib != self.input_broadcastable:
            if len(ib) != len(self.input_broadcastable):
                raise TypeError("The number of dimensions of the input is incorrect for this op. Expected %s, got %s."
                                % (self.input_broadcastable, ib))
            for expected, b in zip(self.input_broadcastable, ib):
                if expected and not b:
                    raise TypeError("The broadcastable pattern of the input is incorrect for this op. Expected %s, got %s."
                                    % (self.input_broadcastable, ib))
        ob = [True if v == "x" else ib[v] for v in self.new_order]
        return Apply(self, [x], [TensorType(x.dtype, ob)()])

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        from theano.frontend.tensor import constant

        ishp = shapes[0]
        return [tuple(constant(1, dtype="int64") if v == "x" else ishp[v] for v in self.new_order)]

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        from theano.frontend import tensor as bt

        x, = inputs
        gz = bt.as_tensor_variable(output_grads[0])
        order = ["x"] * x.ndim
        for i, v in enumerate(self.new_order):
            if v != "x":
                order[v] = i
        if x.dtype in _dt.discrete_dtypes:
            return [bt.zeros_like(x, dtype=_float_grad_dtype())]
        # the axes this op added have length 1: say so where the output gradient's type does not
        if any(v == "x" and not b for b, v in zip(gz.broadcastable, self.new_order)):
            gz = bt.patternbroadcast(gz, [b or v == "x" for b, v in zip(gz.broadcastable, self.new_order)])
        return [DimShuffle(gz.broadcastable, order)(gz)]

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
        if eval_points[0] is None:
            return [None]
        return [self(eval_points[0])]

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        res = np.transpose(x, self.shuffle + self.drop)
        shape = list(res.shape[: len(self.shuffle)])
        for a in self.augment:
            shape.insert(a, 1)
        return res.reshape(shape)
