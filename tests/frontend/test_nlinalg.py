"""theano.tensor.nlinalg against numpy.linalg: values, dtypes (Theano 1.0.5's), shapes, errors and gradients."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor import nlinalg as nl

from helpers import householder_qr, runs_on_cpu, vector_signs

RNG = np.random.RandomState(42)


def _well(n: int = 4, dtype: str = "float64") -> np.ndarray:
    return (RNG.uniform(-0.5, 0.5, size=(n, n)) + 2 * np.eye(n)).astype(dtype)


def _spd(n: int = 4, dtype: str = "float64") -> np.ndarray:
    a = RNG.randn(n, n)
    return (a @ a.T + n * np.eye(n)).astype(dtype)


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-4, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-10, "atol": 1e-12}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_inverse_pinv_det_match_numpy(dtype: str) -> None:
    x, r = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    a, rect = _well(4, dtype), RNG.randn(3, 5).astype(dtype)
    inv, det, pinv = theano.function([x, r], [nl.matrix_inverse(x), nl.det(x), nl.pinv(r)])(a, rect)
    assert inv.dtype == det.dtype == pinv.dtype == dtype
    assert det.shape == () and pinv.shape == (5, 3)
    np.testing.assert_allclose(inv, np.linalg.inv(a.astype("float64")), **_tol(dtype))
    np.testing.assert_allclose(det, np.linalg.det(a.astype("float64")), **_tol(dtype))
    np.testing.assert_allclose(pinv, np.linalg.pinv(rect.astype("float64")), **_tol(dtype))


def test_integer_inputs_keep_their_dtype_as_in_theano() -> None:
    x = T.lmatrix()
    assert nl.det(x).dtype == "int64" and nl.matrix_inverse(x).dtype == "int64"
    w, v = nl.eigh(x)
    assert (w.dtype, v.dtype) == ("float64", "int64")
    assert theano.function([x], nl.det(x))(np.array([[2, 1], [1, 3]])) == 5


def test_singular_matrix_raises_linalg_error() -> None:
    x = T.dmatrix()
    f = theano.function([x], nl.matrix_inverse(x))
    with pytest.raises(np.linalg.LinAlgError):
        f(np.array([[1.0, 0, 0], [0, 1, 0], [0, 1, 0]]))
    np.testing.assert_allclose(f(np.eye(3) * 2), np.eye(3) / 2)  # the function still works afterwards


def test_non_matrix_input_is_refused_with_theano_error_types() -> None:
    with pytest.raises(TypeError):
        nl.matrix_inverse(T.vector())
    with pytest.raises(AssertionError):  # Theano 1.0.5 asserted
        nl.det(T.tensor3())
    with pytest.raises(TypeError):
        nl.alloc_diag(T.matrix())
    with pytest.raises(TypeError):
        nl.diag(T.tensor3())
    with pytest.raises(ValueError, match="Unrecognized mode"):
        nl.qr(T.matrix(), "bad")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_eig_and_eigh_match_numpy(dtype: str) -> None:
    x = T.matrix(dtype=dtype)
    s = _spd(4, dtype)
    w, v = nl.eig(x)
    assert (w.dtype, v.dtype) == (dtype, dtype)
    ew, ev = theano.function([x], [w, v])(s)
    nw, nv = np.linalg.eig(s)
    np.testing.assert_allclose(ew, nw.real, **_tol(dtype))
    np.testing.assert_allclose(np.abs(ev), np.abs(nv.real), rtol=1e-3, atol=1e-4)
    for uplo in ("L", "U"):
        # only the named triangle is read: garbage in the other one changes nothing
        junk = s + (np.triu(np.ones_like(s), 1) if uplo == "L" else np.tril(np.ones_like(s), -1))
        hw, hv = theano.function([x], nl.eigh(x, uplo))(junk)
        nw, nv = np.linalg.eigh(s)
        assert hw.dtype == hv.dtype == dtype
        np.testing.assert_allclose(hw, nw, **_tol(dtype))
        np.testing.assert_allclose(hv * np.sign(hv[0]), nv * np.sign(nv[0]), rtol=1e-3, atol=1e-4)


def test_svd_and_qr_match_numpy_conventions() -> None:
    x = T.dmatrix()
    a = RNG.randn(5, 3)
    exact = runs_on_cpu()  # off the CPU: numpy's factorizations up to the signs of their vectors (helpers.py)
    for full in (1, 0):
        got, want = theano.function([x], nl.svd(x, full))(a), np.linalg.svd(a, bool(full))
        if exact:
            for g, w in zip(got, want):
                np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
        else:
            _assert_same_svd(got, want, a)
    np.testing.assert_allclose(theano.function([x], nl.svd(x, compute_uv=0))(a), np.linalg.svd(a, compute_uv=False))
    for mode in ("reduced", "complete", "raw"):
        got, want = theano.function([x], nl.qr(x, mode))(a), np.linalg.qr(a, mode)
        if exact:
            for g, w in zip(got, want):
                np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
        else:
            _assert_same_qr(got, want, a, mode)
    r = theano.function([x], nl.qr(x, "r"))(a)
    nr = np.linalg.qr(a, "r")
    np.testing.assert_allclose(r if exact else r * vector_signs(r, nr, 1), nr, atol=1e-12 if exact else 1e-10)
    assert str(nl.qr(x)[0].owner.op) == "QRFull{mode='reduced'}"
    assert str(nl.svd(x)[0].owner.op) == "SVD{full_matrices=1, compute_uv=1}"


_LOOSE = {"rtol": 1e-10, "atol": 1e-10}  # off the CPU: another solver's rounding (vector entries are O(1))


def _assert_same_basis(got: np.ndarray, want: np.ndarray, k: int) -> None:
    """got's columns are orthonormal, and those past k span what numpy's span (their basis is numpy's choice)."""
    np.testing.assert_allclose(got.T @ got, np.eye(got.shape[1]), **_LOOSE)
    np.testing.assert_allclose(got[:, k:] @ got[:, k:].T, want[:, k:] @ want[:, k:].T, **_LOOSE)


def _assert_same_svd(got: list, want: list, a: np.ndarray) -> None:
    """numpy's singular values; its singular vectors up to a sign shared by u[:, i] and vt[i]; u and vt orthogonal."""
    (u, s, vt), (nu, ns, nvt) = got, want
    assert u.shape == nu.shape and s.shape == ns.shape and vt.shape == nvt.shape
    k = len(ns)
    np.testing.assert_allclose(s, ns, rtol=1e-10, atol=1e-12)
    signs = vector_signs(u[:, :k], nu[:, :k], 0)
    np.testing.assert_allclose(u[:, :k] * signs, nu[:, :k], **_LOOSE)
    np.testing.assert_allclose(vt[:k] * signs.T, nvt[:k], **_LOOSE)
    _assert_same_basis(u, nu, k)
    _assert_same_basis(vt.T, nvt.T, k)
    np.testing.assert_allclose((u[:, :k] * s) @ vt[:k], a, **_LOOSE)


def _assert_same_qr(got: list, want: list, a: np.ndarray, mode: str) -> None:
    """numpy's Q and R up to a sign shared by Q[:, i] and R[i]; for 'raw', Householder reflectors and R that give
    back a (their signs are the solver's convention)."""
    assert [g.shape for g in got] == [w.shape for w in want]
    k = min(a.shape)
    if mode == "raw":
        (q, r), (nq, nr) = householder_qr(*got), householder_qr(*want)
        np.testing.assert_allclose(q.T @ q, np.eye(len(q)), **_LOOSE)
        np.testing.assert_allclose(q @ r, a, **_LOOSE)
    else:
        (q, r), (nq, nr) = got, want
        _assert_same_basis(q, nq, k)
    signs = vector_signs(q[:, :k], nq[:, :k], 0)
    np.testing.assert_allclose(q[:, :k] * signs, nq[:, :k], **_LOOSE)
    np.testing.assert_allclose(r[:k] * signs.T, nr[:k], **_LOOSE)
    np.testing.assert_allclose(r[k:], nr[k:], atol=1e-12)


def test_svd_infer_shape_removes_the_op() -> None:
    x = T.dmatrix()
    u, s, vt = nl.svd(x, full_matrices=0)
    f = theano.function([x], [u.shape, s.shape[0], vt.shape])
    assert not any(isinstance(n.op, nl.SVD) for n in f.maker.fgraph.toposort())
    assert [tuple(np.atleast_1d(v)) for v in f(np.zeros((4, 2)))] == [(4, 2), (2,), (2, 2)]


def test_lstsq_matches_numpy() -> None:
    a, b, rc = T.dmatrix(), T.dmatrix(), T.dscalar()
    av, bv = RNG.randn(6, 3), RNG.randn(6, 2)
    x, resid, rank, s = theano.function([a, b, rc], nl.lstsq()(a, b, rc))(av, bv, -1.0)
    nx, nres, nrank, ns = np.linalg.lstsq(av, bv, rcond=-1)
    np.testing.assert_allclose(x, nx, rtol=1e-10)
    np.testing.assert_allclose(resid, nres, rtol=1e-10)
    assert rank == nrank and rank.dtype == np.int64
    np.testing.assert_allclose(s, ns, rtol=1e-10)
    f = theano.function([a, b, rc], nl.lstsq()(a, b, rc)[0])
    np.testing.assert_allclose(f(np.array([[2., 1], [3, 4]]), np.array([[17., 20], [43, 50]]), 1),
                               [[5, 6], [7, 8]])  # rcond >= 1 means machine precision (LAPACK)


def test_tensorinv_tensorsolve_match_numpy() -> None:
    a4, b2 = T.dtensor4(), T.dmatrix()
    av = _spd(12).reshape(3, 4, 2, 6)
    bv = RNG.randn(3, 4)
    inv, sol = theano.function([a4, b2], [nl.tensorinv(a4), nl.tensorsolve(a4, b2)])(av, bv)
    np.testing.assert_allclose(inv, np.linalg.tensorinv(av), rtol=1e-9)
    np.testing.assert_allclose(sol, np.linalg.tensorsolve(av, bv), rtol=1e-9)
    m = T.dmatrix()
    assert nl.tensorsolve(T.ftensor4(), m).dtype == "float64"


def test_matrix_power_matrix_dot_norm() -> None:
    x, v = T.dmatrix(), T.dvector()
    a, b = RNG.rand(3, 3), RNG.randn(4)
    np.testing.assert_allclose(theano.function([x], nl.matrix_power(x, 3))(a), np.linalg.matrix_power(a, 3))
    np.testing.assert_allclose(theano.function([x], nl.matrix_dot(x, x.T, x))(a), a @ a.T @ a)
    assert nl.matrix_power(x, 0) == 1
    for ord_, np_ord in ((None, None), ("fro", "fro"), ("inf", np.inf), ("-inf", -np.inf), (1, 1), (-1, -1)):
        np.testing.assert_allclose(theano.function([x], nl.norm(x, ord_))(a), np.linalg.norm(a, np_ord))
    for ord_, np_ord in ((None, None), ("inf", np.inf), ("-inf", -np.inf), (0, 0), (1, 1), (2, 2), (-2, -2)):
        np.testing.assert_allclose(theano.function([v], nl.norm(v, ord_))(b), np.linalg.norm(b, np_ord))
    with pytest.raises(ValueError):
        nl.norm(x, 0)
    with pytest.raises(NotImplementedError):
        nl.norm(T.dtensor3(), None)


def test_diag_trace_reuse_the_diagonal_ops() -> None:
    v, m = T.dvector(), T.dmatrix()
    assert isinstance(nl.diag(v).owner.op, nl.AllocDiag) and isinstance(nl.diag(m).owner.op, nl.ExtractDiag)
    a = RNG.rand(3, 4)
    assert np.allclose(theano.function([m], nl.trace(m))(a), np.trace(a))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gradients(dtype: str) -> None:
    rng = np.random.RandomState(3)
    verify_grad(nl.matrix_inverse, [_well(3, dtype)], rng=rng)
    verify_grad(nl.det, [_well(3, dtype)], rng=rng)
    verify_grad(nl.pinv, [RNG.randn(3, 4).astype(dtype)], rng=rng)
    x = RNG.rand(4, 4).astype(dtype)
    for k in (0, 1):
        for uplo in ("L", "U"):
            verify_grad(lambda a: nl.eigh(a.dot(a.T), uplo)[k], [x], rng=rng)


def test_matrix_inverse_rop() -> None:
    x, v = T.dmatrix(), T.dmatrix()
    a, d = _well(3), RNG.randn(3, 3)
    r = theano.function([x, v], T.Rop(nl.matrix_inverse(x), x, v))(a, d)
    ai = np.linalg.inv(a)
    np.testing.assert_allclose(r, -ai @ d @ ai, rtol=1e-10)
