"""theano.gradient: grad (Theano 1.0.5's contract and messages), Rop/Lop, the gradient-shaping ops,
jacobian/hessian, numeric_grad/verify_grad, and users' perform-only ops (host callbacks).

Expected dtypes, values and messages were read from Theano 1.0.5 and are baked in as literals.
"""
from __future__ import annotations

import warnings
from collections import OrderedDict

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof, gradient
from theano.gradient import (DisconnectedInputError, DisconnectedType, GradientError, Lop, NullType,
                             NullTypeGradError, Rop)
from theano.tests import unittest_tools as utt

one = T.as_tensor_variable(1.0)
DISCONNECTED_MSG = ("grad method was asked to compute the gradient with respect to a variable that is not part of "
                    "the computational graph of the cost, or is used only by a non-differentiable operator: %s")


def grad_sources_inputs(sources, inputs):
    """Theano's old interface, as its tests define it on top of grad(known_grads=...)."""
    if inputs is None:
        inputs = theano.gof.graph.inputs([source[0] for source in sources])
    return dict(zip(inputs, gradient.grad(cost=None, known_grads=dict(sources), wrt=inputs,
                                          consider_constant=inputs)))


# --------------------------------------------------------------------------- grad: the op contract

def test_op_returning_none_or_wrong_count_is_refused():
    class RetNone(gof.Op):
        __props__ = ()

        def make_node(self):
            return gof.Apply(self, [T.vector()], [T.vector()])

        def grad(self, inp, grads):
            return None

    class RetOne(gof.Op):
        __props__ = ()

        def make_node(self, *inputs):
            return gof.Apply(self, inputs, [T.vector()])

        def grad(self, inputs, grads):
            return [inputs[0].zeros_like()]

    with pytest.raises(TypeError, match=r"RetNone.grad returned NoneType, expected iterable."):
        grad_sources_inputs([(RetNone().make_node().out, one)], None)
    i, j = T.vector(), T.vector()
    grad_sources_inputs([(RetOne().make_node(i).out, one)], None)
    with pytest.raises(ValueError, match="RetOne returned the wrong number of gradient terms."):
        grad_sources_inputs([(RetOne().make_node(i, j).out, one)], None)


def test_op_grad_terms_are_passed_through_unchanged():
    gval0, gval1 = T.matrix(), T.matrix()

    class ManyToMany(gof.Op):
        __props__ = ()

        def make_node(self):
            return gof.Apply(self, [T.matrix(), T.matrix()], [T.matrix(), T.matrix()])

        def grad(self, inp, grads):
            return gval0, gval1

    class OneToMany(gof.Op):
        __props__ = ()

        def make_node(self):
            return gof.Apply(self, [T.matrix()], [T.scalar(), T.scalar()])

        def grad(self, inp, grads):
            assert isinstance(grads[1].type, DisconnectedType)  # the unused output's gradient
            return gval0,

    a1 = ManyToMany().make_node()
    g = grad_sources_inputs([(a1.outputs[0], one)], None)
    assert g[a1.inputs[0]] is gval0 and g[a1.inputs[1]] is gval1
    a2 = OneToMany().make_node()
    assert grad_sources_inputs([(a2.outputs[0], one)], None)[a2.inputs[0]] is gval0


def test_integer_and_mismatched_disconnected_terms_are_refused():
    class IntGrad(gof.Op):
        __props__ = ()

        def make_node(self, x):
            return gof.Apply(self, [x], [x.type()])

        def grad(self, inputs, gouts):
            return [T.zeros_like(inputs[0], dtype="int64")]

    class LyingPattern(IntGrad):
        def connection_pattern(self, node):
            return [[True]]

        def grad(self, inputs, gouts):
            return [DisconnectedType()()]

    class NoPattern(IntGrad):
        def grad(self, inputs, gouts):
            return [DisconnectedType()()]
    x = T.dvector("x")
    with pytest.raises(TypeError, match=r"IntGrad.grad illegally  returned an integer-valued variable. "
                                        r"\(Input index 0, dtype int64\)"):
        T.grad(IntGrad()(x).sum(), x)
    with pytest.raises(TypeError, match=r"LyingPattern.grad returned DisconnectedType for input 0. Its "
                                        r"connection_pattern method does not allow this."):
        T.grad(LyingPattern()(x).sum(), x, disconnected_inputs="ignore")
    with pytest.warns(UserWarning, match="You may want to implement a connection_pattern method for it."):
        T.grad(NoPattern()(x).sum(), x, disconnected_inputs="ignore")


def test_connection_pattern_prevents_nan_gradients():
    class Op1(gof.Op):  # x reaches f, not g
        __props__ = ()

        def make_node(self, x):
            return gof.Apply(self, inputs=[x], outputs=[x.type(), T.scalar()])

        def connection_pattern(self, node):
            return [[True, False]]

        def grad(self, inputs, output_grads):
            return [inputs[0].zeros_like()]

    class Op2(gof.Op):  # gradient with respect to g undefined
        __props__ = ()

        def make_node(self, f, g):
            return gof.Apply(self, inputs=[f, g], outputs=[T.scalar()])

        def grad(self, inputs, output_grads):
            return [inputs[0].zeros_like(), NullType()()]

    x = T.vector()
    f, g = Op1()(x)
    assert gradient.grad(Op2()(f, g), x).type == x.type
    y = T.vector()
    with pytest.raises(NullTypeGradError, match=r"^tensor.grad encountered a NaN. \(no explanation given\)$"):
        gradient.grad(Op2()(y, y.sum()), y)


def test_second_order_through_fill_gives_no_connection_warning():
    x = T.dvector("x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g2 = T.grad(T.grad((x ** 3).sum(), x).sum(), x)
        g1 = T.grad((T.ones_like(x) * x).sum(), x)
    assert str(T.ones_like(x).owner.op) == "Elemwise{second,no_inplace}"
    assert T.ones_like(x).owner.op.connection_pattern(T.ones_like(x).owner) == [[False], [True]]
    out = theano.function([x], [g1, g2])(np.array([1.0, 2.0]))
    np.testing.assert_allclose(out[0], [1, 1])
    np.testing.assert_allclose(out[1], [6, 12])


# --------------------------------------------------------------------------- grad: arguments and messages

def test_argument_errors_have_theanos_messages():
    x, y = T.dvector("x"), T.dvector("y")
    with pytest.raises(AssertionError, match="cost and known_grads can't both be None."):
        T.grad(None, x)
    with pytest.raises(TypeError, match="^cost must be a scalar.$"):
        T.grad(x, x)
    with pytest.raises(TypeError, match="wrt must not be a set. sets have no defined iteration order, so we can't "
                                        "return gradients in a  matching order."):
        T.grad(x.sum(), {y})
    with pytest.raises(TypeError, match=r"^Expected Variable, got 1 of type <class 'int'>$"):
        T.grad(x.sum(), [1])
    with pytest.raises(ValueError, match="Invalid value for keyword 'disconnected_inputs', valid values are "
                                         "'ignore', 'warn' and 'raise'."):
        T.grad(x.sum(), y, disconnected_inputs="foo")
    with pytest.raises(TypeError, match="consider_constant must be an iterable collection, got <class 'int'>"):
        T.grad(x.sum(), x, consider_constant=3)
    with pytest.raises(TypeError, match="Elements of consider_constant must be variables, but got <class 'int'>"):
        T.grad(x.sum(), x, consider_constant=[3])
    with pytest.raises(TypeError, match="Gradients must always be NullType, DisconnectedType, or continuous, but grad "
                                        r"was given a known_grad of type TensorType\(int64, vector\)"):
        T.grad(None, x, known_grads={x: T.lvector()})
    with pytest.raises(ValueError, match="Can't differentiate a NaN cost."):
        T.grad(NullType("because")(), x)


def test_disconnected_inputs_raise_warn_ignore():
    x, y = T.dvector("x"), T.dvector("y")
    with pytest.raises(DisconnectedInputError) as err:
        T.grad(x.sum(), y)
    assert str(err.value) == DISCONNECTED_MSG % "y"
    assert isinstance(err.value, ValueError)
    with pytest.raises(DisconnectedInputError, match=DISCONNECTED_MSG % "x"):
        T.grad(gradient.disconnected_grad(x).sum(), x)
    # Theano warns twice: for the variable, then for its DisconnectedType placeholder
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        g = T.grad(x.sum(), y, disconnected_inputs="warn")
    assert [str(w.message) for w in rec] == [DISCONNECTED_MSG % "y", DISCONNECTED_MSG % "<DisconnectedType>"]
    assert str(g.owner.op) == "Elemwise{second,no_inplace}" and g.type == y.type
    assert T.grad(x.sum(), y, disconnected_inputs="ignore", return_disconnected="None") is None
    d = T.grad(x.sum(), y, disconnected_inputs="ignore", return_disconnected="Disconnected")
    assert isinstance(d.type, DisconnectedType) and str(d) == "<DisconnectedType>"


def test_null_gradients_raise_or_return():
    x = T.dvector("x")
    msg = ("tensor.grad encountered a NaN. This variable is Null because the grad method for input 0 (x) of the "
           "UndefinedGrad op is mathematically undefined. ")
    with pytest.raises(NullTypeGradError) as err:
        T.grad(gradient.undefined_grad(x).sum(), x)
    assert str(err.value) == msg and isinstance(err.value, TypeError)
    null = T.grad(gradient.undefined_grad(x).sum(), x, null_gradients="return")
    assert isinstance(null.type, NullType) and str(null) == "<NullType>"

    class DummyOp(gof.Op):
        __props__ = ()

        def make_node(self, x):
            return gof.Apply(self, [x], [x.type()])

        def grad(self, inputs, output_grads):
            return [gradient.grad_not_implemented(self, 0, inputs[0], "why")]

    a = T.scalar("a")
    with pytest.raises(NullTypeGradError, match=r"input 0 \(a\) of the DummyOp op is not implemented. why$"):
        T.grad(DummyOp()(a), a)


def test_grad_names_wrt_list_tuple_and_single():
    A, x = T.matrix("A"), T.vector("x")
    f = T.dot(x, T.dot(A, x))
    f.name = "f"
    assert T.grad(f, x).name == "(df/dx)"
    assert T.grad(f, x, add_names=False).name is None
    gl = T.grad(f, [x, A])
    gt = T.grad(f, (x, A))
    assert isinstance(gl, list) and isinstance(gt, tuple) and [g.name for g in gt] == ["(df/dx)", "(df/dA)"]


def test_integer_inputs_and_float32_downcast():
    # Theano 1.0.5: zero (float) gradients where an op's output is integer, real gradients where it is float
    x, w = T.ivector("x"), T.dvector("w")
    costs = [(x * 2.0).sum(), (x * w).sum(), (x.dimshuffle("x", 0) * w).sum(), T.cast(x, "float64").sum(),
             (x * 2).sum(), T.sqr(x).sum(), (x + 1).sum() * w.sum()]
    grads = [T.grad(c, x) for c in costs]
    assert [g.dtype for g in grads] == ["float64"] * 7
    s = T.iscalar()
    gs = T.grad(s, s)  # the gradient of a variable with respect to itself is 1, even for integers
    g_expected = T.dscalar()
    g_known = T.grad(cost=None, known_grads={s: g_expected}, wrt=s)
    out = theano.function([x, w, s, g_expected], grads + [gs, g_known], on_unused_input="ignore")(
        np.array([1, 2, 3], "int32"), np.array([1.0, 2, 3]), 12, 0.6)
    expected = [[2, 2, 2], [1, 2, 3], [0, 0, 0], [1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0], 1.0, 0.6]
    for got, want in zip(out, expected):
        np.testing.assert_allclose(got, want)
    xf, z = T.fscalar("x"), T.lscalar("z")
    y = xf * 2
    c = y + z
    dc_dx, dc_dy, dc_dz, dc_dc = theano.grad(c, [xf, y, z, c])
    assert dc_dx.dtype == "float32" and dc_dz.dtype in ("float32", "float64")


def test_known_grads_reproduce_the_full_gradient_layer_by_layer():
    full_range = T.arange(10)
    x, t = T.scalar("x"), T.iscalar("t")
    ft = full_range[t]
    coeffs = T.vector("c")
    ct = coeffs[t]
    p = x ** ft
    y = ct * p
    cost = T.sqr(y)
    layers = [[cost], [y], [ct, p], [ct, x, ft], [coeffs, t, full_range, x]]
    inputs = [coeffs, t, x]
    outs = [T.grad(cost, inputs, disconnected_inputs="ignore")]
    for layer in layers:
        known = OrderedDict(zip(layer, T.grad(cost, layer, disconnected_inputs="ignore")))
        outs.append(T.grad(cost=None, known_grads=known, wrt=inputs, disconnected_inputs="ignore"))
    rng = np.random.RandomState([2012, 11, 15])
    values = [rng.randn(10), np.int32(rng.randint(10)), rng.randn()]
    res = theano.function(inputs, [g for gs in outs for g in gs])(*values)
    true = res[:3]
    for k in range(1, len(outs)):
        for a, b in zip(true, res[3 * k:3 * k + 3]):
            np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(true[2], 2 * y.eval({coeffs: values[0], t: values[1], x: values[2]})
                               * values[0][values[1]] * values[1] * values[2] ** (values[1] - 1))


def test_known_grads_null_and_disconnected_cost():
    x, y = T.iscalar(), T.iscalar()
    cost = x + y
    with pytest.raises(NullTypeGradError):
        T.grad(cost, [x, y], known_grads={cost: NullType()()})
    with pytest.raises(DisconnectedInputError):
        T.grad(cost, [x, y], known_grads={cost: DisconnectedType()()}, disconnected_inputs="raise")


def test_intermediate_wrt_consider_constant_and_constants():
    x = T.dvector("x")
    h = T.exp(x)
    h.name = "h"
    cost = (h ** 2).sum()
    cost.name = "cost"
    g_h, g_x = T.grad(cost, [h, x])
    assert g_h.name == "(dcost/dh)"
    with pytest.raises(DisconnectedInputError):  # h is a constant: x no longer reaches the cost
        T.grad(cost, x, consider_constant=[h])
    g_const = T.grad(cost, x, consider_constant=[h], disconnected_inputs="ignore")
    assert T.grad(cost, x, consider_constant=[h], disconnected_inputs="ignore",
                  return_disconnected="None") is None
    a, b = T.scalar(), T.scalar()
    g_a = T.grad(a + b, a, consider_constant=[a])
    g_one = T.grad(one + b, one)
    xv = np.array([0.5, -1.0])
    out = theano.function([x, a, b], [g_h, g_x, g_const, g_a, g_one], on_unused_input="ignore")(xv, 1.0, 0.5)
    np.testing.assert_allclose(out[0], 2 * np.exp(xv))
    np.testing.assert_allclose(out[1], 2 * np.exp(2 * xv))
    np.testing.assert_allclose(out[2], 0)
    assert out[3] == out[4] == 1.0 and out[4].dtype == np.float32


def test_subgraph_grad_matches_grad():
    x, t = T.fvector("x"), T.fvector("t")
    rng = np.random.RandomState([2012, 11, 15])
    w1 = theano.shared(rng.randn(3, 4))
    w2 = theano.shared(rng.randn(4, 2))
    a1 = T.tanh(T.dot(x, w1))
    a2 = T.tanh(T.dot(a1, w2))
    cost2 = T.sqr(a2 - t).sum() + T.sqr(w2.sum())
    cost1 = T.sqr(w1.sum())
    params, costs, ends = [[w2], [w1]], [cost2, cost1], [[a1], [x]]
    true_grads = theano.grad(cost2 + cost1, [w2, w1])
    next_grad, param_grads = None, []
    for i in range(2):
        param_grad, next_grad = gradient.subgraph_grad(wrt=params[i], end=ends[i], start=next_grad, cost=costs[i])
        next_grad = OrderedDict(zip(ends[i], next_grad))
        param_grads.extend(param_grad)
    wrt_g, end_g, start_g, cost_g = gradient.subgraph_grad([w2], [a1], cost=cost2, details=True)
    assert start_g is None and len(cost_g) == 2
    out = theano.function([t, x], true_grads + param_grads)(rng.randn(2).astype("float32"),
                                                           rng.randn(3).astype("float32"))
    for a, b in zip(out[:2], out[2:]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_grad_of_a_deep_chain_needs_no_recursion():
    x = T.dscalar("x")
    y = x
    for _ in range(1500):
        y = y * 1.0001 + 0.5
    g = T.grad(y, x)
    assert g.type == x.type
    v = Rop(y, x, T.dscalar("v"))
    assert v.ndim == 0


# --------------------------------------------------------------------------- ops that shape the gradient

def test_gradient_ops_print_and_compare_as_theano():
    x = T.dvector("x")
    names = [str(f(x).owner.op) for f in (gradient.zero_grad, gradient.disconnected_grad, gradient.undefined_grad,
                                          lambda v: gradient.grad_clip(v, -1, 1), lambda v: gradient.grad_scale(v, 2.0))]
    assert names == ["ZeroGrad", "DisconnectedGrad", "UndefinedGrad", "GradClip", "GradScale"]
    assert str(gradient.zero_grad(x)) == "ZeroGrad.0"
    assert isinstance(gradient.zero_grad(x).owner.op, theano.compile.ViewOp)
    assert gradient.GradClip(-1, 1) == gradient.GradClip(-1, 1) and gradient.GradScale(2) != gradient.GradScale(3)
    with pytest.raises(AssertionError):
        gradient.GradClip(1, -1)
    y = gradient.disconnected_grad(x)
    assert y.owner.op.connection_pattern(y.owner) == [[False]]
    with pytest.warns(UserWarning, match=r"consider_constant\(\) is deprecated, use zero_grad\(\) or "
                                         r"disconnected_grad\(\) instead."):
        c = gradient.consider_constant(x)
    assert str(c.owner.op) == "ConsiderConstant" and c.owner.op is gradient.consider_constant_


def test_zero_disconnected_consider_constant_values():
    rng = np.random.RandomState(utt.fetch_seed())
    a = rng.randn(5, 5)
    x = T.matrix("x")
    got, want = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for wrap in (gradient.consider_constant, gradient.zero_grad, gradient.disconnected_grad):
            pairs = [(x * wrap(x), x), (x * wrap(T.exp(x)), T.exp(x)), (x ** 2 * wrap(x), 2 * x ** 2)]
            if wrap is not gradient.disconnected_grad:
                pairs.append((wrap(x) + 0 * x, T.zeros_like(x)))
            for expr, expr_grad in pairs:
                got.append(gradient.grad(expr.sum(), x))
                want.append(expr_grad)
    out = theano.function([x], got + want, on_unused_input="ignore")(a)
    n = len(got)
    for g, w in zip(out[:n], out[n:]):
        np.testing.assert_allclose(g, w * np.ones_like(a))
    with pytest.raises(DisconnectedInputError):
        gradient.grad(gradient.disconnected_grad(x).sum(), x)
    gradient.grad((x + gradient.disconnected_grad(x)).sum(), x)
    b = T.matrix("b")
    with pytest.raises(DisconnectedInputError):
        gradient.grad((x + gradient.disconnected_grad(b)).sum(), b)
    # R_op: zero_grad's is zero, disconnected_grad's does not exist
    xv, v = T.vector(), T.vector()
    rop = Rop(gradient.zero_grad(xv), xv, v)
    assert np.count_nonzero(theano.function([xv, v], rop, on_unused_input="ignore")(np.ones(5), np.ones(5))) == 0
    with pytest.raises(ValueError):
        Rop(gradient.disconnected_grad(xv), xv, v)


def test_grad_clip_and_grad_scale_values():
    x = T.scalar()
    z_clip = T.grad(gradient.grad_clip(x, -1, 1) ** 2, x)
    z_scale = T.grad(gradient.grad_scale(x, 2) ** 2, x)
    z_inv = T.grad(gradient.grad_scale(T.sin(x), -1.0), x)
    z2 = T.grad(x ** 2, x)
    out = theano.function([x], [z_clip, z_scale, z_inv, z2, gradient.grad_clip(x, -1, 1)])(2.0)
    np.testing.assert_allclose(out, [1, 8, -np.cos(2.0), 4, 2])


# --------------------------------------------------------------------------- R and L operators

def _rop_lop_cases(x, mx):
    rng = np.random.RandomState(3)
    W = theano.shared(rng.uniform(size=(5, 5)))
    return {
        "elemwise": (((x + 1) ** 2) * T.tanh(x), x, 5),
        "elemwise_int_cast": (x + T.cast(x, "int32"), x, 5),
        "dot": (T.dot(x, W), x, 5),
        "dot_mat": (T.tanh(T.dot(mx, mx.T)).sum(axis=0), mx, 4),
        "dimshuffle": (x[:4].dimshuffle("x", 0).sum(axis=0), x, 4),
        "transpose": (mx.T.flatten(), mx, 12),
        "reshape": (mx.reshape(T.constant(np.asarray([12], dtype="int64"))), mx, 12),
        "sum": (mx.sum(axis=1), mx, 4),
        "mean": (T.mean(mx, axis=0), mx, 3),
        "softmax": (T.nnet.softmax(mx).flatten(), mx, 12),
        "max": (T.max(mx, axis=1), mx, 4),
        "subtensor": (x[1:4], x, 3),
    }


def test_rop_lop_are_transposes_of_each_other():
    # u . (J v) == (J^T u) . v, on random vectors, for each op
    x, mx = T.dvector("x"), T.dmatrix("mx")
    cases = _rop_lop_cases(x, mx)
    outs, sizes = [], []
    for name, (y, wrt, n) in cases.items():
        v = wrt.type("v_" + name)
        u = T.dvector("u_" + name)
        outs += [T.dot(u, Rop(y, wrt, v)), (Lop(y, wrt, u) * v).sum()]
        sizes.append((wrt, v, u, n))
    rng = np.random.RandomState(7)
    args = {x: rng.uniform(size=5), mx: rng.uniform(size=(4, 3))}
    ins = [x, mx]
    vals = [args[x], args[mx]]
    for wrt, v, u, n in sizes:
        ins += [v, u]
        vals += [rng.uniform(size=args[wrt].shape), rng.uniform(size=n)]
    res = theano.function(ins, outs, on_unused_input="ignore")(*vals)
    for k, name in enumerate(cases):
        assert abs(res[2 * k]) > 1e-3, name
        np.testing.assert_allclose(res[2 * k], res[2 * k + 1], rtol=1e-10, err_msg=name)


def test_rop_matches_the_jacobian_and_handles_disconnection():
    x, v = T.dvector("x"), T.dvector("v")
    y = T.concatenate([T.sqr(x) * x.sum(), T.exp(x[:2])])
    jv = Rop(y, x, v)
    jac = T.stack([T.grad(y[i], x) for i in range(7)])
    xv, vv = np.array([0.3, -0.2, 0.5, 1.0, 2.0]), np.array([1.0, 2.0, -1.0, 0.5, 0.25])
    a, J = theano.function([x, v], [jv, jac])(xv, vv)
    np.testing.assert_allclose(a, J.dot(vv))
    # outputs that wrt does not reach
    with pytest.raises(DisconnectedInputError, match="Rop method was asked to compute the gradient with respect to a "
                                                     "variable that is not part of the computational graph"):
        Rop(x.shape[0], x, v)
    with pytest.raises(ValueError):
        Rop(T.argmax(T.dmatrix(), axis=1), x, v)
    assert Rop(T.dvector("z"), x, v, disconnected_outputs="ignore", return_disconnected="None") is None
    with pytest.raises(ValueError, match="Element 0 of wrt/eval_point have mismatched dimensionality: 2 versus 1"):
        Rop(0.0, [T.matrix()], [T.vector()])
    m, vq, m_, v_ = T.matrix("m"), T.vector("v"), T.matrix("m_"), T.vector("v_")
    r1 = Rop([m, vq, m + vq], [m, vq], [m_, v_])
    r2 = Rop((m, vq, m + vq), [m, vq], [m_, v_])
    assert isinstance(r1, list) and isinstance(r2, tuple) and len(r1) == len(r2) == 3
    assert r1[0] is m_ and r1[1] is v_


def test_rop_falls_back_to_l_op_and_non_differentiable_ops_raise():
    class Cube(gof.Op):  # has grad, no R_op
        __props__ = ()

        def make_node(self, x):
            x = T.as_tensor_variable(x)
            return gof.Apply(self, [x], [x.type()])

        def perform(self, node, inputs, out):
            out[0][0] = inputs[0] ** 3

        def grad(self, inputs, g):
            return [3 * inputs[0] ** 2 * g[0]]

    class BreakRop(Cube):  # not differentiable
        def grad(self, inp, grads):
            return [gradient.grad_undefined(self, 0, inp[0])]

        def R_op(self, inputs, eval_points):
            return [None]

    x, v = T.dvector("x"), T.dvector("v")
    r = Rop(T.tanh(Cube()(x)), x, v)
    xv, vv = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.5, -2.0])
    out = theano.function([x, v], r)(xv, vv)
    np.testing.assert_allclose(out, (1 - np.tanh(xv ** 3) ** 2) * 3 * xv ** 2 * vv)
    with pytest.raises(ValueError):
        Rop((BreakRop()(x) + 1) ** 2, x, v)
    # Theano's Rop_dot bug report: a dot with a single differentiable path
    xa = T.arange(20.0).reshape([1, 20])
    s = theano.shared(np.ones([20]))
    d = T.dot(xa, s).sum()
    assert Rop(T.grad(d, s), s, s) is not None


# --------------------------------------------------------------------------- jacobian and hessian

def test_jacobian_and_hessian_with_static_lengths():
    x = T.dvector("x")
    xs = T.specify_shape(x, (3,))
    J = gradient.jacobian(xs ** 2 * T.sum(xs), xs)
    H = gradient.hessian(T.sum(xs ** 3) * xs[0], xs)
    Jl = gradient.jacobian(T.dot(T.constant(np.arange(6.0).reshape(2, 3)), xs), [xs])
    assert isinstance(Jl, list) and J.ndim == 2
    scalar_j = gradient.jacobian(T.sum(xs), xs)
    assert scalar_j.ndim == 1
    out = theano.function([x], [J, H, Jl[0]])(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(out[0], [[13, 1, 1], [4, 28, 4], [9, 9, 45]])
    np.testing.assert_allclose(out[1], [[12, 12, 27], [12, 12, 0], [27, 0, 18]])
    np.testing.assert_allclose(out[2], np.arange(6.0).reshape(2, 3))


def test_jacobian_of_symbolic_length_names_scan():
    x = T.dvector("x")
    with pytest.raises(NotImplementedError, match="jacobian: the length of `expression`.*no scan yet"):
        gradient.jacobian(x ** 2, x)
    with pytest.raises(NotImplementedError, match="hessian: .*scan"):
        gradient.hessian(T.sum(x ** 2), x)


def test_hessian_of_an_mlp_loss_matches_finite_differences():
    n_in, n_hid, n_out, N = 2, 2, 2, 4
    sizes = [(n_in, n_hid), (n_hid,), (n_hid, n_out), (n_out,)]
    npar = sum(int(np.prod(s)) for s in sizes)
    theta_in = T.dvector("theta")
    theta = T.specify_shape(theta_in, (npar,))
    X, y = T.dmatrix("X"), T.ivector("y")
    parts, k = [], 0
    for s in sizes:
        m = int(np.prod(s))
        parts.append(theta[k:k + m].reshape(s))
        k += m
    W1, b1, W2, b2 = parts
    p = T.nnet.softmax(T.dot(T.tanh(T.dot(X, W1) + b1), W2) + b2)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    H = gradient.hessian(cost, theta)
    rng = np.random.RandomState(1)
    th, Xv, yv = rng.randn(npar) * 0.7, rng.randn(N, n_in), np.array([0, 1, 1, 0], "int32")
    Hv = theano.function([theta_in, X, y], H)(th, Xv, yv)
    f_cost = theano.function([theta_in, X, y], cost)
    eps = 1e-4
    E = np.eye(npar) * eps

    def c(t):
        return f_cost(t, Xv, yv)

    Hn = np.array([[(c(th + E[i] + E[j]) - c(th + E[i] - E[j]) - c(th - E[i] + E[j]) + c(th - E[i] - E[j]))
                    / (4 * eps * eps) for j in range(npar)] for i in range(npar)])
    np.testing.assert_allclose(Hv, Hv.T, atol=1e-12)
    np.testing.assert_allclose(Hv, Hn, atol=1e-5)


# --------------------------------------------------------------------------- numeric_grad and verify_grad

def test_numeric_grad_and_max_err():
    ng = gradient.numeric_grad(lambda a, b: (a ** 2).sum() + 3 * b.sum(), [np.array([1.0, 2.0]), np.ones((2, 2))])
    np.testing.assert_allclose(ng.gf[0], [2, 4], atol=1e-5)
    np.testing.assert_allclose(ng.gf[1], 3 * np.ones((2, 2)), atol=1e-5)
    single = gradient.numeric_grad(lambda a: (a ** 3).sum(), np.array([2.0]))
    np.testing.assert_allclose(single.gf, [12], atol=1e-4)
    arg, pos, abs_err, rel_err = ng.max_err([np.array([2.0, 4.5]), 3 * np.ones((2, 2))], 1e-4, 1e-4)
    assert (arg, pos) == (0, 1) and abs(abs_err - 0.5) < 1e-4
    with pytest.raises(ValueError, match="argument element 0 has wrong shape"):
        ng.max_err([np.zeros(3), np.zeros((2, 2))], 1e-4, 1e-4)
    abs_e, rel_e = gradient.numeric_grad.abs_rel_err(np.float64(1.0), np.float64(3.0))
    assert abs_e == 2 and rel_e == 0.5


def test_verify_grad_on_a_set_of_ops():
    rng = np.random.RandomState([2012, 8, 28])
    vx, vA = rng.randn(2), rng.randn(2, 2)
    utt.verify_grad(lambda x: x * x, [vx])
    utt.verify_grad(lambda x, A: T.dot(x, T.dot(A, x)), [vx, vA])
    utt.verify_grad(lambda x, A: theano.gradient.grad(T.dot(x * x, T.dot(A, x)), x), [vx, vA])
    m = rng.rand(3, 4) + 0.5
    utt.verify_grad(lambda a: T.nnet.softmax(a), [m])
    utt.verify_grad(lambda a: T.tanh(a).sum(axis=0) * T.mean(a), [m])
    utt.verify_grad(lambda a: a.T.reshape((2, 6))[:, 1:4] ** 2, [m])
    utt.verify_grad(lambda a: T.max(a, axis=1) + T.log(a).prod(axis=0).sum(), [m])
    utt.verify_grad(T.tanh, [np.asarray([[2, 3, 4], [-1, 3.3, 9.9]])], rng=np.random)


def test_verify_grad_detects_a_wrong_gradient_and_bad_inputs():
    class WrongSquare(gof.Op):
        __props__ = ()

        def make_node(self, x):
            x = T.as_tensor_variable(x)
            return gof.Apply(self, [x], [x.type()])

        def perform(self, node, inputs, out):
            out[0][0] = inputs[0] ** 2

        def grad(self, inputs, g):
            return [3 * inputs[0] * g[0]]

    with pytest.raises(GradientError) as err:
        utt.verify_grad(WrongSquare(), [np.array([1.0, 2.0])])
    text = str(err.value)
    assert text.startswith("GradientError: numeric gradient and analytic gradient exceed tolerance:\n        At position")
    assert "rel. tolerance = 0.000100" in text and "The error happened with the following inputs:" in text
    assert utt.verify_grad.E_grad is GradientError is gradient.verify_grad.E_grad
    with pytest.raises(TypeError, match='verify_grad can work only with floating point inputs, but input 0 has '
                                        'dtype "int64".'):
        gradient.verify_grad(T.tanh, [np.array([1, 2])], rng=np.random)
    with pytest.raises(TypeError, match="rng should be a valid instance of numpy.random.RandomState"):
        gradient.verify_grad(T.tanh, [np.array([1.0])])


def test_unittest_tools_helpers():
    assert utt.fetch_seed() == 666 and utt.fetch_seed(3) == 3
    assert utt.seed_rng() == 666
    first = np.random.rand()
    utt.seed_rng()
    assert np.random.rand() == first
    mock = utt.MockRandomState(0.25)
    np.testing.assert_allclose(mock.rand(2), [0.25, 0.25])
    assert list(utt.MockRandomState(0).randint(5, size=2)) == [0, 0]
    utt.assert_allclose(np.float32(1.0), np.float32(1.0 + 1e-6))
    with pytest.raises(utt.WrongValue):
        utt.assert_allclose(np.array([1.0]), np.array([1.1]))


# --------------------------------------------------------------------------- users' perform-only ops

class RowColSums(gof.Op):
    """A matrix -> (row sums, column sums); has infer_shape, perform and a grad written with T ops."""

    __props__ = ()

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return gof.Apply(self, [x], [T.vector(dtype=x.dtype), T.vector(dtype=x.dtype)])

    def perform(self, node, inputs, out):
        out[0][0] = inputs[0].sum(axis=1)
        out[1][0] = inputs[0].sum(axis=0)

    def infer_shape(self, node, shapes):
        return [(shapes[0][0],), (shapes[0][1],)]

    def grad(self, inputs, g):
        x, = inputs
        g_rows = T.zeros_like(x).sum(axis=1) if isinstance(g[0].type, DisconnectedType) else g[0]
        g_cols = T.zeros_like(x).sum(axis=0) if isinstance(g[1].type, DisconnectedType) else g[1]
        return [g_rows.dimshuffle(0, "x") + g_cols.dimshuffle("x", 0)]


def test_user_ops_differentiate_and_run_as_host_callbacks():
    class Cube(gof.Op):  # no infer_shape: the output takes the shape of the first input
        __props__ = ()

        def make_node(self, x):
            x = T.as_tensor_variable(x)
            return gof.Apply(self, [x], [x.type()])

        def perform(self, node, inputs, out):
            out[0][0] = inputs[0] ** 3

        def grad(self, inputs, g):
            return [3 * inputs[0] ** 2 * g[0]]

    class Halve(Cube):  # no infer_shape, and an output shape unlike its input's
        def perform(self, node, inputs, out):
            out[0][0] = inputs[0][: len(inputs[0]) // 2]

    x = T.dmatrix("x")
    r, cs = RowColSums()(x)
    cost = T.sum(T.tanh(Cube()(x))) + (r * 2).sum() + (cs ** 2).sum()
    xv = np.random.RandomState(0).randn(2, 3)
    out = theano.function([x], [Cube()(x), r, cs, T.grad(cost, x)])(xv)
    np.testing.assert_allclose(out[0], xv ** 3)
    np.testing.assert_allclose(out[1], xv.sum(axis=1))
    np.testing.assert_allclose(out[2], xv.sum(axis=0))
    np.testing.assert_allclose(out[3], (1 - np.tanh(xv ** 3) ** 2) * 3 * xv ** 2 + 2 + 2 * xv.sum(axis=0))
    utt.verify_grad(lambda m: RowColSums()(m)[1] * 3, [xv])
    utt.verify_grad(Cube(), [xv])
    v = T.dvector("v")
    with pytest.raises(Exception, match="Halve.*returned output .* of shape \\(2,\\), but \\(4,\\) was expected"):
        theano.function([v], Halve()(v))(np.ones(4))


def test_scalar_impl_callback_broadcasts_and_returns_several_outputs():
    import jax

    from theano.frontend.ops.elemwise import Elemwise, ScalarOp
    from theano.lowering.callback import scalar_impl_callback
    from theano.lowering.device import x64_scope

    class DivMod(ScalarOp):
        nin, nout = 2, 2

        def output_dtypes(self, *dtypes):
            return ("float64", "float64")

        def impl(self, a, b):
            return divmod(a, b)

    class Hypot(ScalarOp):
        nin = 2

        def output_dtypes(self, *dtypes):
            return ("float64",)

        def impl(self, a, b):
            return (a * a + b * b) ** 0.5

    a, b = T.dmatrix("a"), T.dvector("b")
    node2 = Elemwise(DivMod(name="divmod"))(a, b)[0].owner
    node1 = Elemwise(Hypot(name="hypot"))(a, b).owner
    av, bv = np.array([[7.0, 8.0], [9.0, -3.0]]), np.array([2.0, 5.0])
    with x64_scope():
        q, m = jax.jit(lambda x, y: scalar_impl_callback(node2, [x, y[None, :]]))(av, bv)
        h = jax.jit(lambda x, y: scalar_impl_callback(node1, [x, y[None, :]]))(av, bv)
    np.testing.assert_allclose(q, np.floor_divide(av, bv))
    np.testing.assert_allclose(m, np.mod(av, bv))
    np.testing.assert_allclose(h, np.hypot(av, bv))
    # the same user ScalarOp through theano.function (the Elemwise lowering's own host callback)
    np.testing.assert_allclose(theano.function([a, b], Elemwise(Hypot(name="hypot"))(a, b))(av, bv), np.hypot(av, bv))


def test_infer_shape_tester_checks_an_ops_infer_shape():
    class Tester(utt.InferShapeTester):
        def runTest(self):
            pass

    t = Tester()
    t.setUp()
    x = T.dmatrix("x")
    t._compile_and_check([x], list(RowColSums()(x)), [np.ones((2, 5))], RowColSums)

    class BadShape(RowColSums):
        def infer_shape(self, node, shapes):
            return [(shapes[0][1],), (shapes[0][0],)]

    # a wrong infer_shape is caught (here already by the host callback, which trusts infer_shape)
    with pytest.raises(Exception, match=r"BadShape.perform returned output .* of shape \(2,\), but \(5,\)"):
        t._compile_and_check([x], [BadShape()(x)[0]], [np.ones((2, 5))], BadShape)


def test_facade_exports():
    names = ["grad", "Rop", "Lop", "jacobian", "hessian", "numeric_grad", "verify_grad", "consider_constant",
             "zero_grad", "disconnected_grad", "undefined_grad", "grad_clip", "grad_scale", "subgraph_grad",
             "GradientError", "DisconnectedInputError", "NullTypeGradError", "format_as", "grad_undefined",
             "grad_not_implemented", "DisconnectedType", "NullType", "ZeroGrad", "GradClip", "GradScale"]
    assert all(hasattr(gradient, n) for n in names)
    from theano.frontend import gradient_tools
    assert set(gradient_tools.__all__) == {"Rop", "Lop", "grad", "numeric_grad", "verify_grad", "jacobian",
                                           "hessian", "consider_constant"}
    assert gradient.format_as(True, False, 1) == [1] and gradient.format_as(False, True, [1, 2]) == (1, 2)
    assert gradient.format_as(False, False, [5]) == 5
