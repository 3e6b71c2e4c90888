"""Lowering of theano.typed_list's ops. A list is a tuple of element values inside a program
(lowering/typed_list_values.py), so most ops are tuple operations at trace time:

- append, extend, reverse, length, make_list, and getitem with a constant index or a slice: structural;
- getitem with a symbolic index / insert at a symbolic position: when the elements share one shape the program
  selects (`lax.switch` over the elements; an index out of range is a run-time IndexError; insert: a `where` per
  output element), so one program serves every index; when they differ the host shape program hands the position over
  (`ListKey`, `ctx.out_shapes[-1]`) and the program is compiled per position;
- remove: the host finds the first equal element (the result's length depends on it);
- index, count: compared in the program (every element against elem, NaN equal to NaN as in
  TensorType.values_eq); index of a missing element is a run-time ValueError.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.config import config
from theano.frontend.typed_list.basic import (Append, Count, Extend, GetItem, Index, Insert, Length, ListKey,
                                              MakeList, Remove, Reverse, _insert_position, uniform)
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check
from theano.lowering.typed_list_values import as_program_list, as_slice, equal, host_element


def _concrete(v: Any) -> bool:
    return not isinstance(v, jax.core.Tracer)


def _key(ctx: LoweringContext) -> int | None:
    """The host's integer for this node (ListKey), when the shape program computed one."""
    if not ctx.out_shapes:
        return None
    return int(ctx.out_shapes[-1][0])


@lowers(GetItem)
def lower_getitem(node: Any, ctx: LoweringContext, x: Any, index: Any) -> Any:
    x = as_program_list(x)
    if not hasattr(node.inputs[1].type, "ndim"):  # a slice: static
        return [x[as_slice(index)]]
    if _concrete(index):
        i = int(np.asarray(index))
        if not -len(x) <= i < len(x):
            raise IndexError("list index out of range")
        return [x[i]]  # one output (an element may itself be a tuple: a list of lists)
    key = _key(ctx)
    if key is not None and key >= 0:
        return [x[key]]
    if not x or not uniform(x):
        raise NotImplementedError(f"theano-xla: {node.op} with a symbolic index of a list whose elements differ in "
                                  "shape needs the index on the host, which this evaluation does not have")
    n = len(x)
    i = jnp.asarray(index).astype(jnp.int64)
    check((i < -n) | (i >= n), IndexError, "list index out of range")
    # a switch over the elements: one is read (stacking them first would copy the whole list on every call:
    # 178 ms against 0.3 ms for 16 matrices of 512 x 512 on the CPU)
    return [jax.lax.switch(jnp.where(i < 0, i + n, i), [lambda k=k: x[k] for k in range(n)])]


@lowers(Append)
def lower_append(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    return [as_program_list(x) + (_element(node, y),)]


def _element(node: Any, y: Any) -> Any:
    return as_program_list(y) if isinstance(y, list) else y


@lowers(Extend)
def lower_extend(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    return [as_program_list(x) + as_program_list(y)]


@lowers(Reverse)
def lower_reverse(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return [as_program_list(x)[::-1]]


@lowers(Length)
def lower_length(node: Any, ctx: LoweringContext, x: Any) -> Any:
    return np.asarray(len(as_program_list(x)), dtype="int64")


@lowers(MakeList)
def lower_make_list(node: Any, ctx: LoweringContext, *elements: Any) -> Any:
    return [tuple(_element(node, y) for y in elements)]


@lowers(Insert)
def lower_insert(node: Any, ctx: LoweringContext, x: Any, index: Any, y: Any) -> Any:
    x, y = as_program_list(x), _element(node, y)
    n = len(x)
    if _concrete(index):
        p = _insert_position(int(np.asarray(index)), n)
        return [x[:p] + (y,) + x[p:]]
    key = _key(ctx)
    if key is not None and key >= 0:
        return [x[:key] + (y,) + x[key:]]
    if not uniform(x + (y,)):
        raise NotImplementedError(f"theano-xla: {node.op} at a symbolic position into a list whose elements differ "
                                  "in shape needs the position on the host, which this evaluation does not have")
    i = jnp.asarray(index).astype(jnp.int64)
    p = jnp.where(i < 0, jnp.maximum(i + n, 0), jnp.minimum(i, n))
    if n == 0:
        return [(y,)]
    out = []
    for j in range(n + 1):  # element j: x[j] before p, y at p, x[j - 1] after (p <= n: x[n] is never read)
        after = x[j - 1] if j > 0 else x[0]
        before = x[j] if j < n else after
        out.append(jax.tree_util.tree_map(
            lambda b, a, v: jnp.where(j < p, b, jnp.where(j == p, v, a)), before, after, y))
    return [tuple(out)]


def _first_match(ttype: Any, x: tuple, y: Any) -> int:
    """The position of the first element equal to y, or -1 (on concrete values, with Theano's values_eq)."""
    want = host_element(ttype, y)
    for k, v in enumerate(x):
        if ttype.values_eq(host_element(ttype, v), want):
            return k
    return -1


@lowers(Remove)
def lower_remove(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    x = as_program_list(x)
    key = _key(ctx)
    if key is None:
        if not all(_concrete(v) for v in jax.tree_util.tree_leaves((x, y))):
            raise NotImplementedError(f"theano-xla: {node.op} needs the position of the element to remove from the "
                                      "host shape program, which this evaluation does not have")
        key = _first_match(node.inputs[0].type.ttype, x, _element(node, y))
    return [x if key < 0 else x[:key] + x[key + 1:]]


def _matches(node: Any, x: Any, y: Any) -> list[Any]:
    ttype = node.inputs[0].type.ttype
    y = _element(node, y)
    return [jnp.asarray(equal(ttype, v, y)) for v in as_program_list(x)]


@lowers(Index)
def lower_index(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    found = _matches(node, x, y)
    if not found:
        raise ValueError(f"{node.op}: the element is not in the list (the list is empty)")
    hits = jnp.stack(found)
    if all(_concrete(h) for h in found) and not bool(np.any(np.asarray(hits))):
        raise ValueError(f"{node.op}: the element is not in the list")
    check(~jnp.any(hits), ValueError, "Index: the element is not in the list")
    return jnp.argmax(hits).astype(config.floatX)


@lowers(Count)
def lower_count(node: Any, ctx: LoweringContext, x: Any, y: Any) -> Any:
    found = _matches(node, x, y)
    if not found:
        return np.asarray(0, dtype=config.floatX)
    return jnp.sum(jnp.stack(found).astype(config.floatX))


@lowers(ListKey)
def lower_list_key(node: Any, ctx: LoweringContext, x: Any, *rest: Any) -> Any:
    """Runs on the host only (in the shape program), on the call's concrete values."""
    x = as_program_list(x)
    n = len(x)
    kind = node.op.kind
    if kind == "getitem":
        i = int(np.asarray(rest[0]))
        if not -n <= i < n:
            raise IndexError("list index out of range")
        return np.asarray(-1 if uniform(x) else i % n, dtype="int64")
    if kind == "insert":
        p = _insert_position(int(np.asarray(rest[0])), n)
        return np.asarray(-1 if uniform(x + (_element(node, rest[1]),)) else p, dtype="int64")
    return np.asarray(_first_match(node.inputs[0].type.ttype, x, _element(node, rest[0])), dtype="int64")
