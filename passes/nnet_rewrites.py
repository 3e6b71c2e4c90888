"""Softmax and cross-entropy rewrites (part of `stabilize`; nnet/nnet.py's opt section).

- `exp(x) / sum(exp(x), axis=-1, keepdims)` (with or without `x - max`) -> Softmax(x)
- `Softmax(x + b)` -> SoftmaxWithBias(x, b); `log(Softmax(x))` -> LogSoftmax(x)
- the negative log-likelihood idiom `-log(softmax(x))[arange(n), y]` (or through LogSoftmax or
  categorical_crossentropy) -> CrossentropySoftmaxArgmax1HotWithBias(x, b, y)[0], and its gradient
  `SoftmaxGrad(inc_subtensor(zeros[arange(n), y], g) / sm, sm)` -> CrossentropySoftmax1HotWithBiasDx(-g, sm, y);
  the softmax the gradient reads is then the fused op's second output.
"""
from __future__ import annotations

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.graph import Variable
from theano.frontend.ops import nnet
from theano.frontend.ops.advanced_subtensor import INDEX, AdvancedIncSubtensor, AdvancedSubtensor
from theano.frontend.ops.alloc import ARange, alloc
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.max_argmax import MaxAndArgmax
from theano.frontend.ops.reduce import Sum
from theano.frontend.ops.shape import Shape_i
from theano.passes.algebra import scalar_name
from theano.passes.engine import Rule
from theano.passes.pattern import Match, OpP, P, x
from theano.passes.utils import constant_int, is_zeros, length_source, same_dim

TAGS = ("stabilize", "fast_run")


def _float_matrix(v: Variable) -> bool:
    return v.ndim == 2 and v.dtype in _dt.float_dtypes


def _softmax(m: Match) -> Variable | None:
    """exp(x) / sum(exp(x), last axis, keepdims) -> Softmax(x) (rows of a matrix, or a vector)."""
    num, den = m.node.inputs
    if scalar_name(num) != "exp" or den.owner is None or not isinstance(den.owner.op, DimShuffle):
        return None
    arg = num.owner.inputs[0]
    s = den.owner.inputs[0]
    if arg.ndim not in (1, 2) or arg.dtype not in _dt.float_dtypes or s.owner is None or not isinstance(s.owner.op, Sum):
        return None
    if s.owner.inputs[0] is not num or s.owner.op.reduce_axes(arg.ndim) != (arg.ndim - 1,):
        return None
    want = (0, "x") if arg.ndim == 2 else ("x",)
    if tuple(den.owner.op.new_order) != want or s.dtype != num.dtype:
        return None
    if arg.ndim == 2:
        return nnet.softmax_op(arg)
    sm = nnet.softmax_op(arg.dimshuffle("x", 0))
    return sm.dimshuffle(1)


def _strip_dimshuffles(v: Variable) -> Variable:
    while v.owner is not None and isinstance(v.owner.op, DimShuffle):
        v = v.owner.inputs[0]
    return v


def _softmax_shift(m: Match) -> Variable | None:
    """Softmax(x - max(x, axis=1, keepdims)) -> Softmax(x): softmax does not see a per-row shift."""
    z = m.node.inputs[0]
    if scalar_name(z) != "sub":
        return None
    v, s = z.owner.inputs
    if not s.broadcastable[1]:
        return None
    src = _strip_dimshuffles(s)
    if src.owner is None or not isinstance(src.owner.op, MaxAndArgmax) or src.index != 0:
        return None
    if _strip_dimshuffles(src.owner.inputs[0]) is not _strip_dimshuffles(v) or v.type != z.type:
        return None
    return m.node.op(v)


def split_bias(z: Variable) -> tuple[Variable, Variable] | None:
    """z = x + b.dimshuffle('x', 0) -> (x, b), with x a full matrix and all of one dtype."""
    if scalar_name(z) != "add" or not _float_matrix(z):
        return None
    ins = z.owner.inputs
    for k, u in enumerate(ins):
        if (u.broadcastable == (True, False) and u.owner is not None and isinstance(u.owner.op, DimShuffle)
                and tuple(u.owner.op.new_order) == ("x", 0) and u.dtype == z.dtype):
            rest = [w for j, w in enumerate(ins) if j != k]
            xs = rest[0] if len(rest) == 1 else ELEMWISE_OPS["add"](*rest)
            if xs.broadcastable == (False, False) and xs.dtype == z.dtype:
                return xs, u.owner.inputs[0]
    return None


def _with_bias(z: Variable) -> tuple[Variable, Variable]:
    """(x, b) with z = x + b; b is a zero vector when z has no bias term."""
    found = split_bias(z)
    if found is not None:
        return found
    return z, alloc(np.asarray(0, dtype=z.dtype), Shape_i(1)(z))


def _softmax_with_bias(m: Match) -> Variable | None:
    """Softmax(x + b) -> SoftmaxWithBias(x, b)."""
    found = split_bias(m.node.inputs[0])
    if found is None:
        return None
    return nnet.softmax_with_bias(*found)


def _softmax_input(sm: Variable) -> Variable | None:
    """The logits z of a softmax variable (Softmax(z), SoftmaxWithBias(x, b) -> x + b, fused op output 1)."""
    node = sm.owner
    if node is None:
        return None
    if isinstance(node.op, nnet.Softmax):
        return node.inputs[0]
    if isinstance(node.op, nnet.SoftmaxWithBias):
        xs, b = node.inputs
        return xs + b.dimshuffle("x", 0)
    return None


def _log_softmax(m: Match) -> Variable | None:
    """log(Softmax(x)) -> LogSoftmax(x) (and SoftmaxWithBias)."""
    z = _softmax_input(m.node.inputs[0])
    if z is None or not _float_matrix(z):
        return None
    return nnet.logsoftmax_op(z)


def _logits_of_log_softmax(v: Variable) -> Variable | None:
    """z for v = LogSoftmax(z) or log(softmax(z))."""
    if v.owner is None:
        return None
    if isinstance(v.owner.op, nnet.LogSoftmax):
        return v.owner.inputs[0]
    if scalar_name(v) == "log":
        return _softmax_input(v.owner.inputs[0])
    return None


def _rows_arange(ar: Variable, rows_of: Variable, labels: Variable) -> bool:
    """ar is arange(n) with n the number of rows of `rows_of` or the length of `labels`."""
    if ar.owner is None or not isinstance(ar.owner.op, ARange):
        return False
    start, stop, step = ar.owner.inputs
    if constant_int(start) != 0 or constant_int(step) != 1:
        return False
    src = length_source(stop)
    if src is None:
        return False
    return any(same_dim(src[0], src[1], v, 0) for v in (rows_of, labels))


def _labels_ok(y: Variable) -> bool:
    return y.ndim == 1 and y.dtype in _dt.integer_dtypes


def _nll_fused(z: Variable, y: Variable) -> Variable:
    xs, b = _with_bias(z)
    return nnet.crossentropy_softmax_argmax_1hot_with_bias(xs, b, y)[0]


def _indexing_crossentropy(m: Match) -> Variable | None:
    """log(softmax(z))[arange(n), y] -> -CrossentropySoftmaxArgmax1HotWithBias(x, b, y)[0]."""
    node = m.node
    if tuple(node.op.idx_list or ()) != (INDEX, INDEX):
        return None
    lsm, ar, y = node.inputs
    z = _logits_of_log_softmax(lsm)
    if z is None or not _float_matrix(z) or not _labels_ok(y) or not _rows_arange(ar, z, y):
        return None
    return -_nll_fused(z, y)


def _log_of_indexed_softmax(m: Match) -> Variable | None:
    """log(softmax(z)[arange(n), y]) -> -CrossentropySoftmaxArgmax1HotWithBias(x, b, y)[0]."""
    picked = m.node.inputs[0]
    if picked.owner is None or not isinstance(picked.owner.op, AdvancedSubtensor):
        return None
    if tuple(picked.owner.op.idx_list or ()) != (INDEX, INDEX):
        return None
    sm, ar, y = picked.owner.inputs
    z = _softmax_input(sm)
    if z is None or not _float_matrix(z) or not _labels_ok(y) or not _rows_arange(ar, z, y):
        return None
    return -_nll_fused(z, y)


def _categorical_crossentropy(m: Match) -> Variable | None:
    """CrossentropyCategorical1Hot(softmax(z), y) -> CrossentropySoftmaxArgmax1HotWithBias(x, b, y)[0]."""
    sm, y = m.node.inputs
    z = _softmax_input(sm)
    if z is None or not _float_matrix(z) or not _labels_ok(y):
        return None
    return _nll_fused(z, y)


def _is_softmax_of(sm: Variable) -> bool:
    node = sm.owner
    if node is None:
        return False
    return isinstance(node.op, (nnet.Softmax, nnet.SoftmaxWithBias)) or (
        isinstance(node.op, nnet.CrossentropySoftmaxArgmax1HotWithBias) and sm.index == 1)


def _onehot_grad(g_sm: Variable, sm: Variable) -> tuple[Variable, Variable] | None:
    """g_sm = inc_subtensor(zeros[arange(n), y], g) / sm -> (-g, y): the nll gradient reaching a softmax."""
    if scalar_name(g_sm) != "true_div":
        return None
    inc, den = g_sm.owner.inputs
    if den is not sm or inc.owner is None or not isinstance(inc.owner.op, AdvancedIncSubtensor):
        return None
    op = inc.owner.op
    if op.set_instead_of_inc or tuple(op.idx_list or ()) != (INDEX, INDEX):
        return None
    zeros, g, ar, y = inc.owner.inputs
    if not is_zeros(zeros) or zeros.broadcastable != (False, False) or not _labels_ok(y) or g.ndim > 1:
        return None
    if not _rows_arange(ar, sm, y):
        return None
    return ELEMWISE_OPS["neg"](g), y


def _onehot_inc(v: Variable, sm: Variable) -> tuple[Variable, Variable, Variable] | None:
    """v = inc_subtensor(zeros[arange(n), y], w) with n the rows of sm -> (w, arange, y)."""
    if v.owner is None or not isinstance(v.owner.op, AdvancedIncSubtensor):
        return None
    op = v.owner.op
    if op.set_instead_of_inc or tuple(op.idx_list or ()) != (INDEX, INDEX):
        return None
    zeros, w, ar, y = v.owner.inputs
    if not is_zeros(zeros) or zeros.broadcastable != (False, False) or not _labels_ok(y) or w.ndim > 1:
        return None
    if not _rows_arange(ar, sm, y):
        return None
    return w, ar, y


def _picked(sm: Variable, ar: Variable, y: Variable) -> Variable:
    return AdvancedSubtensor((INDEX, INDEX))(sm, ar, y)


def _crossentropy_grad(m: Match) -> Variable | None:
    """SoftmaxGrad(inc_subtensor(zeros[arange(n), y], g) / sm, sm) -> CrossentropySoftmax1HotWithBiasDx(-g, sm, y);
    SoftmaxGrad(CrossentropyCategorical1HotGrad(g, sm, y), sm) -> CrossentropySoftmax1HotWithBiasDx(g, sm, y)."""
    g_sm, sm = m.node.inputs
    if not _is_softmax_of(sm) or not _float_matrix(sm):
        return None
    found = _onehot_grad(g_sm, sm)
    if found is None:
        inc = _onehot_inc(g_sm, sm)
        if inc is not None:  # SoftmaxGrad(onehot(w), sm) = -(w * sm[arange, y]) * (sm - onehot)
            w, ar, y = inc
            found = (ELEMWISE_OPS["neg"](ELEMWISE_OPS["mul"](w, _picked(sm, ar, y))), y)
    if found is None:
        node = g_sm.owner
        if node is None or not isinstance(node.op, nnet.CrossentropyCategorical1HotGrad) or node.inputs[1] is not sm:
            return None
        g, _, y = node.inputs
        if g.ndim > 1 or not _labels_ok(y):
            return None
        found = (g, y)
    dy, y = found
    return nnet.crossentropy_softmax_1hot_with_bias_dx(dy, sm, y)


def _logsoftmax_crossentropy_grad(m: Match) -> Variable | None:
    """onehot(w) - sum(onehot(w), axis=1, keepdims) * sm (LogSoftmax's gradient) -> ...Dx(-w, sm, y)."""
    a, b = m.node.inputs
    if scalar_name(b) != "mul" or len(b.owner.inputs) != 2:
        return None
    for s_row, sm in (b.owner.inputs, reversed(b.owner.inputs)):
        if not _is_softmax_of(sm) or not _float_matrix(sm) or s_row.owner is None:
            continue
        if not isinstance(s_row.owner.op, DimShuffle) or tuple(s_row.owner.op.new_order) != (0, "x"):
            continue
        total = s_row.owner.inputs[0]
        if total.owner is None or not isinstance(total.owner.op, Sum) or total.owner.inputs[0] is not a:
            continue
        if total.owner.op.reduce_axes(2) != (1,):
            continue
        inc = _onehot_inc(a, sm)
        if inc is None:
            continue
        w, _, y = inc
        return nnet.crossentropy_softmax_1hot_with_bias_dx(ELEMWISE_OPS["neg"](w), sm, y)
    return None


def _dx_useless_fill(m: Match) -> Variable | None:
    """CrossentropySoftmax1HotWithBiasDx(fill(a, g), sm, y) -> ...Dx(g, sm, y): the op broadcasts dy to the rows."""
    dy, sm, y = m.node.inputs
    if scalar_name(dy) != "second":
        return None
    g = dy.owner.inputs[1]
    if g.ndim > 1 or (g.ndim == 1 and not g.broadcastable[0] and g.broadcastable != dy.broadcastable):
        return None
    return m.node.op(g, sm, y)


def _fused_softmax_output(m: Match) -> Variable | None:
    """Softmax(x + b) (or SoftmaxWithBias(x, b)) -> output 1 of a fused cross-entropy node on the same (x, b)."""
    node = m.node
    if isinstance(node.op, nnet.SoftmaxWithBias):
        xs, b = node.inputs
    else:
        found = split_bias(node.inputs[0])
        xs, b = found if found is not None else (node.inputs[0], None)
    for client, k in m.fgraph.clients.get(xs, []):
        if client == "output" or k != 0 or not isinstance(client.op, nnet.CrossentropySoftmaxArgmax1HotWithBias):
            continue
        cb = client.inputs[1]
        if cb is b or (b is None and is_zeros(cb)):
            out = client.outputs[1]
            if out.type == m.var.type:
                return out
    return None


RULES = [
    Rule(P.true_div(...), _softmax, name="local_softmax", tags=TAGS),  # exp(x) / sum(exp(x)) -> softmax(x)
    Rule(OpP(nnet.Softmax, x), _softmax_shift, name="local_softmax_shift", tags=TAGS),  # softmax(x - max(x)) -> softmax(x)
    Rule(OpP(nnet.Softmax, x), _softmax_with_bias, name="local_softmax_with_bias", tags=TAGS),  # softmax(x + b) -> softmax_with_bias(x, b)
    Rule(P.log(...), _log_softmax, name="local_logsoftmax", tags=TAGS),  # log(softmax(x)) -> logsoftmax(x)
    Rule(P.log(...), _log_of_indexed_softmax, name="local_log_indexed_softmax", tags=TAGS),  # log(sm[ar, y]) -> -nll
    Rule(OpP(AdvancedSubtensor, ...), _indexing_crossentropy, name="local_advanced_indexing_crossentropy_onehot",
         tags=TAGS),  # log(softmax(x))[arange(n), y] -> -crossentropy_softmax_argmax_1hot_with_bias(x, b, y)[0]
    Rule(OpP(nnet.CrossentropyCategorical1Hot, ...), _categorical_crossentropy,
         name="crossentropy_to_crossentropy_with_softmax", tags=TAGS),  # xent(softmax(x), y) -> fused nll
    Rule(OpP(nnet.SoftmaxGrad, ...), _crossentropy_grad, name="local_advanced_indexing_crossentropy_onehot_grad",
         tags=TAGS),  # softmax_grad(onehot(g, y) / sm, sm) -> crossentropy_softmax_1hot_with_bias_dx(-g, sm, y)
    Rule(P.sub(...), _logsoftmax_crossentropy_grad, name="local_logsoftmax_crossentropy_grad",
         tags=TAGS),  # onehot(w) - rowsum(onehot(w)) * sm -> crossentropy_softmax_1hot_with_bias_dx(-w, sm, y)
    Rule(OpP(nnet.CrossentropySoftmax1HotWithBiasDx, ...), _dx_useless_fill, name="local_useless_crossentropy_softmax_1hot_with_bias_dx_alloc",
         tags=TAGS),  # dx(fill(a, g), sm, y) -> dx(g, sm, y)
    Rule(P.any_of(OpP(nnet.Softmax, ...), OpP(nnet.SoftmaxWithBias, ...)), _fused_softmax_output,
         name="graph_merge_softmax_with_crossentropy_softmax", tags=TAGS),  # softmax(x + b) -> fused op's softmax output
]

