"""Lowering of frontend/ops/nlinalg.py with jnp.linalg / lax.linalg, and the helpers slinalg's rules share.

Failures numpy reports as numpy.linalg.LinAlgError (a singular matrix, a matrix that is not positive definite)
are computed on the device as one boolean; `raise_unless` hands that flag to the host, which raises the error,
so such rules are marked `runs_on_host`. Eig runs numpy.linalg.eig on the host: XLA's eig exists on CPU only,
and numpy's eigenvector conventions are the ones Theano users compared against. Products inside the
decompositions run at the precision policy (lowering/precision.py; full precision by default, as LAPACK's did).
"""
from __future__ import annotations

import functools
import warnings
from typing import Any, Callable

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl
import numpy as np
from jax import lax

from theano.frontend.ops.nlinalg import (Det, Eig, EighGrad, Eigh, Hint, MatrixInverse, MatrixPinv, QRFull, QRIncomplete,
                                         SVD, TensorInv, TensorSolve, lstsq)
from theano.lowering.callback import guarded
from theano.lowering.precision import policy_scope
from theano.lowering.registry import LoweringContext, lowers

LinAlgError = np.linalg.LinAlgError
try:  # LAPACK's geqrf (numpy's qr 'raw' mode); JAX keeps it out of its public lax.linalg namespace
    _geqrf = lax.linalg.geqrf  # type: ignore[attr-defined]
except AttributeError:
    from jax._src.lax.linalg import geqrf as _geqrf


def policy_precision(rule: Callable[..., Any]) -> Callable[..., Any]:
    """Trace `rule` with its products (JAX's linalg included) at the precision policy (full float32 by default)."""
    @functools.wraps(rule)
    def run(*args: Any) -> Any:
        with policy_scope():
            return rule(*args)
    return run


def on_host(rule: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a rule whose program calls back into Python (it can fail while it runs; see callback.runs_host_code)."""
    rule.runs_on_host = True  # type: ignore[attr-defined]
    return rule


def compute_dtype(dtype: Any) -> str:
    """The LAPACK dtype numpy computes a `dtype` input in: float32/complex64 kept, complex128 kept, else float64."""
    dtype = np.dtype(dtype)
    if dtype in (np.float32, np.float16):
        return "float32"
    if dtype.kind == "c":
        return dtype.name
    return "float64"


def as_float(x: Any, dtype: Any = None) -> Any:
    x = jnp.asarray(x)
    return x.astype(compute_dtype(x.dtype if dtype is None else dtype))


def out(node: Any, k: int, value: Any) -> Any:
    """`value` in the dtype of the node's k-th output (numpy's `astype`, imaginary parts dropped)."""
    dtype = np.dtype(node.outputs[k].dtype)
    value = jnp.asarray(value)
    if jnp.iscomplexobj(value) and dtype.kind != "c":
        value = jnp.real(value)
    return value.astype(dtype)


def raise_unless(ok: Any, error: type, message: str, value: Any) -> Any:
    """`value`, after the host raised `error(message)` if the boolean `ok` is false (checked on every call)."""
    if not isinstance(ok, jax.core.Tracer):
        if not bool(ok):
            raise error(message)
        return value

    def check(flag: Any) -> np.ndarray:
        if not bool(flag):
            raise error(message)
        return np.zeros((), dtype=bool)

    failed = jax.pure_callback(guarded(check), jax.ShapeDtypeStruct((), np.bool_), ok, vmap_method="sequential")
    return jax.tree_util.tree_map(lambda v: jnp.where(failed, jnp.zeros_like(v), v), value)


def lu_inverse(a: Any) -> tuple[Any, Any]:
    """(inverse of a, whether a is invertible): LU with partial pivoting; an exact zero pivot means singular."""
    n = a.shape[0]
    if n == 0:
        return a, jnp.asarray(True)
    lu, piv, _ = lax.linalg.lu(a)
    ok = jnp.all(jnp.diagonal(lu) != 0)
    return jsl.lu_solve((lu, piv), jnp.eye(n, dtype=a.dtype)), ok


def square(name: str, x: Any) -> None:
    """numpy's LinAlgError for an input that is not a square matrix."""
    shape = np.shape(x)
    if len(shape) != 2:
        raise LinAlgError("%d-dimensional array given. Array must be two-dimensional" % len(shape))
    if shape[0] != shape[1]:
        raise LinAlgError(f"{name}: last 2 dimensions of the array must be square, got shape {shape}")


@lowers(MatrixInverse)
@on_host
@policy_precision
def lower_matrix_inverse(node: Any, ctx: LoweringContext, x: Any) -> Any:
    square("matrix_inverse", x)
    inv, ok = lu_inverse(as_float(x))
    return raise_unless(ok, LinAlgError, "Singular matrix", out(node, 0, inv))


@lowers(MatrixPinv)
@policy_precision
def lower_pinv(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return out(node, 0, jnp.linalg.pinv(as_float(x), rtol=1e-15))  # numpy's default cutoff (rcond=1e-15)


@lowers(Det)
@policy_precision
def lower_det(node: Any, ctx: LoweringContext, x: Any) -> Any:
    square("det", x)
    return out(node, 0, jnp.linalg.det(as_float(x)))


@lowers(Eig)
@on_host
def lower_eig(node: Any, ctx: LoweringContext, x: Any) -> Any:
    square("eig", x)
    n = np.shape(x)[0]
    dtypes = [np.dtype(o.dtype) for o in node.outputs]

    def host(a: np.ndarray) -> tuple:
        w, v = np.linalg.eig(np.asarray(a))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(w).astype(dtypes[0]), np.asarray(v).astype(dtypes[1])

    spec = (jax.ShapeDtypeStruct((n,), dtypes[0]), jax.ShapeDtypeStruct((n, n), dtypes[1]))
    return tuple(jax.pure_callback(guarded(host), spec, x, vmap_method="sequential"))


def symmetric_eigh(a: Any, lower: bool) -> tuple[Any, Any]:
    """(w ascending, v) of the symmetric matrix stored in a's lower (or upper) triangle."""
    if np.shape(a)[0] == 0:
        return jnp.zeros((0,), a.dtype), a
    v, w = lax.linalg.eigh(a, lower=lower, symmetrize_input=False, sort_eigenvalues=True)
    return w, v


@lowers(Eigh)
@policy_precision
def lower_eigh(node: Any, ctx: LoweringContext, x: Any) -> Any:
    square("eigh", x)
    # float32 too is decomposed in float64: XLA's float32 eigensolver is a few ulps less accurate than LAPACK's
    # ssyevd, enough to make finite differences of the results (verify_grad) noticeably noisier
    w, v = symmetric_eigh(as_float(x, "complex128" if jnp.iscomplexobj(x) else "float64"), node.op.UPLO == "L")
    return out(node, 0, w), out(node, 1, v)


def fold_triangle(g: Any, lower: bool) -> Any:
    """The gradient of a function of a symmetric matrix stored in one triangle: tri0(g) + tri1(g).T."""
    if lower:
        return jnp.tril(g) + jnp.triu(g, 1).T
    return jnp.triu(g) + jnp.tril(g, -1).T


@lowers(EighGrad)
@policy_precision
def lower_eigh_grad(node: Any, ctx: LoweringContext, x: Any, w: Any, v: Any, gw: Any, gv: Any) -> Any:
    dtype = compute_dtype(node.outputs[0].dtype)
    w, v, gw, gv = (jnp.asarray(a).astype(dtype) for a in (w, v, gw, gv))
    # g = sum_n outer(v_n, v_n W_n + sum_{m != n} v_m (V_n . v_m) / (w_n - w_m)) = v (diag(W) + (C o F)^T) v^T
    # with C[m, n] = v_m . V_n and F[m, n] = 1 / (w_n - w_m) off the diagonal, 0 on it
    n = w.shape[0]
    diff = w[None, :] - w[:, None]
    off = ~jnp.eye(n, dtype=bool)
    f = jnp.where(off, 1 / jnp.where(off, diff, 1), 0)
    c = v.T @ gv
    g = v @ (jnp.diag(gw) + (c * f).T) @ v.T
    return out(node, 0, fold_triangle(g, node.op.UPLO == "L"))


@lowers(QRFull, QRIncomplete)
@policy_precision
def lower_qr(node: Any, ctx: LoweringContext, x: Any) -> Any:
    mode = node.op.mode
    a = as_float(x)
    if mode == "raw":
        h, tau = _geqrf(a)
        return out(node, 0, h.T), out(node, 1, tau)
    if mode == "r":
        return out(node, 0, jnp.linalg.qr(a, mode="r"))
    q, r = jnp.linalg.qr(a, mode=mode)
    return out(node, 0, q), out(node, 1, r)


@lowers(SVD)
@policy_precision
def lower_svd(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    a = as_float(x)
    if not op.compute_uv:
        return out(node, 0, jnp.linalg.svd(a, full_matrices=bool(op.full_matrices), compute_uv=False))
    u, s, vt = jnp.linalg.svd(a, full_matrices=bool(op.full_matrices), compute_uv=True)
    return out(node, 0, u), out(node, 1, s), out(node, 2, vt)


@lowers(lstsq)
@policy_precision
def lower_lstsq(node: Any, ctx: LoweringContext, a: Any, b: Any, rcond: Any) -> Any:
    if np.ndim(a) != 2:
        raise LinAlgError("%d-dimensional array given. Array must be two-dimensional" % np.ndim(a))
    if np.ndim(b) not in (1, 2):
        raise LinAlgError("%d-dimensional array given. Array must be one or two-dimensional" % np.ndim(b))
    if np.ndim(rcond) != 0:
        raise LinAlgError(f"lstsq: rcond must be a scalar, got an array of shape {np.shape(rcond)}")
    m, n = np.shape(a)
    if np.shape(b)[0] != m:
        raise LinAlgError("Incompatible dimensions")
    a_, b_ = as_float(a, "float64"), as_float(b, "float64")
    rc = jnp.asarray(rcond, "float64")
    rc = jnp.where((rc <= 0) | (rc >= 1), np.finfo("float64").eps, rc)  # LAPACK gelsd: machine precision then
    x, resid, rank, s = jnp.linalg.lstsq(a_, b_, rcond=rc)
    if m <= n:  # numpy returns no residuals then (nor for a rank-deficient tall a: there it returns them anyway)
        resid = jnp.zeros((0,), "float64")
    x = x if np.ndim(b) == 2 else x[:, None]
    return out(node, 0, x), out(node, 1, resid), out(node, 2, rank), out(node, 3, s)


@lowers(TensorInv)
@on_host
@policy_precision
def lower_tensorinv(node: Any, ctx: LoweringContext, a: Any) -> Any:
    ind = node.op.ind
    shape = tuple(np.shape(a))
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    prod = int(np.prod(shape[ind:]))
    rest = int(np.prod(shape[:ind]))
    if prod != rest:
        raise LinAlgError("Last 2 dimensions of the array must be square")
    inv, ok = lu_inverse(as_float(a).reshape(prod, rest))
    inv = raise_unless(ok, LinAlgError, "Singular matrix", inv)
    return out(node, 0, inv.reshape(shape[ind:] + shape[:ind]))


@lowers(TensorSolve)
@on_host
@policy_precision
def lower_tensorsolve(node: Any, ctx: LoweringContext, a: Any, b: Any) -> Any:
    axes = node.op.axes
    a = as_float(a, node.outputs[0].dtype)
    b = as_float(b, node.outputs[0].dtype)
    an = a.ndim
    if axes is not None:
        order = [k for k in range(an) if k not in [ax % an for ax in axes]] + [ax % an for ax in axes]
        a = jnp.transpose(a, order)
    oldshape = tuple(a.shape[-(an - b.ndim):])
    prod = int(np.prod(oldshape))
    if a.size != prod ** 2:
        raise LinAlgError("Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])")
    if len(oldshape) != node.outputs[0].ndim:
        raise ValueError(f"TensorSolve: the solution has shape {oldshape}, but the op's output is a matrix")
    mat = a.reshape(prod, prod)
    if prod == 0:
        return out(node, 0, jnp.zeros(oldshape, mat.dtype))
    lu, piv, _ = lax.linalg.lu(mat)
    ok = jnp.all(jnp.diagonal(lu) != 0)
    x = jsl.lu_solve((lu, piv), b.ravel())
    return out(node, 0, raise_unless(ok, LinAlgError, "Singular matrix", x).reshape(oldshape))


@lowers(Hint)
def lower_hint(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return x
