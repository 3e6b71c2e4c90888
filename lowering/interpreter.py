"""The interpreter: lowers a FunctionGraph to a pure function of arrays by applying each node's rule.

`lower_graph` returns a pure function of arrays that `jax.jit` traces once per shape signature.
It runs the one graph evaluator (frontend/evaluate.py); each node's lowering rule and context are
resolved once, when the plan is built, not again on every trace. Nodes whose output shapes depend
on input values receive those shapes, computed on the host by the shape program, through
`LoweringContext.out_shapes`.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend.evaluate import GraphPlan, NodeFn
from theano.frontend.graph import Apply, Variable, io_toposort
from theano.frontend.ops.ifelse import IfElse
from theano.lowering.error_report import named_step
from theano.lowering.registry import LoweringContext, rule_for, specialized_rule
from theano.lowering.runtime_checks import _state as _check_state
from theano.lowering.sparse_boundary import check_padded_consumers


def lowering_step(node: Apply, out_shapes: list[tuple[int, ...]] | None = None) -> NodeFn:
    """`node`'s lowering rule bound to its context, as the evaluator's per-node callable; the outputs
    come back as a list with Theano's dtypes. Rule, context and output types are resolved here, once."""
    fast = specialized_rule(node) if out_shapes is None else None
    rule = rule_for(node.op) if fast is None else None
    ctx = LoweringContext(node, out_shapes)
    # typed lists (tuples inside a program) and slices are not arrays: no dtype / ndim to fix
    want = [(None, None, var) if not isinstance(getattr(var.type, "dtype", None), str) else
            (np.dtype(var.type.dtype), var.type.ndim, var) for var in node.outputs]
    foldable = is_shape_arithmetic(node)

    def step(node: Apply, inputs: list) -> list[Any]:
        previous = getattr(_check_state, "node", None), getattr(_check_state, "inputs", None)
        # the node (and its input arrays) a run-time check in the rule names (lowering/runtime_checks.py)
        _check_state.node, _check_state.inputs = node, inputs
        try:
            result = fold_on_host(node, inputs) if foldable and all(_small_host_value(v) for v in inputs) else None
            if result is None:
                result = fast(*inputs) if fast is not None else rule(node, ctx, *inputs)
        finally:
            _check_state.node, _check_state.inputs = previous
        results = list(result) if isinstance(result, (tuple, list)) else [result]
        if len(results) != len(want):
            raise ValueError(f"lowering of {node.op} returned {len(results)} outputs, expected {len(want)}")
        fixed = []
        for value, (dtype, ndim, var) in zip(results, want):
            if dtype is None:
                fixed.append(value)
                continue
            if getattr(value, "dtype", None) != dtype:
                value = value.astype(dtype) if hasattr(value, "astype") else np.asarray(value, dtype=dtype)
            if getattr(value, "ndim", None) != ndim and np.ndim(value) != ndim:
                raise ValueError(f"lowering of {node.op} produced a {np.ndim(value)}-d value for a {ndim}-d output "
                                 f"{var.type}")
            fixed.append(value)
        return fixed
    return step


# Integer arithmetic on static shapes (x.shape[0] * 250 // k, the switch of a reshape's -1, arange(n) for an index)
# reads only values known while tracing: Shape_i gives numpy integers. Staged into the program it would be traced,
# lowered and compiled again for every new input length, with a run-time check on each integer division. Computed
# on the host in numpy (the op's host_impl, as constant folding does), its result is a constant of the program (a
# check on it is made at once) and only what depends on the data reaches XLA. Only elementwise ops, dimshuffles and
# arange with small integer or boolean results (shapes, indices); an integer division by zero is left to the rule,
# whose run-time check raises Theano's ZeroDivisionError.
_FOLD_MAX_SIZE = 64
_DIVISIONS = ("int_div", "mod")


def is_shape_arithmetic(node: Apply) -> bool:
    """Whether the node may be computed on the host when its inputs are small host values (see above)."""
    from theano.frontend.ops.alloc import ARange
    from theano.frontend.ops.elemwise import DimShuffle, Elemwise

    op = node.op
    if type(op) not in (Elemwise, DimShuffle, ARange) or not node.inputs:
        return False
    if isinstance(op, Elemwise) and (getattr(op.scalar_op, "name", None) or "").startswith("composite"):
        return False  # a fused graph: its inner ops are not looked at here
    for var in node.outputs:
        dtype, ndim = getattr(var.type, "dtype", None), getattr(var.type, "ndim", None)
        if not isinstance(dtype, str) or ndim is None or ndim > 1 or np.dtype(dtype).kind not in "iub":
            return False
    return True


def _small_host_value(v: Any) -> bool:
    return isinstance(v, (np.ndarray, np.generic)) and v.size <= _FOLD_MAX_SIZE


def fold_on_host(node: Apply, inputs: list) -> list[np.ndarray] | None:
    """The node's outputs computed in numpy, or None where the rule must run (a division by zero, a big result)."""
    op = node.op
    if getattr(getattr(op, "scalar_op", None), "name", None) in _DIVISIONS and not np.all(inputs[1]):
        return None
    if hasattr(op, "scalar_op") and any(np.asarray(v).dtype.kind not in "iub" for v in inputs):
        return None  # float arithmetic (a cast of a float shape): left to XLA, whose float results may differ
    try:
        outs = op.host_impl(node, *inputs)
    except Exception:  # noqa: BLE001 - numpy refuses (an integer to a negative power): the rule decides, as before
        return None
    outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
    if any(np.size(o) > _FOLD_MAX_SIZE for o in outs):
        return None
    return [np.asarray(o) for o in outs]


def apply_rule(node: Apply, inputs: Sequence[Any], out_shapes: list[tuple[int, ...]] | None = None) -> list[Any]:
    """Run one node's rule on arrays; returns the list of its outputs with Theano's dtypes."""
    return lowering_step(node, out_shapes)(node, list(inputs))


def lower_graph(inputs: Sequence[Variable], outputs: Sequence[Variable], nodes: Sequence[Apply],
                shape_nodes: Sequence[Apply] = (), on_trace: Callable[[], None] | None = None) -> Callable[..., list[Any]]:
    """A pure function `(static_shapes, *input_arrays) -> outputs` computing `outputs` from `inputs`.

    `static_shapes[k]` holds the output shapes of `shape_nodes[k]` (value-dependent shapes).
    """
    check_padded_consumers(nodes)  # csm_data/csm_indices are padded in a program: no op may read the padding
    make_step: Callable[..., NodeFn] = lowering_step
    if any(isinstance(n.op, IfElse) for n in nodes):  # lazy branches: each IfElse becomes one lax.cond
        from theano.lowering.lazy_branches import lazy_plan

        nodes, make_step = lazy_plan(nodes, outputs)
    plan = GraphPlan(inputs, outputs, nodes)
    steps = plan.per_node(make_step)
    shape_index = {id(n): k for k, n in enumerate(shape_nodes)}
    shaped = [(pos, node, shape_index[id(getattr(node, "stands_for", node))]) for pos, (node, _, _)
              in enumerate(plan.steps) if id(getattr(node, "stands_for", node)) in shape_index]

    from theano.lowering.rules.autodiff import paired_steps, vjp_pairs

    nodes_in_order = [node for node, _, _ in plan.steps]
    pairs = vjp_pairs(nodes_in_order)
    shape_slot = {pos: k for pos, _, k in shaped}

    def run(static_shapes: tuple, *arrays: Any) -> list[Any]:
        if on_trace is not None:
            on_trace()
        fns = steps
        if shaped or pairs:  # only value-dependent nodes get a context per trace: their shapes change with it
            fns = list(steps)
            for pos, node, k in shaped:
                fns[pos] = make_step(node, static_shapes[k])
            for f, v in pairs:  # a forward node and its gradient share one jax.vjp (one forward pass)
                k = shape_slot.get(f)
                fns[f], fns[v] = paired_steps(nodes_in_order[f], nodes_in_order[v],
                                              None if k is None else static_shapes[k], fns[v])
        result = plan.run(arrays, [named_step(f) for f in fns])  # an error names its node (at trace time)
        if result is None:
            raise ValueError(f"lower_graph: the graph reads {plan.missing}, which is neither an input nor computed")
        return result

    return run


def decomposition_rule(node: Apply, ctx: LoweringContext, *inputs: Any) -> Any:
    """Lower an op through its own `decompose(*input_vars)` graph of other ops."""
    in_vars = [v.type() for v in node.inputs]
    out_vars = node.op.decompose(*in_vars)
    single = not isinstance(out_vars, (list, tuple))
    out_vars = [out_vars] if single else list(out_vars)
    outs = lower_graph(in_vars, out_vars, io_toposort(in_vars, out_vars))((), *inputs)
    return outs[0] if single else tuple(outs)
