"""The one graph evaluator: walk nodes in order, read their inputs, apply something per node, keep the outputs.

Lowering to JAX, the host shape program, host evaluation of small integer graphs, DebugMode's eager
checks and constant folding all evaluate a graph the same way; only what is applied to a node
differs. A `GraphPlan` is built once (node order, and where each node input comes from: a graph
input, a constant, or an earlier node's output, as slots of a flat list) and run many times with a
per-node callable `apply(node, input_values) -> output_values`. No jax here: frontend stays pure.
"""
from __future__ import annotations

from itertools import repeat
from typing import Any, Callable, Iterable, Sequence

from theano.frontend.graph import Apply, Constant, Variable, backend, io_toposort

NodeFn = Callable[[Apply, list], "Sequence[Any] | None"]
"""What a plan applies per node: `(node, input_values) -> output values` (a list), or None for 'unknown'."""
AfterHook = Callable[[Apply, list, list], None]


class _Missing:
    """The value of a slot nothing has filled (yet): a variable the plan cannot compute."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


class GraphPlan:
    """`outputs` as a function of `inputs`, walked through `nodes` (a topological order).

    Every variable gets a slot: inputs take slots 0..n-1, constants are stored in the template,
    each node output gets its own slot. A variable read by a node but neither an input, a constant
    nor produced by an earlier node is *missing*: a run that needs it returns None (unless a memo
    supplies it).
    """

    def __init__(self, inputs: Sequence[Variable], outputs: Sequence[Variable],
                 nodes: Sequence[Apply] | None = None):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.nodes = list(io_toposort(self.inputs, self.outputs) if nodes is None else nodes)
        slot_of: dict[int, int] = {}
        template: list[Any] = []
        self.variables: list[Variable | None] = []  # the variable of each slot

        def new_slot(var: Variable | None, value: Any) -> int:
            template.append(value)
            self.variables.append(var)
            if var is not None:
                slot_of[id(var)] = len(template) - 1
            return len(template) - 1

        def source(var: Variable) -> int:
            slot = slot_of.get(id(var))
            if slot is None:
                slot = new_slot(var, var.data if isinstance(var, Constant) else MISSING)
                if not isinstance(var, Constant):
                    self.missing.append(var)
            return slot

        self.missing: list[Variable] = []
        for v in self.inputs:
            if id(v) not in slot_of:
                new_slot(v, MISSING)
            else:  # the same variable twice among the inputs: later values go to a slot nobody reads
                new_slot(None, MISSING)
        self.steps: list[tuple[Apply, list[int], list[int]]] = []
        for node in self.nodes:
            ins = [source(v) for v in node.inputs]
            outs = [new_slot(o, MISSING) for o in node.outputs]
            self.steps.append((node, ins, outs))
        self.out_slots = [source(v) for v in self.outputs]
        self._template = template
        self._slot_of = slot_of
        self._n_inputs = len(self.inputs)

    # ------------------------------------------------------------------ building

    def per_node(self, make: Callable[[Apply], NodeFn]) -> list[NodeFn]:
        """One callable per step, resolved once when the plan is built (a lowering rule, say)."""
        return [make(node) for node, _, _ in self.steps]

    def fold(self, apply: NodeFn) -> None:
        """Run now, once, every step whose inputs are all known without the graph inputs (constants and
        earlier folded steps), store the results in the template and drop those steps."""
        template, n_in, kept = self._template, self._n_inputs, []
        for step in self.steps:
            node, ins, outs = step
            vals = [template[i] for i in ins]
            if any(i < n_in or v is MISSING for i, v in zip(ins, vals)):
                kept.append(step)
                continue
            results = apply(node, vals)
            for o, val in zip(outs, results):
                template[o] = val
        self.steps = kept

    def source_of(self, var: Variable) -> tuple[str, Any]:
        """Where `var`'s value comes from: ('input', position), ('value', known value) or ('node', slot)."""
        slot = self._slot_of[id(var)]
        if slot < self._n_inputs:
            return "input", slot
        value = self._template[slot]
        return ("node", slot) if value is MISSING else ("value", value)

    # ------------------------------------------------------------------ running

    def run(self, values: Sequence[Any], apply: NodeFn | Sequence[NodeFn], memo: dict[int, Any] | None = None,
            after: AfterHook | None = None) -> list[Any] | None:
        """The values of the outputs from the input `values`, or None if something needed is missing.

        `apply` is one callable for every node, or one per step (`per_node`). `memo` (id of variable ->
        value) supplies values known beforehand, lets nodes whose outputs are all known be skipped, and
        receives every value computed. `after(node, ins, outs)` runs after each computed node (checks).
        An `apply` that returns None stops the run: the result is None.
        """
        env = self._template.copy()
        if len(values) != self._n_inputs:
            raise ValueError(f"GraphPlan.run: {len(values)} values for {self._n_inputs} inputs")
        env[:self._n_inputs] = values
        fns: Iterable[NodeFn] = repeat(apply) if callable(apply) else apply
        if memo is None and after is None and not self.missing:
            for (node, ins, outs), fn in zip(self.steps, fns):
                results = fn(node, [env[i] for i in ins])
                if results is None:
                    return None
                for o, val in zip(outs, results):
                    env[o] = val
            return [env[s] for s in self.out_slots]
        return self._run_checked(env, fns, memo, after)

    def _run_checked(self, env: list[Any], fns: Iterable[NodeFn], memo: dict[int, Any] | None,
                     after: AfterHook | None) -> list[Any] | None:
        variables = self.variables
        if memo:
            for slot, var in enumerate(variables):
                if var is not None and env[slot] is MISSING:
                    env[slot] = memo.get(id(var), MISSING)
        for (node, ins, outs), fn in zip(self.steps, fns):
            if all(env[o] is not MISSING for o in outs):
                continue
            vals = [env[i] for i in ins]
            if any(v is MISSING for v in vals):
                return None
            results = fn(node, vals)
            if results is None:
                return None
            results = list(results)
            if after is not None:
                after(node, vals, results)
            for o, val in zip(outs, results):
                env[o] = val
                if memo is not None:
                    memo[id(variables[o])] = val
        result = [env[s] for s in self.out_slots]
        return None if any(v is MISSING for v in result) else result


def evaluate(inputs: Sequence[Variable], values: Sequence[Any], outputs: Sequence[Variable], apply: NodeFn,
             memo: dict[int, Any] | None = None, after: AfterHook | None = None,
             nodes: Sequence[Apply] | None = None) -> list[Any] | None:
    """One-off evaluation of `outputs` from `inputs`=`values` (a plan built and run once)."""
    return GraphPlan(inputs, outputs, nodes).run(values, apply, memo=memo, after=after)


# ---------------------------------------------------------------------------- per-node callables

def as_output_list(out: Any) -> list[Any]:
    """An op implementation's result as the list of its outputs (ops return one value or a tuple)."""
    return list(out) if isinstance(out, (list, tuple)) else [out]


def host_apply(node: Apply, values: Sequence[Any]) -> list[Any]:
    """Run one node's numpy implementation (`op.host_impl`); always returns the list of its outputs."""
    return as_output_list(node.op.host_impl(node, *values))


def host_or_backend(node: Apply, values: Sequence[Any]) -> list[Any]:
    """A node's outputs from its numpy `host_impl`, else from the evaluator the backend injected
    (`backend["eval_node"]`, the node's lowering rule run eagerly)."""
    host = getattr(node.op, "host_impl", None)
    if host is not None:
        return as_output_list(host(node, *values))
    return list(backend["eval_node"](node, values))


def host_apply_or_none(node: Apply, values: Sequence[Any]) -> list[Any] | None:
    """`host_apply`, or None where the op has no host implementation or it fails (value simply unknown)."""
    if not hasattr(node.op, "host_impl"):
        return None
    try:
        return host_apply(node, values)
    except Exception:  # noqa: BLE001 - what cannot be computed here is simply not known
        return None
