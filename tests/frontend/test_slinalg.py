"""theano.tensor.slinalg against scipy.linalg: values, dtypes (Theano 1.0.5's), errors and gradients."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.linalg as sl

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor import slinalg

RNG = np.random.RandomState(7)


def _spd(n: int = 4, dtype: str = "float64") -> np.ndarray:
    a = RNG.randn(n, n)
    return (a @ a.T + n * np.eye(n)).astype(dtype)


def _well(n: int = 4, dtype: str = "float64") -> np.ndarray:
    return (RNG.uniform(-0.5, 0.5, size=(n, n)) + 2 * np.eye(n)).astype(dtype)


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-4, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-10, "atol": 1e-12}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cholesky_reads_one_triangle_as_scipy(dtype: str) -> None:
    x = T.matrix(dtype=dtype)
    s = _spd(4, dtype)
    low = theano.function([x], slinalg.cholesky(x))(s + np.triu(np.ones_like(s), 1))
    up = theano.function([x], slinalg.Cholesky(lower=False)(x))(s + np.tril(np.ones_like(s), -1))
    assert low.dtype == up.dtype == dtype
    np.testing.assert_allclose(low, sl.cholesky(s.astype("float64"), lower=True), **_tol(dtype))
    np.testing.assert_allclose(up, sl.cholesky(s.astype("float64"), lower=False), **_tol(dtype))


def test_cholesky_not_positive_definite() -> None:
    x = T.dmatrix()
    bad = np.array([[1, 0.2], [0.2, -2]])
    with pytest.raises(np.linalg.LinAlgError):
        theano.function([x], slinalg.cholesky(x))(bad)
    assert np.all(np.isnan(theano.function([x], slinalg.Cholesky(on_error="nan")(x))(bad)))
    g = T.grad(slinalg.Cholesky(on_error="nan")(x).sum(), x)
    assert np.all(np.isnan(theano.function([x], g)(bad)))
    with pytest.raises(ValueError):
        slinalg.Cholesky(on_error="ignore")


def test_cholesky_grad_op_matches_the_symbolic_gradient() -> None:
    x, g = T.dmatrix(), T.dmatrix()
    s, gv = _spd(4), RNG.randn(4, 4)
    for lower in (True, False):
        chol = slinalg.Cholesky(lower=lower)(x)
        sym = T.grad((chol * g).sum(), x)
        op = slinalg.CholeskyGrad(lower)(x, chol, g)
        a, b = theano.function([x, g], [sym, op])(s, gv)
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("structure", ["general", "symmetric", "lower_triangular", "upper_triangular"])
def test_solve_structures_match_scipy(structure: str) -> None:
    a, b, v = T.dmatrix(), T.dmatrix(), T.dvector()
    av = _spd(4)
    if structure == "lower_triangular":
        av = np.tril(av)
    elif structure == "upper_triangular":
        av = np.triu(av)
    bv, vv = RNG.randn(4, 2), RNG.randn(4)
    op = slinalg.Solve(A_structure=structure, lower=structure == "lower_triangular")
    got_m, got_v = theano.function([a, b, v], [op(a, b), op(a, v)])(av, bv, vv)
    if "triangular" in structure:
        want_m = sl.solve_triangular(av, bv, lower=structure == "lower_triangular")
        want_v = sl.solve_triangular(av, vv, lower=structure == "lower_triangular")
    else:
        want_m, want_v = sl.solve(av, bv), sl.solve(av, vv)
    np.testing.assert_allclose(got_m, want_m, rtol=1e-10)
    np.testing.assert_allclose(got_v, want_v, rtol=1e-10)


def test_solve_dtypes_are_theanos() -> None:
    """Theano 1.0.5 probed the scipy of its time: float32 when both dtypes fit it exactly (checked with it)."""
    dtypes = ["uint8", "int8", "int32", "int64", "float16", "float32", "float64"]
    small = {"uint8", "int8", "float16", "float32"}
    for ad, bd in itertools.product(dtypes, dtypes):
        want = "float32" if ad in small and bd in small else "float64"
        assert slinalg.solve(T.matrix(dtype=ad), T.matrix(dtype=bd)).dtype == want, (ad, bd)


def test_solve_singular_and_bad_structure() -> None:
    a, b = T.dmatrix(), T.dmatrix()
    with pytest.raises(np.linalg.LinAlgError):
        theano.function([a, b], slinalg.solve(a, b))(np.zeros((2, 2)), np.ones((2, 1)))
    with pytest.raises(ValueError):
        slinalg.Solve(A_structure="weird")
    assert str(slinalg.solve) == \
        "Solve{A_structure='general', lower=False, overwrite_A=False, overwrite_b=False}"
    assert repr(slinalg.solve) == "Solve{('general', False, False, False)}"


def test_eigvalsh_generalized_and_standard() -> None:
    a, b = T.dmatrix(), T.dmatrix()
    av = RNG.randn(4, 4)
    av = av + av.T
    bv = _spd(4)
    np.testing.assert_allclose(theano.function([a, b], slinalg.eigvalsh(a, b))(av, bv), sl.eigvalsh(av, bv))
    np.testing.assert_allclose(theano.function([a], slinalg.eigvalsh(a, T.NoneConst))(av), sl.eigvalsh(av))
    np.testing.assert_allclose(theano.function([a], slinalg.Eigvalsh(False)(a, None))(av), sl.eigvalsh(av))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_expm_and_kron(dtype: str) -> None:
    a = T.matrix(dtype=dtype)
    av = (RNG.randn(4, 4) * 0.5).astype(dtype)
    got = theano.function([a], slinalg.expm(a))(av)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, sl.expm(av.astype("float64")), **_tol(dtype))
    with pytest.raises(TypeError):
        slinalg.kron(T.dvector(), T.dvector())


def _scipy_kron(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """scipy.linalg.kron as scipy < 1.17 defined it (it is gone from newer scipy)."""
    o = np.outer(a, b).reshape(a.shape + b.shape)
    return np.concatenate(np.concatenate(o, axis=1), axis=1)


@pytest.mark.parametrize("shapes", [((2,), (6, 7)), ((2, 3), (6,)), ((2, 3), (6, 7)), ((2, 3), (6, 7, 8)),
                                    ((2, 3, 4), (6, 7))])
def test_kron_matches_scipy(shapes: tuple) -> None:
    xs = [T.TensorType("float64", (False,) * len(s))() for s in shapes]
    vals = [RNG.rand(*s) for s in shapes]
    got = theano.function(xs, slinalg.kron(*xs))(*vals)
    if sum(len(s) for s in shapes) == 3:
        want = _scipy_kron(vals[0][np.newaxis, :], vals[1]).flatten()  # as Theano's own test compares
    else:
        want = _scipy_kron(*vals)
    np.testing.assert_allclose(got, want)
    if shapes == ((2, 3), (6, 7)):
        np.testing.assert_allclose(got, np.kron(*vals))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gradients(dtype: str) -> None:
    rng = np.random.RandomState(5)
    x = _well(4, dtype)
    verify_grad(lambda r: slinalg.cholesky(r.dot(r.T)), [x], rng=rng)
    verify_grad(lambda r: slinalg.Cholesky(lower=False)(r.dot(r.T)), [x], rng=rng)
    b = RNG.randn(4, 2).astype(dtype)
    for structure in ("general", "lower_triangular", "upper_triangular"):
        av = x if structure == "general" else (np.tril(x) if structure == "lower_triangular" else np.triu(x))
        verify_grad(slinalg.Solve(A_structure=structure, lower=structure == "lower_triangular"), [av, b], rng=rng)
        verify_grad(slinalg.Solve(A_structure=structure), [av, b[:, 0]], rng=rng)
    a = RNG.randn(4, 4)
    a = (a + a.T).astype(dtype)
    verify_grad(lambda p, q: slinalg.eigvalsh(p, q.dot(q.T)), [a, x], rng=rng)
    if dtype == "float64":  # as Theano: expm's gradient is checked in float64 only
        verify_grad(slinalg.expm, [RNG.randn(4, 4) * 0.5], rng=rng)
        verify_grad(slinalg.expm, [a.astype("float64") * 0.3], rng=rng)
