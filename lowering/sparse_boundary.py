"""The scipy boundary of a compiled function for the parts of sparse matrices: exact lengths for csm_properties.

Inside a program `csm_properties(x)` returns x's data and indices padded to the nnz bucket
(lowering/sparse_values.py). Theano returns scipy's arrays, of length nnz. So:

- the CSMProperties rule records, per node and per trace, the real nnz (`indptr[-1]`, a traced scalar);
- `padded_source(var)` finds, on the graph, the CSMProperties node whose padded length a 1-d variable has (its
  data or indices, or an elementwise function of them, a copy, a CSMGrad / StructuredDotGrad data vector);
- a function output with such a source leaves the program as `Trimmed(padded array, nnz)` and the call returns
  the array sliced to nnz (`output_converters`); `Shape` of such a variable is its nnz (`padded_length`);
- evaluated eagerly (DebugMode, test values, constant folding) the rule slices at once: values are concrete.

The rest of a program keeps the padded arrays (a static length is what lets one compiled program serve every nnz
of a bucket).
"""
from __future__ import annotations

import functools
import sys
import threading
from typing import Any, Callable, Sequence

import jax
import numpy as np

from theano.frontend.graph import Apply, Variable

_local = threading.local()  # per thread: {id(CSMProperties node): (node, nnz)} of the trace in progress
_KEEP = 256


def _table() -> dict:
    table = getattr(_local, "nnz", None)
    if table is None:
        table = _local.nnz = {}
    return table


def record_nnz(node: Apply, nnz: Any) -> None:
    """Note the real number of stored entries behind a CSMProperties node's data/indices (called by its rule)."""
    table = _table()
    table[id(node)] = (node, nnz)
    if len(table) > _KEEP:  # bounded: only the entries of the current trace are ever read
        for key in list(table)[:len(table) - _KEEP]:
            del table[key]


def recorded_nnz(node: Apply) -> Any:
    entry = _table().get(id(node))
    return entry[1] if entry is not None and entry[0] is node else None


def _csm_properties_class() -> Any:
    from theano.frontend.sparse.basic import CSMProperties
    return CSMProperties


def padded_source(var: Variable) -> Apply | None:
    """The CSMProperties node whose padded nnz is `var`'s length inside a program, or None.

    `var` has one when it is csm_properties' data or indices, or a copy, a CSMGrad / StructuredDotGrad data vector,
    or an elementwise function whose full-length 1-d inputs all have that same source. Each variable is visited
    once (iteratively: a DAG like `r = r + r / 10` repeated is not walked as a tree), and a process that never
    built a CSMProperties node pays nothing."""
    basic = sys.modules.get("theano.frontend.sparse.basic")
    if basic is None or not basic.CSMProperties.built:
        return None
    from theano.frontend.ops.compile_ops import _Copyish
    from theano.frontend.ops.elemwise import Elemwise

    csm_props, passthrough = basic.CSMProperties, (_Copyish, basic.CSMGrad, basic._StructuredDotGrad)
    memo: dict[int, Apply | None] = {}

    def needs(v: Variable) -> tuple[list[Variable], Any]:
        """(the variables `v`'s source depends on, a function of their sources), or ([], the source)."""
        owner = v.owner
        if owner is None or getattr(v.type, "ndim", None) != 1:
            return [], None
        op = owner.op
        if isinstance(op, csm_props):
            return [], owner if owner.outputs.index(v) in (0, 1) else None
        if isinstance(op, passthrough):
            return [owner.inputs[0]], lambda srcs: srcs[0]
        if isinstance(op, Elemwise):
            full = [i for i in owner.inputs if getattr(i.type, "ndim", 0) == 1 and not i.type.broadcastable[0]]
            return (full, lambda srcs: srcs[0] if srcs[0] is not None and all(s is srcs[0] for s in srcs)
                    else None) if full else ([], None)
        return [], None

    stack = [var]
    while stack:
        v = stack[-1]
        if id(v) in memo:
            stack.pop()
            continue
        deps, combine = needs(v)
        if not deps:
            memo[id(v)] = combine
            stack.pop()
            continue
        missing = [d for d in deps if id(d) not in memo]
        if missing:
            stack.extend(missing)
            continue
        memo[id(v)] = combine([memo[id(d)] for d in deps])
        stack.pop()
    return memo[id(var)]


def padded_length(var: Variable, value: Any) -> Any:
    """The real length of `var` (a traced, padded value) when it has a CSMProperties source, else None."""
    if not isinstance(value, jax.core.Tracer):
        return None  # eager values are sliced already
    src = padded_source(var)
    return None if src is None else recorded_nnz(src)


@jax.tree_util.register_pytree_node_class
class Trimmed:
    """A padded 1-d output and its real length: the call returns `array[:nnz]`."""

    __slots__ = ("array", "nnz")

    def __init__(self, array: Any, nnz: Any):
        self.array, self.nnz = array, nnz

    def tree_flatten(self) -> tuple:
        return (self.array, self.nnz), None

    @classmethod
    def tree_unflatten(cls, aux: Any, children: tuple) -> "Trimmed":
        return cls(*children)

    def copy_to_host_async(self) -> None:
        for part in (self.array, self.nnz):
            getattr(part, "copy_to_host_async", lambda: None)()

    def to_host(self) -> np.ndarray:
        return np.array(np.asarray(self.array)[:int(np.asarray(self.nnz))])


def trim_padded_outputs(run: Callable[..., list], outputs: Sequence[Variable]) -> Callable[..., list]:
    """`run` (lower_graph's program) with each output that has a padded source returned as Trimmed."""
    sources = [(k, padded_source(v)) for k, v in enumerate(outputs)]
    sources = [(k, s) for k, s in sources if s is not None]
    if not sources:
        return run

    def program(static: Any, *arrays: Any) -> list:
        _table().clear()
        outs = list(run(static, *arrays))
        for k, src in sources:
            nnz = recorded_nnz(src)
            if nnz is not None and not isinstance(outs[k], Trimmed):
                outs[k] = Trimmed(outs[k], nnz)
        return outs
    return program


def output_converters(outputs: Sequence[Variable], copies: Sequence[bool]) -> dict[int, Callable[[Any], Any]]:
    """{output index: conversion to the value the call returns} for the outputs that are not plain arrays:
    sparse matrices (scipy) and trimmed csm_properties parts. Plain arrays are not in it."""
    from theano.lowering.sparse_values import to_scipy

    def convert(o: Any) -> Any:
        if isinstance(o, Trimmed):
            return o.to_host()
        return to_scipy(o)

    def convert_bsr(o: Any) -> Any:  # a bsr output: held as csr inside the program, returned as scipy's bsr
        return convert(o).tobsr()

    found = {k: convert_bsr if getattr(v.type, "format", None) == "bsr" else convert for k, v in enumerate(outputs)
             if getattr(v.type, "is_sparse", False) or padded_source(v) is not None}
    for k, v in enumerate(outputs):
        if getattr(v.type, "is_typed_list", False):  # a tuple inside the program, a Python list outside
            from theano.lowering.typed_list_values import to_host
            found[k] = functools.partial(to_host, copy=copies[k] if k < len(copies) else True)
        elif hasattr(v.type, "value_from_array"):  # a numpy random state: a state vector inside, a RandomState out
            found[k] = v.type.value_from_array
        elif not hasattr(v.type, "ndim") and hasattr(v.type, "filter"):  # a slice (StaticSlice inside the program)
            from theano.lowering.typed_list_values import as_slice
            found[k] = as_slice
    return found


def host_output(o: Any, copy: bool = True) -> Any:
    """An output value of a program as the call returns it (scipy matrix, trimmed array, or numpy array)."""
    from theano.lowering.sparse_values import is_sparse_arrays, to_scipy

    if isinstance(o, Trimmed):
        return o.to_host()
    if is_sparse_arrays(o):
        return to_scipy(o)
    if isinstance(o, (tuple, list)):  # a typed list
        from theano.lowering.typed_list_values import to_host
        return to_host(o, copy)
    return np.array(o) if copy else np.asarray(o)


def pad_capacity(sa: Any, capacity: int) -> Any:
    """A SparseArrays padded to a larger capacity (data 0, index 0, major out of range: not stored entries)."""
    import jax.numpy as jnp

    from theano.lowering.sparse_values import SparseArrays

    extra = capacity - sa.capacity
    if extra <= 0:
        return sa
    n_major = sa.indptr.shape[0] - 1
    return SparseArrays(jnp.pad(sa.data, (0, extra)), jnp.pad(sa.indices, (0, extra)), sa.indptr, sa.format,
                        sa.shape, jnp.pad(sa.major, (0, extra), constant_values=n_major))


def match_capacities(then_values: Sequence[Any], else_values: Sequence[Any]) -> tuple[list, list]:
    """The two branches' values of an IfElse with each pair of sparse matrices padded to one capacity, so that
    lax.cond sees equal shapes (the branches' nnz buckets may differ)."""
    from theano.lowering.sparse_values import is_sparse_arrays

    ts, fs = list(then_values), list(else_values)
    for k, (t, f) in enumerate(zip(ts, fs)):
        if is_sparse_arrays(t) and is_sparse_arrays(f) and t.shape == f.shape and t.format == f.format:
            cap = max(t.capacity, f.capacity)
            ts[k], fs[k] = pad_capacity(t, cap), pad_capacity(f, cap)
    return ts, fs


def check_padded_consumers(nodes: Sequence[Apply]) -> None:
    """Refuse, before tracing, a graph in which a padded csm_data / csm_indices vector (or an elementwise function
    of one) feeds an op that would read its padding: only elementwise ops, the reductions and Shape (which use
    the real nnz), CSM / CSMGrad / the structured-dot gradient, the ops that take csm arrays (`reads_csm_arrays`,
    theano.sparse.opt's) and the function's outputs (sliced at the boundary) see it exactly. Anything else (indexing, sort, cumsum, dot, dimshuffle, join...) would silently compute on the
    padded tail, so it is a clear error instead."""
    csm_props = _csm_properties_class()
    if not any(isinstance(n.op, csm_props) for n in nodes):
        return
    from theano.frontend.ops.compile_ops import _Copyish
    from theano.frontend.ops.elemwise import Elemwise
    from theano.frontend.ops.max_argmax import Argmax, MaxAndArgmax
    from theano.frontend.ops.reduce import CAReduce
    from theano.frontend.ops.shape import Shape, Shape_i
    from theano.frontend.sparse.basic import CSM, CSMGrad, _StructuredDotGrad

    exact = (Elemwise, CAReduce, MaxAndArgmax, Argmax, Shape, Shape_i, _Copyish, CSM, CSMGrad, _StructuredDotGrad,
             csm_props)
    for node in nodes:
        if isinstance(node.op, exact) or getattr(node.op, "reads_csm_arrays", False):
            continue
        for k, var in enumerate(node.inputs):
            src = padded_source(var)
            if src is not None:
                which = "csm_data" if _source_output(var, src) is src.outputs[0] else "csm_indices"
                raise NotImplementedError(
                    f"theano-xla: {node.op} reads input {k}, a function of {which}({src.inputs[0]}), inside a compiled "
                    "function. There csm_properties' data and indices are padded to the nnz bucket (one program serves "
                    "every nnz of a bucket), and only elementwise ops, reductions (sum, mean, max, argmax...), shape, "
                    "CSM and the function's outputs (returned with scipy's exact length) read them exactly; "
                    f"{node.op} would compute on the padding. Return csm_data(x) from the function and work on the "
                    "returned array, or use the sparse ops (docs/sparse.md).")


def _source_output(var: Variable, src: Apply) -> Variable:
    """The output of `src` (data or indices) that `var` is computed from."""
    for out in src.outputs[:2]:
        if padded_source(out) is src and _depends_on(var, out):
            return out
    return src.outputs[0]


def _depends_on(var: Variable, target: Variable) -> bool:
    stack, seen = [var], set()
    while stack:
        v = stack.pop()
        if v is target:
            return True
        if id(v) in seen or v.owner is None:
            continue
        seen.add(id(v))
        stack.extend(v.owner.inputs)
    return False
