"""theano.gradient.grad: Theano 1.0.5's contract with ops' gradients, its arguments and messages, and the
module's exported names. The gradient-shaping ops, R/L operators and jacobian/hessian are in
test_gradient_operators.py; numeric_grad/verify_grad and users' perform-only ops in test_gradient_user_ops.py.

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
from theano.gradient import DisconnectedInputError, DisconnectedType, NullType, NullTypeGradError, Rop

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
    # Theano 1.0.5: the gradient is not cast back to the input dtype (float32 constant + float64 scalar -> float64)
    assert out[3] == out[4] == 1.0 and out[4].dtype == np.float64

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


# --------------------------------------------------------------------------- the facade

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
