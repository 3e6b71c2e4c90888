"""The scatter IncSubtensor lowers to: negative steps are written as positive slices with y reversed, and an
update of the whole array is elementwise. Both keep numpy's values; both avoid an XLA simplifier abort (a reverse of
a full-window scatter, as in the gradient of x[::-1] under a slice), which killed the process."""
import numpy as np
import pytest

import theano
import theano.tensor as T

MODES = [None, theano.Mode(optimizer=None)]


@pytest.mark.parametrize("mode", MODES)
def test_gradient_of_a_reversed_slice_under_a_slice(mode):
    x = T.dvector("x")
    y = x[0:][::-1]
    z = y[:y.shape[0]]
    f = theano.function([x], [theano.grad((z * x).sum(), x), z[::-1] * 2], mode=mode)
    xv = np.arange(5.0)
    g, r = f(xv)
    np.testing.assert_allclose(g, xv[::-1] * 2)
    np.testing.assert_allclose(r, xv * 2)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("index", [np.s_[::-1], np.s_[::-2], np.s_[4:1:-1], np.s_[-1:0:-2], np.s_[3:3:-1],
                                   np.s_[:], np.s_[0:6], np.s_[1:, ::-1], np.s_[::-1, 2], np.s_[::-1, ::-1]])
@pytest.mark.parametrize("set_", [False, True])
def test_static_slices_against_numpy(mode, index, set_):
    x = T.dmatrix("x")
    xv = np.arange(30.0).reshape(6, 5)
    region = xv[index]
    yv = np.random.RandomState(0).randn(*region.shape)
    y = T.TensorType("float64", (False,) * yv.ndim)("y")
    build = T.set_subtensor if set_ else T.inc_subtensor
    out = build(x[index], y)
    f = theano.function([x, y], [out, build(x[index], y)[::-1]], mode=mode)
    want = xv.copy()
    if set_:
        want[index] = yv
    else:
        want[index] += yv
    got, rev = f(xv, yv)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(rev, want[::-1])


def test_whole_array_update_keeps_numpy_casting():
    x = T.bvector("x")
    y = T.lvector("y")
    f = theano.function([x, y], T.inc_subtensor(x[:], y))
    np.testing.assert_array_equal(f(np.array([1, 2], dtype="int8"), np.array([300, 1])),
                                  (np.array([1, 2], dtype="int64") + [300, 1]).astype("int8"))
