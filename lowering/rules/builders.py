"""Lowering of OpFromGraph: its inner graph, rewritten once by our pipeline and lowered with lower_graph."""
from __future__ import annotations

from typing import Any, Callable

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.ops.builders import OpFromGraph
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.shape_program import is_value_dependent


def inner_program(op: OpFromGraph) -> tuple[Callable[..., list[Any]], list]:
    """The op's inner graph as a pure function of arrays and its nodes; built once per op and cached on it."""
    cached = op.__dict__.get("_lowered")
    if cached is not None:
        return cached
    from theano.lowering.interpreter import lower_graph
    from theano.lowering.mode import get_mode
    from theano.passes.pipeline import optimize

    from theano.frontend.config import change_flags

    _check_unused_inputs(op)
    fgraph = FunctionGraph(list(op.local_inputs), list(op.local_outputs), clone=True)
    with change_flags(compute_test_value="off"):  # the inner graph's stand-in inputs have no test values
        optimize(fgraph, get_mode(op.kwargs.get("mode")))
    nodes = fgraph.toposort()
    if any(is_value_dependent(n) for n in nodes):
        # a rewrite made a shape input of inner values (fill -> alloc of Shape_i): the op was not expanded for
        # that (its graph as written has none), so lower the inner graph as written
        fgraph = FunctionGraph(list(op.local_inputs), list(op.local_outputs), clone=True)
        nodes = fgraph.toposort()
    dependent = [n for n in nodes if is_value_dependent(n)]
    if dependent:  # the compiler expands such an op (passes/builders.py); reaching here is a bug
        raise NotImplementedError(f"{op}: inner node {dependent[0].op} has value-dependent output shapes; "
                                  "the op must be expanded into the outer graph before lowering")
    run = lower_graph(fgraph.inputs, fgraph.outputs, nodes)
    op.__dict__["_lowered"] = (run, nodes)
    return run, nodes


def _check_unused_inputs(op: OpFromGraph) -> None:
    """Theano compiles the inner graph with theano.function and the op's kwargs: an explicit input the
    outputs do not use is an error unless on_unused_input says otherwise."""
    import warnings

    from theano.frontend.config import config
    from theano.frontend.graph import graph_inputs
    from theano.lowering.function import UnusedInputError

    policy = op.kwargs.get("on_unused_input") or config.on_unused_input
    if policy == "ignore":
        return
    used = set(graph_inputs(op.local_outputs, blockers=op.local_inputs))
    for k, v in enumerate(op.local_inputs[:len(op.inputs)]):
        if v in used:
            continue
        msg = ("theano.function was asked to create a function computing outputs given certain inputs, but the "
               "provided input variable at index %i is not part of the computational graph needed to compute the "
               "outputs: %s (the inner graph of %s; pass on_unused_input='ignore' to OpFromGraph to allow it)"
               % (k, v, op))
        if policy == "raise":
            raise UnusedInputError(msg)
        warnings.warn(msg, stacklevel=2)


@lowers(OpFromGraph)
def lower_op_from_graph(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    run, _ = inner_program(node.op)
    return tuple(run((), *inputs))


def _runs_host_code(node: Any) -> bool:
    from theano.lowering.callback import runs_host_code

    return runs_host_code(inner_program(node.op)[1])


lower_op_from_graph.runs_host_code = _runs_host_code  # type: ignore[attr-defined]
