"""What theano.function assembles before building its FunctionGraph: the output specs, the update pairs (explicit
ones, then the shared variables' default updates), the shared inputs, and the checks of its inputs (unused,
missing), with Theano 1.0.5's errors."""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend.fgraph import MissingInputError
from theano.frontend.graph import Constant, Variable, graph_inputs
from theano.frontend.shared import SharedVariable
from theano.lowering.function_args import apply_givens, check_update, clients_of, updates_as_pairs
from theano.lowering.io import Out, SymbolicInput, SymbolicOutput


class UnusedInputError(Exception):
    """A symbolic input passed to function is not needed."""


def check_distinct_inputs(in_vars: list[Variable]) -> None:
    """Each input variable once (a value given for a repeated one would be ignored)."""
    for k, v in enumerate(in_vars):
        if v in in_vars[k + 1:]:
            j = in_vars.index(v, k + 1)
            raise UnusedInputError("Variable %s is used twice in inputs to theano.function, at indices %i and %i.  "
                                   "This would result in values provided for it being ignored. Please do not "
                                   "duplicate variables in the inputs list." % (v, k, j))


def check_givens_spare_inputs(givens: Any, in_vars: list[Variable]) -> None:
    """`givens` may not replace an input of the function (it would have no effect)."""
    if not givens:
        return
    gpairs = list(givens.items()) if isinstance(givens, dict) else list(givens)
    for old, _ in gpairs:
        if old in in_vars:
            raise RuntimeError(f"You are trying to replace variable '{old}' through the `givens` parameter, but this "
                               "variable is an input to your function. Replacing inputs is currently forbidden "
                               "because it has no effect. One way to modify an input `x` to a function evaluating "
                               "f(x) is to define a new input `y` and use `theano.function([y], f(x), givens={x: g(y)})`.")


def output_specs(outputs: Any) -> tuple[list[SymbolicOutput], list[str] | None, bool]:
    """theano.function's `outputs` as (Out records, the sorted keys of a dict of outputs or None, whether a call
    returns the single output unwrapped)."""
    from theano.frontend.tensor import as_tensor_variable

    if outputs is None:
        return [], None, False
    if isinstance(outputs, dict):
        for k in outputs:
            if not isinstance(k, str):
                raise AssertionError("the keys of outputs must be strings")
        output_keys = sorted(outputs)  # Theano 1.0.5 sorts them: the outputs' order and the returned dict's
        return [o if isinstance(o, SymbolicOutput) else Out(as_tensor_variable(o) if not isinstance(o, Variable) else o)
                for o in (outputs[k] for k in output_keys)], output_keys, False
    if isinstance(outputs, (list, tuple)):
        out_specs = []
        for o in outputs:
            if isinstance(o, SymbolicOutput):
                out_specs.append(o)
            elif isinstance(o, Variable):
                out_specs.append(Out(o))
            else:
                raise TypeError("Outputs must be theano Variable or Out instances. Received " + str(o) + " of type " + str(type(o)))
        return out_specs, None, False
    if isinstance(outputs, (Variable, SymbolicOutput)):
        return [outputs if isinstance(outputs, SymbolicOutput) else Out(outputs)], None, True
    raise TypeError("output must be a theano Variable or Out instance (or list of them)", outputs)


def explicit_updates(updates: Any) -> tuple[list[tuple[SharedVariable, Variable]], dict[int, Variable]]:
    """theano.function's `updates` as checked (target, value) pairs, and the values by id(target)."""
    update_pairs: list[tuple[SharedVariable, Variable]] = []
    seen_targets: dict[int, Variable] = {}
    for target, value in updates_as_pairs(updates):
        if not isinstance(target, SharedVariable):
            raise TypeError("update target must be a SharedVariable", target)
        if id(target) in seen_targets:
            raise ValueError("this shared variable already has an update expression", (target, seen_targets[id(target)]))
        value = check_update(target, value)
        seen_targets[id(target)] = value
        update_pairs.append((target, value))
    return update_pairs, seen_targets


def add_default_updates(replaced: list[Variable], in_vars: list[Variable], givens: Any, rebuild_strict: bool,
                        no_default_updates: bool | list, seen_targets: dict[int, Variable],
                        update_pairs: list[tuple[SharedVariable, Variable]]) -> None:
    """Append the default update of every shared variable the graph reads (the updates' graphs too, to a fixed
    point) and has no explicit update, to `update_pairs` and (after givens) to `replaced`."""
    if no_default_updates is True:
        return
    excluded = set(id(v) for v in (no_default_updates or [])) if isinstance(no_default_updates, list) else set()
    frontier = list(replaced)
    known = set()
    while True:
        new_found = False
        for v in graph_inputs(frontier, blockers=in_vars):
            if isinstance(v, SharedVariable) and id(v) not in known:
                known.add(id(v))
                du = getattr(v, "default_update", None)
                if du is not None and id(v) not in seen_targets and id(v) not in excluded:
                    du = check_update(v, du)
                    du = apply_givens([du], givens, rebuild_strict)[0]
                    seen_targets[id(v)] = du
                    update_pairs.append((v, du))
                    replaced.append(du)
                    frontier.append(du)
                    new_found = True
        if not new_found:
            break


def check_not_null(variables: list[Variable]) -> None:
    """A graph holding a NullType (an undefined gradient) cannot be compiled: its reason is the error."""
    for v in variables:
        why = getattr(v.type, "why_null", None)
        if why is not None:
            raise TypeError("Computation graph contains a NaN. " + why)


def shared_inputs_of(leaves: list[Variable], update_pairs: list[tuple[SharedVariable, Variable]]) -> list[SharedVariable]:
    """Every shared variable the graph reads or updates, once, in order (`leaves`: the graph's
    `graph_inputs` above the given inputs, which cut it)."""
    shared_inputs: list[SharedVariable] = []
    sid = set()
    for v in leaves + [t for t, _ in update_pairs]:
        if isinstance(v, SharedVariable) and id(v) not in sid:
            sid.add(id(v))
            shared_inputs.append(v)
    return shared_inputs


def check_inputs_used(ins: list[SymbolicInput], leaves: list[Variable], on_unused_input: str) -> None:
    """An explicit input the outputs do not need (not among `leaves`, the graph's `graph_inputs` cut at the
    inputs): Theano's UnusedInputError, a warning, or nothing."""
    used = set(leaves)
    for k, i in enumerate(ins):
        if i.variable not in used and i.update is None:
            msg = ("theano.function was asked to create a function computing outputs given certain inputs, but the "
                   "provided input variable at index %i is not part of the computational graph needed to compute the "
                   "outputs: %s.\n%s")
            if on_unused_input == "raise":
                raise UnusedInputError(msg % (k, i.variable, "To make this error into a warning, you can pass the "
                                              "parameter on_unused_input='warn' to theano.function. To disable it "
                                              "completely, use on_unused_input='ignore'."))
            if on_unused_input == "warn":
                warnings.warn(msg % (k, i.variable, "To make this warning into an error, you can pass the parameter "
                                     "on_unused_input='raise' to theano.function. To disable it completely, use "
                                     "on_unused_input='ignore'."), stacklevel=3)


def check_no_missing_input(all_vars: list[Variable], in_vars: list[Variable], leaves: list[Variable]) -> None:
    """Every free variable of the graph (`leaves`: its `graph_inputs` cut at `in_vars`) is an input, a constant or a
    shared variable (Theano's MissingInputError)."""
    in_set = set(in_vars)
    for v in leaves:
        if v.owner is None and not isinstance(v, (Constant, SharedVariable)) and v not in in_set:
            node = next((n for n in clients_of(v, in_vars, all_vars)), None)
            where = f", used to compute {node}" if node is not None else ""
            raise MissingInputError(f"Input 0 of the graph (indices start from 0){where}, was not provided and not given "
                                    f"a value. Use the Theano flag exception_verbosity='high', for more information on "
                                    f"this error. (missing input: {v})", variable=v)
