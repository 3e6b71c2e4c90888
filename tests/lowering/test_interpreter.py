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
    real = interpreter.rule_for
    monkeypatch.setattr(interpreter, "rule_for", lambda op: calls.append(op) or real(op))
    run = lower_graph([x], [out], nodes)
    assert len(calls) == len(nodes)
    with x64_scope():
        for n in (3, 4, 5):  # three shapes: three traces
            (y,) = jax.jit(run, static_argnums=(0,))((), np.arange(n, dtype="float64"))
            np.testing.assert_allclose(np.asarray(y), np.tanh(np.arange(n)) * 2 + 1)
    assert len(calls) == len(nodes)


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
