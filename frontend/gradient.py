"""Symbolic differentiation (theano.gradient): `grad`, `Lop` and `subgraph_grad` (reverse mode).

`grad` follows Theano 1.0.5's algorithm: find the variables that lie on a differentiable path from
`wrt` to the cost (respecting each op's `connection_pattern`), then ask each op on those paths for
its `L_op`/`grad` terms, from the cost backwards. Gradients are symbolic graphs built from our own
ops. Every walk is iterative, so deep graphs need no recursion. The helper ops (`zero_grad`,
`grad_clip`, ...), `jacobian`/`hessian` and `verify_grad` live in `gradient_tools.py`, forward mode
(`Rop`) in `rop.py`, one node's gradient terms in `gradient_terms.py` and the placeholder types
(DisconnectedType, NullType, grad_undefined) in `grad_types.py`.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterator, Sequence

from theano.frontend import dtypes as _dt
from theano.frontend.grad_types import DisconnectedType, NullType, NullTypeGradError, disconnected_type
from theano.frontend.grad_types import grad_not_implemented, grad_undefined  # noqa: F401 (still imported from here)
from theano.frontend.gradient_terms import _float_ones_like, _float_zeros_like, apply_disconnected_policy, node_terms
from theano.frontend.graph import Apply, Variable, general_toposort


def format_as(use_list: bool, use_tuple: bool, outputs: Any) -> Any:
    """`outputs` as a list (use_list), a tuple (use_tuple), or unwrapped from a one-element sequence."""
    assert not (use_list and use_tuple), "Both flags cannot be simultaneously True"
    if (use_list or use_tuple) and not isinstance(outputs, (list, tuple)):
        return [outputs] if use_list else (outputs,)
    if not (use_list or use_tuple) and isinstance(outputs, (list, tuple)):
        assert len(outputs) == 1, "Wrong arguments. Expected a one element list"
        return outputs[0]
    if use_list:
        return list(outputs)
    if use_tuple:
        return tuple(outputs)
    return outputs


# --------------------------------------------------------------------------- which variables connect wrt to the cost

def _node_to_pattern(node: Apply) -> list[list[bool]]:
    """The op's connection_pattern (input i influences output j), checked; all True when the op has none."""
    if hasattr(node.op, "connection_pattern"):
        pattern = node.op.connection_pattern(node)
        if not isinstance(pattern, list):
            raise TypeError("Op.connection_pattern should return " + ("list of list of bool, but for Op=%s" % node.op)
                            + "got %s with type %s." % (pattern, type(pattern)))
        if len(pattern) != len(node.inputs):
            raise ValueError("%s.connection_pattern should have %d" % (node.op, len(node.inputs))
                             + " rows but has %d." % len(pattern))
        for ii, row in enumerate(pattern):
            if not isinstance(row, list):
                raise TypeError("%s.connection_pattern should return" % node.op + " a list of lists, but element %d" % ii
                                + "is %s of type %s." % (row, type(row)))
    else:
        pattern = [[True for _ in node.outputs] for _ in node.inputs]
    for row in pattern:
        assert len(row) == len(node.outputs)
    return pattern


class _Patterns(dict):
    """node -> connection pattern, computed once per node."""

    def __missing__(self, node: Apply) -> list[list[bool]]:
        pattern = _node_to_pattern(node)
        self[node] = pattern
        return pattern


def _check_consider_constant(consider_constant: Any) -> list[Variable]:
    if consider_constant is None:
        return []
    try:
        iter(consider_constant)
    except TypeError:
        raise TypeError("consider_constant must be an iterable collection, got " + str(type(consider_constant))) from None
    for elem in consider_constant:
        if not isinstance(elem, Variable):
            raise TypeError("Elements of consider_constant must be variables, but got " + str(type(elem)))
    return list(consider_constant)


def _populate_var_to_app_to_idx(outputs: Sequence[Variable], wrt: Sequence[Variable], consider_constant: Any,
                                patterns: _Patterns) -> OrderedDict:
    """var -> OrderedDict(node -> [input positions]) for every var on a true path from `wrt` to `outputs`."""
    constants = set(_check_consider_constant(consider_constant))
    var_to_app_to_idx: OrderedDict = OrderedDict()
    accounted: set = set()

    def parents(var: Variable) -> Iterator[Variable]:
        # registers var's true parents one at a time, as the recursive walk in Theano does
        if var in constants or var.owner is None:
            return
        app = var.owner
        pattern = patterns[app]
        var_idx = app.outputs.index(var)
        for i, ipt in enumerate(app.inputs):
            if not pattern[i][var_idx]:
                continue
            idx = var_to_app_to_idx.setdefault(ipt, OrderedDict()).setdefault(app, [])
            if i not in idx:
                idx.append(i)
            yield ipt

    for output in outputs:
        if output in accounted:
            continue
        accounted.add(output)
        stack = [parents(output)]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
            elif nxt not in accounted:
                accounted.add(nxt)
                stack.append(parents(nxt))

    # keep only the variables that have an element of wrt as a true ancestor
    visited: set = set()
    todo = [w for w in wrt]
    while todo:
        var = todo.pop()
        if var in visited or var not in var_to_app_to_idx:
            continue
        visited.add(var)
        for node, idxs in var_to_app_to_idx[var].items():
            pattern = patterns[node]
            for idx in idxs:
                for ii, out in enumerate(node.outputs):
                    if pattern[idx][ii] and out not in visited:
                        todo.append(out)
    for var in list(var_to_app_to_idx):
        if var not in visited:
            del var_to_app_to_idx[var]
    return var_to_app_to_idx


# --------------------------------------------------------------------------- grad

def grad(cost: Variable | None, wrt: Any, consider_constant: Sequence[Variable] | None = None,
         disconnected_inputs: str = "raise", add_names: bool = True, known_grads: dict | None = None,
         return_disconnected: str = "zero", null_gradients: str = "raise") -> Any:
    """Symbolic gradients of the scalar `cost` (or of `known_grads`) with respect to `wrt` (theano.grad)."""
    if cost is None and known_grads is None:
        raise AssertionError("cost and known_grads can't both be None.")
    if cost is not None and isinstance(cost.type, NullType):
        raise ValueError("Can't differentiate a NaN cost.cost is NaN because " + cost.type.why_null)
    if cost is not None and cost.ndim != 0:
        raise TypeError("cost must be a scalar.")
    if isinstance(wrt, set):
        raise TypeError("wrt must not be a set. sets have no defined iteration order, so we can't return gradients "
                        "in a  matching order.")
    using_list = isinstance(wrt, list)
    using_tuple = isinstance(wrt, tuple)
    wrt = list(wrt) if (using_list or using_tuple) else [wrt]
    for elem in wrt:
        if not isinstance(elem, Variable):
            raise TypeError("Expected Variable, got " + str(elem) + " of type " + str(type(elem)))

    outputs = [cost] if cost is not None else []
    if known_grads is not None:
        outputs.extend(known_grads.keys())
    patterns = _Patterns()
    var_to_app_to_idx = _populate_var_to_app_to_idx(outputs, wrt, consider_constant, patterns)

    grad_dict: OrderedDict = OrderedDict()
    known_grads = OrderedDict() if known_grads is None else known_grads
    if cost is not None:
        g_cost = known_grads[cost] if cost in known_grads else _float_ones_like(cost)
        if hasattr(g_cost.type, "dtype") and cost.type.dtype in _dt.continuous_dtypes:
            g_cost = g_cost.astype(cost.type.dtype)
        if hasattr(g_cost.type, "dtype"):
            assert g_cost.type.dtype in _dt.continuous_dtypes
        grad_dict[cost] = g_cost
    for var, g_var in known_grads.items():
        if not hasattr(g_var, "type"):
            raise TypeError("output grads must be theano variables.Ambiguous whether %s should be made into tensor or "
                            "sparse theano variable" % str(type(g_var)))
        if not isinstance(g_var.type, (NullType, DisconnectedType)) and "float" not in str(g_var.type.dtype):
            raise TypeError("Gradients must always be NullType, DisconnectedType, or continuous, but grad was given a "
                            "known_grad of type " + str(g_var.type))
        grad_dict[var] = g_var

    def handle_disconnected(var: Any) -> None:
        message = ("grad method was asked to compute the gradient with respect to a variable that is not part of "
                   "the computational graph of the cost, or is used only by a non-differentiable operator: %s" % var)
        apply_disconnected_policy(message, disconnected_inputs, "disconnected_inputs", stacklevel=3)

    for elem in wrt:
        if elem not in var_to_app_to_idx and elem is not cost and elem not in grad_dict:
            handle_disconnected(elem)
            grad_dict[elem] = disconnected_type()

    cost_name = cost.name if (add_names and cost is not None) else None
    for g in grad_dict.values():
        if hasattr(g.type, "dtype"):
            assert g.type.dtype in _dt.float_dtypes
    rval = _populate_grad_dict(var_to_app_to_idx, grad_dict, wrt, patterns, cost_name)

    for i in range(len(rval)):
        if isinstance(rval[i].type, NullType):
            if null_gradients == "raise":
                raise NullTypeGradError("tensor.grad encountered a NaN. " + rval[i].type.why_null)
            assert null_gradients == "return"
        if isinstance(rval[i].type, DisconnectedType):
            handle_disconnected(rval[i])
            if return_disconnected == "zero":
                rval[i] = _float_zeros_like(wrt[i])
            elif return_disconnected == "None":
                rval[i] = None
            else:
                assert return_disconnected == "Disconnected"
    if using_tuple:
        return tuple(rval)
    if not using_list:
        return rval[0]
    return rval


def _populate_grad_dict(var_to_app_to_idx: OrderedDict, grad_dict: OrderedDict, wrt: Sequence[Variable],
                        patterns: _Patterns, cost_name: str | None = None) -> list[Variable]:
    """Fill grad_dict for `wrt`, asking each node between them and the cost for its gradient terms."""

    term_dict: dict = {}

    def access_grad_cache(var: Variable) -> Variable:
        if var in grad_dict:
            return grad_dict[var]
        if var not in var_to_app_to_idx:
            grad_dict[var] = disconnected_type()
            return grad_dict[var]
        null_terms, terms = [], []
        for node, idxs in var_to_app_to_idx[var].items():
            for idx in idxs:
                term = term_dict[node][idx]
                if not isinstance(term, Variable):
                    raise TypeError("%s.grad returned %s, expected Variable instance." % (str(node.op), type(term)))
                if isinstance(term.type, NullType):
                    null_terms.append(term)
                    continue
                if isinstance(term.type, DisconnectedType):
                    continue
                if hasattr(var, "ndim") and term.ndim != var.ndim:
                    raise ValueError("%s.grad returned a term with %d dimensions, but %d are required."
                                     % (str(node.op), term.ndim, var.ndim))
                terms.append(term)
        if null_terms:
            total = null_terms[0]
        elif terms:
            total = terms[0]
            for t in terms[1:]:
                total = total + t
        else:
            total = disconnected_type()
        grad_dict[var] = total
        if cost_name is not None and var.name is not None:
            total.name = "(d%s/d%s)" % (cost_name, var.name)
        return total

    def consumers(node: Apply) -> list[Apply]:
        deps = []
        for out in node.outputs:
            if out not in grad_dict and out in var_to_app_to_idx:
                deps.extend(var_to_app_to_idx[out].keys())
        return deps

    roots = []
    for w in wrt:
        if w not in grad_dict and w in var_to_app_to_idx:
            roots.extend(var_to_app_to_idx[w].keys())
    # consumers before producers: a node's terms need the gradients of its outputs
    for node in general_toposort(roots, consumers):
        output_grads = [access_grad_cache(out) for out in node.outputs]
        term_dict[node] = node_terms(node, output_grads, patterns[node])
    return [access_grad_cache(w) for w in wrt]


# --------------------------------------------------------------------------- R and L operators

def Lop(f: Any, wrt: Any, eval_points: Any, consider_constant: Sequence[Variable] | None = None,
        disconnected_inputs: str = "raise") -> Any:
    """The Jacobian of `f` with respect to `wrt`, left-multiplied by `eval_points` (reverse mode)."""
    if type(eval_points) not in (list, tuple):
        eval_points = [eval_points]
    using_list = isinstance(wrt, list)
    using_tuple = isinstance(wrt, tuple)
    f = list(f) if isinstance(f, (list, tuple)) else [f]
    grads = list(eval_points)
    wrt = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    assert len(f) == len(grads)
    known = OrderedDict(zip(f, grads))
    ret = grad(cost=None, known_grads=known, consider_constant=consider_constant, wrt=wrt,
               disconnected_inputs=disconnected_inputs)
    return format_as(using_list, using_tuple, ret)


def subgraph_grad(wrt: list, end: list, start: dict | None = None, cost: Variable | None = None,
                  details: bool = False) -> tuple:
    """Gradients of `cost` and/or the known `start` gradients down to `end` (treated as constants).

    Returns (wrt grads, end grads), plus the start-only and cost-only grads when `details`.
    """
    assert (cost is not None) or (start is not None)
    assert isinstance(end, list)
    assert isinstance(wrt, list)
    if start is not None:
        assert isinstance(start, dict)
    params = list(OrderedDict.fromkeys(wrt + end))
    start_grads = None
    cost_grads = None
    if start is not None:
        start_grads = list(grad(cost=None, wrt=params, known_grads=start, consider_constant=end,
                                disconnected_inputs="ignore"))
    if cost is not None:
        cost_grads = list(grad(cost=cost, wrt=params, consider_constant=end, disconnected_inputs="ignore"))
    if start is None:
        grads = cost_grads
    else:
        grads = start_grads
        if cost_grads is not None:
            grads = [g + c for g, c in zip(grads, cost_grads)]
    pgrads = OrderedDict(zip(params, grads))
    wrt_grads = [pgrads[k] for k in wrt]
    end_grads = [pgrads[k] for k in end]
    if details:
        return wrt_grads, end_grads, start_grads, cost_grads
    return wrt_grads, end_grads
