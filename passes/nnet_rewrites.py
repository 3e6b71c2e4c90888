"""Softmax and cross-entropy rewrites (part of `stabilize`; nnet/nnet.py's opt section).

- `exp(x) / sum(exp(x), axis=-1, keepdims)` (with or without `x - max`) -> Softmax(x)
- `Softmax(x + b)` -> SoftmaxWithBias(x, b); `log(Softmax(x))` -> LogSoftmax(x)
- the negative log-likelihood idiom `-log(softmax(x))[arange(n), y]` (or through LogSoftmax or
  categorical_crossentropy) -> CrossentropySoftmaxArgmax1HotWithBias(x, b, y)[0], and its gradient
  `SoftmaxGrad(inc_subtensor(zeros[arange(n), y], g) / sm, sm)` -> CrossentropySoftmax1HotWithBiasDx(-g, sm, y);
  the softmax the gradient reads is then the fused op's second output.
"""
from __future__ import annotations

from typing import Any

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
from theano.frontend.ops.shape import MakeVector, Shape, Shape_i, SpecifyShape
from theano.passes.algebra import scalar_name
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import Capture, OpP, P, a, b, w, x, z
from theano.passes.utils import constant_int, is_zeros, length_source, same_dim

TAGS = ("stabilize", "fast_run")


def _float_matrix(v: Variable) -> bool:
    return v.ndim == 2 and v.dtype in _dt.float_dtypes


def _value_read(var: Variable, fgraph: Any, limit: int = 256) -> bool:
    """Whether anything reads `var`'s values (not only its shape): a graph output or a computation leads to it,
    not just fills (`second(var, g)`) and shape ops. The gradient of a cost keeps `fill(cost, 1)` until the
    fills are simplified away; building the fused cross-entropy op for such a cost would keep a whole forward
    computation alive for its shape (Theano runs that rewrite after the fills are gone). Past `limit` nodes:
    assume it is read."""
    seen, stack = set(), [var]
    while stack:
        v = stack.pop()
        for client, i in fgraph.clients.get(v, ()):
            if client == "output":
                return True
            if id(client) in seen:
                continue
            op = client.op
            if isinstance(op, (Shape, Shape_i)) or (i == 0 and getattr(getattr(op, "scalar_op", None), "name", None)
                                                    == "second"):
                continue
            seen.add(id(client))
            if len(seen) > limit:
                return True
            stack.extend(client.outputs)
    return False


def _two_indices(idx_list: Any) -> bool:
    """An advanced index `[i, j]` with two integer-array inputs."""
    return tuple(idx_list or ()) == (INDEX, INDEX)


# captures of this module: labels y (integer vectors), arange ar, gradient g, softmax sm
y = Capture("y", where=lambda v: v.ndim == 1 and v.dtype in _dt.integer_dtypes)
ar = Capture("ar")
g, dy = (Capture(n, where=lambda v: v.ndim <= 1) for n in ("g", "dy"))
# a softmax and its logits: Softmax(z), or SoftmaxWithBias(w, b) (logits w + b)
SOFTMAX = OpP(nnet.Softmax, z) | OpP(nnet.SoftmaxWithBias, w, b)
# a softmax as the gradient rules see it (the fused op's output 1 included), named sm
SOFTMAX_OUT = (OpP((nnet.Softmax, nnet.SoftmaxWithBias), ...)
               | OpP(nnet.CrossentropySoftmaxArgmax1HotWithBias, ..., out=1)).where(_float_matrix).named("sm")
ZEROS = Capture("zeros", where=lambda v: v.ndim == 2 and not v.broadcastable[1] and is_zeros(v))


def onehot(values: Any) -> OpP:
    """inc_subtensor(zeros[ar, y], values): the gradient of picking [arange(n), y]."""
    return OpP(AdvancedIncSubtensor, ZEROS, values.where(lambda v: v.ndim <= 1), ar, y, set_instead_of_inc=False,
               idx_list=_two_indices)


def logits(z: Variable | None = None, w: Variable | None = None, b: Variable | None = None) -> Variable:
    """The logits of a SOFTMAX match: z, or w + b."""
    return z if z is not None else w + b.dimshuffle("x", 0)


def _reduces_last_axis(v: Variable) -> bool:
    """A reduction over the last axis only, keeping its input's dtype."""
    n = v.owner.inputs[0].ndim
    return v.owner.op.reduce_axes(n) == (n - 1,) and v.dtype == v.owner.inputs[0].dtype


def _keepdims(order: Any) -> bool:
    """The DimShuffle that puts back the last axis a sum removed (of a matrix, or of a vector)."""
    return tuple(order) in ((0, "x"), ("x",))


def _softmax(x: Variable) -> Variable:
    """exp(x) / sum(exp(x), last axis, keepdims) -> Softmax(x) (rows of a matrix, or a vector)."""
    return nnet.softmax_op(x) if x.ndim == 2 else nnet.softmax_op(x.dimshuffle("x", 0)).dimshuffle(1)


def _strip_dimshuffles(v: Variable) -> Variable:
    while v.owner is not None and isinstance(v.owner.op, DimShuffle):
        v = v.owner.inputs[0]
    return v


def _softmax_shift(x: Variable, a: Variable, z: Variable, node: Any) -> Variable | None:
    """Softmax(x - max(x, axis=1, keepdims)) -> Softmax(x): softmax does not see a per-row shift."""
    mx = _strip_dimshuffles(a)
    if mx.owner is None or not isinstance(mx.owner.op, MaxAndArgmax) or mx.index != 0:
        return None
    if _strip_dimshuffles(mx.owner.inputs[0]) is not _strip_dimshuffles(x) or x.type != z.type:
        return None
    return node.op(x)


def _softmax_with_bias(z: Variable) -> Variable | None:
    """Softmax(x + b) -> SoftmaxWithBias(x, b)."""
    found = split_bias(z)
    return nnet.softmax_with_bias(*found) if found is not None else None


def _log_softmax(**softmax: Variable) -> Variable | None:
    """log(softmax(z)) -> LogSoftmax(z), for a float matrix z."""
    z_ = logits(**softmax)
    return nnet.logsoftmax_op(z_) if _float_matrix(z_) else None


def split_bias(z: Variable) -> tuple[Variable, Variable] | None:
    """z = x + b.dimshuffle('x', 0) -> (x, b), as Theano's local_softmax_with_bias splits a sum: the row-broadcast
    terms (vectors) sum to the bias, the others to the matrix; when every term is a vector, the last one is
    promoted to the (one-row) matrix. All of z's dtype."""
    if scalar_name(z) != "add" or z.ndim != 2 or z.dtype not in _dt.float_dtypes or z.broadcastable[1]:
        return None
    vectors: list[Variable] = []
    non_vectors: list[Variable] = []
    for u in z.owner.inputs:
        if u.dtype != z.dtype:
            return None
        if u.broadcastable == (True, False):
            if (u.owner is not None and isinstance(u.owner.op, DimShuffle)
                    and u.owner.inputs[0].broadcastable == (False,)):
                vectors.append(u.owner.inputs[0])
            else:
                vectors.append(DimShuffle((True, False), (1,))(u))
        else:
            non_vectors.append(u)
    if not vectors:
        return None
    if not non_vectors:
        non_vectors.append(vectors.pop().dimshuffle("x", 0))
        if not vectors:
            return None
    xs = non_vectors[0] if len(non_vectors) == 1 else ELEMWISE_OPS["add"](*non_vectors)
    bias = vectors[0] if len(vectors) == 1 else ELEMWISE_OPS["add"](*vectors)
    if xs.ndim != 2 or xs.broadcastable[1] or xs.dtype != z.dtype or bias.dtype != z.dtype:
        return None
    return xs, bias


def _nll_fused(z: Variable, y: Variable) -> Variable | None:
    """CrossentropySoftmaxArgmax1HotWithBias(x, b, y)[0] for logits z = x + b (b = 0 without a bias term)."""
    if not _float_matrix(z):
        return None
    found = split_bias(z)
    xs, bias = found if found is not None else (z, alloc(np.asarray(0, dtype=z.dtype), Shape_i(1)(z)))
    return nnet.crossentropy_softmax_argmax_1hot_with_bias(xs, bias, y)[0]


def _length_one(v: Variable) -> bool:
    """`v` (a vector) is known to have length 1: broadcastable, or specify_shape(., (1,))."""
    if v.broadcastable[:1] == (True,):
        return True
    if v.owner is not None and isinstance(v.owner.op, SpecifyShape):
        shp = v.owner.inputs[1]
        if shp.owner is not None and isinstance(shp.owner.op, MakeVector):
            return constant_int(shp.owner.inputs[0]) == 1
        data = getattr(shp, "data", None)
        return data is not None and np.ndim(data) == 1 and len(data) >= 1 and int(data[0]) == 1
    return False


def _rows_arange(ar: Variable, rows_of: Variable, labels: Variable) -> bool:
    """ar is arange(n) with n the number of rows of `rows_of` or the length of `labels` (or, labels being of length
    1, the constant [0] that arange(labels.shape[0]) folded into, as Theano's _check_rows_is_arange_len_labels)."""
    if ar.owner is None and _length_one(labels):
        data = getattr(ar, "data", None)
        return data is not None and np.size(data) == 1 and int(np.asarray(data).reshape(-1)[0]) == 0
    if ar.owner is None or not isinstance(ar.owner.op, ARange):
        return False
    start, stop, step = ar.owner.inputs
    if constant_int(start) != 0 or constant_int(step) != 1:
        return False
    src = length_source(stop)
    if src is None:
        return False
    return any(same_dim(src[0], src[1], v, 0) for v in (rows_of, labels))


def _shape_only(var: Variable, fgraph: Any) -> bool:
    """`var` is only the shape template of fills (second(var, v)), as in a gradient graph: its value is not needed,
    and the fills become allocs of its shape, so no forward op should be built for it."""
    users = fgraph.clients.get(var, []) if fgraph is not None else []
    return bool(users) and all(u != "output" and k == 0 and scalar_name(u.outputs[0]) == "second" for u, k in users)


def _picked_nll(ar: Variable, y: Variable, var: Variable, fgraph: Any, **logit: Variable) -> Variable | None:
    """-nll for log(softmax(z))[arange(n), y] and its variants."""
    if _shape_only(var, fgraph):
        return None
    z_ = logits(**logit)
    if not _float_matrix(z_) or not _rows_arange(ar, z_, y):
        return None
    return -_nll_fused(z_, y)


def _crossentropy_grad(sm: Variable, y: Variable, ar: Variable | None = None, g: Variable | None = None,
                       w: Variable | None = None, dy: Variable | None = None) -> Variable | None:
    """The nll gradient reaching a softmax -> CrossentropySoftmax1HotWithBiasDx(dy, sm, y)."""
    if ar is not None and not _rows_arange(ar, sm, y):
        return None
    if g is not None:  # SoftmaxGrad(onehot(g) / sm, sm)
        dy = -g
    elif w is not None:  # SoftmaxGrad(onehot(w), sm) = -(w * sm[arange, y]) * (sm - onehot)
        dy = -(w * AdvancedSubtensor((INDEX, INDEX))(sm, ar, y))
    return nnet.crossentropy_softmax_1hot_with_bias_dx(dy, sm, y)


def _dx_useless_fill(x: Variable, dy: Variable, node: Any) -> Variable | None:
    """Dx(fill(a, x), sm, y) -> Dx(x, sm, y): the op broadcasts dy to the rows."""
    if x.ndim > 1 or (x.ndim == 1 and not x.broadcastable[0] and x.broadcastable != dy.broadcastable):
        return None
    return node.op(x, *node.inputs[1:])


def _fused_softmax_output(var: Variable, fgraph: Any, z: Variable | None = None, w: Variable | None = None,
                          b: Variable | None = None) -> Variable | None:
    """Softmax(x + b) (or SoftmaxWithBias(x, b)) -> output 1 of a fused cross-entropy node on the same (x, b)."""
    if z is not None:
        w, b = split_bias(z) or (z, None)
    for client, k in fgraph.clients.get(w, []):
        if client == "output" or k != 0 or not isinstance(client.op, nnet.CrossentropySoftmaxArgmax1HotWithBias):
            continue
        cb = client.inputs[1]
        if (cb is b or (b is None and is_zeros(cb))) and client.outputs[1].type == var.type:
            return client.outputs[1]
    return None


def _logsoftmax_grad(num: Variable, sm: Variable, node: Any) -> Variable | None:
    """The gradient of log(softmax(x)) without dividing by the softmax (which underflows for large inputs), as
    Theano's local_logsoftmax_grad; a one-hot numerator is left to the cross-entropy gradient rules."""
    if node.inputs[1] is not sm or num.ndim != 2 or num.dtype not in _dt.float_dtypes:
        return None
    if num.owner is not None and isinstance(num.owner.op, (AdvancedIncSubtensor, nnet.CrossentropyCategorical1HotGrad)):
        return None
    out = num - num.sum(axis=1, keepdims=True) * sm
    return out if out.type == node.outputs[0].type else None


_EXP = P.exp(x.where(lambda v: v.ndim in (1, 2) and v.dtype in _dt.float_dtypes), name="e")
_LAST_AXIS_SUM = OpP(Sum, _EXP).where(_reduces_last_axis)
_PICK = dict(idx_list=_two_indices)

RULES = tagged(TAGS, [
    Rule(_EXP / OpP(DimShuffle, _LAST_AXIS_SUM, new_order=_keepdims), _softmax,
         name="local_softmax"),  # exp(x) / sum(exp(x), -1, keepdims) -> softmax(x)
    Rule(OpP(nnet.Softmax, P.sub(x, a.where(lambda v: v.broadcastable[1:2] == (True,)), name="z")), _softmax_shift,
         name="local_softmax_shift"),  # softmax(x - max(x, 1, keepdims)) -> softmax(x)
    Rule(OpP(nnet.Softmax, P.add(..., name="z")), _softmax_with_bias,
         name="local_softmax_with_bias"),  # softmax(x + b) -> softmax_with_bias(x, b)
    Rule(P.log(SOFTMAX), _log_softmax,
         name="local_logsoftmax"),  # log(softmax(z)) -> logsoftmax(z)
    Rule(P.log(OpP(AdvancedSubtensor, SOFTMAX, ar, y, **_PICK)), _picked_nll,
         name="local_log_indexed_softmax"),  # log(softmax(z)[arange(n), y]) -> -nll
    Rule(OpP(AdvancedSubtensor, OpP(nnet.LogSoftmax, z) | P.log(SOFTMAX), ar, y, **_PICK), _picked_nll,
         name="local_advanced_indexing_crossentropy_onehot"),  # log(softmax(z))[arange(n), y] -> -nll
    Rule(OpP(nnet.CrossentropyCategorical1Hot, SOFTMAX, y), lambda y, **c: _nll_fused(logits(**c), y),
         when=lambda var, fgraph: _value_read(var, fgraph),
         name="crossentropy_to_crossentropy_with_softmax"),  # xent(softmax(z), y) -> nll
    Rule(OpP(nnet.SoftmaxGrad, onehot(g) / SOFTMAX_OUT, SOFTMAX_OUT)
         | OpP(nnet.SoftmaxGrad, onehot(w), SOFTMAX_OUT)
         | OpP(nnet.SoftmaxGrad, OpP(nnet.CrossentropyCategorical1HotGrad, dy, SOFTMAX_OUT, y), SOFTMAX_OUT),
         _crossentropy_grad, name="local_advanced_indexing_crossentropy_onehot_grad"),  # softmax_grad(onehot(g) / sm, sm) -> dx(-g, sm, y)
    Rule(P.sub(onehot(w).named("a"), OpP(DimShuffle, OpP(Sum, a).where(lambda v: v.owner.op.reduce_axes(2) == (1,)),
                                         new_order=(0, "x")) * SOFTMAX_OUT),
         lambda w, ar, y, sm: _crossentropy_grad(sm, y, ar, g=w),
         name="local_logsoftmax_crossentropy_grad"),  # onehot(w) - rowsum(onehot(w)) * sm -> dx(-w, sm, y)
    Rule(OpP(nnet.CrossentropySoftmax1HotWithBiasDx, P.second(a, x, name="dy"), ...), _dx_useless_fill,
         name="local_useless_crossentropy_softmax_1hot_with_bias_dx_alloc"),  # dx(fill(a, g), sm, y) -> dx(g, sm, y)
    Rule(SOFTMAX, _fused_softmax_output,
         name="graph_merge_softmax_with_crossentropy_softmax"),  # softmax(x + b) -> fused op's softmax output
    # --- issue 10: nnet extras
    Rule(OpP(nnet.SoftmaxGrad, P.true_div(Capture("num"), OpP(nnet.Softmax, ...).named("sm")), ...), _logsoftmax_grad,
         name="local_logsoftmax_grad"),  # softmax_grad(g / softmax(x), softmax(x)) -> g - rowsum(g) * softmax(x)
])
