"""Theano's local_lift_transpose_through_dot (canonicalize): dot(x, y).T -> dot(y.T, x.T) for matrices.

Lifting the transpose towards the inputs puts the graph in Theano's standard shape, where consecutive
DimShuffles then merge (local_dimshuffle_merge) and the printed graph is Theano's.
"""
from __future__ import annotations

from typing import Any

from theano.frontend import tensor as T
from theano.frontend.ops.blas import Dot
from theano.frontend.ops.elemwise import DimShuffle
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, x, y


def _lift_transpose(x: Any, y: Any) -> Any:
    if x.ndim == y.ndim == 2:
        return T.dot(y.T, x.T)
    return None


RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(OpP(DimShuffle, OpP(Dot, x, y)).where(lambda v: tuple(v.owner.op.new_order) == (1, 0)), _lift_transpose,
         name="local_lift_transpose_through_dot"),  # dot(x, y).T -> dot(y.T, x.T)
])
