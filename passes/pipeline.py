"""The phase order of the rewrite pipeline, as one explicit list.

The rewrite sets themselves come with the rewrite-passes issue; until then the pipeline only
inserts the DeepCopyOp wrappers Theano puts around outputs that are inputs or constants.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Constant

PHASES: list[tuple[str, Any]] = []  # (set name, rewrite function); filled by the rewrite-passes issue


def optimize(fgraph: FunctionGraph, mode: Any) -> FunctionGraph:
    """Run the mode's phases on `fgraph`, then protect outputs that alias inputs or constants."""
    for name, rewrite in PHASES:
        rewrite(fgraph, mode)
    insert_deep_copies(fgraph)
    return fgraph


def insert_deep_copies(fgraph: FunctionGraph) -> None:
    from theano.frontend.ops.compile_ops import deep_copy_op

    new_outputs = []
    changed = False
    for out in fgraph.outputs:
        if out.owner is None or isinstance(out, Constant):
            new_outputs.append(deep_copy_op(out))
            changed = True
        else:
            new_outputs.append(out)
    if changed:
        fgraph.outputs = new_outputs
        fgraph._rebuild()
