"""scan_unbuffer: a scan node in Theano's outer layout (buffers, nit_sot sizes; frontend/scan_buffers.py) becomes
the same loop in our unbuffered layout, before the other rewrites see it.

- the buffer inputs become the initial values (the value given to Theano's expand_empty, so the AllocEmpty of
  n_steps + 1 rows leaves the graph) and the sequences lose their `[:n_steps]` cut;
- a buffer output read as `out[depth:]` (what theano.scan returns) is the loop's per-step output itself; any
  other reader gets the buffer as `join(0, initial rows, per-step output)`;
- the gradient of a buffer input (`set_subtensor(zeros_like(buffer)[:k], rows)`, built by the scan's L_op)
  read back through expand_empty's gradient (`[:k]`) is `rows` itself.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.broadcast import patternbroadcast
from theano.frontend.ops.scan import Scan
from theano.frontend.ops.subtensor import IncSubtensor, Subtensor
from theano.frontend.tag_trace import copy_trace
from theano.frontend.scan_buffers import _const_int, unbuffered_inputs, with_initial_rows
from theano.passes.utils import is_zeros


def _is_tail_read(client: Any, depth: int) -> bool:
    """client is `out[depth:]`."""
    if not isinstance(client, Apply) or not isinstance(client.op, Subtensor) or len(client.op.idx_list) != 1:
        return False
    e = client.op.idx_list[0]
    if not isinstance(e, slice) or e.stop is not None or e.step is not None or e.start is None:
        return False
    start = client.inputs[1] if len(client.inputs) > 1 else e.start
    return _const_int(start) == depth


def _fit(v: Variable, like: Variable) -> Variable:
    if v.type == like.type:
        return v
    if v.type.dtype != like.type.dtype:
        v = v.astype(like.type.dtype)
    return patternbroadcast(v, like.type.broadcastable)


def _unbuffer(fgraph: FunctionGraph, node: Apply) -> None:
    op: Scan = node.op
    info = op.info
    ins = unbuffered_inputs(op, node.inputs)
    new = op.unbuffered().make_node(*ins)
    for o_old, o_new in zip(node.outputs, new.outputs):
        copy_trace(o_old, o_new)  # an error in the loop points where the user built it
    _, _, inits, _, _ = new.op.outer_groups(new.inputs)
    rec = [k for k, t in enumerate(info.out_taps) if t is not None]
    init_of = dict(zip(rec, inits))
    pairs: list[tuple[Variable, Variable]] = []
    for k, (old, nv) in enumerate(zip(node.outputs, new.outputs)):
        depth = info.init_depth(k) if k < info.n_outs else 0
        if not depth:
            pairs.append((old, nv))
            continue
        others = False
        for client, _ in list(fgraph.clients.get(old, ())):
            if _is_tail_read(client, depth):
                pairs.append((client.outputs[0], _fit(nv, client.outputs[0])))
            else:
                others = True
        if others:
            pairs.append((old, _fit(with_initial_rows(op, k, init_of[k], nv), old)))
    for old, nv in pairs:
        if old in fgraph.variables:
            fgraph.replace(old, nv, reason="scan_unbuffer")


def _buffer_grad_reads(fgraph: FunctionGraph) -> None:
    """x[:k] of set_subtensor(zeros_like(buffer)[:k], rows) built by a buffered scan's L_op -> rows."""
    for node in list(fgraph.toposort()):
        if node not in fgraph.apply_nodes or not isinstance(node.op, Subtensor):
            continue
        src = node.inputs[0]
        inc = src.owner
        if inc is None or not isinstance(inc.op, IncSubtensor) or not getattr(src.tag, "scan_buffer_grad", False):
            continue
        if tuple(inc.op.idx_list) != tuple(node.op.idx_list) or list(inc.inputs[2:]) != list(node.inputs[1:]):
            continue
        rows = inc.inputs[1]
        out = node.outputs[0]
        if rows.ndim != out.ndim:
            continue
        fgraph.replace(out, _fit(rows, out), reason="scan_unbuffer")


def _cut_grad_reads(fgraph: FunctionGraph) -> None:
    """inc_subtensor(zeros_like(s)[:n], g[:n]) -> g, for the gradient g of an uncut sequence s that the scan's L_op
    cut to the loop's trip count (g is zero past it): the gradient of Theano's `s[:n_steps]`."""
    for node in list(fgraph.toposort()):
        if node not in fgraph.apply_nodes or not isinstance(node.op, IncSubtensor):
            continue
        cut = node.inputs[1]
        sub = cut.owner
        if sub is None or not isinstance(sub.op, Subtensor) or not getattr(cut.tag, "scan_cut_grad", False):
            continue
        if tuple(sub.op.idx_list) != tuple(node.op.idx_list) or list(sub.inputs[1:]) != list(node.inputs[2:]):
            continue
        if not is_zeros(node.inputs[0]):  # zeros_like(s): fill(s, 0), or alloc(0, ...) after canonicalize
            continue
        g, out = sub.inputs[0], node.outputs[0]
        if g.ndim != out.ndim:
            continue
        fgraph.replace(out, _fit(g, out), reason="scan_unbuffer")


def scan_unbuffer(fgraph: FunctionGraph, mode: Any = None) -> None:
    """Swap each buffered scan node for the unbuffered loop (see the module docstring)."""
    for node in list(fgraph.toposort()):
        if isinstance(node.op, Scan) and node.op.info.buffered and node in fgraph.apply_nodes:
            _unbuffer(fgraph, node)
    _buffer_grad_reads(fgraph)
    _cut_grad_reads(fgraph)
