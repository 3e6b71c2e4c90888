"""config.compute_test_value: test values computed eagerly while the graph is built, as in Theano 1.0.5."""
import pickle
import warnings

import numpy as np
import pytest

import theano
from theano import tensor as T
from theano.gof import Apply, Op
from theano.gof.utils import MethodNotDefined
from theano.ifelse import ifelse


@pytest.fixture
def mode(request):
    """Set config.compute_test_value for one test and restore it after."""
    old = theano.config.compute_test_value

    def set_mode(value):
        theano.config.compute_test_value = value

    yield set_mode
    theano.config.compute_test_value = old


def test_off_computes_nothing(mode):
    mode("off")
    x = T.matrix("x")
    x.tag.test_value = np.ones((2, 2))
    assert not hasattr((x * 2).tag, "test_value")


def test_values_match_numpy(mode):
    mode("raise")
    x, y = T.matrix("x"), T.matrix("y")
    xv, yv = np.random.rand(3, 4), np.random.rand(4, 5)
    x.tag.test_value, y.tag.test_value = xv, yv
    z = T.dot(x, y) + T.exp(x).sum()
    np.testing.assert_allclose(z.tag.test_value, xv.dot(yv) + np.exp(xv).sum())
    assert z.tag.test_value.dtype == np.float64


def test_constants_and_shared_inputs_use_their_values(mode):
    mode("raise")
    w = theano.shared(np.arange(3.0))
    x = T.vector("x")
    x.tag.test_value = np.ones(3)
    z = (x * w + 1).sum()
    assert float(z.tag.test_value) == pytest.approx((0 + 1) + (1 + 1) + (2 + 1))


def test_raise_on_missing_value_names_the_input(mode):
    mode("raise")
    x, y = T.matrix("x"), T.matrix("y")
    x.tag.test_value = np.ones((2, 2))
    with pytest.raises(ValueError, match=r"Cannot compute test value: input 1 \(y\) of Op .* missing default value"):
        x + y


def test_warn_on_missing_value(mode):
    mode("warn")
    x, y = T.matrix("x"), T.matrix("y")
    x.tag.test_value = np.ones((2, 2))
    with pytest.warns(UserWarning, match=r"Cannot compute test value: input 1 \(y\) of Op .* missing default value"):
        z = x + y
    assert not hasattr(z.tag, "test_value")


def test_ignore_skips_silently(mode):
    mode("ignore")
    x, y = T.matrix("x"), T.matrix("y")
    x.tag.test_value = np.ones((2, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = x + y
    assert not hasattr(z.tag, "test_value")


def test_assigned_value_is_converted_through_the_type():
    x = T.scalar("x")
    x.tag.test_value = 1
    assert isinstance(x.tag.test_value, np.ndarray)
    assert x.tag.test_value.dtype == np.float64 and x.tag.test_value.shape == ()
    v = T.ivector("v")
    v.tag.test_value = [1, 2, 3]
    assert v.tag.test_value.dtype == np.int32


def test_refused_value_raises_type_error_when_used(mode):
    mode("raise")
    x = T.fmatrix("x")
    x.tag.test_value = np.random.rand(3, 4)  # float64 for a float32 variable: kept, refused when used
    assert x.tag.test_value.dtype == np.float64
    y = T.dmatrix("y")
    y.tag.test_value = np.random.rand(4, 5)
    with pytest.raises(TypeError, match="For compute_test_value, one input test value does not have the requested type"):
        T.dot(x, y)


def test_shape_mismatch_raises_value_error(mode):
    mode("raise")
    x, y = T.matrix(), T.matrix()
    x.tag.test_value = np.zeros((2, 3))
    y.tag.test_value = np.zeros((2, 2))
    with pytest.raises(ValueError):
        x * y
    a, b = T.matrix(), T.matrix()
    a.tag.test_value = np.zeros((3, 4))
    b.tag.test_value = np.zeros((5, 6))
    with pytest.raises(ValueError):
        T.dot(a, b)


def test_tag_keeps_its_type_through_pickle_and_clone():
    x = T.scalar("x")
    x.tag.test_value = 2
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        y = pickle.loads(pickle.dumps(x, protocol=protocol))
        assert y.tag.test_value.dtype == np.float64
        y.tag.test_value = 3
        assert isinstance(y.tag.test_value, np.ndarray)
    c = x.clone()
    c.tag.test_value = 4
    assert isinstance(c.tag.test_value, np.ndarray)


def test_scan_with_test_values(mode):
    mode("raise")
    k = T.iscalar("k")
    A = T.vector("A")
    k.tag.test_value = 3
    A.tag.test_value = np.array([1.0, 2.0, 3.0])
    result, _ = theano.scan(lambda prior, A: prior * A, outputs_info=T.ones_like(A), non_sequences=A, n_steps=k)
    np.testing.assert_allclose(result[-1].tag.test_value, np.array([1.0, 8.0, 27.0]))


def test_scan_shape_error_has_numpy_message(mode):
    mode("raise")
    k = T.iscalar("k")
    A = T.matrix("A")
    k.tag.test_value = 3
    A.tag.test_value = np.random.rand(5, 3)
    with pytest.raises(ValueError, match=r"^could not broadcast input array from shape \(3,3\) into shape \(3,5\)"):
        theano.scan(lambda prior, A: T.dot(prior, A), outputs_info=T.ones_like(A.T), non_sequences=A, n_steps=k)


def test_ifelse_grad_with_test_values(mode):
    mode("raise")
    x = T.scalar("x")
    x.tag.test_value = 1
    g = T.grad(ifelse(0, x, x), x)
    assert float(g.tag.test_value) == 1.0


class _IncOnePython(Op):
    """An op with only a numpy `perform`."""

    __props__ = ()

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def perform(self, node, inputs, outputs):
        outputs[0][0] = inputs[0] + 1


def test_perform_only_op_gets_test_value_and_no_c_code(mode):
    mode("raise")
    i = T.iscalar("i")
    i.tag.test_value = 3
    o = _IncOnePython()(i)
    with pytest.raises(MethodNotDefined):
        o.owner.op.c_code(o.owner, "o", ["x"], "z", {"fail": ""})
    assert o.tag.test_value == 4


def test_compute_test_value_opt_governs_rewrites(mode):
    mode("raise")
    old = theano.config.compute_test_value_opt
    x = T.vector("x")
    x.tag.test_value = np.ones(3)
    y = T.log(1 + T.exp(x)).sum()
    try:
        for opt_mode, expected in (("raise", True), ("off", False)):
            theano.config.compute_test_value_opt = opt_mode
            f = theano.function([x], y)
            softplus = [n for n in f.maker.fgraph.toposort() if "softplus" in str(n.op)]
            assert len(softplus) == 1
            assert hasattr(softplus[0].outputs[0].tag, "test_value") is expected
            if expected:
                np.testing.assert_allclose(softplus[0].outputs[0].tag.test_value, np.log1p(np.e) * np.ones(3))
            assert theano.config.compute_test_value == "raise"  # restored after the rewrites
            assert float(f(np.zeros(3))) == pytest.approx(3 * np.log(2))
    finally:
        theano.config.compute_test_value_opt = old


def test_gof_op_debug_helpers(mode):
    from theano.gof.op import debug_error_message, get_debug_values, get_test_value, missing_test_message

    mode("off")
    x, y = T.vector("x"), T.vector("y")
    x.tag.test_value = [1.0, 2.0]
    assert get_debug_values(x) == []
    mode("raise")
    np.testing.assert_array_equal(get_test_value(x), [1.0, 2.0])
    assert float(get_test_value(3.0)) == 3.0  # a constant's value
    [value] = get_debug_values(x)
    np.testing.assert_array_equal(value, [1.0, 2.0])
    with pytest.raises(AttributeError, match=r"Argument 1\('y'\) has no test value"):
        get_debug_values(x, y)
    with pytest.raises(ValueError, match="condition was not met"):
        debug_error_message("condition was not met")
    mode("warn")
    with pytest.warns(UserWarning, match="has no test value"):
        assert get_debug_values(x, y) == []
    with pytest.warns(UserWarning, match="missing"):
        missing_test_message("missing")
    mode("ignore")
    missing_test_message("missing")  # nothing happens
