"""Lowering of frontend/ops/slinalg.py with lax.linalg / jax.scipy.linalg.

As scipy, Cholesky and the symmetric eigenproblems read only one triangle of their (symmetric) inputs.
LinAlgErrors (not positive definite, singular) are raised on the host from a device flag (see nlinalg.py).
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import jax.scipy.linalg as jsl
from jax import lax

from theano.frontend.ops.slinalg import Cholesky, CholeskyGrad, Eigvalsh, EigvalshGrad, Expm, ExpmGrad, Solve
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.nlinalg import (LinAlgError, as_float, fold_triangle, policy_precision, on_host, out,
                                           raise_unless, square, symmetric_eigh)

_NOT_PD = "Matrix is not positive definite"


def _symmetric(a: Any, lower: bool) -> Any:
    """The symmetric matrix stored in a's lower (or upper) triangle."""
    return jnp.tril(a) + jnp.tril(a, -1).T if lower else jnp.triu(a) + jnp.triu(a, 1).T


def lower_cholesky_factor(a: Any) -> tuple[Any, Any]:
    """(L, ok): the lower Cholesky factor of the symmetric matrix in a's lower triangle; ok false (and L NaN)
    when it is not positive definite."""
    if a.shape[0] == 0:
        return a, jnp.asarray(True)
    chol = lax.linalg.cholesky(_symmetric(a, True), symmetrize_input=False)
    return chol, jnp.all(jnp.isfinite(chol))


@lowers(Cholesky)
@on_host
@policy_precision
def lower_cholesky(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    square("cholesky", x)
    a = as_float(x)
    chol, ok = lower_cholesky_factor(a if op.lower else a.T)
    chol = chol if op.lower else chol.T
    if op.on_error == "nan":
        return out(node, 0, jnp.where(ok, chol, jnp.nan))
    return raise_unless(ok, LinAlgError, _NOT_PD, out(node, 0, chol))


@lowers(CholeskyGrad)
@policy_precision
def lower_cholesky_grad(node: Any, ctx: LoweringContext, x: Any, chol: Any, dz: Any) -> Any:
    # Smith's algorithm computes the same matrix as Murray's closed form, used here:
    # s = L^-T Phi(L^T dz) L^-1 with Phi = lower triangle, halved diagonal; grad = tril(s + s^T) - diag(s)
    lower = node.op.lower
    dtype = as_float(jnp.asarray(x)).dtype
    chol, dz = jnp.asarray(chol).astype(dtype), jnp.asarray(dz).astype(dtype)
    if not lower:
        chol, dz = chol.T, dz.T
    dz = jnp.tril(dz)
    p = chol.T @ dz
    p = jnp.tril(p) - jnp.diag(jnp.diagonal(p) / 2)
    s = lax.linalg.triangular_solve(chol, p, left_side=True, lower=True, transpose_a=True)
    s = lax.linalg.triangular_solve(chol, s, left_side=False, lower=True)
    grad = jnp.tril(s + s.T) - jnp.diag(jnp.diagonal(s))
    return out(node, 0, grad if lower else grad.T)


@lowers(Solve)
@on_host
@policy_precision
def lower_solve(node: Any, ctx: LoweringContext, a: Any, b: Any) -> Any:
    structure = node.op.A_structure
    square("solve", a)
    dtype = node.outputs[0].dtype
    a, b = jnp.asarray(a).astype(dtype), jnp.asarray(b).astype(dtype)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"solve: incompatible dimensions, a has shape {a.shape} and b {b.shape}")
    vector = b.ndim == 1
    rhs = b[:, None] if vector else b
    if a.shape[0] == 0:
        return out(node, 0, b)
    if structure in ("lower_triangular", "upper_triangular"):
        ok = jnp.all(jnp.diagonal(a) != 0)
        x = lax.linalg.triangular_solve(a, rhs, left_side=True, lower=structure == "lower_triangular")
        message = "singular matrix: resolution failed at diagonal"
    else:
        lu, piv, _ = lax.linalg.lu(a)
        ok = jnp.all(jnp.diagonal(lu) != 0)
        x = jsl.lu_solve((lu, piv), rhs)
        message = "Matrix is singular."
    x = x[:, 0] if vector else x
    return raise_unless(ok, LinAlgError, message, out(node, 0, x))


def _generalized(a: Any, b: Any | None, lower: bool) -> tuple[Any, Any, Any]:
    """(w, v, ok) of a v = w b v for symmetric a and positive-definite b (each read from one triangle), with
    v normalised as scipy does (v^T b v = I); b None is the standard problem."""
    a = _symmetric(a, lower)
    if b is None:
        w, v = symmetric_eigh(a, True)
        return w, v, jnp.asarray(True)
    chol, ok = lower_cholesky_factor(_symmetric(b, lower))
    if a.shape[0] == 0:
        return jnp.zeros((0,), a.dtype), a, ok
    c = lax.linalg.triangular_solve(chol, a, left_side=True, lower=True)    # L^-1 A
    c = lax.linalg.triangular_solve(chol, c, left_side=False, lower=True, transpose_a=True)  # L^-1 A L^-T
    w, y = symmetric_eigh((c + c.T) / 2, True)
    v = lax.linalg.triangular_solve(chol, y, left_side=True, lower=True, transpose_a=True)  # L^-T y
    return w, v, ok


@lowers(Eigvalsh)
@on_host
@policy_precision
def lower_eigvalsh(node: Any, ctx: LoweringContext, a: Any, b: Any = None) -> Any:
    square("eigvalsh", a)
    dtype = node.outputs[0].dtype
    a = as_float(a, dtype)
    b = None if b is None else as_float(b, dtype)
    w, _, ok = _generalized(a, b, node.op.lower)
    if b is None:
        return out(node, 0, w)
    return raise_unless(ok, LinAlgError, "the leading minor of b is not positive definite", out(node, 0, w))


@lowers(EigvalshGrad)
@policy_precision
def lower_eigvalsh_grad(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    a, b, gw = inputs if len(inputs) == 3 else (inputs[0], None, inputs[1])
    dtype = node.outputs[0].dtype
    a = as_float(a, dtype)
    b = None if b is None else as_float(b, dtype)
    gw = as_float(gw, dtype)
    lower = node.op.lower
    w, v, _ = _generalized(a, b, lower)
    g_a = (v * gw[None, :]) @ v.T
    g_b = -(v * (gw * w)[None, :]) @ v.T
    return out(node, 0, fold_triangle(g_a, lower)), out(node, 1, fold_triangle(g_b, lower))


@lowers(Expm)
@policy_precision
def lower_expm(node: Any, ctx: LoweringContext, a: Any) -> Any:
    square("expm", a)
    return out(node, 0, jsl.expm(as_float(a)))


@lowers(ExpmGrad)
@policy_precision
def lower_expm_grad(node: Any, ctx: LoweringContext, a: Any, g: Any) -> Any:
    # d<G, expm(A)>/dA is the Frechet derivative of expm at A^T applied to G: the top-right block of
    # expm([[A^T, G], [0, A^T]]) (Theano computes the same matrix through an eigendecomposition)
    dtype = as_float(jnp.asarray(a)).dtype
    a, g = jnp.asarray(a).astype(dtype), jnp.asarray(g).astype(dtype)
    n = a.shape[0]
    top = jnp.concatenate([a.T, g], axis=1)
    bottom = jnp.concatenate([jnp.zeros_like(a), a.T], axis=1)
    block = jsl.expm(jnp.concatenate([top, bottom], axis=0))
    return out(node, 0, block[:n, n:])
