"""sandbox/linalg/ops.py's rewrites, registered (as in Theano) when theano.sandbox.linalg is imported.

- transinv_to_invtrans (canonicalize): inv(X).T -> inv(X.T)
- inv_as_solve (stabilize): dot(inv(A), b) -> solve(A, b); dot(a, inv(B)) -> solve(B.T, a.T).T
- tag_solve_triangular (canonicalize, stabilize): solve(cholesky(X), b) -> a triangular Solve, also through a
  transposed factor
- psd_solve_with_chol (canonicalize, stabilize): solve(psd(A), b) -> two triangular solves with cholesky(A)
- remove_hint_nodes (specialize): Hint(x) -> x, once the rewrites above have read the hints (Theano moved them
  to an fgraph feature in canonicalize instead)
"""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.blas import Dot
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.nlinalg import Hint, MatrixInverse, is_psd
from theano.frontend.ops.slinalg import Cholesky, Solve, cholesky, solve
from theano.passes.registration import (local_optimizer, register_canonicalize, register_specialize,
                                        register_stabilize)

__all__ = ["transinv_to_invtrans", "inv_as_solve", "tag_solve_triangular", "psd_solve_with_chol",
           "remove_hint_nodes"]


def _is_transpose(v: Any) -> bool:
    return v.owner is not None and isinstance(v.owner.op, DimShuffle) and tuple(v.owner.op.new_order) == (1, 0)


@register_canonicalize
@local_optimizer([DimShuffle])
def transinv_to_invtrans(node: Any) -> Any:
    """inv(X).T -> inv(X.T)."""
    if isinstance(node.op, DimShuffle) and tuple(node.op.new_order) == (1, 0):
        x, = node.inputs
        if x.owner and isinstance(x.owner.op, MatrixInverse):
            X, = x.owner.inputs
            return [x.owner.op(X.T)]
    return False


@register_stabilize
@local_optimizer([Dot])
def inv_as_solve(node: Any) -> Any:
    """dot(inv(A), b) -> solve(A, b) and dot(a, inv(B)) -> solve(B.T, a.T).T (matrices only)."""
    if not isinstance(node.op, Dot):
        return False
    l, r = node.inputs
    if l.owner and isinstance(l.owner.op, MatrixInverse):
        return [solve(l.owner.inputs[0], r)]
    if r.owner and isinstance(r.owner.op, MatrixInverse) and l.ndim == 2:
        return [solve(r.owner.inputs[0].T, l.T).T]
    return False


@register_stabilize
@register_canonicalize
@local_optimizer([Solve])
def tag_solve_triangular(node: Any) -> Any:
    """A general Solve whose matrix is a Cholesky factor (or its transpose) becomes a triangular Solve."""
    if not (isinstance(node.op, Solve) and node.op.A_structure == "general"):
        return False
    A, b = node.inputs
    if A.owner and isinstance(A.owner.op, Cholesky):
        return [Solve("lower_triangular" if A.owner.op.lower else "upper_triangular")(A, b)]
    if _is_transpose(A):
        A_T, = A.owner.inputs
        if A_T.owner and isinstance(A_T.owner.op, Cholesky):
            return [Solve("upper_triangular" if A_T.owner.op.lower else "lower_triangular")(A, b)]
    return False


@register_stabilize
@register_canonicalize
@local_optimizer([Solve])
def psd_solve_with_chol(node: Any) -> Any:
    """solve(A, b) for A hinted positive semi-definite: L = cholesky(A), then L.T \\ (L \\ b)."""
    if not (isinstance(node.op, Solve) and node.op.A_structure == "general"):
        return False
    A, b = node.inputs
    if not is_psd(A):
        return False
    L = cholesky(A)
    return [Solve("upper_triangular")(L.T, Solve("lower_triangular")(L, b))]


@register_specialize
@local_optimizer([Hint])
def remove_hint_nodes(node: Any) -> Any:
    """Hint(x) -> x."""
    if isinstance(node.op, Hint):
        return list(node.inputs)
    return False
