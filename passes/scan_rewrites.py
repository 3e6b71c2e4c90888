"""Scan rewrites that change what a loop stores (Theano's scan_save_mem).

A per-step output that the graph only reads at its last step (`h[-1]`, its shape, and in a gradient the
`zeros_like(h)[-1] += g` cotangent of that read) is kept as one value instead of one per step: the loop
stores less, the gradient gets the cotangent of the last value directly, and when every output is
kept this way over sequences the trip count becomes a run-time value (no recompilation per length).
"""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.graph_compare import equal_computations
from theano.frontend.ops.autodiff import LoweredVJP
from theano.frontend.ops.elemwise import cast
from theano.frontend.ops.math import zeros_like
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.scan import Scan
from theano.frontend.ops.shape import Shape_i
from theano.frontend.ops.subtensor import IncSubtensor, Subtensor
from theano.frontend.ops.broadcast import patternbroadcast
from theano.passes.utils import is_zeros


def _index_is_minus_one(op: Any, index_inputs: list[Variable]) -> bool:
    """The Subtensor / IncSubtensor indexes its first axis with the constant -1 and nothing else."""
    if len(op.idx_list) != 1 or isinstance(op.idx_list[0], slice):
        return False
    entry = op.idx_list[0]
    if isinstance(entry, (int, np.integer)):
        return int(entry) == -1
    if not index_inputs or not isinstance(index_inputs[0], Constant):
        return False
    return int(np.asarray(index_inputs[0].data)) == -1


def _is_zeros_of(node: Any, x: Variable) -> bool:
    """node is `fill(x, 0)` (zeros_like(x)), or the `alloc(0, *x.shape)` the canonicalizer writes it as."""
    if isinstance(getattr(node, "op", None), Alloc):
        dims = node.inputs[1:]
        if not is_zeros(node.inputs[0]) or len(dims) != x.ndim:
            return False
        for d, v in enumerate(dims):
            own = v.owner
            if own is None or not isinstance(own.op, Shape_i) or own.op.i != d or own.inputs[0] is not x:
                return False
        return True
    scalar = getattr(getattr(node, "op", None), "scalar_op", None)
    return getattr(scalar, "name", None) == "second" and node.inputs[0] is x and is_zeros(node.inputs[1])


def _last_value_cotangent(ct: Variable, out: Variable) -> tuple[str, Variable | None] | None:
    """How a gradient's cotangent of the per-step output `out` reads: ('inc', g) for zeros_like(out)[-1] += g,
    ('zeros', None) for zeros_like(out); None for anything else. (Setting into zeros is the same as adding into
    them: the rewrites may write the cotangent either way.)"""
    owner = ct.owner
    if owner is None:
        return None
    if _is_zeros_of(owner, out):
        return "zeros", None
    if isinstance(owner.op, IncSubtensor) and owner.inputs[0].owner is not None \
            and _is_zeros_of(owner.inputs[0].owner, out) and _index_is_minus_one(owner.op, owner.inputs[2:]):
        return "inc", owner.inputs[1]
    return None


def _vjp_nodes(fgraph: FunctionGraph, node: Apply) -> list[Apply]:
    return [n for n in fgraph.toposort() if isinstance(n.op, LoweredVJP) and n.op.base == node.op
            and list(n.inputs[:n.op.n_in]) == list(node.inputs)]


def _last_only_uses(fgraph: FunctionGraph, node: Apply, k: int, vjps: list[Apply]) -> bool:
    """Every reader of output k needs its last value only."""
    out = node.outputs[k]
    vjp_set = set(vjps)
    for client, i in fgraph.clients.get(out, ()):
        if client == "output":
            return False
        if isinstance(client.op, Subtensor) and i == 0 and _index_is_minus_one(client.op, client.inputs[1:]):
            continue
        if isinstance(client.op, Shape_i) and not (node.op.as_while and client.op.i == 0):
            continue
        if _is_zeros_of(client, out) and i == 0:
            for c2, j in fgraph.clients.get(client.outputs[0], ()):
                if c2 in vjp_set:
                    continue
                if isinstance(c2, Apply) and isinstance(c2.op, IncSubtensor) and j == 0 \
                        and _last_value_cotangent(c2.outputs[0], out) is not None \
                        and all(c3 in vjp_set for c3, _ in fgraph.clients.get(c2.outputs[0], ())):
                    continue
                return False
            continue
        return False
    for v in vjps:  # each gradient's cotangent of output k must read its last value only
        pos = list(v.op.ct_idx).index(k) if k in v.op.ct_idx else None
        if pos is not None and _last_value_cotangent(v.inputs[v.op.n_in + pos], out) is None:
            return False
    return True


def scan_save_mem(fgraph: FunctionGraph, mode: Any = None) -> None:
    """Keep only the last value of the scan outputs the graph reads only at their last step."""
    for node in list(fgraph.toposort()):
        if not isinstance(node.op, Scan) or node not in fgraph.apply_nodes or node.op.info.buffered:
            continue
        node.op._scan_savemem_visited = True  # (Theano marks each loop this pass examined)
        info = node.op.info
        last = [info.is_last_only(k) for k in range(info.n_outs)]
        vjps = _vjp_nodes(fgraph, node)
        if vjps and info.n_seqs == 0 and not isinstance(node.inputs[0], Constant):
            continue  # no sequence bounds a run-time trip count: its gradient needs the per-step loop (lax.scan)
        todo = [k for k in range(info.n_outs) if not last[k] and _last_only_uses(fgraph, node, k, vjps)]
        if not todo:
            continue
        for k in todo:
            last[k] = True
        new_op = Scan(node.op.inputs, node.op.outputs, dataclasses.replace(info, last_only=tuple(last)))
        new_op._scan_savemem_visited = True
        new_node = new_op.make_node(*node.inputs)
        pairs: list[tuple[Variable, Variable]] = []
        for k, (old, new) in enumerate(zip(node.outputs, new_node.outputs)):
            if k not in todo:
                pairs.append((old, new))
                continue
            for client, _ in list(fgraph.clients.get(old, ())):
                if isinstance(client.op, Subtensor):
                    pairs.append((client.outputs[0], patternbroadcast(new, client.outputs[0].type.broadcastable)))
                elif isinstance(client.op, Shape_i):
                    d = client.op.i
                    pairs.append((client.outputs[0], cast(node.inputs[0], "int64") if d == 0 else Shape_i(d - 1)(new)))
        for v in vjps:
            cts = list(v.inputs[v.op.n_in:])
            for pos, j in enumerate(v.op.ct_idx):
                if j in todo:
                    kind, g = _last_value_cotangent(cts[pos], node.outputs[j])
                    new_out = new_node.outputs[j]
                    g = zeros_like(new_out) if kind == "zeros" else g
                    if g.type.dtype != new_out.type.dtype:
                        g = cast(g, new_out.type.dtype)
                    cts[pos] = patternbroadcast(g, new_out.type.broadcastable)
            new_v = LoweredVJP(new_op, v.op.n_in, v.op.wrt, v.op.ct_idx).make_node(*node.inputs, *cts)
            pairs.extend(zip(v.outputs, new_v.outputs))
        for old, new in pairs:
            if old in fgraph.variables:
                fgraph.replace(old, new, reason="scan_save_mem")


# --------------------------------------------------------------------------- scan_merge

def _mergeable(a: Apply, b: Apply, fgraph: FunctionGraph) -> bool:
    """Two loops with the same trip count, neither reading the other, no shared variable updated by both, no
    gradient node bound to either (its forward pass is paired with the loop it differentiates)."""
    if a.op.info.buffered or b.op.info.buffered or not _compatible(a, b):
        return False
    oa, ob = a.op, b.op
    for n in fgraph.apply_nodes:
        base = getattr(n.op, "base", None)
        if base is not None and (base is oa or base is ob or base == oa or base == ob):
            return False
    return True


def _compatible(a: Apply, b: Apply) -> bool:
    """Two loops over the same trip count (the same condition, truncate_gradient), neither reading the other, no
    shared variable updated by both."""
    from theano.frontend.graph import ancestors

    oa, ob = a.op, b.op
    if a.inputs[0] is not b.inputs[0] and not (isinstance(a.inputs[0], Constant) and isinstance(b.inputs[0], Constant)
                                                 and a.inputs[0].equals(b.inputs[0])):
        return False
    if oa.as_while != ob.as_while or oa.info.truncate_gradient != ob.info.truncate_gradient:
        return False
    if oa.as_while and not _same_condition(a, b):
        return False
    if getattr(oa, "broadcast_error", None) or getattr(ob, "broadcast_error", None):
        return False
    if set(a.outputs) & set(ancestors(b.inputs)) or set(b.outputs) & set(ancestors(a.inputs)):
        return False
    shared_a = set(oa.outer_groups(a.inputs)[3])
    return not shared_a & set(ob.outer_groups(b.inputs)[3])


def _same_condition(a: Apply, b: Apply) -> bool:
    """Two `until` loops stop together: their conditions compute the same from the same outer inputs (sequences,
    non-sequences, initial values of the same taps), as Theano's scan merge requires of while loops."""
    oa, ob = a.op, b.op
    _, qa, inits_a, _, nsa = oa.outer_groups(a.inputs)
    _, qb, inits_b, _, nsb = ob.outer_groups(b.inputs)
    sa, _, _, ina = oa.inner_groups()
    sb, _, _, inb = ob.inner_groups()
    xs_a: list = []
    xs_b: list = []
    for inner_b, outer_b in list(zip(sb, qb)) + list(zip(inb, nsb)):
        pool = list(zip(sa, qa)) if inner_b in sb else list(zip(ina, nsa))
        match = next((ia for ia, outer_a in pool if outer_a is outer_b), None)
        if match is not None:
            xs_a.append(match)
            xs_b.append(inner_b)
    rec_a = [k for k, t in enumerate(oa.info.out_taps) if t is not None]
    rec_b = [k for k, t in enumerate(ob.info.out_taps) if t is not None]
    for kb, init_b in zip(rec_b, inits_b):
        for ka, init_a in zip(rec_a, inits_a):
            if init_a is init_b and oa.info.out_taps[ka] == ob.info.out_taps[kb]:
                xs_a.extend(oa.tap_inputs_of(ka))
                xs_b.extend(ob.tap_inputs_of(kb))
                break
    return equal_computations([oa.outputs[-1]], [ob.outputs[-1]], xs_a, xs_b)


def _merged_node(a: Apply, b: Apply) -> Apply:
    """One Scan computing both loops (see frontend/ops/scan.py for the layout)."""
    from theano.frontend.graph import variables
    from theano.frontend.graph_utils import clone_get_equiv

    oa, ob = a.op, b.op
    b_inputs, b_outputs = list(ob.inputs), list(ob.outputs)
    shared_vars = set(v for v in variables(oa.inputs, oa.outputs) if not isinstance(v, Constant))
    if shared_vars & set(v for v in variables(ob.inputs, ob.outputs) if not isinstance(v, Constant)):
        memo = clone_get_equiv(b_inputs, b_outputs)
        b_inputs, b_outputs = [memo[v] for v in b_inputs], [memo[v] for v in b_outputs]
    ia, ib = oa.info, ob.info
    sa, ta, sha, na = oa.inner_groups()
    n_taps_b = ib.n_tap_inputs
    sb = b_inputs[:ib.n_seqs]
    tb = b_inputs[ib.n_seqs:ib.n_seqs + n_taps_b]
    shb = b_inputs[ib.n_seqs + n_taps_b:ib.n_seqs + n_taps_b + ib.n_shared]
    nb = b_inputs[ib.n_seqs + n_taps_b + ib.n_shared:]
    inner_in = sa + sb + ta + tb + sha + shb + na + nb
    inner_out = (oa.outputs[:ia.n_outs] + b_outputs[:ib.n_outs] + oa.outputs[ia.n_outs:ia.n_outs + ia.n_shared]
                 + b_outputs[ib.n_outs:ib.n_outs + ib.n_shared] + ([oa.outputs[-1]] if ia.as_while else []))
    last = tuple(ia.is_last_only(k) for k in range(ia.n_outs)) + tuple(ib.is_last_only(k) for k in range(ib.n_outs))
    info = dataclasses.replace(ia, n_seqs=ia.n_seqs + ib.n_seqs, out_taps=ia.out_taps + ib.out_taps,
                               n_shared=ia.n_shared + ib.n_shared, n_nonseq=ia.n_nonseq + ib.n_nonseq,
                               last_only=last if any(last) else (),
                               name=ia.name if ia.name == ib.name else f"{oa.name}&{ob.name}")
    n, qa, ia_init, ia_sh, ia_ns = oa.outer_groups(a.inputs)
    _, qb, ib_init, ib_sh, ib_ns = ob.outer_groups(b.inputs)
    op = Scan(inner_in, inner_out, info)
    return op.make_node(n, *qa, *qb, *ia_init, *ib_init, *ia_sh, *ib_sh, *ia_ns, *ib_ns)


def scan_merge(fgraph: FunctionGraph, mode: Any = None) -> None:
    """Run loops over the same trip count as one loop (Theano's scan merge): one pass over the sequences."""
    while True:
        scans = [n for n in fgraph.toposort() if isinstance(n.op, Scan)]
        pair = next(((a, b) for k, a in enumerate(scans) for b in scans[k + 1:] if _mergeable(a, b, fgraph)), None)
        if pair is None:
            return
        a, b = pair
        m = _merged_node(a, b)
        ia, ib = a.op.info, b.op.info
        outs_a = list(m.outputs[:ia.n_outs]) + list(m.outputs[ia.n_outs + ib.n_outs:ia.n_outs + ib.n_outs + ia.n_shared])
        outs_b = list(m.outputs[ia.n_outs:ia.n_outs + ib.n_outs]) + list(m.outputs[ia.n_outs + ib.n_outs + ia.n_shared:])
        for old, new in list(zip(a.outputs, outs_a)) + list(zip(b.outputs, outs_b)):
            if old in fgraph.variables:
                fgraph.replace(old, new, reason="scan_merge")

