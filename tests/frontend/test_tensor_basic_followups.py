"""Theano 1.0.5 tensor.basic behaviours: None for eye/tri's m at call time, get_scalar_constant_value through
elemwise/assert/subtensor-of-constant/shape_i, values_eq_approx's allow_remove_inf/nan, arange lengths, exp2."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.tensor import opt
from theano.tensor.type import values_eq_approx_remove_nan
from theano.tensor.type_other import NoneConst


@pytest.mark.parametrize("n, m, k", [(3, None, 0), (5, None, -1), (3, 5, 1)])
def test_eye_and_tri_take_none_for_m(n: int, m: int | None, k: int) -> None:
    N, M, K = T.iscalar(), T.iscalar(), T.iscalar()
    f = theano.function([N, M, K], T.eye(N, M, K, dtype="float32"))
    out = f(n, m, k)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.eye(n, m, k, dtype="float32"))
    g = theano.function([N, M, K], T.tri(N, M, K, dtype="int8"))
    np.testing.assert_array_equal(g(n, m, k), np.tri(n, m, k, dtype="int8"))


def test_none_elsewhere_is_a_clear_error() -> None:
    N, M, K = T.iscalar(), T.iscalar(), T.iscalar()
    f = theano.function([N, M, K], T.eye(N, M, K))
    with pytest.raises(TypeError, match="index 2 .*got None"):
        f(3, 3, None)
    x = T.dscalar()
    with pytest.raises(TypeError, match="index 0 .*got None"):
        theano.function([x], x * 2)(None)


def test_get_scalar_constant_value_sees_through_more() -> None:
    gscv = T.get_scalar_constant_value
    c = T.constant(np.arange(6.0).reshape(2, 3))
    assert gscv(c[1, 2]) == 5.0
    assert gscv(opt.Shape_i(1)(c)) == 3
    s = T.constant(0.25)
    assert np.allclose(gscv(s * 4 + 1), 2.0)
    assert gscv(s < 0.5) == 1
    two = T.constant(2)
    assert gscv(opt.Assert()(two, two > 1)) == 2
    with pytest.raises(T.NotScalarConstantError):
        gscv(opt.Assert()(two, two > T.scalar()))
    with pytest.raises(T.EmptyConstantError):
        gscv(np.array([]))
    assert issubclass(T.EmptyConstantError, T.NotScalarConstantError)


def test_none_const_axis_reduces_all() -> None:
    data = np.random.RandomState(0).rand(2, 3)
    v, i = theano.function([], T.max_and_argmax(T.as_tensor_variable(data), NoneConst.clone()))()
    assert v == data.max() and i == data.argmax()


def test_values_eq_approx_remove_inf_nan() -> None:
    a = np.asarray([-np.inf, -1, 0, 1, np.inf, np.nan])
    assert T.TensorType.values_eq_approx(a, a)
    assert not T.TensorType.values_eq_approx(a, np.asarray([np.inf, -1, 0, 1, np.inf, np.nan]))
    assert T.TensorType.values_eq_approx(a, np.asarray([np.inf, -1, 0, 1, 5, np.nan]), allow_remove_inf=True)
    assert not T.TensorType.values_eq_approx(a, np.asarray([np.inf, -1, 0, 1, 5, 6]), allow_remove_inf=True)
    assert values_eq_approx_remove_nan(a, np.asarray([-np.inf, -1, 0, 1, np.inf, 6]))


def test_arange_lengths_follow_numpy() -> None:
    stop = T.iscalar()
    assert theano.function([stop], T.arange(stop))(-2).shape == (0,)
    a, b = T.dscalars("a", "b")
    f = theano.function([a, b], T.arange(a, b))
    np.testing.assert_allclose(f(0.2, 5.3), np.arange(0.2, 5.3))


def test_exp2_of_integers_is_exact() -> None:
    x = T.bvector()
    vals = np.arange(0, 100, dtype="int8")
    out = theano.function([x], T.exp2(x))(vals)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.exp2(vals.astype("float32")))
