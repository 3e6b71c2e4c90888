"""Theano's outer layout of a scan node (`ScanInfo.buffered`), and its link to our unbuffered loop.

theano.scan builds the Scan node as Theano 1.0.5 does: each recurrent output has an outer buffer
(`expand_empty(init, n_steps)`: AllocEmpty + set_subtensor of the initial state into its first rows) as its
input and returns the whole buffer (initial state first, then one row per step), which `scan()` slices
(`out[1:]`); each nit_sot output has a size input (the trip count) between the shared carries and the
non-sequences; the sequences are cut to the trip count (`seq[:n_steps]`). User code and Theano's tests read
these (`out.owner.inputs[0]` is the scan output, `op.var_mappings`, `connection_pattern`, debugprint).

The loop itself runs unbuffered: `unbuffered_inputs` gives the same loop on the initial values (and the
uncut sequences), the rewrite passes/scan_buffers.py swaps the node for it when a function is compiled,
the lowering runs a buffered node through it, and the gradient of a buffered node is the unbuffered loop's
gradient (so scan_save_mem and the run-time trip count keep working on gradients).
"""
from __future__ import annotations

from typing import Any, Sequence

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.grad_types import DisconnectedType, NullType, disconnected_type
from theano.frontend.ops.alloc_empty import AllocEmpty
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.join import join
from theano.frontend.ops.broadcast import Rebroadcast, patternbroadcast
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.layout import shape_padleft
from theano.frontend.ops.math import zeros_like
from theano.frontend.ops.scalar_conversion import ScalarFromTensor
from theano.frontend.ops.subtensor import IncSubtensor, Subtensor


def _is_disconnected(g: Any) -> bool:
    return g is None or isinstance(getattr(g, "type", None), DisconnectedType)


def _expanded(buf: Variable) -> tuple[Variable, Apply] | None:
    """(x, node) when `buf` is Theano's expand_empty(x, n): set_subtensor(AllocEmpty(...)[:x.shape[0]], x)."""
    node = buf.owner
    if node is None or not isinstance(node.op, IncSubtensor) or not node.op.set_instead_of_inc:
        return None
    idx = node.op.idx_list
    if len(idx) != 1 or not isinstance(idx[0], slice) or idx[0].start is not None or idx[0].step is not None \
            or idx[0].stop is None:
        return None
    base = node.inputs[0].owner
    if base is None or not isinstance(base.op, AllocEmpty):
        return None
    return node.inputs[1], node


def _padded_value(x: Variable) -> Variable | None:
    """v when x is Theano's unbroadcast(shape_padleft(v), 0) (a sit_sot's initial state as one row)."""
    node = x.owner
    if node is None or not isinstance(node.op, Rebroadcast):
        return None
    inner = node.inputs[0].owner
    if inner is None or not isinstance(inner.op, DimShuffle):
        return None
    order = tuple(inner.op.new_order)
    if order != ("x",) + tuple(range(inner.inputs[0].ndim)):
        return None
    return inner.inputs[0]


def _const_int(v: Any) -> int | None:
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return int(v)
    if isinstance(v, Constant):
        try:
            return int(v.data)
        except (TypeError, ValueError):
            return None
    if isinstance(v, Variable) and v.owner is not None and isinstance(v.owner.op, ScalarFromTensor):
        return _const_int(v.owner.inputs[0])
    return None


def initial_value(buf: Variable, depth: int, sit_sot: bool, inner: Variable) -> Variable:
    """The initial state a buffer holds in its first `depth` rows: the value itself for a sit_sot, the `depth`
    rows for a mit_sot (the value given to expand_empty where the buffer is Theano's, else a slice)."""
    found = _expanded(buf)
    if found is not None:
        x, _ = found
        if sit_sot:
            v = _padded_value(x)
            if v is not None and v.type.dtype == inner.type.dtype and v.ndim == inner.ndim:
                return v if v.type == inner.type else patternbroadcast(v, inner.type.broadcastable)
        else:
            node = x.owner  # Theano's init[:mintap]
            if node is not None and isinstance(node.op, Subtensor) and len(node.op.idx_list) == 1:
                e = node.op.idx_list[0]
                if isinstance(e, slice) and e.start is None and e.step is None and e.stop is not None:
                    stop = node.inputs[1] if len(node.inputs) > 1 else e.stop
                    if _const_int(stop) == depth:
                        return x
    row = buf[0] if sit_sot else buf[:depth]
    want = inner.type.broadcastable if sit_sot else (False,) + tuple(inner.type.broadcastable)
    return row if row.type.broadcastable == want else patternbroadcast(row, want)


def _uncut_sequence(seq: Variable, n_steps: Variable) -> Variable:
    """s when seq is Theano's s[:n_steps] for this loop's trip count (the loop reads its first n_steps rows only)."""
    node = seq.owner
    if node is None or not isinstance(node.op, Subtensor) or len(node.op.idx_list) != 1:
        return seq
    e = node.op.idx_list[0]
    if not isinstance(e, slice) or e.start is not None or e.step is not None or e.stop is None or len(node.inputs) != 2:
        return seq
    stop = node.inputs[1]
    if stop is n_steps or (stop.owner is not None and isinstance(stop.owner.op, ScalarFromTensor)
                           and stop.owner.inputs[0] is n_steps):
        return node.inputs[0]
    return seq


def unbuffered_inputs(op: Any, inputs: Sequence[Variable]) -> list[Variable]:
    """The unbuffered loop's inputs for a buffered node's inputs: uncut sequences, initial values, no sizes."""
    info = op.info
    n_steps, seqs, bufs, shared, nonseqs = op.outer_groups(list(inputs))
    seqs = [_uncut_sequence(q, n_steps) for q in seqs]
    inits = []
    rec = [k for k, t in enumerate(info.out_taps) if t is not None]
    for k, buf in zip(rec, bufs):
        inits.append(initial_value(buf, info.init_depth(k), info.out_taps[k] == (-1,), op.tap_inputs_of(k)[0]))
    return [n_steps, *seqs, *inits, *shared, *nonseqs]


def with_initial_rows(op: Any, k: int, init: Variable, per_step: Variable) -> Variable:
    """Output k as a buffer: its initial state's rows, then one row per step."""
    rows = shape_padleft(init) if op.info.out_taps[k] == (-1,) else init
    out = join(0, rows, per_step)
    return out


def _peeled(g: Variable, out: Variable, depth: int) -> Variable | None:
    """y when the cotangent g of a buffer is inc_subtensor(zeros_like(buffer)[depth:], y): the gradient of
    reading `out[depth:]`, what theano.scan returns."""
    node = g.owner
    if node is None or not isinstance(node.op, IncSubtensor) or len(node.op.idx_list) != 1:
        return None
    e = node.op.idx_list[0]
    if not isinstance(e, slice) or e.stop is not None or e.step is not None or e.start is None:
        return None
    start = node.inputs[2] if len(node.inputs) > 2 else e.start
    if _const_int(start) != depth:
        return None
    z = node.inputs[0].owner
    if z is None or getattr(getattr(z.op, "scalar_op", None), "name", None) != "second" or z.inputs[0] is not out:
        return None
    try:
        if get_scalar_constant_value(z.inputs[1]) != 0:
            return None
    except NotScalarConstantError:
        return None
    return node.inputs[1]


def buffered_L_op(op: Any, inputs: list[Variable], outputs: list[Variable], output_grads: list[Any]) -> list[Any]:
    """The gradient of a buffered scan node: the unbuffered loop's gradient (a LoweredVJP of it), with the
    buffers' first rows passing their cotangent straight to the initial state."""
    info = op.info
    op_u = op.unbuffered()
    ins_u = unbuffered_inputs(op, inputs)
    node_u = op_u.make_node(*ins_u)
    cts = list(output_grads)
    head: dict = {}
    for k in range(info.n_outs):
        d = info.init_depth(k)
        g = cts[k]
        if not d or _is_disconnected(g) or isinstance(g.type, NullType) \
                or outputs[k].type.dtype not in _dt.float_dtypes:
            continue
        y = _peeled(g, outputs[k], d)
        if y is None:
            head[k] = g[:d]
            y = g[d:]
        out_u = node_u.outputs[k]
        if y.type != out_u.type:
            y = patternbroadcast(y.astype(out_u.type.dtype), out_u.type.broadcastable)
        cts[k] = y
    grads_u = op_u.L_op(ins_u, node_u.outputs, cts)
    n_seqs = info.n_seqs
    rec = [k for k, t in enumerate(info.out_taps) if t is not None]
    n_steps, seqs, bufs, shared, nonseqs = op.outer_groups(list(inputs))
    result: list[Any] = [grads_u[0]]
    for j, seq in enumerate(seqs):  # the loop read the uncut sequence: its gradient cut the same way
        g = grads_u[1 + j]
        if ins_u[1 + j] is not seq and not _is_disconnected(g) and not isinstance(g.type, NullType):
            g = seq.owner.op(g, *seq.owner.inputs[1:])
            g.tag.scan_cut_grad = True  # zero past the cut: the rewrites give the uncut gradient back (scan_unbuffer)
        result.append(g)
    base = 1 + n_seqs
    for r, (k, buf) in enumerate(zip(rec, bufs)):
        g = grads_u[base + r]
        extra = head.get(k)
        if isinstance(getattr(g, "type", None), NullType):
            result.append(g)
            continue
        if _is_disconnected(g) and extra is None:
            result.append(disconnected_type())
            continue
        if buf.type.dtype not in _dt.float_dtypes:  # an integer state: zeros, as Theano's ops give
            result.append(zeros_like(buf).astype(config.floatX))
            continue
        rows = None
        if not _is_disconnected(g):
            rows = shape_padleft(g) if info.out_taps[k] == (-1,) else g
        if extra is not None:
            rows = extra if rows is None else rows + extra
        if rows.type.dtype != buf.type.dtype:
            rows = rows.astype(buf.type.dtype)
        found = _expanded(buf)
        if found is not None:  # the same region expand_empty set: the rewrites read the rows straight back
            g_buf = found[1].op(zeros_like(buf), rows, *found[1].inputs[2:])
        else:
            g_buf = IncSubtensor((slice(None, info.init_depth(k)),), set_instead_of_inc=True)(zeros_like(buf), rows)
        g_buf.tag.scan_buffer_grad = True
        result.append(g_buf)
    n_rec = len(rec)
    result += list(grads_u[base + n_rec:base + n_rec + len(shared)])
    result += [disconnected_type() for _ in op.nit_sot_sizes(inputs)]
    result += list(grads_u[base + n_rec + len(shared):])
    return result


def var_mappings(op: Any) -> dict:
    """Theano's Scan.var_mappings (get_oinp_iinp_iout_oout_mappings) for our layout: for each outer input, inner
    input, inner output and outer output, the ones that stand for the same state."""
    info = op.info
    rows: list[tuple[int, list, list, int]] = [(0, [], [], -1)]  # (outer in, inner ins, inner outs, outer out)
    oi, ii = 1, 0
    for _ in range(info.n_seqs):
        rows.append((oi, [ii], [], -1))
        oi += 1
        ii += 1
    rec = [k for k, t in enumerate(info.out_taps) if t is not None]
    nit = [k for k, t in enumerate(info.out_taps) if t is None]
    for k in rec:
        n_taps = len(info.out_taps[k])
        rows.append((oi, list(range(ii, ii + n_taps)), [k], k))
        oi += 1
        ii += n_taps
    shared_oi = oi
    oi += info.n_shared
    if info.buffered:
        for k in nit:
            rows.append((oi, [], [k], k))
            oi += 1
    else:
        for k in nit:
            rows.append((-1, [], [k], k))
    for s in range(info.n_shared):
        j = info.n_outs + s
        rows.append((shared_oi + s, [ii], [j], j))
        ii += 1
    for _ in range(len(op.inputs) - ii):
        rows.append((oi, [ii], [], -1))
        oi += 1
        ii += 1
    names = ["outer_inp_from_outer_out", "inner_inp_from_outer_out", "inner_out_from_outer_out",
             "inner_inp_from_outer_inp", "inner_out_from_outer_inp", "outer_out_from_outer_inp",
             "outer_inp_from_inner_inp", "inner_out_from_inner_inp", "outer_out_from_inner_inp",
             "outer_inp_from_inner_out", "inner_inp_from_inner_out", "outer_out_from_inner_out"]
    m: dict = {name: {} for name in names}
    for oinp, iinp, iout, oout in rows:
        if oout != -1:
            m["outer_inp_from_outer_out"][oout] = oinp
            m["inner_inp_from_outer_out"][oout] = iinp
            m["inner_out_from_outer_out"][oout] = iout
        if oinp != -1:
            m["inner_inp_from_outer_inp"][oinp] = iinp
            m["inner_out_from_outer_inp"][oinp] = iout
            m["outer_out_from_outer_inp"][oinp] = oout
        for idx in iinp:
            m["outer_inp_from_inner_inp"][idx] = oinp
            m["inner_out_from_inner_inp"][idx] = iout
            m["outer_out_from_inner_inp"][idx] = oout
        for idx in iout:
            m["outer_inp_from_inner_out"][idx] = oinp
            m["inner_inp_from_inner_out"][idx] = iinp
            m["outer_out_from_inner_out"][idx] = oout
    return m
