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


def test_join_along_a_symbolic_axis() -> None:
    v = np.array([[.1, .2, .3], [.4, .5, .6]])
    a = theano.shared(v)
    ax = T.lscalar()
    f = theano.function([ax], T.join(ax, a, T.as_tensor_variable(2 * v)))
    np.testing.assert_allclose(f(0), np.concatenate([v, 2 * v], 0))
    np.testing.assert_allclose(f(1), np.concatenate([v, 2 * v], 1))
    np.testing.assert_allclose(f(-1), np.concatenate([v, 2 * v], 1))
    sq = T.as_tensor_variable(np.arange(4.0).reshape(2, 2))
    g = theano.function([ax], T.join(ax, sq, sq + 10))  # both axes give a valid shape: the value picks
    np.testing.assert_allclose(g(0), np.concatenate([np.arange(4.0).reshape(2, 2)] * 2, 0) + [[0], [0], [10], [10]])
    np.testing.assert_allclose(g(1), np.concatenate([np.arange(4.0).reshape(2, 2), np.arange(4.0).reshape(2, 2) + 10], 1))


def test_alloc_empty_and_misc_theano_checks() -> None:
    f = theano.function([], T.AllocEmpty("float32")(2, 3))
    assert len(f.maker.fgraph.apply_nodes) == 1
    assert f().shape == (2, 3) and f().dtype == np.float32
    m = T.matrix()
    assert T.patternbroadcast(m, ()) is m
    with pytest.raises(ValueError, match="non-existent dimension"):
        T.addbroadcast(m, 2)
    with pytest.raises(AssertionError):
        T.specify_shape(T.vector(), [2, 2])
    with pytest.raises(theano.scalar.ComplexError):
        T.cvector() % 5
    old = theano.config.floatX
    try:
        theano.config.floatX = "float32"
        assert T.as_tensor_variable(()).dtype == "float32"
    finally:
        theano.config.floatX = old


def test_sum_over_no_axis_is_cut_unless_excluded() -> None:
    m = T.bmatrix()
    f = theano.function([m], T.sum(m, axis=()))
    assert not any(isinstance(n.op, T.elemwise.CAReduce) for n in f.maker.fgraph.toposort())
    assert f(np.ones((2, 2), "int8")).dtype == np.int64
    mode = theano.compile.get_default_mode().excluding("local_cut_useless_reduce")
    g = theano.function([m], T.sum(m, axis=()), mode=mode)
    assert any(isinstance(n.op, T.elemwise.CAReduce) for n in g.maker.fgraph.toposort())
    np.testing.assert_array_equal(g(np.ones((2, 2), "int8")), np.ones((2, 2)))
