"""numpy/scipy references of the nlinalg / slinalg ops (and Theano 1.0.5's perform formulas for their gradients) for
test_every_op_computes.py."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np


def _eigh_grad(op: Any, x: Any, w: Any, v: Any, gw: Any, gv: Any) -> list[Any]:
    n = x.shape[0]
    g = sum(np.outer(v[:, k], v[:, k] * gw[k] + sum(v[:, m] * gv.T[k].dot(v[:, m]) / (w[k] - w[m])
                                                    for m in range(n) if m != k)) for k in range(n))
    if op.UPLO == "L":
        return [np.tril(g) + np.triu(g, 1).T]
    return [np.triu(g) + np.tril(g, -1).T]


def _cholesky_grad(op: Any, x: Any, L: Any, dz: Any) -> list[Any]:
    """Smith (1995), as Theano's CholeskyGrad.perform (lower factor)."""
    n = x.shape[0]
    F = np.tril(dz).astype("float64")
    for k in range(n - 1, -1, -1):
        for j in range(k + 1, n):
            for i in range(j, n):
                F[i, k] -= F[i, j] * L[j, k]
                F[j, k] -= F[i, j] * L[i, k]
        for j in range(k + 1, n):
            F[j, k] /= L[k, k]
            F[k, k] -= L[j, k] * F[j, k]
        F[k, k] /= 2 * L[k, k]
    return [F]


def _solve(op: Any, a: Any, b: Any) -> list[Any]:
    import scipy.linalg as sl

    if op.A_structure in ("lower_triangular", "upper_triangular"):
        return [sl.solve_triangular(a, b, lower=op.A_structure == "lower_triangular")]
    return [sl.solve(a, b)]


def _eigvalsh_grad(op: Any, a: Any, b: Any, gw: Any) -> list[Any]:
    import scipy.linalg as sl

    w, v = sl.eigh(a, b, lower=op.lower)
    tri0, tri1 = (np.tril, lambda m: np.triu(m, 1)) if op.lower else (np.triu, lambda m: np.tril(m, -1))
    ga, gb = v.dot(np.diag(gw).dot(v.T)), -v.dot(np.diag(gw * w).dot(v.T))
    return [tri0(ga) + tri1(ga).T, tri0(gb) + tri1(gb).T]


def _expm_grad(op: Any, a: Any, ga: Any) -> list[Any]:
    """Theano's ExpmGrad.perform (Kalbfleisch and Lawless 1985, eq. 3.4)."""
    import scipy.linalg as sl

    w, V = sl.eig(a, right=True)
    U = sl.inv(V).T
    exp_w = np.exp(w)
    X = np.subtract.outer(exp_w, exp_w) / np.subtract.outer(w, w)
    np.fill_diagonal(X, exp_w)
    return [np.real(U.dot(V.T.dot(ga).dot(U) * X).dot(V.T))]


def _lstsq(op: Any, a: Any, b: Any, rcond: Any) -> list[Any]:
    x, resid, rank, s = np.linalg.lstsq(a, b, rcond=float(rcond))
    return [x, resid, np.array(rank), s]


def _tensorinv(op: Any, a: Any) -> list[Any]:
    return [np.linalg.tensorinv(a, op.ind)]


def _cholesky(op: Any, x: Any) -> list[Any]:
    import scipy.linalg as sl

    return [sl.cholesky(x, lower=op.lower)]


def _eigvalsh(op: Any, a: Any, b: Any = None) -> list[Any]:
    import scipy.linalg as sl

    return [sl.eigvalsh(a, b, lower=op.lower)]


def _expm(op: Any, a: Any) -> list[Any]:
    import scipy.linalg as sl

    return [sl.expm(a)]


LINALG_REFERENCE: dict[str, Callable[..., list[Any]]] = {
    "MatrixInverse": lambda op, x: [np.linalg.inv(x)], "MatrixPinv": lambda op, x: [np.linalg.pinv(x)],
    "Det": lambda op, x: [np.linalg.det(x)], "Eig": lambda op, x: [np.real(r) for r in np.linalg.eig(x)],
    "Eigh": lambda op, x: list(np.linalg.eigh(x, op.UPLO)), "EighGrad": _eigh_grad,
    "QRFull": lambda op, x: list(np.linalg.qr(x, op.mode)), "QRIncomplete": lambda op, x: [np.linalg.qr(x, op.mode)],
    "SVD": lambda op, x: (list(np.linalg.svd(x, bool(op.full_matrices), True)) if op.compute_uv
                          else [np.linalg.svd(x, bool(op.full_matrices), False)]),
    "lstsq": _lstsq, "TensorInv": _tensorinv,
    "TensorSolve": lambda op, a, b: [np.linalg.tensorsolve(a, b, op.axes)],
    "Cholesky": _cholesky, "CholeskyGrad": _cholesky_grad, "Solve": _solve, "Eigvalsh": _eigvalsh,
    "EigvalshGrad": _eigvalsh_grad, "Expm": _expm, "ExpmGrad": _expm_grad, "Hint": lambda op, x, *rest: [x],
}
