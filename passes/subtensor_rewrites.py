"""Theano's subtensor rewrites (part of `canonicalize`): fewer and smaller index ops before tracing.

`x[a:b][c]` -> one Subtensor with Theano's slice arithmetic (`local_subtensor_merge`), `x[0, :]` -> `x[0]`
(`local_useless_slice`), `x[0:n]` of an x of length n -> `x` (`local_useless_subtensor`), `f(x)[i]` ->
`f(x[i])` (`local_subtensor_lift`), `set_subtensor(x[i], y)[i]` -> `y`, `[a, b, c][0:2]` -> `[a, b]`,
`alloc(v, n, m)[i]` -> `alloc(v, m)`, useless or serialisable increments. Every rewrite keeps the values
exactly, and keeps the run-time errors of the graph as written: an index that is out of bounds for the
first Subtensor of a merged pair becomes an index out of bounds for the merged one (as Theano does).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import tensor as T
from theano.frontend.graph import Constant, Variable
from theano.frontend.ops.advanced_subtensor import (AdvancedIncSubtensor, AdvancedIncSubtensor1,
                                                    AdvancedSubtensor, AdvancedSubtensor1)
from theano.frontend.ops.alloc import Alloc, ARange
from theano.frontend.ops.broadcast import Rebroadcast
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.host_check import Assert
from theano.frontend.ops.scalar_conversion import ScalarFromTensor, TensorFromScalar
from theano.frontend.ops.shape import MakeVector, Shape, Shape_i, SpecifyShape
from theano.frontend.ops.subtensor import (IncSubtensor, Subtensor, _lt, _mul, as_int64, collapse, fill_idx_list,
                                           known_int, make_constant, slice_length)
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, x
from theano.passes.slice_merge import _and, _ge, merge_two_slices
from theano.passes.utils import constant_int

TAGS = ("canonicalize", "fast_run")


# --------------------------------------------------------------------------- helpers

def _entries(node: Any) -> list:
    """The idx_list of a Subtensor/IncSubtensor node filled with its index inputs (constants as python ints)."""
    first = 2 if isinstance(node.op, IncSubtensor) else 1

    def conv(e: Any) -> Any:
        if isinstance(e, slice):
            return slice(conv(e.start), conv(e.stop), conv(e.step))
        k = known_int(e) if isinstance(e, Constant) else None
        return k if k is not None else e
    return [conv(e) for e in fill_idx_list(node.op.idx_list, node.inputs[first:])]


def _subtensor(x: Variable, entries: Sequence[Any]) -> Variable:
    """x[entries] for entries of python ints, int scalar variables and slices of them (None for a default)."""
    entries = list(make_constant([as_int64(e) if isinstance(e, Variable) and e.dtype not in
                                  ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32") else e
                                  for e in entries]))
    inputs = collapse(entries, lambda e: isinstance(e, Variable))
    return Subtensor(entries)(x, *inputs)


def _dim(v: Variable, i: int) -> Any:
    """Length of axis i of v: 1 where broadcastable, else Shape_i{i}(v)."""
    return 1 if v.broadcastable[i] else Shape_i(i)(v)


def _is_full_slice(e: Any, allow_reverse: bool = False) -> bool:
    return (isinstance(e, slice) and e.start is None and e.stop is None
            and (e.step is None or e.step == 1 or (allow_reverse and e.step == -1)))


# --------------------------------------------------------------------------- local_subtensor_merge

def _merge(node: Any) -> Variable | None:
    """Subtensor(Subtensor(x, idx1), idx2) -> Subtensor(x, merged)."""
    u = node.inputs[0]
    x = u.owner.inputs[0]
    slices1, slices2 = _entries(u.owner), _entries(node)
    merged: list = []
    pos_1 = pos_2 = 0
    while pos_1 < len(slices1) and pos_2 < len(slices2):
        s1 = slices1[pos_1]
        if isinstance(s1, slice):
            merged.append(merge_two_slices(s1, _dim(x, pos_1), slices2[pos_2]))
            pos_2 += 1
        else:
            merged.append(s1)
        pos_1 += 1
    merged += slices2[pos_2:] if pos_2 < len(slices2) else slices1[pos_1:]
    merged = [slice(*(None if p is None else p for p in (e.start, e.stop, e.step))) if isinstance(e, slice) else e
              for e in merged]
    return _subtensor(x, merged)


# --------------------------------------------------------------------------- simple Subtensor rewrites

def _useless_slice(node: Any, x: Variable) -> Variable | None:
    """x[0, :, :] -> x[0]: trailing full slices go."""
    entries = _entries(node)
    keep = len(entries)
    while keep and _is_full_slice(entries[keep - 1]):
        keep -= 1
    if keep == len(entries):
        return None
    return _subtensor(x, entries[:keep])


def _same_dim(stop: Any, x: Variable, axis: int) -> bool:
    """`stop` is known to equal x's length on `axis` (its Shape_i, or a constant equal to a constant length)."""
    while isinstance(stop, Variable) and stop.owner is not None and isinstance(stop.owner.op, Elemwise) \
            and getattr(stop.owner.op.scalar_op, "name", None) in ("identity", "cast") or (
            isinstance(stop, Variable) and stop.owner is not None
            and isinstance(stop.owner.op, (ScalarFromTensor, TensorFromScalar))):
        stop = stop.owner.inputs[0]
    if not isinstance(stop, Variable) or stop.owner is None:
        return False
    op = stop.owner.op
    if isinstance(op, Shape_i):
        return op.i == axis and stop.owner.inputs[0] is x
    if isinstance(op, Subtensor) and stop.owner.inputs[0].owner is not None \
            and isinstance(stop.owner.inputs[0].owner.op, Shape):
        k = constant_int(stop.owner.inputs[1]) if len(stop.owner.inputs) == 2 else None
        return k == axis and stop.owner.inputs[0].owner.inputs[0] is x
    return False


def _known_dim(x: Variable, axis: int) -> int | None:
    """x's length on `axis` when the graph states it (broadcastable, or a constant SpecifyShape entry)."""
    if x.broadcastable[axis]:
        return 1
    while x.owner is not None:
        op = x.owner.op
        if isinstance(op, SpecifyShape):
            shp = x.owner.inputs[1]
            if isinstance(shp, Constant):
                return int(np.asarray(shp.data)[axis])
            if shp.owner is not None and isinstance(shp.owner.op, MakeVector):
                return constant_int(shp.owner.inputs[axis])
            return None
        if isinstance(op, Elemwise) and len(x.owner.inputs) == 1 and x.owner.inputs[0].ndim == x.ndim:
            x = x.owner.inputs[0]
            continue
        return None
    return None


def _useless_subtensor(node: Any, x: Variable) -> Variable | None:
    """x[0:n, :] -> x when every entry is a slice from 0, step 1, to at least x's length."""
    entries = _entries(node)
    for axis, e in enumerate(entries):
        if not isinstance(e, slice) or e.start not in (None, 0) or e.step not in (None, 1):
            return None
        if e.stop is None:
            continue
        if isinstance(e.stop, int):
            n = _known_dim(x, axis)
            if n is None or e.stop < n:
                return None
        elif not _same_dim(e.stop, x, axis):
            return None
    return x


def _useless_adv_subtensor1(node: Any, x: Variable) -> Variable | None:
    """x[[0, 1, ..., n-1]] (a constant or arange(0, n, 1)) -> x, where x's length n is known."""
    n = _known_dim(x, 0)
    if n is None:
        return None
    idx = node.inputs[1]
    if isinstance(idx, Constant):
        vals = np.asarray(idx.data)
        return x if vals.shape == (n,) and (vals == np.arange(n)).all() else None
    if idx.owner is not None and isinstance(idx.owner.op, ARange):
        parts = [constant_int(v) for v in idx.owner.inputs]
        return x if parts == [0, n, 1] else None
    return None


def _remove_broadcastable_index(node: Any, x: Variable) -> Variable | None:
    """x[:, 0] -> x.dimshuffle(0) where x's axis 1 is broadcastable (index 0 or -1 of a length-1 axis)."""
    removed = []
    for axis, e in enumerate(_entries(node)):
        if isinstance(e, slice):
            if not _is_full_slice(e) or e.step is not None:
                return None
        elif e in (0, -1) and not isinstance(e, Variable) and x.broadcastable[axis]:
            removed.append(axis)
        else:
            return None
    if not removed:
        return None
    return x.dimshuffle(tuple(k for k in range(x.ndim) if k not in removed))


def _subtensor_of_set(node: Any, inc: Variable) -> Variable | None:
    """set_subtensor(x[idx], y)[idx] -> y (allocated to x[idx]'s shape where y broadcasts)."""
    inode = inc.owner
    if not inode.op.set_instead_of_inc or inode.op.idx_list != node.op.idx_list:
        return None
    if list(inode.inputs[2:]) != list(node.inputs[1:]):
        return None
    y = inode.inputs[1]
    out = node.outputs[0]
    if y.dtype != out.dtype:
        y = T.cast(y, out.dtype)
    if y.broadcastable == out.broadcastable:
        return y
    region = node.op(inode.inputs[0], *inode.inputs[2:])
    return T.alloc(y, *[region.shape[k] for k in range(region.ndim)])


def _subtensor_of_make_vector(node: Any, vec: Variable) -> Variable | None:
    """[a, b, c][0:2] -> [a, b]; [a, b, c][[0, 2]] -> [a, c] (constant indices)."""
    items = vec.owner.inputs
    if isinstance(node.op, AdvancedSubtensor1):
        idx = node.inputs[1]
        if not isinstance(idx, Constant):
            return None
        vals = [int(v) for v in np.asarray(idx.data).ravel()]
        if any(not -len(items) <= v < len(items) for v in vals):
            return None  # keep the run-time IndexError
        return MakeVector(vec.owner.op.dtype)(*[items[v] for v in vals])
    e, = _entries(node)
    if not isinstance(e, slice) or any(isinstance(p, Variable) for p in (e.start, e.stop, e.step)):
        return None
    if e.step == 0:
        return None
    return MakeVector(vec.owner.op.dtype)(*items[e])


def _lift(node: Any, u: Variable, fgraph: Any) -> Variable | None:
    """f(a, b)[i] -> f(a[i], b[i]) (inputs without broadcastable dims, or scalar-like ones); rebroadcast(a)[i] ->
    rebroadcast(a[i]). Only where f(a, b) is used there alone."""
    if len(fgraph.clients.get(u, [])) != 1:
        return None
    op = u.owner.op
    idx = node.inputs[1:]
    out = node.outputs[0]
    if isinstance(op, Elemwise) and len(u.owner.outputs) == 1:
        ins = u.owner.inputs
        if len(ins) == 1:
            return op(node.op(ins[0], *idx))
        if all(not any(i.broadcastable) for i in ins):
            return op(*[node.op(i, *idx) for i in ins])
        if all(not any(i.broadcastable) or all(i.broadcastable) for i in ins) \
                and any(not any(i.broadcastable) for i in ins):
            new = []
            for i in ins:
                if not any(i.broadcastable):
                    new.append(node.op(i, *idx))
                elif out.ndim == i.ndim:
                    new.append(i)
                else:
                    new.append(_scalar_like(i, out.ndim))
            return op(*new)
        return None
    if isinstance(op, Rebroadcast):
        axes = []
        j = 0
        for k, e in enumerate(node.op.idx_list):
            if isinstance(e, slice):
                axes.append((j, u.broadcastable[k]))
                j += 1
        for k in range(len(node.op.idx_list), u.ndim):
            axes.append((j, u.broadcastable[k]))
            j += 1
        return Rebroadcast(*axes)(node.op(u.owner.inputs[0], *idx))
    return None


def _scalar_like(i: Variable, ndim: int) -> Variable:
    """A variable broadcastable in every dim, with `ndim` dims."""
    if i.owner is not None and isinstance(i.owner.op, DimShuffle) and i.owner.inputs[0].ndim == 0:
        base = i.owner.inputs[0]
    else:
        base = i.dimshuffle(()) if i.ndim else i
    return base.dimshuffle(("x",) * ndim) if ndim else base


def _subtensor_of_alloc(node: Any, u: Variable) -> Variable | None:
    """alloc(v, *dims)[idx] -> alloc(v[idx'], *dims'): only the part of v that is read is allocated.
    v.dimshuffle('x', 0) is alloc(v, 1, n) in canonical form (local_canonicalize_alloc), and is read as one."""
    if isinstance(u.owner.op, DimShuffle):
        val = u.owner.inputs[0]
        order = tuple(u.owner.op.new_order)
        k = len(order) - val.ndim
        if k <= 0 or order != ("x",) * k + tuple(range(val.ndim)):
            return None
        dims = [T.constant(1, dtype="int64")] * k + [T.as_tensor_variable(_dim(val, j)) for j in range(val.ndim)]
    else:
        val, dims = u.owner.inputs[0], list(u.owner.inputs[1:])
    entries = _entries(node)
    n_added = u.ndim - val.ndim
    new_dims: list = []
    val_entries: list = []
    for k, (e, dim) in enumerate(zip(entries, dims)):
        if k >= n_added:
            val_entries.append(slice(None) if val.broadcastable[k - n_added] else e)
        if isinstance(e, slice):
            new_dims.append(as_int64(slice_length(e.start, e.stop, e.step, _int_or_var(dim))))
    if any(isinstance(e, slice) for e in val_entries) or val_entries:
        new_val = _subtensor(val, val_entries) if val_entries else val
    else:
        new_val = val
    new_dims += dims[len(entries):]
    if new_val.ndim > len(new_dims):
        return None
    # an integer index into an added or broadcast axis must still be checked against the allocated length
    checks = []
    for k, (e, dim) in enumerate(zip(entries, dims)):
        if not isinstance(e, slice) and (k < n_added or val.broadcastable[k - n_added]):
            n = _int_or_var(dim)
            ok = _and(_ge(e, _mul(n, -1)), _lt(e, n))
            if ok is False:
                return None
            if ok is not True:
                checks.append(ok)
    if checks:
        new_val = Assert("index out of bounds")(new_val, *checks)
    return T.alloc(new_val, *new_dims)


def _int_or_var(v: Variable) -> Any:
    k = known_int(v) if isinstance(v, Constant) else None
    return k if k is not None else v


# --------------------------------------------------------------------------- increments

def _shape_entries(v: Variable) -> list | None:
    """The dims of v as the graph states them: ("dim", var, axis) keys or ints (broadcastable: 1)."""
    out = []
    for k in range(v.ndim):
        if v.broadcastable[k]:
            out.append(1)
            continue
        out.append(_dim_key(v, k))
    return out


def _dim_key(v: Variable, k: int) -> Any:
    """A key that equals for two dims known to have the same length."""
    seen = 0
    while v.owner is not None and seen < 20:
        seen += 1
        op = v.owner.op
        if isinstance(op, SpecifyShape):
            shp = v.owner.inputs[1]
            if isinstance(shp, Constant):
                return int(np.asarray(shp.data)[k])
            if shp.owner is not None and isinstance(shp.owner.op, MakeVector):
                entry = shp.owner.inputs[k]
                c = constant_int(entry)
                if c is not None:
                    return c
                if entry.owner is not None and isinstance(entry.owner.op, Shape_i):
                    v, k = entry.owner.inputs[0], entry.owner.op.i
                    continue
                if entry.owner is not None and isinstance(entry.owner.op, Subtensor) \
                        and entry.owner.inputs[0].owner is not None \
                        and isinstance(entry.owner.inputs[0].owner.op, Shape) and len(entry.owner.inputs) == 2:
                    j = constant_int(entry.owner.inputs[1])
                    if j is None:
                        break
                    v, k = entry.owner.inputs[0].owner.inputs[0], j
                    continue
                return ("entry", entry)
            if shp.owner is not None and isinstance(shp.owner.op, Shape):
                v = shp.owner.inputs[0]
                continue
            break
        if isinstance(op, Elemwise) and all(not i.broadcastable[k] and i.ndim == v.ndim for i in v.owner.inputs[:1]):
            v = v.owner.inputs[0]
            continue
        break
    if v.broadcastable[k]:
        return 1
    return ("dim", v, k)


def _useless_inc_subtensor(node: Any, x: Variable) -> Variable | None:
    """set_subtensor(x[:, ::-1], y) -> y[:, ::-1] (and inc of zeros) where y has x's shape."""
    y = node.inputs[1]
    if not node.op.set_instead_of_inc:
        from theano.passes.pattern import scalar_constant
        if scalar_constant(x) != 0 or scalar_constant(x) is None:
            return None
    if x.ndim != y.ndim or x.broadcastable != y.broadcastable:
        return None
    entries = _entries(node)
    if not all(_is_full_slice(e, allow_reverse=True) for e in entries):
        return None
    if _shape_entries(x) != _shape_entries(y):
        return None
    if all(e.step is None or e.step == 1 for e in entries):
        return y
    return Subtensor(node.op.idx_list)(y, *node.inputs[2:])


def _set_to_inc(node: Any, x: Variable) -> Variable | None:
    """x[ilist] = x[ilist] + other -> x[ilist] += other (AdvancedIncSubtensor1)."""
    if not node.op.set_instead_of_inc:
        return None
    y, ilist = node.inputs[1], node.inputs[2]
    if y.owner is None or not isinstance(y.owner.op, Elemwise) or getattr(y.owner.op.scalar_op, "name", None) != "add" \
            or len(y.owner.inputs) != 2:
        return None
    a, b = y.owner.inputs
    for sub, other in ((a, b), (b, a)):
        if sub.owner is not None and isinstance(sub.owner.op, AdvancedSubtensor1) \
                and sub.owner.inputs[0] is x and sub.owner.inputs[1] is ilist:
            return AdvancedIncSubtensor1()(x, other, ilist)
    return None


def _adv_sub1_of_set(node: Any, inc: Variable) -> Variable | None:
    """AdvancedSubtensor1(AdvancedSetSubtensor1(x, y, idx), idx) -> y, asserting idx in bounds and len(idx) == len(y)."""
    inode = inc.owner
    idx = node.inputs[1]
    if not inode.op.set_instead_of_inc or inode.inputs[2] is not idx:
        return None
    x0, y = inode.inputs[0], inode.inputs[1]
    if y.ndim != node.outputs[0].ndim:
        return None
    n = x0.shape[0]
    cond = [T.all(T.and_(T.lt(idx, n), T.ge(idx, -n)))]
    if y.broadcastable[0] or _dim_key(y, 0) != _dim_key(idx, 0):
        cond.append(T.eq(idx.shape[0], y.shape[0]))
    r = Assert("Bad indexing or shapes in a AdvancedIncSubtensor1 that was optimized away")(y, *cond)
    if r.dtype != node.outputs[0].dtype:
        r = T.cast(r, node.outputs[0].dtype)
    return r


def _inc_of_alloc(node: Any, x: Variable) -> Variable | None:
    """inc_subtensor(x[i], alloc(z, *shape)) -> inc_subtensor(x[i], z): the increment broadcasts by itself
    (with an Assert that y's shape would have fit x[i], so no shape error is hidden)."""
    y = node.inputs[1]
    if y.owner is None or not isinstance(y.owner.op, Alloc):
        return None
    idx = node.inputs[2:]
    z = y.owner.inputs[0]
    op = node.op
    if isinstance(op, IncSubtensor):
        xi = Subtensor(op.idx_list)(x, *idx)
    elif isinstance(op, AdvancedIncSubtensor1):
        xi = AdvancedSubtensor1()(x, *idx)
    else:
        xi = AdvancedSubtensor(op.idx_list)(x, *idx) if getattr(op, "idx_list", None) is not None \
            else AdvancedSubtensor()(x, *idx)
    if xi.ndim > y.ndim:
        y = T.shape_padleft(y, xi.ndim - y.ndim)
    z_broad = (True,) * (xi.ndim - z.ndim) + tuple(z.broadcastable)
    cond = []
    for k in range(xi.ndim):
        if not z_broad[k]:
            continue
        yk = _alloc_dim(y, k)
        if yk == 1:
            continue
        if _dim_key(xi, k) == _dim_key(y, k):
            continue
        ys = y.shape[k]
        cond.append(T.or_(T.eq(ys, 1), T.eq(ys, xi.shape[k])))
    if cond:
        z = Assert("`x[i]` and `y` do not have the same shape.")(z, *cond)
    return op(x, z, *idx)


def _alloc_dim(y: Variable, k: int) -> Any:
    if y.broadcastable[k]:
        return 1
    node = y.owner
    if node is not None and isinstance(node.op, DimShuffle):  # a padded alloc
        order = node.op.new_order
        if order[k] == "x":
            return 1
        y, k = node.inputs[0], order[k]
    if y.owner is not None and isinstance(y.owner.op, Alloc):
        return constant_int(y.owner.inputs[1 + k])
    return None


def _inc_serialize(node: Any, var: Variable, fgraph: Any) -> Variable | None:
    """add(x, inc(b, c, i), inc(b2, d, j)) -> inc(inc(add(x, b, b2), c, i), d, j) (Theano's
    local_IncSubtensor_serialize): gradients of several indexings become one chain of increments, not one
    full-size array per index added together."""
    def movable(v: Variable) -> bool:
        o = v.owner
        return (o is not None and isinstance(o.op, (IncSubtensor, AdvancedIncSubtensor1, AdvancedIncSubtensor))
                and not o.op.set_instead_of_inc and v.type == var.type and len(fgraph.clients.get(v, [])) == 1)

    moving = [v for v in node.inputs if movable(v)]
    if not moving:
        return None
    rest = [v for v in node.inputs if not movable(v)] + [v.owner.inputs[0] for v in moving]
    tip = rest[0] if len(rest) == 1 else node.op(*rest)
    if tip.type != var.type:
        return None
    for v in moving:
        o = v.owner
        tip = o.op(tip, *o.inputs[1:])
    return tip


# --------------------------------------------------------------------------- the rules

SUBTENSOR_RULES = tagged(TAGS, [
    Rule(OpP(Subtensor, OpP(Subtensor, ...), ...), lambda node: _merge(node),
         name="local_subtensor_merge"),  # x[a:b][c] -> x[a + c*step]
    Rule(OpP(Subtensor, x, ...), _useless_slice, name="local_useless_slice"),  # x[0, :] -> x[0]
    Rule(OpP(Subtensor, x, ...), _useless_subtensor, name="local_useless_subtensor"),  # x[0:len(x)] -> x
    Rule(OpP(AdvancedSubtensor1, x, ...), _useless_adv_subtensor1,
         name="local_useless_subtensor"),  # x[[0, 1, .., n-1]] -> x
    Rule(OpP(Subtensor, x, ...), _remove_broadcastable_index,
         name="local_subtensor_remove_broadcastable_index"),  # x[:, 0] -> x.dimshuffle(0) for a broadcastable axis 1
    Rule(OpP(Subtensor, OpP(IncSubtensor, ..., name="inc"), ...), _subtensor_of_set,
         name="local_subtensor_inc_subtensor"),  # set_subtensor(x[i], y)[i] -> y
    Rule(OpP((Subtensor, AdvancedSubtensor1), OpP(MakeVector, ..., name="vec"), ...), _subtensor_of_make_vector,
         name="local_subtensor_make_vector"),  # [a, b, c][0:2] -> [a, b]
    Rule(OpP(Subtensor, OpP((Elemwise, Rebroadcast), ..., name="u"), ...), _lift,
         name="local_subtensor_lift"),  # f(a, b)[i] -> f(a[i], b[i])
    Rule(OpP(Subtensor, OpP((Alloc, DimShuffle), ..., name="u"), ...), _subtensor_of_alloc,
         name="local_subtensor_of_alloc"),  # alloc(v, n, m)[i] -> alloc(v[i], m)
    Rule(OpP(IncSubtensor, x, ...), _useless_inc_subtensor,
         name="local_useless_inc_subtensor"),  # set_subtensor(x[:], y) -> y
    Rule(OpP(AdvancedIncSubtensor1, x, ...), _set_to_inc,
         name="local_set_to_inc_subtensor"),  # x[l] = x[l] + o -> x[l] += o
    Rule(OpP(AdvancedSubtensor1, OpP(AdvancedIncSubtensor1, ..., name="inc"), ...), _adv_sub1_of_set,
         name="local_adv_sub1_adv_inc_sub1"),  # set_subtensor(x[l], y)[l] -> y
    Rule(OpP((IncSubtensor, AdvancedIncSubtensor1, AdvancedIncSubtensor), x, ...), _inc_of_alloc,
         name="local_useless_inc_subtensor_alloc"),  # x[i] += alloc(z, n) -> x[i] += z
])

# Theano runs it before canonicalize (optdb position 0.99), while the gradient's increments of zeros are still
# increments (canonicalize makes them sets)
SERIALIZE_RULES = tagged(("fast_run",), [
    Rule(OpP(Elemwise, ...).where(lambda v: getattr(v.owner.op.scalar_op, "name", None) == "add"), _inc_serialize,
         name="local_IncSubtensor_serialize", roots=[("E", "add")]),  # a + inc(b, c, i) -> inc(a + b, c, i)
])
