"""Alloc and Reshape rewrites of Theano 1.0.5's tensor/opt.py (canonicalize), under Theano's names.

- local_merge_alloc: alloc(alloc(m, *s1), *s2) -> alloc(m, *s2), where each dim s1 gives (not a constant 1) is
  checked against s2's by an Assert, so a shape error still raises.
- local_canonicalize_alloc: alloc(x, 1, 1, *s) -> alloc(x, *s).dimshuffle('x', 'x', ...): leading length-1 dims
  as broadcastable dims, which DimShuffle rewrites can cancel (an alloc of x's own type and shape is x:
  local_useless_alloc).
- local_useless_dimshuffle_in_reshape: reshape(x.dimshuffle(...), s) -> reshape(x, s) when the DimShuffle only
  adds or drops broadcastable dims without reordering the others.
- local_elemwise_alloc (specialize): f(alloc(x, *s), y) -> f(x, y) where y gives the result's shape, with an
  Assert that s is y's shape where that is not known (Theano's check, so a shape error still raises).
- local_reshape_to_dimshuffle: reshape(x, (1, m, 1, n)) -> reshape(x, (m, n)).dimshuffle('x', 0, 'x', 1).
"""
from __future__ import annotations

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.alloc import Alloc
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.host_check import Assert
from theano.frontend.ops.shape import MakeVector, Reshape, Shape_i
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, x
from theano.passes.utils import constant_int

SHAPE_ERROR = ("You have a shape error in your graph. To see a better error message and a stack trace of where in "
               "your code the error is created, use the Theano flags optimizer=None or optimizer=fast_compile.")


def _merge_alloc(node, x: Variable) -> Variable:
    """alloc(alloc(m, *inner), *outer) -> alloc(m, *outer'), outer' asserting equality with inner's non-1 dims."""
    m, inner = x.owner.inputs[0], list(x.owner.inputs[1:])
    outer = list(node.inputs[1:])
    for k in range(1, len(inner) + 1):
        di, do = inner[-k], outer[-k]
        if di is do or constant_int(di) == 1 or (constant_int(di) is not None and constant_int(di) == constant_int(do)):
            continue
        outer[-k] = Assert(SHAPE_ERROR)(do, T.eq(do, di))
    return node.op(m, *outer)


def _canonicalize_alloc(node, var: Variable, fgraph) -> Variable | None:
    """alloc(x, 1, ..., 1, *s) -> dimshuffle('x', ..., 'x', 0, ...)(alloc(x, *s)) (or of x itself)."""
    value = node.inputs[0]
    if value.type == var.type:
        return None  # local_useless_alloc decides (only an alloc of x's own shape is x)
    if fgraph is not None and any(c != "output" and isinstance(c.op, Alloc) for c, _ in fgraph.clients.get(var, [])):
        return None  # an alloc of it will merge with it first
    shape = list(node.inputs[1:])
    lead = 0
    for i in range(len(shape) - value.ndim):
        if constant_int(shape[i]) == 1:
            lead += 1
        else:
            break
    rest = shape[lead:]
    if lead == 0 or len(rest) < value.ndim:
        return None
    # x itself only where no dim of x is checked by the alloc (Theano drops the check; a shape error stays here)
    own = all(b and constant_int(e) == 1 for b, e in zip(value.broadcastable, rest[len(rest) - value.ndim:]))
    inner = value if own and len(rest) == value.ndim else node.op(value, *rest)
    return DimShuffle(inner.broadcastable, ["x"] * lead + list(range(len(rest))))(inner)


def _dimshuffle_in_reshape(node, x: Variable) -> Variable | None:
    """reshape(ds(x), s) -> reshape(x, s) when ds keeps the order of x's non-broadcastable dims."""
    ds = node.inputs[0]
    kept = [i for i, b in zip(ds.owner.op.new_order, ds.broadcastable) if not b]
    if any(a > b for a, b in zip(kept, kept[1:])):
        return None
    return node.op(x, node.inputs[1])


def _reshape_to_dimshuffle(node, var: Variable) -> Variable | None:
    """reshape(x, (1, m, 1, n)) -> reshape(x, (m, n)).dimshuffle('x', 0, 'x', 1)."""
    shp = node.inputs[1]
    if isinstance(shp, Constant):
        entries = [int(v) for v in np.asarray(shp.data).ravel()]
        items: list = entries
    elif shp.owner is not None and isinstance(shp.owner.op, MakeVector):
        items = list(shp.owner.inputs)
        entries = [constant_int(v) for v in items]
    else:
        return None
    if len(entries) != var.ndim or 1 not in entries:
        return None
    order: list = []
    new = []
    for e, item in zip(entries, items):
        if e == 1:
            order.append("x")
        else:
            order.append(len(new))
            new.append(item)
    if isinstance(shp, Constant):
        new_shape = T.constant(np.asarray(new, dtype=shp.dtype).reshape((len(new),)))
    else:
        new_shape = MakeVector(shp.dtype)(*new) if new else T.constant(np.zeros((0,), dtype=shp.dtype))
    inner = Reshape(len(new))(node.inputs[0], new_shape)
    return DimShuffle(inner.broadcastable, order)(inner)


def _alloc_of(i: Variable) -> tuple | None:
    """(alloc node, DimShuffle op or None) for an input that is alloc(v, *s) or alloc(v, *s).dimshuffle(...),
    (an alloc of v's own type too: its dims are checked like the others)."""
    node = i.owner
    ds = None
    if node is not None and isinstance(node.op, DimShuffle):
        ds, node = node.op, node.inputs[0].owner
    if node is None or not isinstance(node.op, Alloc):
        return None
    return node, ds


def _dim_entry(i: Variable, d: int) -> Variable:
    """A scalar for dim d of `i`, read through DimShuffles: an alloc's shape input, else Shape_i{d}."""
    while i.owner is not None and isinstance(i.owner.op, DimShuffle) and i.owner.op.new_order[d] != "x":
        i, d = i.owner.inputs[0], i.owner.op.new_order[d]
    if i.owner is not None and isinstance(i.owner.op, Alloc):
        return i.owner.inputs[1 + d]
    return Shape_i(d)(i)


def _dim_source(v: Variable) -> tuple[Variable, int] | None:
    """For Shape_i{d}(x): the (variable, d) whose length x's axis d has by construction, looking through elementwise
    ops (each non-broadcast input has the output's length there, or the op raises) and Asserts (identities)."""
    if v.owner is None or not isinstance(v.owner.op, Shape_i):
        return None
    x, d = v.owner.inputs[0], v.owner.op.i
    while x.owner is not None:
        op = x.owner.op
        if isinstance(op, Assert):
            x = x.owner.inputs[0]
        elif isinstance(op, Elemwise):
            same = [w for w in x.owner.inputs if w.ndim == x.ndim and not w.broadcastable[d]]
            if not same:
                break
            x = same[0]
        else:
            break
    return x, d


def _same_dim(a: Variable, b: Variable) -> bool:
    if a is b:
        return True
    sa, sb = _dim_source(a), _dim_source(b)
    if sa is not None and sb is not None and sa[0] is sb[0] and sa[1] == sb[1]:
        return True
    ca, cb = constant_int(a), constant_int(b)
    return ca is not None and ca == cb


def _elemwise_alloc(node, var: Variable) -> Variable | None:
    """f(alloc(x, *s), y) -> f(x, assert(y, s == y.shape)) when y already gives the result's shape: the
    elementwise op broadcasts x itself (Theano's local_elemwise_alloc)."""
    out = node.outputs[0]
    if any(o.broadcastable != out.broadcastable for o in node.outputs):
        return None
    found = [_alloc_of(i) for i in node.inputs]
    if not any(found):
        return None
    ref = next((k for k, i in enumerate(node.inputs) if i.broadcastable == out.broadcastable and not found[k]), None)
    if ref is None:
        allocs = [k for k, f in enumerate(found) if f]
        if len(allocs) < 2:
            return None
        ref = next((k for k in allocs if node.inputs[k].broadcastable == out.broadcastable), None)
        if ref is None:
            return None
    cmp = node.inputs[ref]
    conds = []
    new = list(node.inputs)
    for k, (i, f) in enumerate(zip(node.inputs, found)):
        if not f or k == ref:
            continue
        alloc_node, ds = f
        if i.ndim != cmp.ndim:
            return None
        for d in range(i.ndim):
            if i.broadcastable[d]:
                continue
            mine, theirs = _dim_entry(i, d), _dim_entry(cmp, d)
            if not _same_dim(mine, theirs):
                conds.append(T.eq(mine, theirs))
        value = alloc_node.inputs[0]
        pad = alloc_node.outputs[0].ndim - value.ndim
        if pad:
            value = DimShuffle(value.broadcastable, ["x"] * pad + list(range(value.ndim)))(value)
        if ds is not None:
            order = ds.new_order
            dropped = set(range(value.ndim)) - {o for o in order if o != "x"}
            if any(not value.broadcastable[d] for d in dropped):
                return None
            value = DimShuffle(value.broadcastable, order)(value)
        new[k] = value
    if conds:
        new[ref] = Assert()(cmp, *conds)
    return node.op(*new, return_list=True)[0] if len(node.outputs) == 1 else node.op(*new, return_list=True)


SPECIALIZE_RULES: list[Rule] = tagged(("specialize", "fast_run", "local_alloc_elemwise"), [
    Rule(OpP(Elemwise, ...), _elemwise_alloc, name="local_elemwise_alloc"),  # f(alloc(x, *y.shape), y) -> f(x, y)
])


RULES: list[Rule] = tagged(("canonicalize", "fast_run"), [
    Rule(OpP(Alloc, OpP(Alloc, ..., name="x"), ...), _merge_alloc,
         name="local_merge_alloc"),  # alloc(alloc(m, s1), s2) -> alloc(m, s2), s1 checked
    Rule(OpP(Alloc, ...), _canonicalize_alloc, name="local_canonicalize_alloc"),  # alloc(x, 1, n) -> alloc(x, n)[None]
    Rule(OpP(Reshape, OpP(DimShuffle, x), ...), _dimshuffle_in_reshape,
         name="local_useless_dimshuffle_in_reshape"),  # reshape(x.dimshuffle('x', 0), s) -> reshape(x, s)
    Rule(OpP(Reshape, ...), _reshape_to_dimshuffle,
         name="local_reshape_to_dimshuffle"),  # reshape(x, (1, n)) -> reshape(x, (n,)).dimshuffle('x', 0)
])
