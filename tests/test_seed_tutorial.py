"""Every snippet of ../shared/seed-theano-tutorial.txt, run as shown (Python 3 print)."""
from collections import OrderedDict

import numpy as np
import pytest

import theano
from theano import config, function, shared
from theano import tensor as T
from theano.printing import debugprint, min_informative_str


def test_scalar_math():
    x = T.scalar()
    y = T.scalar()
    z = x + y
    w = z * x
    a = T.sqrt(w)
    b = T.exp(a)
    c = a ** b
    d = T.log(c)
    f = function([x, y], d)
    xv, yv = 1.5, 0.5
    av = np.sqrt((xv + yv) * xv)
    assert np.isclose(f(xv, yv), np.log(av ** np.exp(av)))


def test_vector_math():
    x = T.vector()
    y = T.vector()
    a = x * y
    b = T.dot(x, y)
    c = a + b
    xv, yv = np.arange(3.0), np.ones(3)
    assert np.allclose(function([x, y], c)(xv, yv), xv * yv + xv.dot(yv))


def test_matrix_math():
    x = T.matrix()
    y = T.matrix()
    a = T.vector()
    b = T.dot(x, y)
    c = T.dot(x, a)
    xv, yv, av = np.random.rand(2, 3), np.random.rand(3, 4), np.random.rand(3)
    rb, rc = function([x, y, a], [b, c])(xv, yv, av)
    assert np.allclose(rb, xv @ yv) and np.allclose(rc, xv @ av)


def test_tensors_and_reductions():
    tensor3 = T.TensorType(broadcastable=(False, False, False), dtype="float32")
    x = tensor3()
    total = x.sum()
    marginals = x.sum(axis=(0, 2))
    mx = x.max(axis=1)
    xv = np.random.rand(2, 3, 4).astype("float32")
    t, m, mxv = function([x], [total, marginals, mx])(xv)
    assert np.isclose(t, xv.sum(), rtol=1e-5) and np.allclose(m, xv.sum(axis=(0, 2)), rtol=1e-5)
    assert np.allclose(mxv, xv.max(axis=1))


def test_dimshuffle():
    tensor3 = T.TensorType(broadcastable=(False, False, False), dtype="float32")
    x = tensor3()
    y = x.dimshuffle((2, 1, 0))
    a = T.matrix()
    b = a.T
    c = a.dimshuffle((0, 1))
    d = a.dimshuffle((0, 1, "x"))
    e = a + d
    xv = np.random.rand(2, 3, 4).astype("float32")
    av = np.random.rand(3, 3)
    ry = function([x], y)(xv)
    rb, rc, re = function([a], [b, c, e])(av)
    assert np.array_equal(ry, xv.transpose(2, 1, 0))
    assert np.array_equal(rb, av.T) and np.array_equal(rc, av)
    assert np.allclose(re, av + av[:, :, None])


def test_function_call():
    x = T.scalar()
    y = T.scalar()
    f = function([x, y], x + y)
    assert repr(f(1.0, 2.0)) in ("array(3.0)", "array(3.)")


def test_shared_variable_example():
    x = shared(0.0)
    updates = OrderedDict()
    updates[x] = x + 1
    f = function([], updates=updates)
    assert f() == []
    assert x.get_value() == 1.0
    x.set_value(100.0)
    assert f() == []
    assert x.get_value() == 101.0


def test_modes_and_float32_constructors():
    x = T.scalar()
    for mode in ["FAST_RUN", "FAST_COMPILE", "DEBUG_MODE"]:
        assert function([x], x * 2, mode=mode)(3.0) == 6.0
    assert T.fscalar().dtype == "float32" and T.fvector().dtype == "float32" and T.fmatrix().dtype == "float32"
    assert T.scalar().dtype == config.floatX


def test_grad_structure_prints_as_seed():
    x = T.scalar("x")
    y = 2.0 * x
    g = T.grad(y, x)
    assert min_informative_str(g) == "\n".join([
        "A. Elemwise{mul}",
        " B. Elemwise{second,no_inplace}",
        "  C. Elemwise{mul,no_inplace}",
        "   D. TensorConstant{2.0}",
        "   E. x",
        "  F. TensorConstant{1.0}",
        " <D>",
    ])


def test_variables_types_apply_nodes():
    x = T.matrix("x")
    y = x * 2
    assert y.owner.op is not None and y.owner.inputs[0] is x and y.owner.outputs == [y]
    assert str(T.TensorType("float32", (True, False))) == "TensorType(float32, row)"


def test_compute_test_value_mismatch():
    config.compute_test_value = "raise"
    x = T.vector()
    x.tag.test_value = np.ones((2,))
    y = T.vector()
    y.tag.test_value = np.ones((3,))
    with pytest.raises(ValueError, match=r"Input dimension mis-match\.\s*\(input\[0\]\.shape\[0\] = 2, input\[1\]\.shape\[0\] = 3\)"):
        x + y


def test_min_informative_str_and_debugprint(capsys):
    x = T.scalar()
    y = T.scalar()
    z = x + y
    z.name = "z"
    a = 2.0 * z
    assert min_informative_str(a) == "A. Elemwise{mul,no_inplace}\n B. TensorConstant{2.0}\n C. z"
    debugprint(a)
    assert capsys.readouterr().out == (
        "Elemwise{mul,no_inplace} [id A] ''   \n"
        " |TensorConstant{2.0} [id B]\n"
        " |Elemwise{add,no_inplace} [id C] 'z'   \n"
        "   |<TensorType(float64, scalar)> [id D]\n"
        "   |<TensorType(float64, scalar)> [id E]\n")


def test_x_over_x_and_fgraph():
    x = T.scalar()
    y = x / x
    f = function([x], y)
    out = f(0.0)
    assert out == 1.0 and out.dtype == np.float64  # the x/x -> 1 rewrite (Theano's documented example)
    assert debugprint(f.maker.fgraph.outputs[0], file="str") == "DeepCopyOp [id A] ''   \n |TensorConstant{1.0} [id B]\n"
