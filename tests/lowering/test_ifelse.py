"""theano.ifelse: values, types and errors as Theano 1.0.5, gradients, and laziness (the untaken branch's
nodes do not run: a recording host op is not called, a raising one does not raise)."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.compile.ops import as_op
from theano.frontend.ops.ifelse import IfElse as FrontendIfElse
from theano.gradient import verify_grad
from theano.ifelse import IfElse, ifelse
from theano.lowering.lazy_branches import BranchStep, lazy_plan
from theano.frontend.graph import io_toposort

from helpers import runs_on_cpu

RNG = np.random.RandomState(11)


def _same_shape(node, shapes):
    return [shapes[0]]


def _recorder(calls: list):
    @as_op(itypes=[T.dvector], otypes=[T.dvector], infer_shape=_same_shape)
    def record(v):
        calls.append(v.copy())
        return v * 3.0
    return record


@as_op(itypes=[T.dvector], otypes=[T.dvector], infer_shape=_same_shape)
def explode(v):
    raise ValueError("the untaken branch ran")


# ----------------------------------------------------------------------------------------- graph and types

def test_facade_is_the_frontend_op_and_prints_as_theano():
    assert IfElse is FrontendIfElse
    c, x, y = T.iscalar("c"), T.vector("x"), T.vector("y")
    z = ifelse(c, x, y)
    assert str(z.owner.op) == "if{}" and str(z) == "if{}.0"
    assert str(IfElse(2, as_view=True, gpu=True, name="a")) == "if{a,inplace,gpu}"
    assert IfElse(1, name="a") == IfElse(1, name="b")  # the name is not part of the identity
    assert IfElse(1) != IfElse(2) and IfElse(1) != IfElse(1, as_view=True)


def test_return_container_follows_then_branch_and_constants_convert():
    c, x, y = T.iscalar("c"), T.vector("x"), T.vector("y")
    assert isinstance(ifelse(c, [x], [y]), list) and isinstance(ifelse(c, (x,), (y,)), tuple)
    assert ifelse(c, 1, 2).type == T.TensorType("int8", ())
    assert ifelse(c, 1.0, 2.0).dtype == "float32"  # as Theano 1.0.5 (Python floats autocast to float32)


def test_type_errors_as_theano():
    c, x = T.iscalar("c"), T.vector("x")
    with pytest.raises(TypeError, match="identical types.*vector.*row"):
        ifelse(c, x, T.row())
    with pytest.raises(TypeError, match="identical types"):
        ifelse(c, x, T.ivector())
    with pytest.raises(TypeError, match="identical types"):
        ifelse(c, x, T.matrix())
    with pytest.raises(ValueError, match="variables on `then` 2, variables on `else` 1"):
        ifelse(c, [x, x], [x])
    with pytest.raises(TypeError, match="Condition given to the op has to be a scalar"):
        ifelse(x, x, x)
    with pytest.raises(TypeError, match="same types"):
        IfElse(1)(c, x, T.ivector())


# ----------------------------------------------------------------------------------------- values

def test_scalars_tensors_and_lists_against_numpy():
    c, x, y = T.iscalar("c"), T.dmatrix("x"), T.dmatrix("y")
    a, b = ifelse(c, [T.exp(x), x.sum()], [T.log(y), y.mean()])
    f = theano.function([c, x, y], [a, b])
    vx, vy = RNG.rand(3, 4), RNG.rand(3, 4) + 0.5
    for cond in (1, 5, -2):
        got = f(cond, vx, vy)
        np.testing.assert_allclose(got[0], np.exp(vx))
        np.testing.assert_allclose(got[1], vx.sum())
    got = f(0, vx, vy)
    np.testing.assert_allclose(got[0], np.log(vy))
    np.testing.assert_allclose(got[1], vy.mean())
    s = T.dscalar("s")
    g = theano.function([s], ifelse(s > 0, s * 2, -s))
    assert g(3.0) == 6.0 and g(-3.0) == 3.0


def test_mixed_dtypes_and_a_float_condition():
    c = T.dscalar("c")
    xi, xf = T.ivector("xi"), T.dvector("xf")
    yi, yf = T.ivector("yi"), T.dvector("yf")
    f = theano.function([c, xi, xf, yi, yf], ifelse(c, [xi, xf], [yi, yf]))
    o = f(0.5, np.array([1, 2], "int32"), np.array([0.5]), np.array([3], "int32"), np.array([1.5, 2.5]))
    assert o[0].dtype == np.int32 and o[0].tolist() == [1, 2] and o[1].tolist() == [0.5]
    o = f(0.0, np.array([1, 2], "int32"), np.array([0.5]), np.array([3], "int32"), np.array([1.5, 2.5]))
    assert o[0].tolist() == [3] and o[1].tolist() == [1.5, 2.5]


def test_branches_of_different_shapes():
    c, x, y = T.iscalar("c"), T.dvector("x"), T.dvector("y")
    f = theano.function([c, x, y], ifelse(c, x * 2, y + 1))
    vx, vy = RNG.rand(3), RNG.rand(7)
    np.testing.assert_allclose(f(1, vx, vy), vx * 2)
    np.testing.assert_allclose(f(0, vx, vy), vy + 1)
    np.testing.assert_allclose(f(1, vx, vy), vx * 2)
    n = T.lscalar("n")
    g = theano.function([c, x, n], ifelse(c, x[:n], x))
    np.testing.assert_allclose(g(1, vx, 2), vx[:2])
    np.testing.assert_allclose(g(0, vx, 2), vx)


def test_shape_of_ifelse_follows_the_condition():
    c, x, y = T.iscalar("c"), T.dmatrix("x"), T.dmatrix("y")
    f = theano.function([c, x, y], ifelse(c, x, y).shape)
    assert f(1, np.zeros((2, 3)), np.zeros((4, 5))).tolist() == [2, 3]
    assert f(0, np.zeros((2, 3)), np.zeros((4, 5))).tolist() == [4, 5]


def test_nested_ifelse():
    c, d, x = T.iscalar("c"), T.iscalar("d"), T.dvector("x")
    out = ifelse(c, ifelse(d, T.exp(x), T.sin(x)), ifelse(d, x * 2, x - 1))
    f = theano.function([c, d, x], out)
    vx = RNG.rand(4)
    for cv, dv, want in ((1, 1, np.exp(vx)), (1, 0, np.sin(vx)), (0, 1, vx * 2), (0, 0, vx - 1)):
        np.testing.assert_allclose(f(cv, dv, vx), want)


def test_updates_through_ifelse():
    c = T.iscalar("c")
    s = theano.shared(np.float64(0.0))
    f = theano.function([c], ifelse(c, s + 1, s - 1), updates=[(s, ifelse(c, s + 10, s * 2 - 10))])
    assert f(1) == 1.0 and s.get_value() == 10.0
    assert f(0) == 9.0 and s.get_value() == 10.0
    assert f(1) == 11.0 and s.get_value() == 20.0


def test_switch_stays_elementwise():
    x = T.dvector("x")
    f = theano.function([x], T.switch(x > 0.5, x, -x))
    np.testing.assert_allclose(f(np.array([0.2, 0.9, 0.6])), [-0.2, 0.9, 0.6])
    assert not any(isinstance(n.op, IfElse) for n in f.maker.fgraph.toposort())


def test_compiled_graph_prints_inplace_as_theano_fast_run():
    c, x, y = T.iscalar("c"), T.dvector("x"), T.dvector("y")
    f = theano.function([c, x, y], ifelse(c, x, y))
    assert [str(n.op) for n in f.maker.fgraph.toposort() if isinstance(n.op, IfElse)] == ["if{inplace}"]
    g = theano.function([c, x, y], ifelse(c, x, y), mode=theano.compile.get_mode("FAST_RUN").excluding("inplace"))
    assert [str(n.op) for n in g.maker.fgraph.toposort() if isinstance(n.op, IfElse)] == ["if{}"]


def test_eval_and_optimizer_none():
    c, x = T.iscalar("c"), T.dvector("x")
    out = ifelse(c, x * 2, x * 3)
    assert out.eval({c: np.int32(1), x: np.array([1.0])}).tolist() == [2.0]
    f = theano.function([c, x], out, mode=theano.Mode(optimizer=None))
    assert f(0, np.array([1.0])).tolist() == [3.0]


# ----------------------------------------------------------------------------------------- gradients

def test_gradients_go_to_the_taken_branch_only():
    c, x, y = T.iscalar("c"), T.dvector("x"), T.dvector("y")
    z = ifelse(c, x ** 2, T.exp(y))
    gx, gy = T.grad(z.sum(), [x, y])
    f = theano.function([c, x, y], [gx, gy])
    vx, vy = RNG.rand(3), RNG.rand(3)
    a, b = f(1, vx, vy)
    np.testing.assert_allclose(a, 2 * vx)
    np.testing.assert_allclose(b, np.zeros(3))
    a, b = f(0, vx, vy)
    np.testing.assert_allclose(a, np.zeros(3))
    np.testing.assert_allclose(b, np.exp(vy))


def test_condition_gradient_is_a_float_zero_as_theano():
    c, x, y = T.dscalar("c"), T.dvector("x"), T.dvector("y")
    gc = T.grad(ifelse(c, x, y).sum(), c)
    assert gc.dtype == theano.config.floatX
    assert float(gc.eval({c: 1.0, x: np.ones(2), y: np.ones(2)})) == 0.0


def test_gradient_of_integer_valued_ifelse_is_zero():
    w = theano.shared(RNG.rand(4))
    x = T.dvector("x")
    loss = ifelse(T.dot(w, x) > 0, 0, 1)
    g = T.grad(loss, w)
    np.testing.assert_allclose(theano.function([x], g)(RNG.rand(4)), np.zeros(4))


@pytest.mark.parametrize("cond", [0, 1])
def test_verify_grad(cond):
    def fn(x, y):
        a, b = ifelse(T.constant(cond, dtype="int8"), [T.tanh(x), (x * y).sum()], [y ** 2, x.sum()])
        return a.sum() * 2 + b
    verify_grad(fn, [RNG.rand(3), RNG.rand(3)], rng=np.random.RandomState(0))


def test_rop():
    c, x = T.iscalar("c"), T.dvector("x")
    v = T.dvector("v")
    out = ifelse(c, x ** 2, x * 3)
    jv = theano.function([c, x, v], T.Rop(out, x, v))
    vx, vv = RNG.rand(3), RNG.rand(3)
    np.testing.assert_allclose(jv(1, vx, vv), 2 * vx * vv)
    np.testing.assert_allclose(jv(0, vx, vv), 3 * vv)


# ----------------------------------------------------------------------------------------- laziness

def test_untaken_branch_host_op_is_not_called():
    calls: list = []
    record = _recorder(calls)
    c, x = T.iscalar("c"), T.dvector("x")
    f = theano.function([c, x], ifelse(c, record(x) + 1, x * 5))
    np.testing.assert_allclose(f(0, np.ones(3)), 5 * np.ones(3))
    np.testing.assert_allclose(f(0, np.ones(3)), 5 * np.ones(3))
    assert calls == []
    np.testing.assert_allclose(f(1, np.ones(3)), 4 * np.ones(3))
    assert len(calls) == 1


def test_untaken_branch_errors_are_not_raised():
    calls: list = []
    record = _recorder(calls)
    c, x = T.iscalar("c"), T.dvector("x")
    f = theano.function([c, x], ifelse(c, record(x), explode(x) * 2))
    np.testing.assert_allclose(f(1, np.ones(2)), 3 * np.ones(2))
    with pytest.raises(ValueError, match="the untaken branch ran"):
        f(0, np.ones(2))


def test_nested_laziness():
    calls: list = []
    record = _recorder(calls)
    c, d, x = T.iscalar("c"), T.iscalar("d"), T.dvector("x")
    f = theano.function([c, d, x], ifelse(c, ifelse(d, record(x), explode(x)), explode(x + 1)))
    np.testing.assert_allclose(f(1, 1, np.ones(2)), 3 * np.ones(2))
    assert len(calls) == 1
    with pytest.raises(ValueError):
        f(1, 0, np.ones(2))
    with pytest.raises(ValueError):
        f(0, 1, np.ones(2))
    assert len(calls) == 1


def test_shared_nodes_stay_in_the_main_walk():
    calls: list = []
    record = _recorder(calls)
    c, x = T.iscalar("c"), T.dvector("x")
    r = record(x)
    f = theano.function([c, x], [ifelse(c, r * 2, x), r.sum()])  # r is an output's input too: computed always
    f(0, np.ones(2))
    assert len(calls) == 1


def test_lazy_plan_moves_only_branch_only_nodes():
    c, x, y = T.iscalar("c"), T.dvector("x"), T.dvector("y")
    shared_part = T.exp(x)
    then_only = T.sin(shared_part) * 2
    else_only = T.cos(y)
    out = ifelse(c, then_only, else_only)
    other = shared_part + 1
    nodes = io_toposort([c, x, y], [out, other])
    order, _ = lazy_plan(nodes, [out, other])
    steps = [n for n in order if isinstance(n, BranchStep)]
    assert len(steps) == 1
    step = steps[0]
    assert {str(n.op) for n in step.then_nodes} == {str(then_only.owner.op), str(then_only.owner.inputs[0].owner.op),
                                                    str(then_only.owner.inputs[1].owner.op)}
    assert [n.outputs[0] for n in step.else_nodes] == [else_only]
    assert shared_part.owner in order and shared_part.owner not in step.then_nodes
    assert step.inputs[0] is c and set(map(id, step.inputs[1:])) == {id(shared_part), id(y)}


def test_untaken_branch_cost_is_not_paid():
    import time

    v = RNG.rand(600, 600)
    if not runs_on_cpu():
        # a GPU does 30 products of 600x600 matrices in about the time of a call: there they are 3000x3000
        v = np.tile(v, (5, 5))
    c, x = T.iscalar("c"), theano.shared(v, name="x")  # on the device: a call copies no matrix, either branch
    heavy = x
    for _ in range(30):
        heavy = T.dot(heavy, x) / 1000.0
    f = theano.function([c], ifelse(c, heavy.sum(), x.sum()))
    f(0), f(1)

    def best(cond):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            f(cond)
            times.append(time.perf_counter() - t)
        return min(times)
    assert best(1) > 3 * best(0)


def test_condition_the_host_cannot_compute_keeps_shapes_static():
    from theano.tensor.nlinalg import det

    c = T.dmatrix("c")
    x, y = T.dvector("x"), T.dvector("y")
    cond = det(c) > 0  # Det has no host implementation: the output shape cannot follow the condition on the host
    f = theano.function([c, x, y], ifelse(cond, x * 2, y))
    np.testing.assert_allclose(f(np.eye(2), np.ones(3), np.zeros(3)), 2 * np.ones(3))
    np.testing.assert_allclose(f(-np.eye(3), np.ones(3), np.zeros(3)), np.zeros(3))
    with pytest.raises(ValueError, match="then-branch has shapes"):
        f(np.eye(2), np.ones(3), np.zeros(4))


def test_constant_and_shared_conditions():
    x, y = T.dvector("x"), T.dvector("y")
    f = theano.function([x, y], [ifelse(1, x * 2, y), ifelse(0, x * 2, y + 1)])
    a, b = f(np.ones(2), np.ones(3))
    assert a.tolist() == [2.0, 2.0] and b.tolist() == [2.0, 2.0, 2.0]
    flag = theano.shared(np.int8(1))
    g = theano.function([x], ifelse(flag, x * 2, x * 3))
    assert g(np.ones(1)).tolist() == [2.0]
    flag.set_value(np.int8(0))
    assert g(np.ones(1)).tolist() == [3.0]


def test_condition_computed_in_the_graph():
    x = T.dvector("x")
    out = ifelse(T.gt(x.sum(), 0), T.exp(x), -x)
    f = theano.function([x], out)
    np.testing.assert_allclose(f(np.array([1.0, 2.0])), np.exp([1.0, 2.0]))
    np.testing.assert_allclose(f(np.array([-1.0, -2.0])), [1.0, 2.0])


def test_a_branch_that_fails_statically_fails_only_when_taken():
    c, x = T.iscalar("c"), T.dvector("x")
    f = theano.function([c, x], ifelse(c, x[5] * 2, x[0]))  # index 5 of a length-3 vector
    assert f(0, np.ones(3)) == 1.0
    with pytest.raises(IndexError, match="out of bounds"):
        f(1, np.ones(3))
    a, b, d = T.dscalar("a"), T.dvector("b"), T.dvector("d")
    g = theano.function([a, b, d], ifelse(a, a * b, b * d))  # Theano's test_vm.test_c_thunks
    assert g(1, [2], [3, 2]).tolist() == [2.0]
    with pytest.raises(ValueError, match="Input dimension mis-match"):
        g(0, [2], [3, 4])


def test_gradient_through_branches_of_different_lengths():
    """Theano's test_grad_lazy_if: the gradient's allocs read the shape of the ifelse output, which the shape
    rules turn into an ifelse of the branches' shapes, so the host knows each output's length before the call."""
    c, x, y = T.iscalar("c"), T.dvector("x"), T.dvector("y")
    z = ifelse(c, x, y)
    f = theano.function([c, x, y], T.grad((z * 2).sum(), [x, y]))
    xv, yv = np.ones(7), np.ones(4)
    gx, gy = f(1, xv, yv)
    np.testing.assert_array_equal(gx, 2 * xv)
    np.testing.assert_array_equal(gy, 0 * yv)
    gx, gy = f(0, xv, yv)
    np.testing.assert_array_equal(gx, 0 * xv)
    np.testing.assert_array_equal(gy, 2 * yv)
