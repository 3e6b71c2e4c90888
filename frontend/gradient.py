"""Symbolic differentiation: T.grad builds a gradient graph from each op's L_op/grad (iteratively).

This module holds the core reverse-mode walk and Theano's placeholder types for disconnected and
undefined gradients; the rest of the theano.gradient API builds on `grad`.
"""
from __future__ import annotations

import warnings
from collections import OrderedDict
from typing import Any, Sequence

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Apply, Type, Variable, ancestors, io_toposort


class DisconnectedType(Type):
    """The type of a gradient that is zero because the cost does not depend on the input."""

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        raise AssertionError("If you're assigning to a DisconnectedType you're doing something wrong. "
                             "It should only be used as a symbolic placeholder.")

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __str__(self) -> str:
        return "DisconnectedType"


disconnected_type = DisconnectedType()


class NullType(Type):
    """The type of a gradient that does not exist or is not implemented; `why_null` says which."""

    def __init__(self, why_null: str = "(no explanation given)"):
        self.why_null = why_null

    def filter(self, data: Any, strict: bool = False, allow_downcast: bool | None = None) -> Any:
        raise ValueError("No values may be assigned to a NullType")

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __str__(self) -> str:
        return "NullType"


class NullTypeGradError(TypeError):
    """A gradient in the result is undefined or not implemented."""


class DisconnectedInputError(ValueError):
    """grad was asked for the gradient of a variable the cost does not depend on."""


class GradientError(Exception):
    """verify_grad found a mismatch between the symbolic and numeric gradients."""

    def __init__(self, arg: int, err_pos: int, shape: Any, val1: Any, val2: Any, abs_err: Any, rel_err: Any,
                 abs_tol: float, rel_tol: float):
        super().__init__()
        self.arg, self.err_pos, self.shape = arg, err_pos, shape
        self.val1, self.val2, self.abs_err, self.rel_err = val1, val2, abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol

    def __str__(self) -> str:
        return ("GradientError: numeric gradient and analytic gradient exceed tolerance:\n"
                f"        At position {self.err_pos} of argument {self.arg} with shape {self.shape},\n"
                f"            val1 = {self.val1:f}      ,  val2 = {self.val2:f}\n"
                f"            abs. error = {self.abs_err:f},  abs. tolerance = {self.abs_tol:f}\n"
                f"            rel. error = {self.rel_err:f},  rel. tolerance = {self.rel_tol:f}\n"
                "Exception args: ")


def grad_not_implemented(op: Any, x_pos: int, x: Any, comment: str = "") -> Variable:
    return NullType("This variable is Null because the grad method for input %s (%s) of the %s op is not "
                    "implemented. %s" % (x_pos, x, op, comment))()


def grad_undefined(op: Any, x_pos: int, x: Any, comment: str = "") -> Variable:
    return NullType("This variable is Null because the grad method for input %s (%s) of the %s op is "
                    "mathematically undefined. %s" % (x_pos, x, op, comment))()


def _is_disconnected(g: Any) -> bool:
    return g is None or isinstance(getattr(g, "type", None), DisconnectedType)


def _is_null(g: Any) -> bool:
    return isinstance(getattr(g, "type", None), NullType)


def _float_zeros_like(x: Variable) -> Variable:
    from theano.frontend import tensor as T

    dtype = x.dtype if x.dtype in _dt.float_dtypes else config.floatX
    return T.zeros_like(x, dtype=dtype)


def _float_ones_like(x: Variable) -> Variable:
    from theano.frontend import tensor as T

    dtype = x.dtype if x.dtype in _dt.float_dtypes else config.floatX
    return T.ones_like(x, dtype=dtype)


def _sum_terms(terms: list[Variable]) -> Variable:
    from theano.frontend import tensor as T

    if len(terms) == 1:
        return terms[0]
    return T.add(*terms)


def grad(cost: Variable | None, wrt: Any, consider_constant: Sequence[Variable] | None = None,
         disconnected_inputs: str = "raise", add_names: bool = True, known_grads: dict | None = None,
         return_disconnected: str = "zero", null_gradients: str = "raise") -> Any:
    """d cost / d wrt as symbolic graphs (theano.grad)."""
    from theano.frontend import tensor as T

    if cost is None and not known_grads:
        raise AssertionError("cost and known_grads can't both be None.")
    if cost is not None:
        cost = T.as_tensor_variable(cost) if not isinstance(cost, Variable) else cost
        if getattr(cost.type, "ndim", 0) != 0:
            raise TypeError("cost must be a scalar.")
    using_list = isinstance(wrt, list)
    using_tuple = isinstance(wrt, tuple)
    wrt_list = list(wrt) if (using_list or using_tuple) else [wrt]
    for w in wrt_list:
        if not isinstance(w, Variable):
            raise TypeError("Expected Variable, got " + str(w) + " of type " + str(type(w)))
    if disconnected_inputs not in ("ignore", "warn", "raise"):
        raise ValueError("Invalid value for keyword 'disconnected_inputs', valid values are 'ignore', 'warn' and 'raise'.")

    blockers = list(consider_constant or [])
    grads: dict[Variable, list[Variable]] = OrderedDict()
    if known_grads:
        for var, g in known_grads.items():
            if not isinstance(g, Variable):
                g = T.as_tensor_variable(g)
            grads.setdefault(var, []).append(g)
    if cost is not None and cost not in grads:
        grads.setdefault(cost, []).append(_float_ones_like(cost))
    roots = list(grads.keys())

    wrt_set = set(wrt_list)
    # nodes on some path from a wrt variable to a root, not through a blocker
    nodes = io_toposort(wrt_list + blockers, roots)
    block_set = set(blockers)
    depends: set[Variable] = set(wrt_list)
    relevant: list[Apply] = []
    for node in nodes:
        if any(i in depends and i not in block_set for i in node.inputs):
            depends.update(node.outputs)
            relevant.append(node)

    for node in reversed(relevant):
        gouts = []
        any_grad = False
        for o in node.outputs:
            terms = grads.get(o)
            if terms:
                any_grad = True
                gouts.append(_sum_terms(terms))
            else:
                gouts.append(None)
        if not any_grad:
            continue
        gouts = [g if g is not None else (_float_zeros_like(o) if hasattr(o.type, "dtype") else DisconnectedType()())
                 for g, o in zip(gouts, node.outputs)]
        in_grads = node.op.L_op(list(node.inputs), list(node.outputs), gouts)
        if len(in_grads) != len(node.inputs):
            raise ValueError(f"{node.op}.grad returned {len(in_grads)} gradients for {len(node.inputs)} inputs")
        for inp, g in zip(node.inputs, in_grads):
            if inp not in depends or inp in block_set or _is_disconnected(g):
                continue
            if not _is_null(g) and not isinstance(g, Variable):
                g = T.as_tensor_variable(g)
            if not _is_null(g) and hasattr(g.type, "dtype") and hasattr(inp.type, "dtype"):
                if g.dtype not in _dt.float_dtypes and g.dtype not in _dt.complex_dtypes:
                    g = T.cast(g, config.floatX)
                if g.ndim != inp.ndim:
                    raise ValueError(f"{node.op}.grad returned a gradient of ndim {g.ndim} for an input of ndim {inp.ndim}")
            grads.setdefault(inp, []).append(g)

    result: list[Any] = []
    for w in wrt_list:
        terms = grads.get(w)
        if not terms:
            message = ("grad method was asked to compute the gradient with respect to a variable that is not part of "
                       "the computational graph of the cost, or is used only by a non-differentiable operator: %s" % w)
            if disconnected_inputs == "raise":
                raise DisconnectedInputError(message)
            if disconnected_inputs == "warn":
                warnings.warn(message, stacklevel=2)
            if return_disconnected == "zero":
                result.append(_float_zeros_like(w))
            elif return_disconnected == "None":
                result.append(None)
            else:
                result.append(DisconnectedType()())
            continue
        nulls = [t for t in terms if _is_null(t)]
        if nulls:
            if null_gradients == "raise":
                raise NullTypeGradError("tensor.grad encountered a NaN. " + nulls[0].type.why_null)
            result.append(nulls[0])
            continue
        g = _sum_terms(terms)
        if hasattr(w.type, "dtype") and w.dtype in _dt.float_dtypes and g.dtype != w.dtype:
            g = T.cast(g, w.dtype)
        if add_names and cost is not None and cost.name is not None and w.name is not None:
            g.name = "(d%s/d%s)" % (cost.name, w.name)
        result.append(g)
    if using_tuple:
        return tuple(result)
    if using_list:
        return result
    return result[0]


def Rop_via_Lop_elemwise(op: Any, inputs: list[Variable], eval_points: list[Variable]) -> list[Any]:
    """R_op of an elementwise op: sum_i (d out / d in_i) * eval_point_i, from the op's own gradient."""
    from theano.frontend import tensor as T

    outs = op(*inputs, return_list=True)
    results = []
    for out in outs:
        total = None
        for i, (inp, ev) in enumerate(zip(inputs, eval_points)):
            if ev is None:
                continue
            bgrads = op.scalar_op.L_op(inputs, outs, [T.ones_like(out)])
            g = bgrads[i]
            if _is_disconnected(g) or _is_null(g):
                continue
            term = g * ev
            total = term if total is None else total + term
        results.append(total)
    return results
