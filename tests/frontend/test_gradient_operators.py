"""theano.gradient beyond grad: the ops that shape a gradient (zero_grad, disconnected_grad, grad_clip, ...),
the R and L operators, and jacobian/hessian.

Expected values and messages were read from Theano 1.0.5 and are baked in as literals.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gradient
from theano.gradient import DisconnectedInputError, Lop, Rop
from theano.tests import unittest_tools as utt

from helpers import Cube


# --------------------------------------------------------------------------- ops that shape the gradient

def test_gradient_ops_print_and_compare_as_theano():
    x = T.dvector("x")
    names = [str(f(x).owner.op) for f in (gradient.zero_grad, gradient.disconnected_grad, gradient.undefined_grad,
                                          lambda v: gradient.grad_clip(v, -1, 1), lambda v: gradient.grad_scale(v, 2.0))]
    assert names == ["ZeroGrad", "DisconnectedGrad", "UndefinedGrad", "GradClip", "GradScale"]
    assert str(gradient.zero_grad(x)) == "ZeroGrad.0"
    assert isinstance(gradient.zero_grad(x).owner.op, theano.compile.ViewOp)
    assert gradient.GradClip(-1, 1) == gradient.GradClip(-1, 1) and gradient.GradScale(2) != gradient.GradScale(3)
    with pytest.raises(AssertionError):
        gradient.GradClip(1, -1)
    y = gradient.disconnected_grad(x)
    assert y.owner.op.connection_pattern(y.owner) == [[False]]
    with pytest.warns(UserWarning, match=r"consider_constant\(\) is deprecated, use zero_grad\(\) or "
                                         r"disconnected_grad\(\) instead."):
        c = gradient.consider_constant(x)
    assert str(c.owner.op) == "ConsiderConstant" and c.owner.op is gradient.consider_constant_


def test_zero_disconnected_consider_constant_values():
    rng = np.random.RandomState(utt.fetch_seed())
    a = rng.randn(5, 5)
    x = T.matrix("x")
    got, want = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for wrap in (gradient.consider_constant, gradient.zero_grad, gradient.disconnected_grad):
            pairs = [(x * wrap(x), x), (x * wrap(T.exp(x)), T.exp(x)), (x ** 2 * wrap(x), 2 * x ** 2)]
            if wrap is not gradient.disconnected_grad:
                pairs.append((wrap(x) + 0 * x, T.zeros_like(x)))
            for expr, expr_grad in pairs:
                got.append(gradient.grad(expr.sum(), x))
                want.append(expr_grad)
    out = theano.function([x], got + want, on_unused_input="ignore")(a)
    n = len(got)
    for g, w in zip(out[:n], out[n:]):
        np.testing.assert_allclose(g, w * np.ones_like(a))
    with pytest.raises(DisconnectedInputError):
        gradient.grad(gradient.disconnected_grad(x).sum(), x)
    gradient.grad((x + gradient.disconnected_grad(x)).sum(), x)
    b = T.matrix("b")
    with pytest.raises(DisconnectedInputError):
        gradient.grad((x + gradient.disconnected_grad(b)).sum(), b)
    # R_op: zero_grad's is zero, disconnected_grad's does not exist
    xv, v = T.vector(), T.vector()
    rop = Rop(gradient.zero_grad(xv), xv, v)
    assert np.count_nonzero(theano.function([xv, v], rop, on_unused_input="ignore")(np.ones(5), np.ones(5))) == 0
    with pytest.raises(ValueError):
        Rop(gradient.disconnected_grad(xv), xv, v)


def test_grad_clip_and_grad_scale_values():
    x = T.scalar()
    z_clip = T.grad(gradient.grad_clip(x, -1, 1) ** 2, x)
    z_scale = T.grad(gradient.grad_scale(x, 2) ** 2, x)
    z_inv = T.grad(gradient.grad_scale(T.sin(x), -1.0), x)
    z2 = T.grad(x ** 2, x)
    out = theano.function([x], [z_clip, z_scale, z_inv, z2, gradient.grad_clip(x, -1, 1)])(2.0)
    np.testing.assert_allclose(out, [1, 8, -np.cos(2.0), 4, 2])


# --------------------------------------------------------------------------- R and L operators

def _rop_lop_cases(x, mx):
    rng = np.random.RandomState(3)
    W = theano.shared(rng.uniform(size=(5, 5)))
    return {
        "elemwise": (((x + 1) ** 2) * T.tanh(x), x, 5),
        "elemwise_int_cast": (x + T.cast(x, "int32"), x, 5),
        "dot": (T.dot(x, W), x, 5),
        "dot_mat": (T.tanh(T.dot(mx, mx.T)).sum(axis=0), mx, 4),
        "dimshuffle": (x[:4].dimshuffle("x", 0).sum(axis=0), x, 4),
        "transpose": (mx.T.flatten(), mx, 12),
        "reshape": (mx.reshape(T.constant(np.asarray([12], dtype="int64"))), mx, 12),
        "sum": (mx.sum(axis=1), mx, 4),
        "mean": (T.mean(mx, axis=0), mx, 3),
        "softmax": (T.nnet.softmax(mx).flatten(), mx, 12),
        "max": (T.max(mx, axis=1), mx, 4),
        "subtensor": (x[1:4], x, 3),
    }


def test_rop_lop_are_transposes_of_each_other():
    # u . (J v) == (J^T u) . v, on random vectors, for each op
    x, mx = T.dvector("x"), T.dmatrix("mx")
    cases = _rop_lop_cases(x, mx)
    outs, sizes = [], []
    for name, (y, wrt, n) in cases.items():
        v = wrt.type("v_" + name)
        u = T.dvector("u_" + name)
        outs += [T.dot(u, Rop(y, wrt, v)), (Lop(y, wrt, u) * v).sum()]
        sizes.append((wrt, v, u, n))
    rng = np.random.RandomState(7)
    args = {x: rng.uniform(size=5), mx: rng.uniform(size=(4, 3))}
    ins = [x, mx]
    vals = [args[x], args[mx]]
    for wrt, v, u, n in sizes:
        ins += [v, u]
        vals += [rng.uniform(size=args[wrt].shape), rng.uniform(size=n)]
    res = theano.function(ins, outs, on_unused_input="ignore")(*vals)
    for k, name in enumerate(cases):
        assert abs(res[2 * k]) > 1e-3, name
        np.testing.assert_allclose(res[2 * k], res[2 * k + 1], rtol=1e-10, err_msg=name)


def test_rop_matches_the_jacobian_and_handles_disconnection():
    x, v = T.dvector("x"), T.dvector("v")
    y = T.concatenate([T.sqr(x) * x.sum(), T.exp(x[:2])])
    jv = Rop(y, x, v)
    jac = T.stack([T.grad(y[i], x) for i in range(7)])
    xv, vv = np.array([0.3, -0.2, 0.5, 1.0, 2.0]), np.array([1.0, 2.0, -1.0, 0.5, 0.25])
    a, J = theano.function([x, v], [jv, jac])(xv, vv)
    np.testing.assert_allclose(a, J.dot(vv))
    # outputs that wrt does not reach
    with pytest.raises(DisconnectedInputError, match="Rop method was asked to compute the gradient with respect to a "
                                                     "variable that is not part of the computational graph"):
        Rop(x.shape[0], x, v)
    with pytest.raises(ValueError):
        Rop(T.argmax(T.dmatrix(), axis=1), x, v)
    assert Rop(T.dvector("z"), x, v, disconnected_outputs="ignore", return_disconnected="None") is None
    with pytest.raises(ValueError, match="Element 0 of wrt/eval_point have mismatched dimensionality: 2 versus 1"):
        Rop(0.0, [T.matrix()], [T.vector()])
    m, vq, m_, v_ = T.matrix("m"), T.vector("v"), T.matrix("m_"), T.vector("v_")
    r1 = Rop([m, vq, m + vq], [m, vq], [m_, v_])
    r2 = Rop((m, vq, m + vq), [m, vq], [m_, v_])
    assert isinstance(r1, list) and isinstance(r2, tuple) and len(r1) == len(r2) == 3
    assert r1[0] is m_ and r1[1] is v_


def test_rop_falls_back_to_l_op_and_non_differentiable_ops_raise():
    class BreakRop(Cube):  # not differentiable
        def grad(self, inp, grads):
            return [gradient.grad_undefined(self, 0, inp[0])]

        def R_op(self, inputs, eval_points):
            return [None]

    x, v = T.dvector("x"), T.dvector("v")
    r = Rop(T.tanh(Cube()(x)), x, v)
    xv, vv = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.5, -2.0])
    out = theano.function([x, v], r)(xv, vv)
    np.testing.assert_allclose(out, (1 - np.tanh(xv ** 3) ** 2) * 3 * xv ** 2 * vv)
    with pytest.raises(ValueError):
        Rop((BreakRop()(x) + 1) ** 2, x, v)
    # Theano's Rop_dot bug report: a dot with a single differentiable path
    xa = T.arange(20.0).reshape([1, 20])
    s = theano.shared(np.ones([20]))
    d = T.dot(xa, s).sum()
    assert Rop(T.grad(d, s), s, s) is not None


# --------------------------------------------------------------------------- jacobian and hessian

def test_jacobian_and_hessian_with_static_lengths():
    x = T.dvector("x")
    xs = T.specify_shape(x, (3,))
    J = gradient.jacobian(xs ** 2 * T.sum(xs), xs)
    H = gradient.hessian(T.sum(xs ** 3) * xs[0], xs)
    Jl = gradient.jacobian(T.dot(T.constant(np.arange(6.0).reshape(2, 3)), xs), [xs])
    assert isinstance(Jl, list) and J.ndim == 2
    scalar_j = gradient.jacobian(T.sum(xs), xs)
    assert scalar_j.ndim == 1
    out = theano.function([x], [J, H, Jl[0]])(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(out[0], [[13, 1, 1], [4, 28, 4], [9, 9, 45]])
    np.testing.assert_allclose(out[1], [[12, 12, 27], [12, 12, 0], [27, 0, 18]])
    np.testing.assert_allclose(out[2], np.arange(6.0).reshape(2, 3))


def _numeric_jacobian(f, args, k, eps=1e-6):
    """d f(*args) / d args[k] by central differences, shape f.shape + args[k].shape."""
    base = np.asarray(f(*args))
    x = np.array(args[k], dtype="float64")
    jac = np.zeros(base.shape + x.shape)
    for pos in np.ndindex(*x.shape):
        hi, lo = x.copy(), x.copy()
        hi[pos] += eps
        lo[pos] -= eps
        a_hi, a_lo = list(args), list(args)
        a_hi[k], a_lo[k] = hi, lo
        jac[(Ellipsis,) + pos] = (np.asarray(f(*a_hi)) - np.asarray(f(*a_lo))) / (2 * eps)
    return jac


def test_jacobian_with_run_time_length_and_several_wrt():
    x, W = T.dvector("x"), T.dmatrix("W")
    y = T.tanh(T.dot(W, x)) * T.sum(x)
    Jx, JW = gradient.jacobian(y, [x, W])
    Jt = gradient.jacobian(y, (x,))
    assert isinstance(Jt, tuple) and len(Jt) == 1
    assert Jx.ndim == 2 and JW.ndim == 3
    f = theano.function([x, W], [Jx, JW, Jt[0]])
    fy = theano.function([x, W], y)
    rng = np.random.RandomState(3)
    for n_out, n_in in ((3, 4), (6, 2)):  # the lengths are only known when the function is called
        xv, Wv = rng.randn(n_in), rng.randn(n_out, n_in)
        jx, jw, jt = f(xv, Wv)
        assert jx.shape == (n_out, n_in) and jw.shape == (n_out, n_out, n_in)
        np.testing.assert_allclose(jx, _numeric_jacobian(fy, [xv, Wv], 0), atol=1e-6)
        np.testing.assert_allclose(jw, _numeric_jacobian(fy, [xv, Wv], 1), atol=1e-6)
        np.testing.assert_allclose(jt, jx)


def test_jacobian_of_a_static_length_is_a_scan_over_rows_as_in_theano():
    from theano.frontend.ops.scan import Scan
    x = T.dvector("x")
    n = 20
    xs = T.specify_shape(x, (n,))
    J = gradient.jacobian(T.tanh(xs) * T.sum(xs ** 2), xs)
    assert isinstance(J.owner.op, Scan)
    xv = np.linspace(-1.0, 1.0, n)
    expect = np.diag((1 - np.tanh(xv) ** 2) * np.sum(xv ** 2)) + np.outer(np.tanh(xv), 2 * xv)
    np.testing.assert_allclose(theano.function([x], J)(xv), expect, atol=1e-12)


def test_jacobian_matches_numpy_and_ignores_disconnected_inputs_when_asked():
    x, z = T.dvector("x"), T.dvector("z")
    J = gradient.jacobian(x ** 2, x)
    Jz = gradient.jacobian(x ** 2, z, disconnected_inputs="ignore")
    xv, zv = np.array([1.0, -2.0, 3.0, 0.5]), np.array([1.0, 2.0])
    jv, jz = theano.function([x, z], [J, Jz], on_unused_input="ignore")(xv, zv)
    np.testing.assert_allclose(jv, np.diag(2 * xv))
    np.testing.assert_allclose(jz, np.zeros((4, 2)))
    with pytest.raises(theano.gradient.DisconnectedInputError):
        gradient.jacobian(x ** 2, z)


def test_hessian_of_a_cost_with_run_time_length():
    x, y, A = T.dvector("x"), T.dvector("y"), T.dmatrix("A")
    cost = T.dot(x, T.dot(A, x)) + T.sum(T.exp(x) * y[0]) + T.sum(y ** 3)
    Hx, Hy = gradient.hessian(cost, [x, y])
    Hl = gradient.hessian(T.sum(x), x)  # the gradient (ones) does not depend on x: zeros, not an error
    f = theano.function([x, y, A], [Hx, Hy, Hl])
    rng = np.random.RandomState(0)
    for n, m in ((3, 2), (5, 4)):
        xv, yv, Av = rng.randn(n), rng.randn(m), rng.randn(n, n)
        hx, hy, hl = f(xv, yv, Av)
        np.testing.assert_allclose(hx, Av + Av.T + np.diag(np.exp(xv) * yv[0]), atol=1e-12)
        expect_y = np.diag(6 * yv)
        np.testing.assert_allclose(hy, expect_y, atol=1e-12)
        np.testing.assert_allclose(hl, np.zeros((n, n)))


def test_gradient_through_a_jacobian_and_its_r_op():
    x = T.dvector("x")
    J = gradient.jacobian(T.sin(x) * T.sum(x ** 2), x)
    s = T.sum(J ** 2)
    g = theano.grad(s, x)
    v = T.dvector("v")
    jv = gradient.Rop(J, x, v)
    f = theano.function([x, v], [s, g, jv])
    fs = theano.function([x], s)
    fj = theano.function([x], J)
    xv, vv = np.array([0.3, -1.2, 2.0]), np.array([1.0, 0.5, -2.0])
    sv, gv, jvv = f(xv, vv)
    np.testing.assert_allclose(gv, _numeric_jacobian(fs, [xv], 0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(jvv, _numeric_jacobian(fj, [xv], 0) @ vv, rtol=1e-5, atol=1e-6)


def test_hessian_of_an_mlp_loss_matches_finite_differences():
    n_in, n_hid, n_out, N = 2, 2, 2, 4
    sizes = [(n_in, n_hid), (n_hid,), (n_hid, n_out), (n_out,)]
    npar = sum(int(np.prod(s)) for s in sizes)
    theta_in = T.dvector("theta")
    theta = T.specify_shape(theta_in, (npar,))
    X, y = T.dmatrix("X"), T.ivector("y")
    parts, k = [], 0
    for s in sizes:
        m = int(np.prod(s))
        parts.append(theta[k:k + m].reshape(s))
        k += m
    W1, b1, W2, b2 = parts
    p = T.nnet.softmax(T.dot(T.tanh(T.dot(X, W1) + b1), W2) + b2)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    H = gradient.hessian(cost, theta)
    rng = np.random.RandomState(1)
    th, Xv, yv = rng.randn(npar) * 0.7, rng.randn(N, n_in), np.array([0, 1, 1, 0], "int32")
    Hv = theano.function([theta_in, X, y], H)(th, Xv, yv)
    f_cost = theano.function([theta_in, X, y], cost)
    eps = 1e-4
    E = np.eye(npar) * eps

    def c(t):
        return f_cost(t, Xv, yv)

    Hn = np.array([[(c(th + E[i] + E[j]) - c(th + E[i] - E[j]) - c(th - E[i] + E[j]) + c(th - E[i] - E[j]))
                    / (4 * eps * eps) for j in range(npar)] for i in range(npar)])
    np.testing.assert_allclose(Hv, Hv.T, atol=1e-12)
    np.testing.assert_allclose(Hv, Hn, atol=1e-5)
