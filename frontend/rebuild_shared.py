"""theano.compile.pfunc.rebuild_collect_shared: clone a graph with replacements, collecting its shared variables
and their default updates (Theano 1.0.5's semantics, walked iteratively)."""
from __future__ import annotations

from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Constant, Variable
from theano.frontend.shared import SharedVariable, shared


def _pairs(pairs: Any) -> list:
    """(key, value) pairs of a dict or of an iterable of pairs."""
    if pairs is None:
        return []
    if isinstance(pairs, dict):
        return list(pairs.items())
    return list(pairs)


def _as_update(target: SharedVariable, value: Any) -> Variable:
    """`value` as an update of `target`: a variable of exactly its type (Theano's filter_variable, no convert)."""
    if not isinstance(value, Variable):
        value = as_tensor_variable(value)
    if value.type != target.type:
        raise TypeError("An update must have the same type as the original shared variable (shared_var=%s, "
                        "shared_var.type=%s, update_val=%s, update_val.type=%s)."
                        % (target, target.type, value, getattr(value, "type", None)),
                        "If the difference is related to the broadcast pattern, you can call the "
                        "tensor.unbroadcast(var, axis_to_unbroadcast[, ...]) function to remove broadcastable "
                        "dimensions.")
    return value


class _Collector:
    """The clone map and the shared variables (with their default updates) met while cloning."""

    def __init__(self, rebuild_strict: bool, copy_inputs_over: bool, no_default_updates: Any):
        self.strict = rebuild_strict
        self.copy_inputs_over = copy_inputs_over
        self.no_default_updates = no_default_updates
        self.clone_d: dict = {}
        self.update_d: dict = {}
        self.update_expr: list = []
        self.shared_inputs: list = []

    def leaf(self, v: Variable) -> Variable:
        """Register a graph input (shared variables and their default updates) and return its clone."""
        if isinstance(v, SharedVariable):
            if v not in self.shared_inputs:
                self.shared_inputs.append(v)
            default = getattr(v, "default_update", None)
            ndu = self.no_default_updates
            if default is not None and (ndu is False or (isinstance(ndu, list) and v not in ndu)) \
                    and v not in self.update_d:
                upd = _as_update(v, default)
                self.update_d[v] = upd
                self.update_expr.append((v, upd))
        if not self.copy_inputs_over or (isinstance(v, Constant) and hasattr(v, "fgraph")):
            return self.clone_d.setdefault(v, v.clone())
        return self.clone_d.setdefault(v, v)

    def clone(self, root: Variable) -> Variable:
        """The clone of `root`, its ancestors cloned first (stopping at variables already mapped)."""
        stack: list[tuple[Variable, bool]] = [(root, False)]
        while stack:
            v, expanded = stack.pop()
            if v in self.clone_d:
                continue
            owner = v.owner
            if owner is None:
                self.leaf(v)
            elif owner in self.clone_d:
                self.clone_d.setdefault(v, v)
            elif not expanded:
                stack.append((v, True))
                stack.extend((i, False) for i in reversed(owner.inputs) if i not in self.clone_d)
            else:
                new = owner.clone_with_new_inputs([self.clone_d[i] for i in owner.inputs], strict=self.strict)
                self.clone_d[owner] = new
                for old_o, new_o in zip(owner.outputs, new.outputs):
                    self.clone_d.setdefault(old_o, new_o)
                self.clone_d.setdefault(v, v)
        return self.clone_d[root]

    def clone_output(self, v: Any) -> Any:
        """Clone a Variable or a theano.Out (keeping its borrow flag)."""
        if isinstance(v, Variable):
            return self.clone(v)
        if isinstance(getattr(v, "variable", None), Variable) and hasattr(v, "borrow"):
            return type(v)(self.clone(v.variable), borrow=v.borrow)
        raise TypeError("Outputs must be theano Variable or Out instances. Received " + str(v) + " of type "
                        + str(type(v)))


def rebuild_collect_shared(outputs: Any, inputs: list | None = None, replace: Any = None, updates: Any = None,
                           rebuild_strict: bool = True, copy_inputs_over: bool = True,
                           no_default_updates: Any = False) -> tuple[list, Any, list]:
    """Clone `outputs` with `replace` applied; return (inputs, cloned outputs,
    [clone map, updates by shared variable, update pairs in order, shared variables met])."""
    if isinstance(outputs, tuple):
        outputs = list(outputs)
    col = _Collector(rebuild_strict, copy_inputs_over, no_default_updates)
    for v_orig, v_repl in _pairs(replace):
        if not isinstance(v_orig, Variable):
            raise TypeError("given keys must be Variable", v_orig)
        if not isinstance(v_repl, Variable):
            v_repl = shared(v_repl)
        if v_orig in col.clone_d:
            raise AssertionError(
                "When using 'givens' or 'replace' with several (old_v, new_v) replacement pairs, you can not have a "
                "new_v variable depend on an old_v one. For instance, givens = {a:b, b:(a+1)} is not allowed. Here, "
                "the old_v %s is used to compute other new_v's, but it is scheduled to be replaced by %s."
                % (v_orig, v_repl))
        col.clone_d[v_orig] = col.clone(v_repl)
    input_variables = [col.clone_d.setdefault(i, i if copy_inputs_over else i.clone()) for i in (inputs or [])]
    for v in input_variables:
        if isinstance(v, SharedVariable):
            raise TypeError("Cannot use a shared variable (%s) as explicit input. Consider substituting a non-shared "
                            "variable via the `givens` parameter" % v)
    for store_into, update_val in _pairs(updates):
        if not isinstance(store_into, SharedVariable):
            raise TypeError("update target must be a SharedVariable", store_into)
        if store_into in col.update_d:
            raise ValueError("this shared variable already has an update expression",
                             (store_into, col.update_d[store_into]))
        update_val = _as_update(store_into, update_val)
        col.update_d[store_into] = update_val
        col.update_expr.append((store_into, update_val))
    if isinstance(outputs, list):
        cloned_outputs: Any = [col.clone_output(v) for v in outputs]
    elif outputs is None:
        cloned_outputs = []
    elif isinstance(outputs, Variable) or isinstance(getattr(outputs, "variable", None), Variable):
        cloned_outputs = col.clone_output(outputs)
    else:
        raise TypeError("output must be a theano Variable or Out instance (or list of them)", outputs)
    k = 0
    while k < len(col.update_expr):  # cloning an update may meet more shared variables with default updates
        v, v_update = col.update_expr[k]
        col.update_d[v] = col.clone(v_update)
        if isinstance(v, SharedVariable) and v not in col.shared_inputs:
            col.shared_inputs.append(v)
        k += 1
    return input_variables, cloned_outputs, [col.clone_d, col.update_d, col.update_expr, col.shared_inputs]
