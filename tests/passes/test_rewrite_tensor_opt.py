"""tensor/opt.py's erf, abs, log-add, switch-sink, alloc, join, reduction and uncanonicalize rewrites: values (against
numpy/scipy and the unrewritten graph), node counts, and shape errors that still raise."""
import numpy as np
import pytest
import scipy.special

import theano
import theano.tensor as T
from theano.tensor.opt import Assert

from rewrite_helpers import compare_modes, op_names

RNG = np.random.RandomState(7)
NO_OPT = theano.Mode(optimizer=None)


def _ops(f):
    return [n.op for n in f.maker.fgraph.toposort()]


def test_erf_identities_give_erfc_and_the_same_values():
    x = T.dvector("x")
    val = np.array([-30, -3, -1, 0, 1, 3, 30], dtype="float64")
    for expr, want in [(1 - T.erf(x), "erfc"), (1 + T.erf(x), "erfc"), (T.erf(x) - 1, "erfc"),
                       (1 - T.erfc(x), "erf"), (T.erfc(-x) - 1, "erf")]:
        f = theano.function([x], expr)
        assert want in op_names(f.maker.fgraph.outputs[0]), expr
        assert op_names(f.maker.fgraph.outputs[0]) & {"erf", "erfc"} == {want}, expr
        np.testing.assert_allclose(f(val), theano.function([x], expr, mode=NO_OPT)(val), rtol=1e-9, atol=1e-300)
    # 1 - erf(x) for large x: erfc keeps the small value that 1 - erf(x) rounds to 0
    f = theano.function([x], 1 - T.erf(x))
    np.testing.assert_allclose(f(np.array([6.0])), scipy.special.erfc([6.0]), rtol=1e-12)


def test_log_erfc_and_its_gradient_stay_finite_for_large_x():
    x = T.dvector("x")
    val = np.array([-30, -10, -1, 0, 1, 10, 26, 27, 30, 100], dtype="float64")
    f = theano.function([x], T.log(T.erfc(x)))
    got = f(val)
    assert np.isfinite(got).all()
    small = val < 26
    np.testing.assert_allclose(got[small], np.log(scipy.special.erfc(val[small])), rtol=1e-12)
    # above the threshold: the asymptotic series, against log(erfcx(x)) - x^2
    np.testing.assert_allclose(got[~small], np.log(scipy.special.erfcx(val[~small])) - val[~small] ** 2, rtol=1e-9)
    assert not np.isfinite(theano.function([x], T.log(T.erfc(x)), mode=NO_OPT)(val)).all()

    g = theano.function([x], T.grad(T.log(T.erfc(x)).sum(), x))
    gv = g(val)
    assert np.isfinite(gv).all()
    expected = -2 / np.sqrt(np.pi) / scipy.special.erfcx(val)  # d/dx log erfc(x) = -2 e^{-x^2} / (sqrt(pi) erfc(x))
    np.testing.assert_allclose(gv, expected, rtol=1e-6)


def test_log_add_and_x_over_abs_x():
    x, y = T.dvector("x"), T.dvector("y")
    f = theano.function([x, y], T.log(T.exp(x) + T.exp(y)))
    np.testing.assert_allclose(f([10000.0, 10.0], [10000.0, 10.0]), [10000 + np.log(2), 10 + np.log(2)])
    s = T.dscalar("s")
    f = theano.function([s], (4 * s) / abs(2 * s))
    assert [n.op for n in f.maker.fgraph.toposort()][0] == T.sgn and len(f.maker.fgraph.toposort()) == 2
    assert f(0.1) == 2 and f(-1.0) == -2 and np.isfinite(f(0.0))


def test_switch_sinks_make_the_unselected_nan_disappear():
    c, x = T.dvector("c"), T.dvector("x")
    lg = T.dscalar("lg")
    y = T.switch(c > 0, 0.0 * x, x) * T.log(lg)  # log(-1) is nan where the switch gives 0
    f = theano.function([c, x, lg], y)
    np.testing.assert_array_equal(f([1.0, 1.0], [1.0, 2.0], -1.0), [0.0, 0.0])
    d = theano.function([c, x, lg], T.switch(c > 0, x, 0.0) / T.log(lg))
    out = d([1.0, -1.0], [1.0, 2.0], -1.0)
    assert out[1] == 0 and np.isnan(out[0])


def test_merge_alloc_checks_the_inner_dims():
    m, y, y2 = T.dscalar("m"), T.lscalar("y"), T.lscalar("y2")
    out = T.alloc(T.alloc(m, y, 1, 1), 2, y2, 3, 4)
    f = theano.function([m, y, y2], out)
    assert sum(isinstance(op, T.Alloc) for op in _ops(f)) == 1
    assert any(isinstance(op, Assert) for op in _ops(f))
    assert f(1.5, 5, 5).shape == (2, 5, 3, 4)
    with pytest.raises(AssertionError):
        f(1.5, 5, 6)


def test_elemwise_alloc_broadcasts_the_value_and_keeps_the_shape_check():
    v, m = T.dvector("v"), T.dmatrix("m")
    f = theano.function([v, m], T.alloc(v, 2, 3) + m)
    assert not any(isinstance(op, T.Alloc) for op in _ops(f))
    vv, mv = RNG.randn(3), RNG.randn(2, 3)
    np.testing.assert_allclose(f(vv, mv), vv + mv)
    with pytest.raises(AssertionError):
        f(vv, RNG.randn(4, 3))
    g = theano.function([v, m], T.alloc(v, *m.shape) + m)  # the shape is m's own: no check needed
    assert not any(isinstance(op, (T.Alloc, Assert)) for op in _ops(g))


def test_fill_becomes_alloc_and_reductions_of_allocs_are_closed_forms():
    a = T.dtensor3("a")
    val = np.arange(24.0).reshape(2, 3, 4)
    f = theano.function([a], a - a)
    assert {type(op).__name__ for op in _ops(f)} == {"Shape_i", "Alloc"}
    np.testing.assert_array_equal(f(val), np.zeros_like(val))
    for expr, want in [(T.ones_like(a).sum(), 24.0), (T.zeros_like(a).sum(), 0.0), (T.ones_like(a).prod(), 1.0)]:
        g = theano.function([a], expr)
        assert not any(isinstance(op, (T.Sum, T.elemwise.Prod, T.Alloc)) for op in _ops(g))
        assert g(val) == want
    g = theano.function([a], (T.ones_like(a) * 2).sum(axis=1))
    np.testing.assert_allclose(g(val), np.full((2, 4), 6.0))


def test_reduce_join_and_uncanonicalize_min_max():
    x, y = T.dmatrix("x"), T.dmatrix("y")
    xv, yv = RNG.randn(3, 4), RNG.randn(3, 4)
    for red, ref in [(T.max, np.maximum), (T.min, np.minimum), (T.sum, np.add)]:
        f = theano.function([x, y], red(T.stack([x, y]), axis=0))
        assert not any(isinstance(op, T.Join) for op in _ops(f)), red
        np.testing.assert_allclose(f(xv, yv), ref(xv, yv))
    f = theano.function([x], T.min(x, axis=0))
    assert len(_ops(f)) == 1 and isinstance(_ops(f)[0], T.CAReduce)
    np.testing.assert_allclose(f(xv), xv.min(axis=0))
    f = theano.function([x], T.max_and_argmax(x, 1))
    assert len(_ops(f)) == 1 and isinstance(_ops(f)[0], T.MaxAndArgmax)


def test_joins_lose_empty_inputs_and_merge_make_vectors():
    a = T.dvector("a")
    f = theano.function([a], T.join(0, a, a, np.zeros(0)))
    joins = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, T.Join)]
    assert len(joins) == 1 and len(joins[0].inputs) == 3
    np.testing.assert_array_equal(f([1.0]), [1.0, 1.0])
    s = T.dscalars("s0", "s1", "s2")
    g = theano.function([a] + s, T.join(0, T.stack(s[:2]), a, T.stack(s[2:]), T.stack(s[:1])))
    np.testing.assert_array_equal(g([7.0], 1.0, 2.0, 3.0), [1, 2, 7, 3, 1])


def test_integer_division_by_one():
    i, d = T.lvector("i"), T.dvector("d")
    f = theano.function([i, d], [i // 1, d // 1])
    assert not any(getattr(getattr(op, "scalar_op", None), "name", None) == "int_div" for op in _ops(f))
    got = f([3, -4], [1.5, -1.5])
    np.testing.assert_array_equal(got[0], [3, -4])
    np.testing.assert_array_equal(got[1], [1.0, -2.0])  # floor, as numpy's 1.5 // 1


def test_reshape_and_dimshuffle_forms():
    x = T.dmatrix("x")
    f = theano.function([x], x.reshape((x.shape[0], -1)))
    assert not any(isinstance(op, T.Reshape) for op in _ops(f))
    v = T.dvector("v")
    g = theano.function([v], T.reshape(v.dimshuffle("x", 0), (2, 2)) * 2)
    np.testing.assert_allclose(g(np.arange(4.0)), np.arange(4.0).reshape(2, 2) * 2)
    compare_modes([x, v], [T.reshape(x, (1, 12)) * 2, T.alloc(v, 1, 4) + 1], [RNG.randn(3, 4), RNG.randn(4)])


def test_inverse_function_pairs_cancel():
    x = T.dmatrix("x")
    xv = RNG.randn(3, 4)
    for expr, want in [(T.rad2deg(T.deg2rad(x)), xv), (T.sinh(T.arcsinh(x)), xv), (T.arctanh(T.tanh(x)), xv),
                       (T.arccosh(T.cosh(x)), np.abs(xv))]:
        f = theano.function([x], expr)
        assert len(f.maker.fgraph.toposort()) == 1, expr  # DeepCopyOp or abs
        np.testing.assert_allclose(f(xv), want, rtol=1e-12)
