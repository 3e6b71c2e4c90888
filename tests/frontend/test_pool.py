"""theano.tensor.signal.pool: pool_2d / pool_3d / Pool and its gradient ops against numpy loops over windows.

The references below are written from Theano 1.0.5's definition (windows start at i * stride in the padded
image; max, sum and average_exc_pad exclude the padding, average_inc_pad divides by the window clipped to the
padded image; the max gradient goes to every position equal to the maximum), independently of our lowering.
"""
import itertools
import warnings

import numpy as np
import pytest

import theano
import theano.frontend.ops.pool
import theano.tensor as T
from theano.tensor.signal import downsample
from theano.tensor.signal.pool import (AveragePoolGrad, DownsampleFactorMaxGradGrad, MaxPoolGrad, MaxPoolRop, Pool,
                                       max_pool_2d_same_size, pool_2d, pool_3d)

from helpers import check_infer_shape

MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


# ---------------------------------------------------------------------------------- numpy references

def ref_out_len(length, w, s, p, ignore_border):
    """Number of windows: every window that starts inside the padded image (ignore_border=False), or only the
    windows that fit in it (True)."""
    v = length + 2 * p
    if ignore_border:
        return max(0, (v - w) // s + 1)
    n = 0
    while n * s < v and (n == 0 or (n - 1) * s + w < v):
        n += 1
    return n


def ref_windows(length, w, s, p, n):
    """Per window: (lo, hi) in unpadded coordinates without padding, and the window size with padding."""
    out = []
    for i in range(n):
        start, end = i * s, min(i * s + w, length + 2 * p)
        out.append((max(start, p) - p, min(end, length + p) - p, end - start))
    return out


def ref_geometry(x, ws, ignore_border, stride, pad):
    nd = len(ws)
    stride = ws if stride is None else stride
    pad = (0,) * nd if pad is None else pad
    lengths = x.shape[-nd:]
    outs = [ref_out_len(L, w, s, p, ignore_border) for L, w, s, p in zip(lengths, ws, stride, pad)]
    return nd, [ref_windows(L, w, s, p, n) for L, w, s, p, n in zip(lengths, ws, stride, pad, outs)], outs


def ref_pool(x, ws, ignore_border, stride=None, pad=None, mode="max"):
    nd, wins, outs = ref_geometry(x, ws, ignore_border, stride, pad)
    z = np.zeros(x.shape[:-nd] + tuple(outs), dtype=x.dtype)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            patch = x[k][tuple(slice(wins[d][r[d]][0], wins[d][r[d]][1]) for d in range(nd))]
            if mode == "max":
                z[k][r] = patch.max()
            elif mode == "sum":
                z[k][r] = patch.sum()
            elif mode == "average_exc_pad":
                z[k][r] = patch.sum() / patch.size
            else:
                z[k][r] = patch.sum() / np.prod([wins[d][r[d]][2] for d in range(nd)])
    return z


def ref_window_positions(wins, r):
    return itertools.product(*[range(wins[d][r[d]][0], wins[d][r[d]][1]) for d in range(len(r))])


def ref_max_grad(x, maxout, gz, ws, ignore_border, stride=None, pad=None):
    nd, wins, outs = ref_geometry(x, ws, ignore_border, stride, pad)
    gx = np.zeros_like(x)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            for c in ref_window_positions(wins, r):
                if x[k][c] == maxout[k][r]:
                    gx[k][c] += gz[k][r]
    return gx


def ref_max_gradgrad(x, maxout, ggx, ws, ignore_border, stride=None, pad=None):
    nd, wins, outs = ref_geometry(x, ws, ignore_border, stride, pad)
    ggz = np.zeros_like(maxout)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            for c in ref_window_positions(wins, r):
                if x[k][c] == maxout[k][r]:
                    ggz[k][r] += ggx[k][c]
    return ggz


def ref_max_rop(x, ev, ws, ignore_border, stride=None, pad=None):
    nd, wins, outs = ref_geometry(x, ws, ignore_border, stride, pad)
    z = np.zeros(x.shape[:-nd] + tuple(outs), dtype=ev.dtype)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            best = None
            for c in ref_window_positions(wins, r):
                if best is None or x[k][c] > x[k][best]:
                    best = c
            z[k][r] = ev[k][best]
    return z


def ref_average_grad(x, gz, ws, ignore_border, stride=None, pad=None, mode="average_inc_pad"):
    nd, wins, outs = ref_geometry(x, ws, ignore_border, stride, pad)
    gx = np.zeros_like(x)
    for k in np.ndindex(*x.shape[:-nd]):
        for r in np.ndindex(*outs):
            if mode == "sum":
                div = 1
            elif mode == "average_exc_pad":
                div = np.prod([wins[d][r[d]][1] - wins[d][r[d]][0] for d in range(nd)])
            else:
                div = np.prod([wins[d][r[d]][2] for d in range(nd)])
            for c in ref_window_positions(wins, r):
                gx[k][c] += gz[k][r] / div
    return gx


def tol(dtype):
    return dict(rtol=1e-5, atol=1e-5) if dtype == "float32" else dict(rtol=1e-12, atol=1e-12)


# (ws, stride, pad, input shape); pad only with ignore_border=True (Theano refuses it otherwise)
CASES_2D = [
    ((2, 2), None, (0, 0), (2, 3, 6, 8)),
    ((3, 3), None, (0, 0), (2, 3, 7, 8)),
    ((3, 2), (1, 2), (0, 0), (1, 2, 5, 7)),
    ((2, 3), (3, 1), (0, 0), (2, 5, 6)),
    ((3, 3), (2, 2), (1, 1), (1, 2, 7, 6)),
    ((4, 3), (2, 3), (2, 1), (2, 9, 8)),
    ((5, 5), (3, 3), (0, 0), (1, 1, 4, 4)),
]


def _cases(ignore_border):
    return [c for c in CASES_2D if ignore_border or c[2] == (0, 0)]


# ---------------------------------------------------------------------------------- forward values

@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("ignore_border", [True, False])
@pytest.mark.parametrize("mode", MODES)
def test_pool_2d_matches_numpy(mode, ignore_border, dtype):
    rng = np.random.RandomState(1)
    for ws, stride, pad, shape in _cases(ignore_border):
        x = T.TensorType(dtype, (False,) * len(shape))()
        y = pool_2d(x, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)
        assert y.dtype == dtype and y.ndim == len(shape)
        v = rng.randn(*shape).astype(dtype)
        out = theano.function([x], y)(v)
        expected = ref_pool(v, ws, ignore_border, stride, pad, mode)
        assert out.dtype == dtype and out.shape == expected.shape, (ws, stride, pad, shape, out.shape)
        np.testing.assert_allclose(out, expected, **tol(dtype))


@pytest.mark.parametrize("ignore_border", [True, False])
@pytest.mark.parametrize("mode", MODES)
def test_pool_3d_and_nd_match_numpy(mode, ignore_border):
    rng = np.random.RandomState(2)
    x5 = T.dtensor5() if hasattr(T, "dtensor5") else T.TensorType("float64", (False,) * 5)()
    v = rng.randn(2, 2, 5, 6, 7)
    for ws, stride in (((2, 2, 2), None), ((3, 2, 2), (2, 1, 3))):
        y = pool_3d(x5, ws, ignore_border=ignore_border, stride=stride, mode=mode)
        np.testing.assert_allclose(theano.function([x5], y)(v), ref_pool(v, ws, ignore_border, stride, None, mode),
                                   rtol=1e-12, atol=1e-12)
    # Pool(ndim=1) and ndim=4, as Theano's own tests build them
    x = T.dtensor3()
    v3 = rng.randn(2, 3, 9)
    y = Pool(ndim=1, ignore_border=ignore_border, mode=mode)(x, (2,))
    np.testing.assert_allclose(theano.function([x], y)(v3), ref_pool(v3, (2,), ignore_border, None, None, mode))
    x6 = T.TensorType("float64", (False,) * 6)()
    v6 = rng.randn(2, 1, 5, 4, 4, 3)
    y = Pool(ndim=4, ignore_border=ignore_border, mode=mode)(x6, (2, 2, 3, 2))
    np.testing.assert_allclose(theano.function([x6], y)(v6), ref_pool(v6, (2, 2, 3, 2), ignore_border, None, None,
                                                                       mode), rtol=1e-12)


def test_pool_2d_pools_the_last_two_dims_of_any_input():
    rng = np.random.RandomState(3)
    for ndim in (2, 3, 6):
        x = T.TensorType("float64", (False,) * ndim)()
        v = rng.randn(*((2,) * (ndim - 2) + (5, 6)))
        y = pool_2d(x, (2, 2), ignore_border=False)
        np.testing.assert_allclose(theano.function([x], y)(v), ref_pool(v, (2, 2), False))


def test_window_larger_than_input():
    x = T.dmatrix()
    v = np.arange(6.0).reshape(2, 3)
    assert theano.function([x], pool_2d(x, (3, 4), ignore_border=True))(v).shape == (0, 0)
    out = theano.function([x], pool_2d(x, (3, 4), ignore_border=False))(v)
    np.testing.assert_array_equal(out, [[5.0]])


def test_integer_input_keeps_its_dtype():
    x = T.imatrix()
    v = np.arange(20, dtype="int32").reshape(4, 5)
    for mode in MODES:
        out = theano.function([x], pool_2d(x, (2, 2), ignore_border=True, mode=mode))(v)
        assert out.dtype == "int32"
        np.testing.assert_array_equal(out, ref_pool(v, (2, 2), True, mode=mode))


# ---------------------------------------------------------------------------------- symbolic ws / stride / pad

@pytest.mark.parametrize("ignore_border", [True, False])
@pytest.mark.parametrize("mode", MODES)
def test_symbolic_window_stride_pad_match_constants(mode, ignore_border):
    x = T.ftensor4()
    ws, st, pd = T.ivector(), T.ivector(), T.ivector()
    y = pool_2d(x, ws, ignore_border, st, pd, mode)
    dx = theano.grad(y.sum(), x)
    var_fn = theano.function([x, ws, st, pd], [y, dx])
    data = np.random.RandomState(4).normal(0, 1, (2, 1, 5, 6)).astype("float32")
    for w, s, p in itertools.product((4, 2, 5), (2, 3), (0, 1)):
        if p > s or s > w or (p != 0 and not ignore_border) or (mode == "average_exc_pad" and p != 0):
            continue
        vy, vdx = var_fn(data, (w, w), (s, s), (p, p))
        np.testing.assert_allclose(vy, ref_pool(data, (w, w), ignore_border, (s, s), (p, p), mode), rtol=1e-5,
                                   atol=1e-5)
        fy = pool_2d(x, (w, w), ignore_border, (s, s), (p, p), mode)
        fix_y, fix_dx = theano.function([x], [fy, theano.grad(fy.sum(), x)])(data)
        np.testing.assert_allclose(vy, fix_y, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(vdx, fix_dx, rtol=1e-5, atol=1e-6)


def test_symbolic_window_second_order_and_rop():
    rng = np.random.RandomState(5)
    x, gz = T.dtensor4(), T.dtensor4()
    ws = T.lvector()
    v = rng.randn(1, 2, 5, 7)
    out = Pool(ignore_border=False)(x, ws)
    mo = Pool(ignore_border=False)(v, (2, 3)).eval()
    g = rng.randn(*mo.shape)
    f = theano.function([x, gz, ws], [MaxPoolGrad(False)(x, out, gz, ws),
                                      DownsampleFactorMaxGradGrad(False)(x, out, x * 2, ws),
                                      MaxPoolRop(False)(x, x * 3, ws)])
    grad, gradgrad, rop = f(v, g, np.array([2, 3]))
    np.testing.assert_allclose(grad, ref_max_grad(v, mo, g, (2, 3), False))
    np.testing.assert_allclose(gradgrad, ref_max_gradgrad(v, mo, v * 2, (2, 3), False))
    np.testing.assert_allclose(rop, ref_max_rop(v, v * 3, (2, 3), False))


# ---------------------------------------------------------------------------------- gradients

@pytest.mark.parametrize("ignore_border", [True, False])
def test_max_pool_grad_gives_every_tie_the_gradient(ignore_border):
    rng = np.random.RandomState(6)
    for ws, stride, pad, shape in _cases(ignore_border):
        v = rng.randint(0, 3, size=shape).astype("float64")  # many ties
        x = T.TensorType("float64", (False,) * len(shape))()
        y = Pool(ignore_border)(x, ws, stride, pad)
        gz = T.TensorType("float64", (False,) * len(shape))()
        grad = MaxPoolGrad(ignore_border)(x, y, gz, ws, stride, pad)
        mo = ref_pool(v, ws, ignore_border, stride, pad)
        g = rng.randn(*mo.shape)
        out = theano.function([x, gz], grad)(v, g)
        np.testing.assert_allclose(out, ref_max_grad(v, mo, g, ws, ignore_border, stride, pad), rtol=1e-12)
        # T.grad builds the same op
        cost = (y * g).sum()
        np.testing.assert_allclose(theano.function([x], theano.grad(cost, x))(v), out, rtol=1e-12)


@pytest.mark.parametrize("ignore_border", [True, False])
@pytest.mark.parametrize("mode", ["sum", "average_inc_pad", "average_exc_pad"])
def test_average_pool_grad_matches_numpy(mode, ignore_border):
    rng = np.random.RandomState(7)
    for ws, stride, pad, shape in _cases(ignore_border):
        if mode == "average_exc_pad" and pad != (0, 0):
            continue
        x = T.TensorType("float64", (False,) * len(shape))()
        gz = T.TensorType("float64", (False,) * len(shape))()
        v = rng.randn(*shape)
        g = rng.randn(*ref_pool(v, ws, ignore_border, stride, pad).shape)
        out = theano.function([x, gz], AveragePoolGrad(ignore_border, mode)(x, gz, ws, stride, pad))(v, g)
        np.testing.assert_allclose(out, ref_average_grad(v, g, ws, ignore_border, stride, pad, mode), rtol=1e-12,
                                   atol=1e-12)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("ignore_border", [True, False])
@pytest.mark.parametrize("mode", MODES)
def test_verify_grad_first_order(mode, ignore_border, dtype):
    rng = np.random.RandomState(8)
    for ws, stride, pad, shape in _cases(ignore_border)[:5]:
        if dtype == "float32":  # small values and inputs, so float32 finite differences are accurate
            shape = (1, 1) + shape[-2:]
        # distinct values further apart than the finite-difference step: no ties
        v = (rng.permutation(int(np.prod(shape))).reshape(shape) * 0.05).astype(dtype)

        def fn(inp, ws=ws, stride=stride, pad=pad):
            return Pool(ignore_border, mode, ndim=2)(inp, ws, stride, pad)

        theano.gradient.verify_grad(fn, [v], rng=rng)


def test_verify_grad_second_order():
    rng = np.random.RandomState(9)
    for ws, stride, pad, shape in _cases(True)[:6]:
        v = rng.permutation(int(np.prod(shape))).reshape(shape) * 0.1
        mo = ref_pool(v, ws, True, stride, pad)
        g = rng.rand(*mo.shape) * 10.0

        def max_grad(inp, grad, ws=ws, stride=stride, pad=pad):
            out = Pool(ignore_border=True)(inp, ws, stride, pad)
            return MaxPoolGrad(ignore_border=True)(inp, out, grad, ws, stride, pad)

        def max_gradgrad(inp, grad, ws=ws, stride=stride, pad=pad):
            out = Pool(ignore_border=True)(inp, ws, stride, pad)
            return DownsampleFactorMaxGradGrad(ignore_border=True)(inp, out, grad, ws, stride, pad)

        theano.gradient.verify_grad(max_grad, [v, g], rng=rng)
        theano.gradient.verify_grad(max_gradgrad, [v, v * 0.5], rng=rng)
        for mode in ("sum", "average_inc_pad") + (("average_exc_pad",) if pad == (0, 0) else ()):
            def avg_grad(inp, grad, ws=ws, stride=stride, pad=pad, mode=mode):
                return AveragePoolGrad(ignore_border=True, mode=mode)(inp, grad, ws, stride, pad)

            theano.gradient.verify_grad(avg_grad, [v, g], rng=rng)


def test_hessian_of_max_pool():
    rng = np.random.RandomState(10)
    x = T.dmatrix()
    v = rng.permutation(16).reshape(4, 4) * 1.0
    y = pool_2d(x, (2, 2), ignore_border=True)
    gx = theano.grad(y.sum(), x)
    ggx = theano.grad((gx ** 2).sum(), x)
    out_gx, out_ggx = theano.function([x], [gx, ggx])(v)
    np.testing.assert_array_equal(out_gx, ref_max_grad(v, ref_pool(v, (2, 2), True), np.ones((2, 2)), (2, 2), True))
    np.testing.assert_array_equal(out_ggx, np.zeros_like(v))


# ---------------------------------------------------------------------------------- R_op

def test_rop_of_pooling():
    rng = np.random.RandomState(11)
    x, ev = T.dtensor4(), T.dtensor4()
    v, e = rng.permutation(2 * 3 * 5 * 6).reshape(2, 3, 5, 6) * 0.1, rng.randn(2, 3, 5, 6)
    for mode in MODES:
        y = pool_2d(x, (2, 3), ignore_border=False, stride=(1, 2), mode=mode)
        out = theano.function([x, ev], T.Rop(y, x, ev), on_unused_input="ignore")(v, e)
        if mode == "max":
            expected = ref_max_rop(v, e, (2, 3), False, (1, 2))
        else:
            expected = ref_pool(e, (2, 3), False, (1, 2), None, mode)
        np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


def test_max_pool_rop_op():
    rng = np.random.RandomState(12)
    x, ev = T.dtensor4(), T.dtensor4()
    v = rng.randint(0, 4, size=(2, 2, 6, 7)).astype("float64")  # ties: the first maximum in the window wins
    e = rng.randn(2, 2, 6, 7)
    for ib, ws, stride, pad in ((True, (2, 2), None, (0, 0)), (False, (3, 2), (2, 1), (0, 0)),
                                (True, (3, 3), (2, 2), (1, 1))):
        op = MaxPoolRop(ignore_border=ib)
        out = theano.function([x, ev], op(x, ev, ws, stride, pad))(v, e)
        np.testing.assert_allclose(out, ref_max_rop(v, e, ws, ib, stride, pad))


# ---------------------------------------------------------------------------------- helpers, shapes, errors

def test_max_pool_2d_same_size():
    x = T.dtensor4()
    v = np.random.RandomState(13).permutation(2 * 4 * 5).reshape(1, 2, 4, 5) * 1.0
    out = theano.function([x], max_pool_2d_same_size(x, (2, 2)))(v)
    expected = np.zeros_like(v)
    for k in np.ndindex(1, 2):
        for i in range(2):
            for j in range(2):
                patch = v[k][2 * i:2 * i + 2, 2 * j:2 * j + 2]
                a, b = np.unravel_index(np.argmax(patch), patch.shape)
                expected[k][2 * i + a, 2 * j + b] = patch[a, b]
    np.testing.assert_array_equal(out, expected)


def test_out_shape():
    assert Pool.out_shape((9, 8, 6), (2, 2)) == [9, 4, 3]
    assert Pool.out_shape((8, 6), (2, 2)) == [4, 3]
    assert Pool.out_shape((4, 6, 7, 9), (2, 3), ignore_border=True, pad=(1, 2)) == [4, 6, 4, 4]
    assert Pool.out_shape((5, 5), (3, 3), ignore_border=False, stride=(2, 2)) == [2, 2]
    for L in range(1, 9):
        for w, s in itertools.product(range(1, 5), range(1, 5)):
            for ib in (True, False):
                assert Pool.out_shape((L,), (w,), ib, (s,), ndim=1) == [ref_out_len(L, w, s, 0, ib)], (L, w, s, ib)


def test_infer_shape_of_each_op():
    rng = np.random.RandomState(14)
    x = T.dtensor4()
    v = rng.rand(4, 6, 7, 9)
    for ib, pad in ((True, (0, 0)), (False, (0, 0)), (True, (1, 1))):
        y = Pool(ignore_border=ib)(x, (2, 3), None, pad)
        check_infer_shape(y, [x], [v])
        mo, gz = T.dtensor4(), T.dtensor4()
        out_val = ref_pool(v, (2, 3), ib, None, pad)
        check_infer_shape(MaxPoolGrad(ib)(x, mo, gz, (2, 3), None, pad), [x, mo, gz], [v, out_val, out_val])
        check_infer_shape(AveragePoolGrad(ib)(x, gz, (2, 3), None, pad), [x, gz], [v, out_val])
        check_infer_shape(DownsampleFactorMaxGradGrad(ib)(x, mo, x, (2, 3), None, pad), [x, mo], [v, out_val])
    ws = T.ivector()
    y = Pool(ignore_border=False)(x, ws)
    f = theano.function([x, ws], y.shape)
    assert tuple(f(v, np.array([2, 4], "int32"))) == (4, 6, 4, 3)


def test_broadcastable_pattern_and_printing():
    x = T.TensorType("float64", (True, False, True, True))()
    y = pool_2d(x, (2, 2), ignore_border=True)
    assert y.broadcastable == (True, False, False, False)
    assert str(y.owner.op) == "Pool{ignore_border=True, mode='max', ndim=2}"
    assert str(MaxPoolGrad(False)) == "MaxPoolGrad{ignore_border=False, mode='max', ndim=2}"
    assert str(AveragePoolGrad(True, "sum", 3)) == "AveragePoolGrad{ignore_border=True, mode='sum', ndim=3}"
    assert Pool(True, "max_deterministic") == Pool(True, "max")
    y = pool_2d(x, (2, 2), ignore_border=True)
    assert theano.function([x], y)(np.ones((1, 3, 1, 1))).shape == (1, 3, 0, 0)


def test_deprecated_names_and_ignore_border_warning():
    x = T.dtensor4()
    v = np.random.RandomState(15).randn(1, 1, 5, 5)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        y = pool_2d(x, ds=(2, 2), st=(1, 1), padding=(1, 1), ignore_border=True, mode="sum")
    messages = [str(m.message) for m in w]
    assert any("the 'ds' parameter is not going to exist" in m for m in messages)
    assert any("the 'st' parameter" in m for m in messages)
    assert any("the 'padding' parameter" in m for m in messages)
    np.testing.assert_allclose(theano.function([x], y)(v), ref_pool(v, (2, 2), True, (1, 1), (1, 1), "sum"))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        y = pool_2d(x, (2, 2))
    assert any("ignore_border default value changed to True" in str(m.message) for m in w)
    assert y.owner.op.ignore_border is False
    with pytest.raises(ValueError, match="both 'ws' and 'ds'"):
        pool_2d(x, (2, 2), ds=(2, 2), ignore_border=True)
    with pytest.raises(ValueError, match="both 'st and 'stride'"):
        pool_2d(x, (2, 2), stride=(1, 1), st=(1, 1), ignore_border=True)
    with pytest.raises(ValueError, match="window size"):
        pool_3d(T.dtensor4(), ignore_border=True)


def test_errors():
    x = T.dtensor4()
    with pytest.raises(NotImplementedError, match="padding works only with ignore_border=True"):
        pool_2d(x, (2, 2), ignore_border=False, pad=(1, 1))
    with pytest.raises(NotImplementedError, match="padding must be smaller"):
        pool_2d(x, (2, 2), ignore_border=True, pad=(2, 0))
    with pytest.raises(TypeError, match="downsample parameters must be ints"):
        Pool(True)(x, T.dvector())
    with pytest.raises(NotImplementedError, match="pool_2d requires a dimension >= 2"):
        pool_2d(T.dvector(), (2, 2), ignore_border=True)
    with pytest.raises(ValueError, match="Pool mode parameter only support"):
        Pool(True, mode="min")
    with pytest.raises(TypeError):
        Pool(True, ndim=3)(T.dmatrix(), (2, 2, 2))


def test_downsample_max_pool_2d_old_path():
    x = T.dtensor4()
    v = np.random.RandomState(16).randn(1, 2, 5, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = downsample.max_pool_2d(x, (2, 2), ignore_border=True, st=(1, 1), mode="average_inc_pad")
    np.testing.assert_allclose(theano.function([x], y)(v), ref_pool(v, (2, 2), True, (1, 1), None,
                                                                    "average_inc_pad"))


@pytest.mark.parametrize("ignore_border", [True, False])
def test_host_implementations_match_numpy(ignore_border):
    """The numpy host_impl of each op (host shape programs, constant folding) computes what the reference does."""
    rng = np.random.RandomState(17)
    for ws, stride, pad, shape in _cases(ignore_border):
        st = ws if stride is None else stride
        v = rng.randint(0, 3, size=shape).astype("float64")  # ties
        mo = ref_pool(v, ws, ignore_border, stride, pad)
        g, e = rng.randn(*mo.shape), rng.randn(*shape)
        for mode in MODES:
            np.testing.assert_allclose(Pool(ignore_border, mode).host_impl(None, v * e, ws, st, pad),
                                       ref_pool(v * e, ws, ignore_border, stride, pad, mode), rtol=1e-12, atol=1e-12)
            if mode != "max" and not (mode == "average_exc_pad" and pad != (0, 0)):
                np.testing.assert_allclose(AveragePoolGrad(ignore_border, mode).host_impl(None, v, g, ws, st, pad),
                                           ref_average_grad(v, g, ws, ignore_border, stride, pad, mode), rtol=1e-12,
                                           atol=1e-12)
        np.testing.assert_allclose(MaxPoolGrad(ignore_border).host_impl(None, v, mo, g, ws, st, pad),
                                   ref_max_grad(v, mo, g, ws, ignore_border, stride, pad), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(DownsampleFactorMaxGradGrad(ignore_border).host_impl(None, v, mo, e, ws, st, pad),
                                   ref_max_gradgrad(v, mo, e, ws, ignore_border, stride, pad), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(MaxPoolRop(ignore_border).host_impl(None, v, e, ws, st, pad),
                                   ref_max_rop(v, e, ws, ignore_border, stride, pad))
    v = np.arange(30, dtype="int16").reshape(5, 6)
    assert Pool(True, "average_exc_pad").host_impl(None, v, (2, 2), (2, 2), (0, 0)).dtype == "int16"


def test_constant_input_folds_on_the_host():
    v = np.random.RandomState(18).randn(1, 2, 5, 6)
    y = pool_2d(T.constant(v), (2, 3), ignore_border=False, mode="average_inc_pad")
    np.testing.assert_allclose(y.eval(), ref_pool(v, (2, 3), False, mode="average_inc_pad"))
    f = theano.function([], y)
    np.testing.assert_allclose(f(), ref_pool(v, (2, 3), False, mode="average_inc_pad"))


def test_module_paths():
    import theano.tensor.signal.pool as pool_module

    for name in ("pool_2d", "pool_3d", "max_pool_2d_same_size", "Pool", "PoolGrad", "MaxPoolGrad", "AveragePoolGrad",
                 "DownsampleFactorMaxGradGrad", "MaxPoolRop"):
        assert getattr(pool_module, name) is getattr(theano.frontend.ops.pool, name)
    assert downsample.DownsampleFactorMax is Pool and downsample.MaxPoolGrad is MaxPoolGrad
    import inspect
    assert list(inspect.signature(pool_2d).parameters) == ["input", "ws", "ignore_border", "stride", "pad", "mode",
                                                            "ds", "st", "padding"]
    assert inspect.signature(pool_3d).parameters["pad"].default == (0, 0, 0)
    assert list(inspect.signature(Pool.out_shape).parameters) == ["imgshape", "ws", "ignore_border", "stride", "pad",
                                                                  "ndim", "ds", "st", "padding"]


def test_downsample_max_pool_2d_default_ignore_border_warns_at_the_callers_line():
    # Theano 0.8's downsample.max_pool_2d warned with stacklevel=2: the warning names the user's line, not ours
    import warnings

    import theano.tensor as T
    from theano.tensor.signal import downsample
    x = T.tensor4()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        out = downsample.max_pool_2d(x, (2, 2))
    assert len(caught) == 1 and caught[0].filename == __file__
    assert 'max_pool_2d() will have the parameter ignore_border default value changed' in str(caught[0].message)
    assert out.owner.op.ignore_border is False
