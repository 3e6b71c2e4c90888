"""Functions whose graph carries Python objects rather than arrays: run on the host, op by op.

A variable of type `theano.generic` (any Python object) or of a user's own Type without a dtype (Theano's
gof tests build one whose values are strings) cannot enter an XLA program. Theano ran such graphs with its
Python linker; here a function whose graph has one runs its rewritten graph op by op (lowering/opwise.py): a
node that reads or produces such a value runs its `perform` (an IfElse passes the branch its condition picks,
lazily, as Theano's VM), every other node its lowering rule eagerly, as DebugMode does.
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
from typing import Any

from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.ifelse import IfElse
from theano.frontend.type import Generic
from theano.lowering.error_report import run_perform
from theano.lowering.function import Function
from theano.lowering.opwise import OpWiseFunction, Thunk


def is_host_object_type(t: Any) -> bool:
    """A type whose values are Python objects, not arrays: theano.generic itself, or a user's Type (defined
    outside this package) with no dtype."""
    if type(t) is Generic:
        return True
    if hasattr(t, "dtype") or getattr(t, "is_typed_list", False) or getattr(t, "is_sparse", False):
        return False
    return not _is_ours(type(t))


@functools.lru_cache(maxsize=None)
def _is_ours(cls: type) -> bool:
    """Whether a Type class is one of this package's (theano, theano.frontend/passes/lowering), by its file."""
    import theano
    import theano.frontend
    import theano.passes

    roots = tuple(os.path.dirname(os.path.abspath(m.__file__)) + os.sep
                  for m in (theano, theano.frontend, theano.passes, sys.modules["theano.lowering"]))
    try:
        path = os.path.abspath(inspect.getfile(cls))
    except (TypeError, OSError):
        return False
    return path.startswith(roots)


def _host_var(v: Variable) -> bool:
    return not isinstance(v, Constant) and is_host_object_type(v.type)


def needs_host_run(fgraph: Any) -> bool:
    """Whether some input or intermediate value of the graph is a Python object that XLA cannot hold, or some
    node must run on the host (an op marked `host_only`, e.g. LoadFromDisk reading a file at each call)."""
    if any(_host_var(v) for v in fgraph.inputs):
        return True
    return any(_host_node(node) for node in fgraph.apply_nodes)


def _host_node(node: Apply) -> bool:
    return getattr(node.op, "host_only", False) or any(_host_var(v) for v in list(node.inputs) + list(node.outputs))


def host_step(i: int, node: Apply, thunk: Thunk) -> None:
    """Run one node of a host-run function: Python objects through `perform` (or IfElse's choice), arrays
    through the node's lowering rule."""
    if not _host_node(node):
        thunk()
        return
    values = [cell[0] for cell in thunk.inputs]
    if isinstance(node.op, IfElse):
        n = node.op.n_outs
        chosen = values[1:1 + n] if bool(values[0]) else values[1 + n:]
        for cell, value in zip(thunk.outputs, chosen):
            cell[0] = value
        return
    if not hasattr(node.op, "perform"):
        raise NotImplementedError(f"{node.op} reads or produces Python objects ({[str(v.type) for v in node.inputs]} "
                                  f"-> {[str(v.type) for v in node.outputs]}) and has no perform method to run them")
    for cell, out in zip(thunk.outputs, run_perform(node, values)):
        cell[0] = out[0]


def host_run_function(fn: Function) -> Function:
    """`fn` made to run op by op on the host when its graph carries Python objects; otherwise `fn` itself."""
    if isinstance(fn, OpWiseFunction) or not needs_host_run(fn.maker.fgraph):
        return fn
    return OpWiseFunction.wrapping(fn, host_step, lazy=True)


__all__ = ["host_run_function", "host_step", "is_host_object_type", "needs_host_run"]
