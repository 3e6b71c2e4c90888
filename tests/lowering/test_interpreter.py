"""lower_graph on the one evaluator: rules resolved once per plan, value-dependent shapes per trace."""
import jax
import numpy as np

import theano
import theano.tensor as T
from theano.frontend.graph import io_toposort
from theano.lowering import interpreter
from theano.lowering.device import x64_scope
from theano.lowering.interpreter import apply_rule, lower_graph


def test_rules_are_resolved_when_the_plan_is_built_not_per_trace(monkeypatch):
    x = T.dvector("x")
    out = T.tanh(x) * 2 + 1
    nodes = io_toposort([x], [out])
    calls = []
    real, real_specialized = interpreter.rule_for, interpreter.specialized_rule
    monkeypatch.setattr(interpreter, "rule_for", lambda op: calls.append(op) or real(op))
    monkeypatch.setattr(interpreter, "specialized_rule", lambda node: calls.append(node) or real_specialized(node))
    run = lower_graph([x], [out], nodes)
    assert 1 <= len(calls) <= 2 * len(nodes)  # each node: its specialised rule, else the general one
    n_resolved = len(calls)
    with x64_scope():
        for n in (3, 4, 5):  # three shapes: three traces
            (y,) = jax.jit(run, static_argnums=(0,))((), np.arange(n, dtype="float64"))
            np.testing.assert_allclose(np.asarray(y), np.tanh(np.arange(n)) * 2 + 1)
    assert len(calls) == n_resolved  # tracing resolved nothing again


def test_apply_rule_returns_theano_dtypes():
    x = T.fvector("x")
    node = (x * 2).owner
    with x64_scope():
        (y,) = apply_rule(node, [np.ones(3, dtype="float32"), np.asarray(2, dtype="float32").reshape((1,))])
    assert str(y.dtype) == "float32" and np.asarray(y).tolist() == [2.0, 2.0, 2.0]


def test_value_dependent_shapes_reach_the_rule_per_call():
    data = theano.shared(np.arange(20, dtype="float64"))
    i, bs = T.lscalar("i"), T.lscalar("bs")
    f = theano.function([i, bs], data[i * bs:(i + 1) * bs].sum() + data[i * bs:(i + 1) * bs].shape[0])
    assert float(f(0, 5)) == sum(range(5)) + 5
    assert float(f(1, 5)) == sum(range(5, 10)) + 5
    assert float(f(1, 3)) == sum(range(3, 6)) + 3
    assert f.n_compilations == 2


def test_specialized_elemwise_agrees_with_the_general_rule():
    from theano.frontend.evaluate import evaluate, host_apply
    from theano.lowering.registry import LoweringContext, rule_for, specialized_rule

    i, f, b = T.ivector("i"), T.fvector("f"), T.bvector("b")
    nodes = [(i + f).owner, (i // 2).owner, T.gt(f, i).owner, T.switch(T.gt(f, 0), i, f).owner,
             T.cast(f, "int8").owner, (b * 3).owner, T.tanh(i).owner, T.erfinv(f).owner]
    values = {i: np.array([1, -2, 3], dtype="int32"), f: np.array([0.5, -1.5, 2.0], dtype="float32"),
              b: np.array([1, -3, 7], dtype="int8")}
    with x64_scope():
        for node in nodes:
            ins = evaluate([i, f, b], [values[i], values[f], values[b]], node.inputs, host_apply)
            general = rule_for(node.op)(node, LoweringContext(node), *ins)
            got = interpreter.lowering_step(node)(node, ins)[0]
            assert str(got.dtype) == node.outputs[0].dtype, node
            np.testing.assert_allclose(np.asarray(got), np.asarray(general).astype(got.dtype), err_msg=str(node))
        assert specialized_rule((i + f).owner) is not None


def test_broadcast_errors_survive_specialization():
    x, y = T.dvector("x"), T.dvector("y")
    g = theano.function([x, y], x + y)
    try:
        g(np.ones(3), np.ones(4))
    except ValueError as err:
        assert "mis-match" in str(err)
    else:
        raise AssertionError("adding vectors of lengths 3 and 4 must fail")
