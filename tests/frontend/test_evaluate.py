"""The one graph evaluator (theano.frontend.evaluate): plan once, run many times, with each use's features."""
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

import theano.tensor as T
from theano.frontend.evaluate import MISSING, GraphPlan, evaluate, host_apply, host_apply_or_none
from theano.frontend.host_eval import evaluate_on_host, host_int


def _graph():
    x, y = T.lscalar("x"), T.lscalar("y")
    a = x * 3
    out = a + y * 2 + (T.constant(4, dtype="int64") - 1)
    return x, y, a, out


def test_plan_runs_many_times_with_different_inputs():
    x, y, _, out = _graph()
    plan = GraphPlan([x, y], [out])
    for xv, yv in [(1, 2), (5, -1), (0, 0)]:
        (value,) = plan.run([np.int64(xv), np.int64(yv)], host_apply)
        assert int(value) == 3 * xv + 2 * yv + 3
    assert not plan.missing


def test_sources_are_inputs_constants_or_earlier_outputs():
    x, y, a, out = _graph()
    plan = GraphPlan([x, y], [out, x])
    assert plan.source_of(x) == ("input", 0)
    assert plan.source_of(a)[0] == "node"
    produced = {id(o) for node, _, _ in plan.steps for o in node.outputs}
    for node, ins, _ in plan.steps:  # every input slot is an input, a constant, or filled by an earlier step
        for v, slot in zip(node.inputs, ins):
            assert slot < 2 or id(v) in produced or plan._template[slot] is not MISSING
    (_, xv) = plan.run([np.int64(7), np.int64(1)], host_apply)
    assert int(xv) == 7


def test_missing_variable_or_unknown_node_gives_none():
    x, y, _, out = _graph()
    plan = GraphPlan([x], [out])  # y is neither an input nor a constant
    assert [v.name for v in plan.missing] == ["y"]
    assert plan.run([np.int64(1)], host_apply) is None
    assert GraphPlan([x, y], [out]).run([np.int64(1), np.int64(1)], lambda node, vals: None) is None
    with pytest.raises(ValueError):
        GraphPlan([x, y], [out]).run([np.int64(1)], host_apply)


def test_memo_supplies_values_skips_known_nodes_and_receives_results():
    x, y, a, out = _graph()
    plan = GraphPlan([x], [out])
    calls = []

    def counting(node, vals):
        calls.append(node)
        return host_apply(node, vals)

    memo = {id(y): np.int64(10), id(a): np.int64(100)}  # a = x * 3 is known: its node must not run
    (value,) = plan.run([np.int64(1)], counting, memo=memo)
    assert int(value) == 100 + 20 + 3
    assert a.owner not in calls and len(calls) == len(plan.steps) - 1
    assert int(memo[id(out)]) == 123
    calls.clear()
    assert int(plan.run([np.int64(1)], counting, memo=memo)[0]) == 123 and calls == []


def test_after_hook_sees_every_computed_node_and_can_stop_the_run():
    x, y, _, out = _graph()
    seen = []
    evaluate([x, y], [np.int64(2), np.int64(3)], [out], host_apply, after=lambda n, i, o: seen.append((n, i, o)))
    plan = GraphPlan([x, y], [out])
    assert [n for n, _, _ in seen] == [node for node, _, _ in plan.steps]
    assert int(seen[-1][2][0]) == 15

    def refuse(node, ins, outs):
        raise RuntimeError(f"check failed at {node}")

    with pytest.raises(RuntimeError, match="check failed"):
        evaluate([x, y], [np.int64(2), np.int64(3)], [out], host_apply, after=refuse)


def test_fold_computes_constant_steps_once():
    x = T.lscalar("x")
    c = (T.constant(6, dtype="int64") * 7) - 2  # depends on constants only
    out = x + c
    plan = GraphPlan([x], [out])
    n_before = len(plan.steps)
    plan.fold(host_apply)
    assert len(plan.steps) == 1 < n_before
    assert plan.source_of(c)[0] == "value" and int(plan.source_of(c)[1]) == 40
    assert int(plan.run([np.int64(2)], host_apply)[0]) == 42


def test_per_node_callables_are_resolved_once_per_step():
    x, y, _, out = _graph()
    plan = GraphPlan([x, y], [out])
    made = []

    def make(node):
        made.append(node)
        return host_apply

    fns = plan.per_node(make)
    for k in range(3):
        assert int(plan.run([np.int64(k), np.int64(1)], fns)[0]) == 3 * k + 5
    assert len(made) == len(plan.steps)


def test_host_eval_answers_shapes_and_refuses_what_it_cannot_compute():
    m = T.matrix("m")
    n = m.shape[0] * 2 + m.shape[1]
    assert evaluate_on_host([n]) is None
    assert int(evaluate_on_host([n], shapes={id(m): (3, 4)})[0]) == 10
    assert host_int(n, shapes={id(m): (5, 1)}) == 11
    assert host_int(T.constant(3, dtype="int64") * 4) == 12
    x = T.lscalar("x")
    assert host_int(x + 1) is None
    assert int(evaluate_on_host([x + 1], values={id(x): np.int64(4)})[0]) == 5

    def boom(node, *vals):
        raise ZeroDivisionError

    assert host_apply_or_none(SimpleNamespace(op=SimpleNamespace()), []) is None  # no host implementation
    assert host_apply_or_none(SimpleNamespace(op=SimpleNamespace(host_impl=boom)), []) is None
    assert host_apply_or_none(SimpleNamespace(op=SimpleNamespace(host_impl=lambda n, a: (a, a + 1))), [1]) == [1, 2]


def test_frontend_evaluator_does_not_load_jax():
    code = ("import sys; import theano.frontend.evaluate, theano.frontend.host_eval; "
            "assert 'jax' not in sys.modules, 'jax loaded'")
    subprocess.run([sys.executable, "-c", code], check=True)
