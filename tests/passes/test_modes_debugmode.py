"""Compilation modes, optimizer flags and queries, and DebugMode's checks."""
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.compile.debugmode import BadOptimization, BadShapeError, DebugMode, InvalidValueError
from theano.compile.mode import FAST_COMPILE, FAST_RUN, Mode, get_default_mode, get_mode
from theano.passes import pipeline
from theano.passes.engine import Rule
from theano.passes.pattern import P, x as X

from rewrite_helpers import op_names


def _graph_ops(f):
    return set().union(*(op_names(o) for o in f.maker.fgraph.outputs))


def test_fast_compile_merges_and_folds_only():
    x = T.dvector("x")
    out = x / x + T.exp(x) * T.exp(x) + T.constant(2.0) * 3 + T.log(1 + T.exp(x))
    f = theano.function([x], out, mode="FAST_COMPILE")
    nodes = f.maker.fgraph.apply_nodes
    assert sum(1 for n in nodes if n.op == T.exp) == 1  # merged
    assert "true_div" in _graph_ops(f) and "softplus" not in _graph_ops(f)
    assert any(getattr(i, "data", None) is not None and np.all(i.data == 6.0) for n in nodes for i in n.inputs)
    fast = theano.function([x], out, mode=FAST_RUN)
    assert "true_div" not in _graph_ops(fast) and "softplus" in _graph_ops(fast)
    v = np.array([0.5, 1.5])
    np.testing.assert_allclose(f(v), fast(v))


def test_no_optimizer_keeps_the_graph_but_copies_input_outputs():
    x = T.dvector("x")
    f = theano.function([x], [x, T.exp(x) + T.exp(x)], mode=Mode(optimizer=None))
    assert f.maker.fgraph.outputs[0].owner.op == theano.compile.ops.deep_copy_op
    assert sum(1 for n in f.maker.fgraph.apply_nodes if n.op == T.exp) == 2
    a = np.array([1.0])
    out = f(a)
    assert out[0] is not a and np.array_equal(out[0], a)


def test_mode_objects_and_queries():
    m = Mode(linker="py", optimizer="fast_compile")
    assert m.optimizer == "fast_compile" and m.provided_linker == "py"
    assert FAST_COMPILE.optimizer == "fast_compile" and FAST_RUN.optimizer == "fast_run"
    assert get_mode("FAST_RUN") is FAST_RUN and isinstance(get_mode("DEBUG_MODE"), DebugMode)
    ex = FAST_RUN.excluding("a", "b").including("c").requiring("d")
    assert (ex.excluded, ex.included, ex.required) == (("a", "b"), ("c",), ("d",)) and FAST_RUN.excluded == ()
    with pytest.raises(ValueError):
        Mode(optimizer="o9")
    with pytest.raises(ValueError):
        get_mode("NO_SUCH_MODE")
    x = T.dvector("x")
    log1p_exp = T.log(1 + T.exp(x))
    assert "softplus" in _graph_ops(theano.function([x], log1p_exp, mode=FAST_RUN))
    no_softplus = FAST_RUN.excluding("log1pexp_to_softplus")
    assert _graph_ops(theano.function([x], log1p_exp, mode=no_softplus)) == {"log1p", "exp"}
    no_stabilize = FAST_RUN.excluding("stabilize")
    assert _graph_ops(theano.function([x], log1p_exp, mode=no_stabilize)) == {"log", "add", "exp"}
    canon = FAST_COMPILE.including("canonicalize")
    assert _graph_ops(theano.function([x], x / x * x, mode=canon)) == {"DeepCopyOp"}
    shapes_only = FAST_RUN.requiring("shape")  # only the shape rules carry the 'shape' tag
    f = theano.function([x], [x / x, T.exp(x).shape[0]], mode=shapes_only)
    assert "true_div" in op_names(f.maker.fgraph.outputs[0])
    assert "exp" not in op_names(f.maker.fgraph.outputs[1])


def test_config_flags_choose_the_default_mode():
    x = T.dscalar("x")
    assert theano.function([x], x / x)(0.0) == 1.0
    theano.config.optimizer = "None"
    assert np.isnan(theano.function([x], x / x)(0.0))
    theano.config.optimizer = "fast_compile"
    assert get_default_mode().optimizer == "fast_compile"
    assert np.isnan(theano.function([x], x / x)(0.0))
    theano.config.optimizer = "fast_run"
    theano.config.optimizer_excluding = "local_mul_canonizer:local_log1p"
    assert get_default_mode().excluded == ("local_mul_canonizer", "local_log1p")
    assert np.isnan(theano.function([x], x / x)(0.0))
    assert theano.function([x], x / x, mode="FAST_RUN")(0.0) == 1.0  # flags apply to the default mode only
    theano.config.optimizer_excluding = ""
    theano.config.mode = "FAST_COMPILE"
    assert get_default_mode().optimizer == "fast_compile"
    theano.config.mode = "DebugMode"
    f = theano.function([x], x * 2)
    assert isinstance(f.maker.mode, DebugMode) and f(1.5) == 3.0
    assert theano.compile.mode.get_default_mode is get_default_mode


def test_debug_mode_checks_a_training_step():
    rng = np.random.RandomState(0)
    x, y = T.dmatrix("x"), T.ivector("y")
    W = theano.shared(rng.randn(4, 3), name="W")
    b = theano.shared(np.zeros(3), name="b")
    p = T.nnet.softmax(T.dot(x, W) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y]) + 0.01 * (W ** 2).sum()
    gW, gb = T.grad(cost, [W, b])
    step = theano.function([x, y], cost, updates=[(W, W - 0.1 * gW), (b, b - 0.1 * gb)], mode="DebugMode")
    ref = theano.function([x, y], cost, updates=[(W, W - 0.1 * gW), (b, b - 0.1 * gb)])
    xv, yv = rng.rand(5, 4), np.array([0, 1, 2, 1, 0], dtype="int32")
    W0, b0 = W.get_value(), b.get_value()
    c1 = step(xv, yv)
    W1 = W.get_value()
    W.set_value(W0)
    b.set_value(b0)
    np.testing.assert_allclose(ref(xv, yv), c1)
    np.testing.assert_allclose(W.get_value(), W1)


def test_debug_mode_accepts_theanos_documented_value_changes():
    x = T.dvector("x")
    f = theano.function([x], x / x + T.log(T.exp(x)), mode=DebugMode())
    np.testing.assert_allclose(f(np.array([0.0, 2.0])), [1.0, 3.0])  # 0/0 -> 1 is x/x -> 1


def test_debug_mode_names_a_broken_rule():
    rule = pipeline.register(Rule(P.sin(X), P.cos(X), name="broken_sin_to_cos"), "canonicalize")
    try:
        x = T.dvector("x")
        f = theano.function([x], T.sin(x) * 2 + 1, mode="DebugMode")
        with pytest.raises(BadOptimization, match="broken_sin_to_cos") as info:
            f(np.array([0.3, 1.0]))
        assert info.value.reason == "broken_sin_to_cos"
        assert "sin" in str(info.value) and "cos" in str(info.value)
        # FAST_RUN runs the broken rule silently; excluding it by name restores the value
        assert not np.allclose(theano.function([x], T.sin(x))(np.array([1.0])), np.sin(1.0))
        fixed = theano.function([x], T.sin(x), mode=FAST_RUN.excluding("broken_sin_to_cos"))
        np.testing.assert_allclose(fixed(np.array([1.0])), np.sin(1.0))
        good = theano.function([x], T.sin(x), mode=DebugMode().excluding("broken_sin_to_cos"))
        np.testing.assert_allclose(good(np.array([1.0])), np.sin(1.0))
    finally:
        pipeline.unregister(rule)


class _WrongShapeCopy(theano.compile.ops.DeepCopyOp):
    """A copy (lowered as DeepCopyOp) whose infer_shape is wrong."""

    def infer_shape(self, node, shapes):
        return [(shapes[0][0] + 1,)]


def test_debug_mode_checks_infer_shape_and_nan():
    x = T.dvector("x")
    f = theano.function([x], _WrongShapeCopy()(x) + 1, mode="DebugMode")
    with pytest.raises(BadShapeError, match="_WrongShapeCopy"):
        f(np.array([1.0, 2.0]))
    g = theano.function([x], T.log(x) * 2, mode="DebugMode")
    np.testing.assert_allclose(g(np.array([1.0])), [0.0])
    with pytest.raises(InvalidValueError, match="log"):
        g(np.array([-1.0]))
    lenient = theano.function([x], T.log(x) * 2, mode=DebugMode(check_isfinite=False))
    assert np.isnan(lenient(np.array([-1.0]))[0])
