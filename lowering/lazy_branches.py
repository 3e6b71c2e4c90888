"""Lazy IfElse: the nodes only one branch of an IfElse needs run inside that branch of one `lax.cond`.

`lower_graph` hands the node list it is about to evaluate to `lazy_plan`, which, for each IfElse node
(outermost first), finds the nodes needed ONLY by its then-values (resp. only by its else-values): none
of their outputs is a graph output, is read by the other branch or the condition, or is read by a node
that stays outside that branch. Those nodes leave the main walk; the IfElse node is replaced there by a
`BranchStep`, whose inputs are the condition and the values the branch nodes read from outside (the
operands of the `lax.cond`), and whose outputs are the IfElse node's own. Each branch is lowered with
`lower_graph` itself, so an IfElse inside a branch is made lazy in turn. Value-dependent-shape nodes stay
in the main walk (their static shapes come from the host shape program, by node), and so do the nodes
feeding them (they have a consumer outside the branch). The user's graph is not changed.
"""
from __future__ import annotations

import heapq
from types import SimpleNamespace
from typing import Any, Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.ifelse import IfElse
from theano.frontend.type import TensorType
from theano.lowering import error_report
from theano.lowering.callback import host_call
from theano.lowering.interpreter import lower_graph, lowering_step
from theano.lowering.rules.ifelse import pick_branch, shape_mismatch
from theano.lowering.runtime_checks import collecting, known_failure_id, no_error, report_flag
from theano.lowering.shape_program import is_value_dependent

StepMaker = Callable[..., Any]


class BranchStep:
    """Stands, in the main walk, for an IfElse node whose branch-only nodes moved into its `lax.cond`."""

    def __init__(self, node: Apply, then_nodes: list[Apply], else_nodes: list[Apply]):
        n = node.op.n_outs
        self.op = node.op
        self.stands_for = node
        self.then_values = list(node.inputs[1:1 + n])
        self.else_values = list(node.inputs[1 + n:])
        self.then_operands = _read_from_outside(then_nodes, self.then_values)
        self.else_operands = _read_from_outside(else_nodes, self.else_values)
        operands: list[Variable] = []
        seen: set[int] = set()
        for v in self.then_operands + self.else_operands:
            if id(v) not in seen:
                seen.add(id(v))
                operands.append(v)
        self.then_nodes, self.else_nodes = then_nodes, else_nodes
        self.inputs = [node.inputs[0]] + operands
        self.outputs = node.outputs
        position = {id(v): k for k, v in enumerate(operands)}
        self.then_index = [position[id(v)] for v in self.then_operands]
        self.else_index = [position[id(v)] for v in self.else_operands]

    def __str__(self) -> str:
        return f"{self.op} (lazy: {len(self.then_nodes)} then-nodes, {len(self.else_nodes)} else-nodes)"


def _read_from_outside(branch_nodes: list[Apply], values: Sequence[Variable]) -> list[Variable]:
    """The variables the branch (its nodes, then the values it returns) reads that it does not compute."""
    made = {id(o) for m in branch_nodes for o in m.outputs}
    out: list[Variable] = []
    seen: set[int] = set()
    for v in [v for m in branch_nodes for v in m.inputs] + list(values):
        if id(v) in made or id(v) in seen or isinstance(v, Constant):
            continue
        seen.add(id(v))
        out.append(v)
    return out


def _lazy_candidate(node: Any) -> bool:
    """An IfElse whose outputs are tensors (lax.cond carries arrays only)."""
    return isinstance(node, Apply) and isinstance(node.op, IfElse) and all(
        isinstance(o.type, TensorType) for o in node.outputs)


class MainWalk:
    """The main walk's nodes with, per variable, its producer and its consumers; kept up to date as IfElse
    nodes are replaced by BranchSteps (each search for branch-only nodes then costs only what it visits)."""

    def __init__(self, nodes: Sequence[Apply], outputs: Sequence[Variable],
                 pinned: Callable[[Apply], bool] = is_value_dependent):
        self.outputs = {id(v) for v in outputs}
        self.pinned = pinned
        self.position: dict[int, int] = {}
        self.producer: dict[int, Any] = {}
        self.consumers: dict[int, set[int]] = {}
        for k, m in enumerate(nodes):
            self.position[id(m)] = k
            self._enter(m)

    def _enter(self, m: Any) -> None:
        for o in m.outputs:
            self.producer[id(o)] = m
        for v in m.inputs:
            self.consumers.setdefault(id(v), set()).add(id(m))

    def _leave(self, m: Any) -> None:
        for v in m.inputs:
            self.consumers.get(id(v), set()).discard(id(m))

    def branch_only_nodes(self, node: Apply, side: str) -> list[Apply]:
        """The nodes only `node`'s `side` ('then' or 'else') values need, in the walk's order.

        Nodes are decided from the latest back (a heap on the position), so every consumer inside the search
        is decided before its producers; a node that stays outside is not searched past (its producers are
        read outside too)."""
        n = node.op.n_outs
        then_values, else_values = node.inputs[1:1 + n], node.inputs[1 + n:]
        roots = then_values if side == "then" else else_values
        others = [node.inputs[0]] + list(else_values if side == "then" else then_values)
        blocked = self.outputs | {id(v) for v in others}
        allowed = {id(node)}  # the IfElse reads the roots; its other inputs are blocked above
        heap: list[tuple[int, int, Any]] = []
        queued: set[int] = set()

        def push(v: Variable) -> None:
            m = self.producer.get(id(v))
            if m is not None and id(m) not in queued:
                queued.add(id(m))
                heapq.heappush(heap, (-self.position[id(m)], id(m), m))
        for r in roots:
            push(r)
        chosen: list[Any] = []
        while heap:
            _, _, m = heapq.heappop(heap)
            if not isinstance(m, Apply) or self.pinned(m):
                continue
            if all(id(o) not in blocked and self.consumers.get(id(o), set()) <= allowed for o in m.outputs):
                allowed.add(id(m))
                chosen.append(m)
                for v in m.inputs:
                    push(v)
        return sorted(chosen, key=lambda m: self.position[id(m)])

    def replace(self, node: Apply, step: "BranchStep") -> None:
        """`step` takes `node`'s place; the nodes it runs leave the walk."""
        for m in step.then_nodes + step.else_nodes + [node]:
            self._leave(m)
            for o in m.outputs:
                self.producer.pop(id(o), None)
        self.position[id(step)] = self.position[id(node)]
        self._enter(step)


def lazy_plan(nodes: Sequence[Apply], outputs: Sequence[Variable]) -> tuple[list[Any], StepMaker]:
    """`nodes` with each IfElse's branch-only nodes folded into a BranchStep, and the step maker for the list
    (`make_step(node, out_shapes=None)`, as `lowering_step`)."""
    order = list(nodes)
    moved: set[int] = set()
    replaced: dict[int, BranchStep] = {}
    known: dict[int, bool] = {}

    def pinned(m: Apply) -> bool:
        if id(m) not in known:
            known[id(m)] = is_value_dependent(m)
        return known[id(m)]

    walk = MainWalk(order, outputs, pinned)
    for node in reversed([m for m in order if _lazy_candidate(m)]):
        if id(node) in moved:
            continue
        then_nodes = walk.branch_only_nodes(node, "then")
        else_nodes = walk.branch_only_nodes(node, "else")
        if not then_nodes and not else_nodes:
            continue  # both branches are computed anyway: the plain rule selects
        moved.update(id(m) for m in then_nodes + else_nodes)
        replaced[id(node)] = BranchStep(node, then_nodes, else_nodes)
        walk.replace(node, replaced[id(node)])
    new_order = [replaced.get(id(m), m) for m in order if id(m) not in moved]

    def make_step(node: Any, out_shapes: list[tuple[int, ...]] | None = None) -> Any:
        if isinstance(node, BranchStep):
            return branch_step(node, out_shapes)
        return lowering_step(node, out_shapes)
    return new_order, make_step


def branch_step(step: BranchStep, out_shapes: list[tuple[int, ...]] | None = None) -> Any:
    """The evaluator's callable for a BranchStep: one lax.cond whose branches run their own nodes.

    `out_shapes` (from the host shape program) is given when the branches may differ in shape; where they do,
    the shapes say which branch is taken and only that one is traced."""
    then_run = lower_graph(step.then_operands, step.then_values, step.then_nodes)
    else_run = lower_graph(step.else_operands, step.else_values, step.else_nodes)
    dtypes = [np.dtype(o.type.dtype) for o in step.outputs]

    def as_outputs(values: list[Any]) -> tuple:
        return tuple(jax.lax.convert_element_type(v, d) for v, d in zip(values, dtypes))

    # each branch returns its outputs then its error flag (lowering/runtime_checks.py), reported after the cond
    def then_fn(operands: tuple) -> tuple:
        with collecting() as scope:
            outs = as_outputs(then_run((), *[operands[k] for k in step.then_index]))
        return outs + (scope.flag(),)

    def else_fn(operands: tuple) -> tuple:
        with collecting() as scope:
            outs = as_outputs(else_run((), *[operands[k] for k in step.else_index]))
        return outs + (scope.flag(),)

    def run(node: Any, values: list) -> list[Any]:
        results = list(choose(node, values))
        report_flag(results[-1])
        return results[:-1]

    def choose(node: Any, values: list) -> list[Any]:
        c, operands = values[0], tuple(values[1:])
        if not isinstance(c, jax.core.Tracer):  # a known condition (eager evaluation): run the taken branch only
            return list(then_fn(operands) if np.asarray(c) != 0 else else_fn(operands))
        if out_shapes is None:  # the branches have one shape: the usual case, traced once
            try:
                return list(jax.lax.cond(c != 0, then_fn, else_fn, operands))
            except Exception:  # noqa: BLE001 - a branch that fails to trace is handled below
                pass
        then_spec, then_error = _trace(then_fn, operands)
        else_spec, else_error = _trace(else_fn, operands)
        if then_error is not None and else_error is not None:
            raise then_error
        t_fn, e_fn = then_fn, else_fn
        # A branch that cannot even be traced (a static index out of bounds, mismatched static shapes) fails only
        # when it is taken, as in Theano: it becomes a host call that raises its error.
        if then_error is not None:
            then_spec = list(out_shapes) + [(2,)] if out_shapes else else_spec
            t_fn = _raising(then_error, then_spec[:-1], dtypes)
        if else_error is not None:
            else_spec = list(out_shapes) + [(2,)] if out_shapes else then_spec
            e_fn = _raising(else_error, else_spec[:-1], dtypes)
        then_shapes, else_shapes = [tuple(s) for s in then_spec[:-1]], [tuple(s) for s in else_spec[:-1]]
        choice = pick_branch(then_shapes, else_shapes, out_shapes)
        if choice is not None:
            return list(t_fn(operands) if choice == "then" else e_fn(operands))
        if then_shapes != else_shapes:
            raise ValueError(shape_mismatch(step.op, then_shapes, else_shapes))
        return list(jax.lax.cond(c != 0, t_fn, e_fn, operands))
    return run


def _trace(fn: Callable[[tuple], tuple], operands: tuple) -> tuple[list[tuple] | None, Exception | None]:
    """The output shapes of `fn` on `operands` (traced only), or the error tracing it raised."""
    try:
        return [tuple(s.shape) for s in jax.eval_shape(fn, operands)], None
    except Exception as exc:  # noqa: BLE001 - raised later, if and when this branch runs
        return None, exc


def _raising(error: Exception, shapes: Sequence[tuple], dtypes: Sequence[Any]) -> Callable[[tuple], tuple]:
    """A branch that raises `error` when it runs (its outputs have these shapes and dtypes).

    It returns zeros and an error flag that holds `error` (lowering/runtime_checks.py): the call raises it once it
    reads the flag, as it raises any failed run-time check, with no host callback in the program. (A callback
    that raises fails the call asynchronously off the CPU, where the call may already have returned.) An error
    that cannot be rebuilt from its type and message stays a host callback that raises it."""
    rebuilt = _rebuilt(error)
    # the node the error came from (tagged while tracing): the call's error names it, with the call's values, as a
    # failed check does; none when the message already holds that report
    node = None if error_report.is_reported(error) else error_report.failed_node(error)

    def host(*_: Any) -> tuple:
        raise error

    def branch(operands: tuple) -> tuple:
        if rebuilt is None:
            return tuple(host_call(host, [tuple(s) for s in shapes], dtypes)) + (no_error(),)
        rid = _failure_id(error, node)
        flag = jnp.asarray([rid, 0], jnp.int32)
        return tuple(jnp.zeros(tuple(s), d) for s, d in zip(shapes, dtypes)) + (flag,)
    return branch


def _rebuilt(error: Exception) -> Exception | None:
    """`type(error)(str(error))` when that is the same error (what a failed check raises), else None."""
    try:
        copy = type(error)(str(error))
    except Exception:  # noqa: BLE001 - an exception class that takes other arguments
        return None
    return copy if str(copy) == str(error) and copy.args == error.args else None


def _failure_id(error: Exception, node: Any) -> int:
    """The id of a run-time check that raises `error` (its record names `node`, with the shapes of the node's inputs
    that tracing saw, as the report on a failed check of that node shows them)."""
    info = error_report.traced_inputs(error)
    inputs = None
    if node is not None and info and len(info) == len(node.inputs):
        inputs = [v if v is not None else SimpleNamespace(shape=tuple(s)) if s is not None else None
                  for v, s, _ in info]
    return known_failure_id(type(error), str(error), node, inputs)
