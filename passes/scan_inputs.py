"""Scan rewrites on a loop's inputs and loop-invariant outputs (Theano's remove_constants_and_unused_inputs_scan
and the all-invariant case of its scan pushout).

- Constant non-sequences (and constant sequences whose rows are all equal) move into the step, so the step's
  own constant folding sees them; sequences and non-sequences the step does not read are dropped; an outer
  sequence or non-sequence given twice (the same computation) enters the loop once.
- A per-step output that is a non-sequence or a constant (the step returns a loop-invariant value, already
  moved out of the loop by theano.scan) is the value repeated n_steps times: an Alloc outside the loop.
- A per-step output computed elementwise from the sequence slices, non-sequences and constants only, or as a
  slice times a loop-invariant matrix (Theano's scan_pushout_seqs_ops), is computed outside the loop on the
  whole sequences: vectorized Elemwise, one matrix product.
- A loop left without readers disappears (per-step outputs nobody reads stay in the loop: XLA drops them).

Loops bound to a gradient node (LoweredVJP / LoweredJVP pair with their forward node) are left alone.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Apply, Constant, Variable, graph_inputs, io_toposort
from theano.frontend.graph_compare import equal_computations
from theano.frontend.graph_utils import clone_replace
from theano.frontend.ops.alloc import alloc
from theano.frontend.ops.broadcast import patternbroadcast
from theano.frontend.ops.blas import Dot
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.scan import Scan, ScanTripCheck
from theano.frontend.scan_hoist import hoist_invariants
from theano.frontend.tag_trace import copy_trace
from theano.frontend.variable import TensorConstant


def _bound_to_gradient(fgraph: FunctionGraph, op: Scan) -> bool:
    for n in fgraph.apply_nodes:
        base = getattr(n.op, "base", None)
        if base is not None and (base is op or base == op):
            return True
    return False


def _uniform_rows(c: Constant) -> bool:
    data = np.asarray(c.data)
    return data.ndim >= 1 and data.shape[0] > 0 and bool(np.all(data == data[:1]))


def _cleaned(node: Apply) -> Apply | None:
    """The node with constant inputs moved in and unused / repeated inputs dropped, or None when nothing changes."""
    op: Scan = node.op
    info = op.info
    in_seqs, in_taps, in_shared, in_nonseqs = op.inner_groups()
    n_steps, out_seqs, inits, out_shared, out_nonseqs = op.outer_groups(node.inputs)
    used = set(graph_inputs(op.outputs))
    givens: dict = {}
    new_in_seqs: list[Variable] = []
    new_out_seqs: list[Variable] = []
    for inner, outer in zip(in_seqs, out_seqs):
        if inner not in used:
            continue
        if isinstance(outer, Constant) and _uniform_rows(outer):
            givens[inner] = TensorConstant(inner.type, np.asarray(outer.data)[0])
            continue
        same = next((k for k, o in enumerate(new_out_seqs) if equal_computations([o], [outer])), None)
        if same is not None:
            givens[inner] = new_in_seqs[same]
            continue
        new_in_seqs.append(inner)
        new_out_seqs.append(outer)
    new_in_ns: list[Variable] = []
    new_out_ns: list[Variable] = []
    for inner, outer in zip(in_nonseqs, out_nonseqs):
        if inner not in used:
            continue
        if isinstance(outer, Constant) and outer.type == inner.type:
            givens[inner] = outer.clone()
            continue
        same = next((k for k, o in enumerate(new_out_ns) if equal_computations([o], [outer])), None)
        if same is not None and new_in_ns[same].type == inner.type:
            givens[inner] = new_in_ns[same]
            continue
        new_in_ns.append(inner)
        new_out_ns.append(outer)
    if len(new_in_seqs) == len(in_seqs) and len(new_in_ns) == len(in_nonseqs):
        return None
    outputs = clone_replace(list(op.outputs), givens, strict=False) if givens else list(op.outputs)
    new_info = dataclasses.replace(info, n_seqs=len(new_in_seqs), n_nonseq=len(new_in_ns))
    new_op = Scan(new_in_seqs + list(in_taps) + list(in_shared) + new_in_ns, outputs, new_info)
    if getattr(op, "broadcast_error", None):
        new_op.broadcast_error = op.broadcast_error
    return new_op.make_node(n_steps, *new_out_seqs, *inits, *out_shared, *new_out_ns)


def _invariant_outputs(node: Apply) -> list[tuple[Variable, Variable]]:
    """(outer output, replacement) for each per-step output whose step value is a non-sequence or a constant."""
    op: Scan = node.op
    info = op.info
    if info.as_while:
        return []
    _, _, _, in_nonseqs = op.inner_groups()
    outer_of = dict(zip(in_nonseqs, op.outer_groups(node.inputs)[4]))
    pairs = []
    for k in range(info.n_outs):
        if info.out_taps[k] is not None:
            continue
        inner = op.outputs[k]
        if isinstance(inner, Constant):
            value: Variable = inner
        elif inner in outer_of:
            value = outer_of[inner]
        else:
            continue
        out = node.outputs[k]
        if info.is_last_only(k):
            new = value
        else:
            new = alloc(value, node.inputs[0], *[value.shape[d] for d in range(value.ndim)])
        if new.type != out.type:
            new = patternbroadcast(new, out.type.broadcastable)
        pairs.append((out, new))
    return pairs


def _pad(v: Variable) -> Variable:
    return v.dimshuffle(("x",) + tuple(range(v.ndim)))


def _vectorized_dot(a: Variable, b: Variable, var: dict, inv: dict) -> Variable | None:
    """dot(a, b) of one step, for all steps at once: a vector of the step times a loop-invariant vector or
    matrix is one matrix product (the rows are the steps)."""
    if a in var and b not in var and a.ndim == 1:
        return Dot()(var[a], inv.get(b, b))
    if b in var and a not in var and b.ndim == 1:
        w = inv.get(a, a)
        return Dot()(var[b], w.T if w.ndim == 2 else w)
    return None


def _vectorized(node: Apply, k: int) -> Variable | None:
    """Output k computed on whole sequences outside the loop, when its step is elementwise (or a vector times a
    loop-invariant matrix) over sequence slices, non-sequences and constants; None otherwise."""
    op: Scan = node.op
    in_seqs, _, _, in_nonseqs = op.inner_groups()
    n_steps, out_seqs, _, _, out_nonseqs = op.outer_groups(node.inputs)
    out = op.outputs[k]
    seq_of = dict(zip(in_seqs, out_seqs))
    ns_of = dict(zip(in_nonseqs, out_nonseqs))
    var: dict = {}  # inner variable that changes per step -> outer variable with a leading steps axis
    inv: dict = {}  # inner non-sequence -> its outer variable
    leaves = graph_inputs([out])
    for v in leaves:
        if v in seq_of:
            var[v] = None
        elif v in ns_of:
            inv[v] = ns_of[v]
        elif not isinstance(v, Constant):
            return None
    if not var:
        return None
    # the loop's run-time checks of its trip count (negative, zero, a sequence shorter) stay with the slices
    checked = ScanTripCheck()(n_steps, *[q.shape[0] for q in out_seqs])
    for v in var:
        var[v] = seq_of[v][:checked]
    for n in io_toposort(leaves, [out]):
        if not any(i in var for i in n.inputs):
            if all(isinstance(i, Constant) for i in n.inputs):
                continue  # constants only: stays as it is
            if isinstance(n.op, (Elemwise, DimShuffle)):
                inv.update(zip(n.outputs, n.op.make_node(*[inv.get(i, i) for i in n.inputs]).outputs))
                continue
            return None
        if isinstance(n.op, Elemwise):
            outs = n.op.make_node(*[var[i] if i in var else _pad(inv.get(i, i)) for i in n.inputs]).outputs
        elif isinstance(n.op, DimShuffle):
            order = (0,) + tuple(d if d == "x" else d + 1 for d in n.op.new_order)
            outs = [var[n.inputs[0]].dimshuffle(order)]
        elif isinstance(n.op, Dot):
            v = _vectorized_dot(n.inputs[0], n.inputs[1], var, inv)
            if v is None:
                return None
            outs = [v]
        else:
            return None
        var.update(zip(n.outputs, outs))
    result = var.get(out)
    if result is None:
        return None
    want = node.outputs[k].type
    if result.type != want:
        if result.ndim != want.ndim or result.type.dtype != want.dtype:
            return None
        result = patternbroadcast(result, want.broadcastable)
    return result


def _pushed_out_seq_outputs(node: Apply) -> list[tuple[Variable, Variable]]:
    op: Scan = node.op
    info = op.info
    if info.as_while or info.n_seqs == 0:
        return []
    pairs = []
    for k in range(info.n_outs):
        if info.out_taps[k] is not None or info.is_last_only(k):
            continue
        v = _vectorized(node, k)
        if v is not None:
            pairs.append((node.outputs[k], v))
    return pairs


def _each_free_scan(fgraph: FunctionGraph):
    for node in list(fgraph.toposort()):
        if isinstance(node.op, Scan) and node in fgraph.apply_nodes and not node.op.info.buffered \
                and not _bound_to_gradient(fgraph, node.op):
            yield node


def scan_clean_inputs(fgraph: FunctionGraph, mode: Any = None) -> None:
    """Move constant inputs into loops, drop unused and repeated inputs (remove_constants_and_unused_inputs_scan)."""
    for node in _each_free_scan(fgraph):
        new = _cleaned(node)
        if new is not None:
            for old, nv in zip(node.outputs, new.outputs):
                if old in fgraph.variables:
                    fgraph.replace(old, nv, reason="remove_constants_and_unused_inputs_scan")


def _hoisted(node: Apply) -> Apply | None:
    """The loop with what its step computes from non-sequences only (and constants) moved out (scan_hoist.py)."""
    op: Scan = node.op
    n_ns = op.info.n_nonseq
    ins, outs, outer = hoist_invariants(list(op.inputs), list(op.outputs), list(node.inputs[1:]), n_ns)
    if len(ins) == len(op.inputs):
        return None
    new_op = Scan(ins, outs, dataclasses.replace(op.info, n_nonseq=n_ns + len(ins) - len(op.inputs)))
    if getattr(op, "broadcast_error", None):
        new_op.broadcast_error = op.broadcast_error
    new = new_op.make_node(node.inputs[0], *outer)
    for o_old, o_new in zip(node.outputs, new.outputs):
        copy_trace(o_old, o_new)
    return new


def scan_pushout_nonseqs(fgraph: FunctionGraph, mode: Any = None) -> None:
    """What a step computes from its non-sequences only is computed once, outside the loop; per-step outputs that
    are loop-invariant values are the value repeated n_steps times (scanOp_pushout_nonseqs_ops)."""
    for node in _each_free_scan(fgraph):
        new = _hoisted(node)
        if new is not None:
            for old, nv in zip(node.outputs, new.outputs):
                if old in fgraph.variables:
                    fgraph.replace(old, nv, reason="scanOp_pushout_nonseqs_ops")
    for node in _each_free_scan(fgraph):
        for old, nv in _invariant_outputs(node):
            if old in fgraph.variables:
                fgraph.replace(old, nv, reason="scanOp_pushout_nonseqs_ops")


def scan_pushout_seqs(fgraph: FunctionGraph, mode: Any = None) -> None:
    """Per-step outputs elementwise in the sequences: one vectorized Elemwise outside (scanOp_pushout_seqs_ops)."""
    for node in _each_free_scan(fgraph):
        for old, nv in _pushed_out_seq_outputs(node):
            if old in fgraph.variables:
                fgraph.replace(old, nv, reason="scanOp_pushout_seqs_ops")
