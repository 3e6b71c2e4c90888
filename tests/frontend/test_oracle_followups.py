"""Behaviours checked against the real Theano 1.0.5 (tests/oracle found them): gradient dtypes through
casts, inc_subtensor's same_kind rule, merged Rebroadcast nodes.  Expected values were read from
/tmp/theano-ref (Theano 1.0.5, numpy 1.23)."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T


@pytest.mark.parametrize("build,dtype", [
    (lambda x, y: T.cast(x, "float64").sum(), "float64"),
    (lambda x, y: T.batched_dot(x, y).sum(), "float64"),
    (lambda x, y: T.stack([x.sum(), y.sum()]).sum(), "float32"),
    (lambda x, y: T.concatenate([x, y]).sum(), "float64"),
    (lambda x, y: T.tensordot(x, y, axes=[[0], [0]]).sum(), "float32"),
    (lambda x, y: (x[0] * y[0]).sum(), "float32"),
])
def test_grad_dtype_of_float32_input(build, dtype):
    """As Theano: an upcast (T.cast, batched_dot's and MakeVector's casts) passes the float64 gradient
    through; ops that compute in float32 keep it float32."""
    x, y = T.ftensor3("x"), T.dtensor3("y")
    assert T.grad(build(x, y), x).dtype == dtype


def test_grad_of_float32_scalar_stacked_with_float64():
    c, d = T.fscalar("c"), T.dscalar("d")
    assert T.grad(T.sin(T.stack([d, c])).sum(), c).dtype == "float64"


def test_grad_through_downcast_is_float32():
    x = T.dvector("x")
    assert T.grad(T.cast(x, "float32").sum(), x).dtype == "float32"


@pytest.mark.parametrize("xdt,ydt,yndim", [("uint8", "int64", 1), ("int8", "float64", 1), ("bool", "int64", 1),
                                           ("bool", "int64", 0), ("int8", "float64", 0)])
def test_inc_subtensor_refuses_value_at_run_time(xdt, ydt, yndim):
    x = T.matrix("x", dtype=xdt)
    y = T.TensorType(ydt, (False,) * yndim)("y")
    f = theano.function([x, y], T.inc_subtensor(x[0], y))  # builds and compiles, as in Theano
    with pytest.raises(TypeError, match=r"Cannot cast ufunc 'add' output from dtype\('%s'\) to dtype\('%s'\) "
                       r"with casting rule 'same_kind'" % (ydt, xdt)):
        f(np.ones((2, 3), xdt), np.ones((3,) * yndim, ydt))


@pytest.mark.parametrize("xdt,ydt,yndim,op", [("int8", "bool", 1, T.inc_subtensor), ("uint8", "int64", 1, T.set_subtensor),
                                              ("uint8", "int64", 0, T.inc_subtensor)])
def test_inc_subtensor_accepts_what_theano_accepts(xdt, ydt, yndim, op):
    x = T.matrix("x", dtype=xdt)
    y = T.TensorType(ydt, (False,) * yndim)("y")
    out = theano.function([x, y], op(x[0], y))(np.ones((2, 3), xdt), np.ones((3,) * yndim, ydt))
    assert out.dtype == xdt and out[0].tolist() == [1 if op is T.set_subtensor else 2] * 3


def test_inc_subtensor_of_a_scalar_region_casts():
    x, y = T.matrix("x", dtype="uint8"), T.lscalar("y")
    out = theano.function([x, y], T.inc_subtensor(x[0, 0], y))(np.ones((2, 3), "uint8"), 4)
    assert out[0, 0] == 5 and out.dtype == "uint8"


def test_rebroadcasts_merge():
    x = T.dtensor3("x")
    r = T.addbroadcast(T.addbroadcast(x, 0), 1)
    assert str(r.owner.op) == "Rebroadcast{1,1}" and r.owner.inputs[0] is x
    u = T.unbroadcast(r, 0)
    assert str(u.owner.op) == "Rebroadcast{?,1}" and u.owner.inputs[0] is x
    assert T.unbroadcast(T.addbroadcast(x, 2), 2) is x
    assert T.patternbroadcast(r, (False,) * 3) is x


def test_set_subtensor_of_broadcast_value_prints_one_rebroadcast():
    a, b = T.TensorType("float64", (False, True, True))("a"), T.dtensor3("b")
    text = theano.printing.debugprint(T.set_subtensor(a[-2:], b), file="str")
    assert text.count("Rebroadcast") == 1 and "Rebroadcast{?,1,1}" in text


def test_max_grad_of_discrete_input_with_zero_output_grad_is_float():
    """The gradient reaching a bool/int max through a cast is a zero fill; MaxAndArgmax.grad returns float
    zeros there (Theano computes eq(xmax, x) * g_max), not zeros of the discrete input (an 'illegally returned
    an integer-valued variable' TypeError)."""
    a, l = T.dmatrix("a"), T.lmatrix("l")
    g = T.grad(T.cast(T.min(T.lt(a, a), axis=0), "float64").sum(), a)
    g2 = T.grad(T.cast(T.max(l, axis=[0, 1]), "float64") * a.sum(), a)
    assert g.dtype == g2.dtype == "float64"
    fn = theano.function([a, l], [g, g2])
    A = np.arange(6.0).reshape(3, 2)
    got = fn(A, np.array([[1, 5], [2, 3]]))
    np.testing.assert_array_equal(got[0], np.zeros((3, 2)))
    np.testing.assert_array_equal(got[1], np.full((3, 2), 5.0))
