"""Loop-invariant hoisting for theano.scan: what a step computes from its non-sequences only (and constants) is
computed once, in the outer graph, and enters the loop as a new non-sequence. Integer shape arithmetic and
constant-only subgraphs stay in the step."""
from __future__ import annotations

from typing import Any

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Constant, Variable, io_toposort
from theano.frontend.graph_utils import clone_replace
from theano.frontend.ops.shape import Shape, Shape_i
from theano.frontend.type import TensorType

_SHAPE_OPS = (Shape, Shape_i)


def _shape_like(node: Any) -> bool:
    """Integer scalars and vectors (shapes, sizes, indices) stay in the step: they are cheap, and the step's
    static shapes are computed from the shapes of its inputs, which a hoisted value would hide."""
    return all(getattr(o.type, "dtype", "") in _dt.integer_dtypes and o.type.ndim <= 1 for o in node.outputs)


def hoist_invariants(inner_inputs: list[Variable], inner_outs: list[Variable], outer_inputs: list[Variable],
                      n_nonseq: int) -> tuple[list[Variable], list[Variable], list[Variable]]:
    """Move the step's computation that reads only non-sequences (and constants) out of the loop: each such
    value the loop still needs becomes a new non-sequence computed once in the outer graph."""
    n_variant = len(inner_inputs) - n_nonseq  # the inner inputs before the non-sequences
    n_outer_variant = len(outer_inputs) - n_nonseq  # (a recurrent output has one outer input for all its taps)
    variant = set(inner_inputs[:n_variant])
    nonseq_outer = dict(zip(inner_inputs[n_variant:], outer_inputs[n_outer_variant:]))
    nodes = io_toposort(inner_inputs, inner_outs)
    invariant: set = set()
    constant: set = set()  # computed from constants only: free to go either way, never hoisted on its own
    for node in nodes:
        ins = node.inputs
        if any(v in variant for v in ins):
            variant.update(node.outputs)
        elif all(isinstance(v, Constant) or v in constant for v in ins):
            constant.update(node.outputs)
        else:
            invariant.update(node.outputs)
    needed = []
    seen = set()
    for node in nodes:
        if any(o in invariant for o in node.outputs) and not _shape_like(node):
            continue
        for v in node.inputs:
            if v in invariant and v not in seen and not _shape_like(v.owner):
                seen.add(v)
                needed.append(v)
    for v in inner_outs:
        if v in invariant and v not in seen and not _shape_like(v.owner):
            seen.add(v)
            needed.append(v)
    needed = _measure_inside(needed, invariant, set(nonseq_outer), set(inner_outs))
    if not needed:
        return inner_inputs, inner_outs, outer_inputs
    new_outer = clone_replace(needed, nonseq_outer, strict=False)
    new_phs = []
    for v in needed:
        ph = TensorType(v.type.dtype, v.type.broadcastable)() if hasattr(v.type, "broadcastable") else v.type()
        if hasattr(v.tag, "test_value"):
            ph.tag.test_value = v.tag.test_value
        new_phs.append(ph)
    inner_outs = clone_replace(inner_outs, dict(zip(needed, new_phs)), strict=False)
    # the given non-sequences stay inputs of the loop even when nothing reads them any more, as in Theano (the
    # outer graph still uses them: theano.function does not call them unused); the rewrite
    # remove_constants_and_unused_inputs_scan (passes/scan_inputs.py) drops them
    kept_in = inner_inputs + new_phs
    kept_out = outer_inputs + list(new_outer)
    return kept_in, inner_outs, kept_out


def _measure_inside(needed: list[Variable], invariant: set, nonseq: set, inner_outs: set) -> list[Variable]:
    """`needed` with each integer value computed from shapes only (Shape(x), MakeVector(Shape_i(x), ...))
    replaced by the arrays whose shapes it reads: the step measures them itself, so its inner shapes stay
    static, where a hoisted shape would be a value the step reads (and XLA needs its shapes fixed)."""
    out: list[Variable] = []
    seen: set = set()

    def add(v: Variable) -> None:
        if v not in seen:
            seen.add(v)
            out.append(v)

    for v in needed:
        measured = None if v in inner_outs or v.type.dtype not in _dt.integer_dtypes else _shape_operands(v, invariant, nonseq)
        if measured is None:
            add(v)
        else:
            for x in measured:
                add(x)
    return out


def _shape_operands(v: Variable, invariant: set, nonseq: set) -> list[Variable] | None:
    """The hoisted arrays whose shapes `v` is computed from, or None when `v` reads a value (or is too big)."""
    operands: list[Variable] = []
    stack, seen = [v], set()
    while stack:
        w = stack.pop()
        if w in seen or isinstance(w, Constant):
            continue
        seen.add(w)
        if w in nonseq or w.owner is None or w.type.ndim > 1 or len(seen) > 64:
            return None  # an integer input's value is read
        if isinstance(w.owner.op, _SHAPE_OPS):
            x = w.owner.inputs[0]
            if x in invariant:
                operands.append(x)
            elif x not in nonseq:
                return None
            continue
        stack.extend(w.owner.inputs)
    return operands
