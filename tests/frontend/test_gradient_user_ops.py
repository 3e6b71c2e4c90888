"""theano.gradient's checking tools (numeric_grad, verify_grad, unittest_tools) and users' perform-only ops:
their gradients, their host callbacks and the InferShapeTester.

Expected messages were read from Theano 1.0.5 and are baked in as literals.
"""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof, gradient
from theano.gradient import DisconnectedType, GradientError
from theano.tests import unittest_tools as utt

from helpers import Cube


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
    class WrongSquare(Cube):  # Cube's signature, a square's value and a wrong gradient
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
