"""sandbox/linalg/ops.py's rewrites, registered (as in Theano) when theano.sandbox.linalg is imported.

- transinv_to_invtrans (canonicalize): inv(X).T -> inv(X.T)
- inv_as_solve (stabilize): dot(inv(A), b) -> solve(A, b); dot(a, inv(B)) -> solve(B.T, a.T).T
- tag_solve_triangular (canonicalize, stabilize): solve(cholesky(X), b) -> a triangular Solve, also through a
  transposed factor
"""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.blas import Dot
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.nlinalg import MatrixInverse
from theano.frontend.ops.slinalg import Cholesky, Solve, solve
from theano.passes.registration import local_optimizer, register_canonicalize, register_stabilize

__all__ = ["transinv_to_invtrans", "inv_as_solve", "tag_solve_triangular"]


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
