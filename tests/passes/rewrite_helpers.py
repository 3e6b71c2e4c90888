"""Helpers for the rewrite tests: rewrite a graph without compiling, list its ops, compare modes numerically
with an independent numpy reference."""
from __future__ import annotations

import os
import sys
from typing import Any, Sequence

import numpy as np

import theano
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Variable, ancestors
from theano.passes.pipeline import optimize

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lowering"))
from numpy_reference import check_against_reference  # noqa: E402  (tests/lowering/numpy_reference.py)

NO_REWRITES = theano.Mode(optimizer=None)


def rewrite(inputs: Sequence[Variable], outputs: Sequence[Variable], mode: Any = None) -> FunctionGraph:
    """The FAST_RUN (or `mode`) rewritten FunctionGraph of outputs, without lowering; types are checked."""
    fg = FunctionGraph(list(inputs), list(outputs), clone=True)
    optimize(fg, mode if mode is not None else theano.compile.mode.get_mode("FAST_RUN"))
    for old, new in zip(outputs, fg.outputs):
        assert new.type == old.type, f"rewriting changed the type of {old}: {old.type} -> {new.type}"
    return fg


def op_names(var: Variable) -> set[str]:
    """Names of the ops computing `var`: scalar op names for Elemwise (`exp`, `softplus`), class names otherwise."""
    names = set()
    for v in ancestors([var]):
        if v.owner is None:
            continue
        op = v.owner.op
        sop = getattr(op, "scalar_op", None)
        names.add(getattr(sop, "name", None) if sop is not None and type(op).__name__ == "Elemwise" else type(op).__name__)
    return names


def n_nodes(var: Variable) -> int:
    return len({id(v.owner) for v in ancestors([var]) if v.owner is not None})


def compare_modes(inputs: Sequence[Variable], outputs: Sequence[Variable], values: Sequence[Any],
                  rtol: float = 1e-7, atol: float = 1e-12) -> list[np.ndarray]:
    """Run outputs with FAST_RUN and with optimizer=None and assert each equals (dtype, shape, value) an
    independent numpy evaluation of the unrewritten graph, so a wrong lowering rule cannot pass on both sides;
    returns FAST_RUN's outputs."""
    return check_against_reference(inputs, outputs, values, rtol=rtol, atol=atol)
