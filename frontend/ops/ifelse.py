"""theano/ifelse.py: IfElse, the lazy conditional (only the taken branch is computed), and `ifelse`.

The graph keeps Theano's form, one IfElse node whose inputs are the condition, the n then-values and the
n else-values. Laziness is a lowering matter (lowering/lazy_branches.py moves the nodes only one branch
needs into that branch of one `lax.cond`). When the two branches may have different shapes, the output
shape depends on the condition's value, so the node is then value-dependent (the host shape program
computes Theano's `infer_shape`, an ifelse over the shape entries).
"""
from __future__ import annotations

import weakref
from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Constant, Op, Variable, backend
from theano.frontend.ops.math import zeros_like
from theano.frontend.type import TensorType

__all__ = ["IfElse", "branch_inputs", "ifelse", "same_value"]

_VALUE_DEPENDENT: "weakref.WeakKeyDictionary[Apply, tuple]" = weakref.WeakKeyDictionary()


class IfElse(Op):
    """`if{}`: outputs the n then-values (inputs 1..n) when the scalar condition (input 0) is non-zero,
    else the n else-values (inputs n+1..2n)."""

    __props__ = ("as_view", "gpu", "n_outs")  # the name is not part of the identity, as in Theano

    def __init__(self, n_outs: int, as_view: bool = False, gpu: bool = False, name: str | None = None):
        self.n_outs = int(n_outs)
        self.as_view = bool(as_view)
        self.gpu = bool(gpu)
        self.name = name

    def __str__(self) -> str:
        args = [self.name] if self.name is not None else []
        if self.as_view:
            args.append("inplace")
        if self.gpu:
            args.append("gpu")
        return "if{%s}" % ",".join(args)

    def make_node(self, c: Any, *args: Any) -> Apply:
        if len(args) != 2 * self.n_outs:
            raise TypeError("Wrong number of arguments to make_node: expected %d, got %d"
                            % (2 * self.n_outs, len(args)))
        c = as_tensor_variable(c)
        args = [x if isinstance(x, Variable) else as_tensor_variable(x) for x in args]
        ts, fs = args[:self.n_outs], args[self.n_outs:]
        for t, f in zip(ts, fs):
            if t.type != f.type:
                raise TypeError("IfElse requires same types for true and false return values", t, f, t.type, f.type)
        if c.ndim > 0:
            raise TypeError("Condition given to the op has to be a scalar with 0 standing for False, anything else "
                            "for True")
        return Apply(self, [c] + list(args), [t.type() for t in ts])

    def value_dependent_shape(self, node: Apply) -> bool:
        """True when some then/else pair is not provably of one shape: the output shape then follows the condition.

        The proof needs the symbolic shapes of the lowering's shape program: the lowering provides it
        (`backend["ifelse_shapes_may_differ"]`, lowering/ifelse_shapes.py), cached per node."""
        n = self.n_outs
        pairs = [(t, f) for t, f in zip(node.inputs[1:1 + n], node.inputs[1 + n:])
                 if t is not f and getattr(t.type, "ndim", 0) > 0]
        if not pairs:
            return False
        key = tuple(map(id, node.inputs))  # the answer holds while the node reads the same variables
        cached = _VALUE_DEPENDENT.get(node)
        if cached is not None and cached[0] == key:
            return cached[1]
        answer = bool(backend["ifelse_shapes_may_differ"](node, pairs))
        _VALUE_DEPENDENT[node] = (key, answer)
        return answer

    def infer_shape(self, node: Apply, inputs_shapes: list) -> list:
        n = self.n_outs
        ts_shapes, fs_shapes = inputs_shapes[1:1 + n], inputs_shapes[1 + n:]
        if any(not isinstance(s, (list, tuple)) for s in list(ts_shapes) + list(fs_shapes)):
            return [None] * n
        t_entries = [s for shp in ts_shapes for s in shp]
        f_entries = [s for shp in fs_shapes for s in shp]
        differ = [k for k, (a, b) in enumerate(zip(t_entries, f_entries)) if not _same_entry(a, b)]
        merged = list(t_entries)
        if differ:  # Theano's shape ifelse, over the entries that are not already the same
            name = "shape" if self.name is None else "shape_" + self.name
            outs = IfElse(len(differ), name=name)(node.inputs[0], *([t_entries[k] for k in differ]
                                                                     + [f_entries[k] for k in differ]),
                                                  return_list=True)
            for k, v in zip(differ, outs):
                merged[k] = v
        out_shapes = []
        for out in node.outputs:
            out_shapes.append(tuple(merged[:out.ndim]))
            merged = merged[out.ndim:]
        return out_shapes

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Variable]:
        points = [zeros_like(v) if p is None else p for v, p in zip(inputs[1:], eval_points[1:])]
        return self(inputs[0], *points, return_list=True)

    def grad(self, ins: list[Variable], grads: list[Variable]) -> list[Variable]:
        """Then-values get ifelse(c, g, 0), else-values ifelse(c, 0, g); the condition a zero (as Theano:
        a small change of it is taken never to flip the branch)."""
        n = self.n_outs
        ts, fs = ins[1:1 + n], ins[1 + n:]
        name_t = None if self.name is None else self.name + "_grad_t"
        name_f = None if self.name is None else self.name + "_grad_f"
        if_true = IfElse(n, as_view=self.as_view, gpu=self.gpu, name=name_t)
        if_false = IfElse(n, as_view=self.as_view, gpu=self.gpu, name=name_f)
        # the grads may have another dtype than the inputs: the zeros take the grad's dtype
        t_zeros = [zeros_like(t, dtype=grads[i].dtype) for i, t in enumerate(ts)]
        f_zeros = [zeros_like(f, dtype=grads[i].dtype) for i, f in enumerate(fs)]
        condition = ins[0]
        condition_grad = zeros_like(condition).astype(config.floatX)
        return ([condition_grad] + if_true(condition, *(list(grads) + t_zeros), return_list=True)
                + if_false(condition, *(f_zeros + list(grads)), return_list=True))

    def host_impl(self, node: Apply, c: Any, *values: Any) -> list[Any]:
        """The taken branch's values (the host shape program and host evaluation use this)."""
        n = self.n_outs
        chosen = values[:n] if np.asarray(c) != 0 else values[n:]
        return [np.array(v, copy=True) if isinstance(v, np.ndarray) else v for v in chosen]


def _same_entry(a: Any, b: Any) -> bool:
    """Two shape entries (ints or scalar variables) known to be equal without evaluating them."""
    if isinstance(a, (int, np.integer)) and isinstance(b, (int, np.integer)):
        return int(a) == int(b)
    if isinstance(a, Variable) and isinstance(b, Variable):
        return same_value(a, b)
    return False


def same_value(a: Variable, b: Variable) -> bool:
    """Whether `a` and `b` compute the same value by construction: the same variable, equal constants, or the
    same op on inputs that are the same (checked iteratively)."""
    stack: list[tuple[Variable, Variable]] = [(a, b)]
    seen: set[tuple[int, int]] = set()
    while stack:
        x, y = stack.pop()
        if x is y or (id(x), id(y)) in seen:
            continue
        seen.add((id(x), id(y)))
        if isinstance(x, Constant) and isinstance(y, Constant):
            if x.type != y.type or not np.array_equal(np.asarray(x.data), np.asarray(y.data)):
                return False
            continue
        nx, ny = x.owner, y.owner
        if nx is None or ny is None or x.index != y.index or nx.op != ny.op or len(nx.inputs) != len(ny.inputs):
            return False
        stack.extend(zip(nx.inputs, ny.inputs))
    return True


def ifelse(condition: Any, then_branch: Any, else_branch: Any, name: str | None = None) -> Any:
    """`then_branch` (one variable or a list/tuple) when `condition` is non-zero, else `else_branch`;
    only the taken branch is computed. Returns a variable, or a list/tuple like `then_branch`."""
    rval_type = type(then_branch) if type(then_branch) in (list, tuple) else None
    if type(then_branch) not in (list, tuple):
        then_branch = [then_branch]
    if type(else_branch) not in (list, tuple):
        else_branch = [else_branch]
    new_then, new_else = [], []
    for t, f in zip(then_branch, else_branch):
        t = t if isinstance(t, Variable) else as_tensor_variable(t)
        f = f if isinstance(f, Variable) else as_tensor_variable(f)
        if t.type != f.type:
            if isinstance(t.type, TensorType) and not isinstance(f.type, TensorType):
                f = t.type.filter_variable(f)
            elif isinstance(f.type, TensorType) and not isinstance(t.type, TensorType):
                t = f.type.filter_variable(t)
            if t.type != f.type:
                raise TypeError("The two branches should have identical types, but they are %s and %s respectively. "
                                "This error could be raised if for example you provided a one element list on the "
                                "`then` branch but a tensor on the `else` branch." % (t.type, f.type))
        new_then.append(t)
        new_else.append(f)
    if len(then_branch) != len(else_branch):
        raise ValueError("The number of values on the `then` branch should have the same number of variables as the "
                         "`else` branch : (variables on `then` %d, variables on `else` %d)"
                         % (len(then_branch), len(else_branch)))
    rval = IfElse(n_outs=len(then_branch), name=name)(condition, *(new_then + new_else), return_list=True)
    if rval_type is None:
        return rval[0]
    return rval_type(rval)


def branch_inputs(node: Apply) -> tuple[Sequence[Variable], Sequence[Variable]]:
    """The then-values and the else-values an IfElse node chooses between."""
    n = node.op.n_outs
    return node.inputs[1:1 + n], node.inputs[1 + n:]
