"""The `constant_folding` set: a node whose inputs are all constants becomes constants.

Values come from the evaluator's `host_or_backend` (frontend/evaluate.py): the op's numpy `host_impl`
when it has one, else the evaluator lowering injected into `backend["eval_node"]` (passes never import jax). Ops opt out
with `do_constant_folding(node) -> False`; results much larger than their inputs (allocating a big
array from a shape) are left to run on the device instead of being baked into the program.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import rewrite_constant
from theano.frontend.evaluate import host_or_backend
from theano.frontend.graph import Apply, Constant, Op
from theano.frontend.ops.compile_ops import DeepCopyOp
from theano.frontend.type import TensorType
from theano.frontend.type_other import SliceType
from theano.passes.engine import Rule, rewrite_graph
from theano.passes.pattern import Match, OpP

MAX_FOLDED_BYTES = 1 << 20  # a folded result bigger than this (and than every input) stays a computation


def _evaluate(node: Apply, values: list[Any]) -> list[np.ndarray] | None:
    try:
        with np.errstate(all="ignore"):
            outs = host_or_backend(node, values)
    except Exception:  # noqa: BLE001 - an error at run time is the user's to see, not the compiler's
        return None
    if len(outs) != len(node.outputs):
        return None
    return [o if getattr(v.type, "is_typed_list", False) or isinstance(v.type, SliceType) else np.asarray(o)
            for o, v in zip(outs, node.outputs)]


def fold_node(node: Apply) -> list[Constant] | None:
    """Constants for the outputs of `node`, or None when it cannot or should not be folded."""
    if not node.inputs or not all(isinstance(v, Constant) for v in node.inputs):
        return None
    if isinstance(node.op, DeepCopyOp) or not node.op.do_constant_folding(node):
        return None
    if not all(hasattr(o.type, "filter") and hasattr(o.type, "Constant") for o in node.outputs):
        return None
    values = _evaluate(node, [v.data for v in node.inputs])
    if values is None:
        return None
    biggest_in = max((getattr(v.data, "nbytes", 0) for v in node.inputs), default=0)
    result = []
    for out, val in zip(node.outputs, values):
        if getattr(out.type, "is_typed_list", False) or isinstance(out.type, SliceType):  # a list / slice constant
            try:
                data = out.type.filter(val if isinstance(val, slice) else _host_list(val))
                result.append(out.type.Constant(out.type, data))
            except (TypeError, ValueError):
                return None
            continue
        if val.nbytes > MAX_FOLDED_BYTES and val.nbytes > biggest_in:
            return None
        try:
            data = out.type.filter(val.astype(out.type.dtype, copy=False) if hasattr(out.type, "dtype") else val,
                                   strict=False, allow_downcast=True)
        except (TypeError, ValueError):
            return None
        if hasattr(out.type, "broadcastable") and any(b and s != 1 for b, s in zip(out.type.broadcastable, data.shape)):
            return None
        result.append(_tensor_constant(out.type, data))
    return result


def _tensor_constant(ttype: Any, data: Any) -> Constant:
    """A folded tensor value as a constant; one element comes through the constant cache (rewrite_constant), so
    the canonizers' coefficients built later are this very variable, not a copy for the merge pass to replace."""
    if isinstance(ttype, TensorType) and isinstance(data, np.ndarray):
        return rewrite_constant(ttype, data)
    return ttype.Constant(ttype, data)


def _host_list(value: Any) -> list:
    """A folded typed list as host values (a rule run eagerly gives a tuple of arrays)."""
    return [_host_list(v) if isinstance(v, (list, tuple)) else v if hasattr(v, "indptr") else np.asarray(v)
            for v in value]


def _fold(m: Match) -> Any:
    return fold_node(m.node)


# every node is a candidate: the rule is filed under the Op base class
RULES = [
    Rule(OpP(Op, ...), _fold, name="constant_folding", tags=("constant_folding", "fast_run", "fast_compile")),  # f(consts) -> const
]


def constant_folding_pass(fgraph: Any, mode: Any = None) -> None:
    """Fold every constant subgraph of `fgraph` (`constant_folding`)."""
    rewrite_graph(fgraph, RULES, phase="constant_folding")
