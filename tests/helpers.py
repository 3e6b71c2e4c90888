"""Checks shared by the test files: a finite-difference gradient check and an infer_shape check.

Test files import it as `from helpers import ...`: tests/ has no __init__.py, so pytest puts this folder
(the one of tests/conftest.py) on sys.path, in every xdist worker too.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

import theano
import theano.tensor as T
from theano import gof


def sym_like(value: Any, dtype: str | None = None) -> Any:
    """A fresh symbolic tensor of value's rank (no broadcastable dims) and dtype (or `dtype`)."""
    value = np.asarray(value)
    return T.TensorType(dtype or str(value.dtype), (False,) * value.ndim)()


def check_grad(build: Callable[..., Any], ref: Callable[..., Any], values: Sequence[Any],
               wrt: Sequence[int] | None = None, eps: float = 1e-6, rtol: float = 1e-5, atol: float = 1e-7,
               value_atol: float = 1e-12) -> list[np.ndarray]:
    """Check build(*inputs) against ref(*values), and d sum(out * r) / d input against central differences
    along a random direction (r random too); each gradient must have its input's shape and dtype.

    Returns the compiled [out, cost, *grads] at `values`.
    """
    rng = np.random.RandomState(42)
    values = [np.asarray(v) for v in values]
    syms = [sym_like(v) for v in values]
    wrt = list(range(len(values))) if wrt is None else list(wrt)
    out = build(*syms)
    expected = np.asarray(ref(*values))
    r_sym = T.TensorType("float64", (False,) * out.ndim)()
    cost = T.sum(out * r_sym)
    grads = T.grad(cost, [syms[i] for i in wrt])
    f = theano.function(syms + [r_sym], [out, cost] + list(grads))
    r = rng.randn(*expected.shape)
    res = f(*values, r)
    np.testing.assert_allclose(res[0], expected, rtol=1e-7, atol=value_atol)
    for k, i in enumerate(wrt):
        assert res[2 + k].shape == values[i].shape and res[2 + k].dtype == values[i].dtype
        d = rng.randn(*values[i].shape)
        plus, minus = list(values), list(values)
        plus[i] = values[i] + eps * d
        minus[i] = values[i] - eps * d
        numeric = (f(*plus, r)[1] - f(*minus, r)[1]) / (2 * eps)
        np.testing.assert_allclose(np.sum(res[2 + k] * d), numeric, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {i}")
    return res


def check_infer_shape(out: Any, syms: Sequence[Any], values: Sequence[Any]) -> np.ndarray:
    """Compile out, out.shape and the op's own infer_shape for `out`, check that the three agree, and
    return the computed value of `out`."""
    node = out.owner
    shapes = [tuple(T.shape_i(i, k) for k in range(i.ndim)) for i in node.inputs]
    inferred = node.op.infer_shape(node, shapes)[out.index]
    f = theano.function(list(syms), [out, out.shape] + [T.cast(s, "int64") + 0 for s in inferred],
                        on_unused_input="ignore")
    res = f(*values)
    assert tuple(res[1]) == res[0].shape
    assert tuple(int(s) for s in res[2:]) == res[0].shape
    return res[0]



def central_differences(cost: Callable[..., Any], values: Sequence[Any], k: int, eps: float = 1e-6) -> np.ndarray:
    """d cost(*values) / d values[k] entry by entry, by central differences of step eps.

    cost returns a scalar or an array of costs; the result has shape values[k].shape + cost's shape.
    """
    values = [np.asarray(v) for v in values]
    rows = []
    for idx in np.ndindex(*values[k].shape):
        plus, minus = list(values), list(values)
        plus[k], minus[k] = values[k].copy(), values[k].copy()
        plus[k][idx] += eps
        minus[k][idx] -= eps
        rows.append((np.asarray(cost(*plus)) - np.asarray(cost(*minus))) / (2 * eps))
    return np.reshape(rows, values[k].shape + np.shape(rows[0]))


class Cube(gof.Op):
    """x ** 3 written as a user writes an op: perform and a grad, but no R_op and no infer_shape (the output
    takes the input's type); tests subclass it for ops of the same signature."""

    __props__ = ()

    def make_node(self, x: Any) -> gof.Apply:
        x = T.as_tensor_variable(x)
        return gof.Apply(self, [x], [x.type()])

    def perform(self, node: Any, inputs: Sequence[np.ndarray], out: Any) -> None:
        out[0][0] = inputs[0] ** 3

    def grad(self, inputs: Sequence[Any], g: Sequence[Any]) -> list[Any]:
        return [3 * inputs[0] ** 2 * g[0]]


# --- decompositions: what numpy guarantees, where the device's solver is not LAPACK

def runs_on_cpu() -> bool:
    """Whether compiled functions run on the CPU (config.device). There JAX's decompositions are LAPACK's, as
    numpy's, and give numpy's vectors, signs included. Off the CPU (cuSOLVER) an eigen-, singular or Q vector may
    come with the other sign, and where numpy's choice is arbitrary (a complete Q's or full U's columns past the
    rank) with another orthonormal basis: tests compare what numpy guarantees there."""
    return str(theano.config.device).startswith("cpu")


def vector_signs(got: Any, want: Any, axis: int) -> np.ndarray:
    """+1/-1 per vector (columns: axis=0, rows: axis=1) turning the vectors of `got` towards those of `want`,
    shaped to multiply `got` (keepdims)."""
    s = np.sign(np.sum(np.asarray(got) * np.asarray(want), axis=axis, keepdims=True))
    return np.where(s == 0, 1.0, s)


def householder_qr(h: Any, tau: Any) -> tuple[np.ndarray, np.ndarray]:
    """(Q m x m, R m x n) that numpy.linalg.qr(a, mode='raw')'s (h, tau) encode: h is LAPACK geqrf's result
    transposed (n x m), R its upper triangle, Q = H_1 ... H_k with H_i = I - tau_i v_i v_i^T, v_i = (0.., 1, h[i, i+1:])."""
    a = np.asarray(h, dtype="float64").T
    m = a.shape[0]
    q = np.eye(m)
    for i, t in enumerate(np.asarray(tau, dtype="float64")):
        v = np.zeros(m)
        v[i] = 1.0
        v[i + 1:] = a[i + 1:, i]
        q = q - t * np.outer(q @ v, v)
    return q, np.triu(a)
