"""theano.sandbox.linalg's rewrites (registered when it is imported) and spectral_radius_bound."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.sandbox.linalg.ops import (Cholesky, MatrixInverse, Solve, inv_as_solve, matrix_inverse, solve,
                                       spectral_radius_bound)

RNG = np.random.RandomState(11)


def _ops(f: object) -> list:
    return [n.op for n in f.maker.fgraph.toposort()]


def test_inverse_times_matrix_becomes_a_solve() -> None:
    A, b = T.dmatrix("A"), T.dmatrix("b")
    [out] = inv_as_solve.transform(matrix_inverse(A).dot(b).owner)
    assert isinstance(out.owner.op, Solve)
    f = theano.function([A, b], [matrix_inverse(A).dot(b), b.T.dot(matrix_inverse(A))])
    assert not any(isinstance(op, MatrixInverse) for op in _ops(f))
    av, bv = RNG.randn(3, 3) + 3 * np.eye(3), RNG.randn(3, 2)
    left, right = f(av, bv)
    np.testing.assert_allclose(left, np.linalg.inv(av) @ bv, rtol=1e-10)
    np.testing.assert_allclose(right, bv.T @ np.linalg.inv(av), rtol=1e-10)


def test_transposed_inverse_inverts_the_transpose() -> None:
    X = T.dmatrix("X")
    f = theano.function([X], matrix_inverse(X).T)
    inv = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, MatrixInverse)]
    assert len(inv) == 1 and inv[0].inputs[0].owner is not None
    xv = RNG.randn(3, 3) + 3 * np.eye(3)
    np.testing.assert_allclose(f(xv), np.linalg.inv(xv).T, rtol=1e-10)


@pytest.mark.parametrize("lower", [True, False])
def test_solve_with_a_cholesky_factor_is_triangular(lower: bool) -> None:
    A, x = T.dmatrix("A"), T.dvector("x")
    chol = Cholesky(lower=lower)(A)
    for factor, want in ((chol, lower), (chol.T, not lower)):
        f = theano.function([A, x], solve(factor, x))
        structures = [op.A_structure for op in _ops(f) if isinstance(op, Solve)]
        assert structures == ["lower_triangular" if want else "upper_triangular"]
        a = RNG.randn(4, 4)
        a = a @ a.T + 4 * np.eye(4)
        xv = RNG.randn(4)
        c = np.linalg.cholesky(a) if lower else np.linalg.cholesky(a).T
        np.testing.assert_allclose(f(a, xv), np.linalg.solve(c if factor is chol else c.T, xv), rtol=1e-9)


def test_spectral_radius_bound() -> None:
    x = T.dmatrix()
    m = np.cov(RNG.rand(3, 4))
    got = theano.function([x], spectral_radius_bound(x, 5))(m)
    mm = m
    for _ in range(5):
        mm = mm @ mm
    assert abs(np.trace(mm) ** (2 ** -5) - got) < 1e-6
    assert np.linalg.eigvalsh(m).max() <= got + 1e-6
    with pytest.raises(TypeError):
        spectral_radius_bound(T.dvector(), 5)
    with pytest.raises(TypeError):
        spectral_radius_bound(x, 5.0)
    with pytest.raises(ValueError):
        spectral_radius_bound(x, -5)


def test_psd_hint_solves_with_the_cholesky_factor_and_disappears() -> None:
    from theano.sandbox.linalg.ops import Hint, psd

    A, x = T.dmatrix("A"), T.dvector("x")
    f = theano.function([A, x], solve(psd(A), x))
    ops = _ops(f)
    assert not any(isinstance(op, Hint) for op in ops)
    assert sorted(op.A_structure for op in ops if isinstance(op, Solve)) == ["lower_triangular", "upper_triangular"]
    a = RNG.randn(4, 4)
    a = a @ a.T + 4 * np.eye(4)
    xv = RNG.randn(4)
    np.testing.assert_allclose(f(a, xv), np.linalg.solve(a, xv), rtol=1e-9)
    g = theano.function([A], T.grad((psd(A) ** 2).sum(), A))
    np.testing.assert_allclose(g(a), 2 * a)
