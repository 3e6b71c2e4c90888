"""The host-side shape program: output shapes of value-dependent nodes, computed in numpy per call.

Theano computes shapes from values (`data[i*bs:(i+1)*bs]`, `T.zeros((n, k))`, `reshape((n // 2, -1))`).
XLA needs static shapes, so before each call we evaluate, in numpy, the symbolic output shapes
(`infer_shape`) of the nodes whose shapes depend on values. The result keys the jit cache;
the values themselves (slice starts, ...) stay dynamic inside the compiled program.
A length of a computed variable is read from its op's infer_shape, down to input shapes (`_shapes_not_values`):
the program computes a value only where a length truly depends on it (a reshape by a computed vector, nonzero).
"""
from __future__ import annotations

import contextlib
import functools
import os
import threading
from typing import Any, Sequence

import numpy as np

from theano.frontend.evaluate import GraphPlan, host_or_backend
from theano.lowering.sparse_callback import has_sparse_values, runs_perform, scipy_host_step
from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.shape import Shape, Shape_i
from theano.frontend.shape_inference import symbolic_shapes  # noqa: F401 - also used from here
from theano.frontend.tag_trace import shares_one_trace
from theano.lowering.error_report import failed_node, named_step, run_perform, tag_error
from theano.lowering.shape_codegen import compile_python


class ShapeProgramError(ValueError):
    """A value-dependent shape could not be computed on the host."""


_graph_state = threading.local()


@contextlib.contextmanager
def _whole_graph(inputs: Sequence[Variable], nodes: Sequence[Apply]) -> Any:
    """While the targets of a program over this graph are found: `graph_shapes(node)` gives the symbolic shapes of
    the whole graph, computed once (an IfElse's proof that its branches agree in shape reads them, instead of
    walking the graph again for each IfElse: Keras' InceptionV3 has 94 in its batch normalizations)."""
    saved = getattr(_graph_state, "graph", None)
    _graph_state.graph = [list(inputs), list(nodes), None, None]
    try:
        yield
    finally:
        _graph_state.graph = saved


def graph_shapes(node: Apply) -> dict | None:
    """The symbolic shapes of the graph `node` belongs to while its program is built (see _whole_graph), or None."""
    graph = getattr(_graph_state, "graph", None)
    if graph is None:
        return None
    inputs, nodes, members, shape_of = graph
    if members is None:
        members = graph[2] = {id(n) for n in nodes}
    if id(node) not in members:
        return None
    if shape_of is None:
        try:
            shape_of = symbolic_shapes(inputs, nodes)
        except Exception:  # noqa: BLE001 - the proof falls back to its own walk, which reports what failed
            shape_of = {}
        graph[3] = shape_of
    return shape_of or None


def is_value_dependent(node: Apply) -> bool:
    flag = getattr(node.op, "value_dependent_shape", False)
    if flag is False:
        return _shapes_only_perform_knows(node)
    return bool(flag(node) if callable(flag) else flag)


def _shapes_only_perform_knows(node: Apply) -> bool:
    """A user's op with only `perform` (no infer_shape) whose outputs cannot have its first input's shape, the
    host callback's guess (lowering/callback.py): e.g. a vector in, a row and a column out. Its output shapes
    then come from running perform in this program, as for as_op without infer_shape."""
    first = getattr(node.inputs[0].type, "ndim", None) if node.inputs else 0
    if all(getattr(o.type, "ndim", None) == first for o in node.outputs) or hasattr(node.op, "infer_shape"):
        return False
    return runs_perform(node)


def _perform_step(node: Apply, values: Sequence[Any]) -> list[Any]:
    """A user's op with only `perform`, run on the host for its output shapes."""
    return [np.asarray(cell[0]) for cell in run_perform(node, [np.asarray(v) for v in values])]


class ShapeProgram:
    """Evaluates the output shapes of `targets` (value-dependent nodes) from the call's input values."""

    @shares_one_trace
    def __init__(self, inputs: Sequence[Variable], nodes: Sequence[Apply], host_checks: bool = True):
        with _whole_graph(inputs, nodes):
            self.targets = [n for n in nodes if is_value_dependent(n)]
        # run-time checks an op wants made on the host although they set no shape (scan's trip count); they are
        # given the symbolic shapes of the node's inputs, so they read shapes, not values
        checkers = [n for n in nodes if hasattr(n.op, "host_checks")] if host_checks else []
        last = max([nodes.index(n) for n in self.targets[-1:] + checkers[-1:]], default=-1)
        shape_of = symbolic_shapes(inputs, nodes, stop_after=nodes[last]) if last >= 0 else {}
        checks = []
        self._check_owner: dict[int, Apply] = {}  # id of a check's node -> the node of the graph that asked for it
        for n in checkers:
            for v in n.op.host_checks(n, [shape_of.get(v, ()) for v in n.inputs]):
                checks.append(v)
                if v.owner is not None:
                    self._check_owner[id(v.owner)] = n
        self.empty = not self.targets and not checks
        if self.empty:
            return
        # per target: its outputs' shapes, then (op.host_extras) integers its rule needs beside them (a sparse
        # result's number of stored entries), handed to the rule as one more tuple in ctx.out_shapes
        target_entries = [[shape_of[o] for o in n.outputs] + _host_extras(n, shape_of) for n in self.targets]
        self.layout = [[len(shp) for shp in shapes] for shapes in target_entries]
        in_graph = set(nodes)
        for n, shapes in zip(self.targets, target_entries):  # a check woven into a target's shape (a bad index)
            _note_shape_nodes(self._check_owner, n, [s for shp in shapes for s in shp], in_graph)  # is the target's
        entries = [s for shapes in target_entries for shp in shapes for s in shp]
        entries = _sparse_shapes_not_values(entries, self.targets, shape_of)
        self._n_entries = len(entries)
        entries = entries + checks
        if not host_checks:  # a loop body: its index values change every step, they cannot be checked here
            from theano.frontend.graph import ancestors
            from theano.frontend.graph_utils import clone_replace
            from theano.frontend.ops.host_check import HostCheck

            skip = {v: v.owner.inputs[0] for v in ancestors(entries) if v.owner is not None
                    and isinstance(v.owner.op, HostCheck)}
            if skip:
                entries = clone_replace(entries, skip, strict=False)
        # a length of a computed value is read from its op's infer_shape (down to input shapes and the values the
        # program reads anyway), not by computing the value: a reshape(-1) of a loop's output must not run the loop
        entries = _shapes_not_values(entries, shape_of)
        plan = GraphPlan(inputs, entries)
        missing = set(id(v) for v in plan.missing if not hasattr(v, "get_value"))
        for n in plan.nodes:
            for v in n.inputs:
                if id(v) in missing:
                    raise ShapeProgramError(f"cannot compute the shape of {n.op} on the host: it needs {v}")
        # an op without a numpy implementation (a scan whose result sets a shape) runs its lowering eagerly
        plan.fold(host_or_backend)  # what depends only on constants is computed now, once
        self._plan = plan
        self.steps = plan.steps
        # one callable per step, resolved now: the scalar arithmetic of slice bounds (the minibatch index) runs
        # its numpy function directly instead of the generic host_impl (400 us -> ~40 us for a minibatch step)
        self._fns = [named_step(_host_fn(n)) for n, _, _ in plan.steps]
        # integer scalar arithmetic only (the usual case): one generated Python function over ints, a few us
        self._python = compile_python(plan)
        # When the program reads only input shapes and scalar input values (the minibatch index), its result
        # is a function of those: remember it, so a training loop pays one dict lookup per call.
        shape_read, value_read = set(), set()
        n_in = len(inputs)
        for n, ins, _ in plan.steps:
            read = shape_read if isinstance(n.op, (Shape, Shape_i)) else value_read
            read.update(slot for slot in ins if slot < n_in)
        value_read.update(pos for kind, pos in map(plan.source_of, entries) if kind == "input")
        self._shape_pos = tuple(sorted(shape_read))
        self._value_pos = tuple(sorted(value_read))
        self._memo: dict | None = {} if all(getattr(inputs[p].type, "ndim", None) == 0 for p in value_read) else None

    MEMO_SIZE = 4096

    def evaluate(self, values: Sequence[Any]) -> tuple:
        """Per-target tuples of output shapes for these input values (numpy or device arrays)."""
        memo = self._memo
        if memo is None:
            return self._evaluate(values)
        try:  # converted values are arrays or numpy scalars (np.shape's wrapper costs 1 us a value)
            key = (tuple([values[p].shape for p in self._shape_pos]), tuple([values[p].item() for p in self._value_pos]))
        except AttributeError:  # trust_input: taken as given
            key = (tuple([np.shape(values[p]) for p in self._shape_pos]),
                   tuple([np.asarray(values[p]).item() for p in self._value_pos]))
        result = memo.get(key)
        if result is None:
            result = self._evaluate(values)
            if len(memo) >= self.MEMO_SIZE:
                memo.clear()
            memo[key] = result
        return result

    def _evaluate(self, values: Sequence[Any]) -> tuple:
        if self._python is not None:  # integer arithmetic only: it raises nothing
            flat = self._python(values)
        else:
            try:
                with np.errstate(all="ignore"):  # as host_impl computes: numpy's warnings are not Theano's errors
                    flat = self._plan.run(values, self._fns)  # an error names the node that raised it
            except Exception as err:
                asked = self._check_owner.get(id(failed_node(err)))
                if asked is not None:  # a check failed: the report names the node of the user's graph it checks
                    tag_error(err, asked)
                raise
        if flat is None:
            raise ShapeProgramError(f"the host shape program needs {self._plan.missing}, which it is not given")
        flat = [int(v) for v in flat[:self._n_entries]]
        result = []
        pos = 0
        for node, lens in zip(self.targets, self.layout):
            shapes = []
            for k, ln in enumerate(lens):
                shp = tuple(flat[pos:pos + ln])
                pos += ln
                if k >= len(node.outputs):  # host_extras: not a shape
                    shapes.append(shp)
                    continue
                out = node.outputs[k]
                try:
                    if any(d < 0 for d in shp):
                        raise ValueError(f"negative dimension in computed shape {shp}")
                    _check_size(node, out, shp)
                except (ValueError, MemoryError) as err:
                    tag_error(err, node)
                    raise
                shapes.append(shp)
            result.append(tuple(shapes))
        return tuple(result)


def _host_extras(node: Apply, shape_of: dict) -> list[tuple]:
    """The op's extra host integers for `node` (`op.host_extras(node, input_shapes)`), as one more tuple."""
    extras = getattr(node.op, "host_extras", None)
    if extras is None:
        return []
    return [tuple(extras(node, [shape_of.get(v, ()) for v in node.inputs]))]


def _sparse_shapes_not_values(entries: list, targets: list, shape_of: dict) -> list:
    """`entries` with each Shape_i(v) of a target's sparse output v replaced by v's symbolic shape: the program
    then computes the shape from the target's inputs instead of the selection itself (a sparse GetItem2d's
    result feeding a reshape would otherwise be computed on the host on every call)."""
    from theano.frontend.graph import ancestors
    from theano.frontend.graph_utils import clone_replace

    sparse_outs = {o for n in targets for o in n.outputs if getattr(o.type, "is_sparse", False)}
    if not sparse_outs:
        return entries
    swap = {}
    for v in ancestors(entries):
        node = v.owner
        if node is not None and isinstance(node.op, Shape_i) and node.inputs[0] in sparse_outs:
            shp = shape_of.get(node.inputs[0])
            if shp is not None and len(shp) > node.op.i and shp[node.op.i] is not v:
                swap[v] = shp[node.op.i]
    return clone_replace(entries, swap, strict=False) if swap else entries


def _note_shape_nodes(owner: dict[int, Apply], target: Apply, entries: list, in_graph: set) -> None:
    """Map the nodes that compute `target`'s shape `entries` (up to the graph's own nodes) to `target`."""
    stack = [v for v in entries if getattr(v, "owner", None) is not None]
    while stack:
        node = stack.pop().owner
        if node is None or node in in_graph or id(node) in owner:
            continue
        owner[id(node)] = target
        stack.extend(v for v in node.inputs if v.owner is not None)


def _host_fn(node: Apply) -> Any:
    """The step's evaluator: for an Elemwise with a numpy function, that function with the input casts and the
    output dtype resolved once (what Elemwise.host_impl works out on every call); else host_or_backend."""
    from theano.frontend.ops.elemwise import Elemwise, input_cast_dtypes

    op = node.op
    if has_sparse_values(node) and runs_perform(node):  # a user's numpy op takes and gives scipy matrices
        return scipy_host_step
    if not hasattr(op, "host_impl") and runs_perform(node):  # its lowering is the callback: run perform itself
        return _perform_step
    if not isinstance(op, Elemwise) or len(node.outputs) != 1 or type(op).host_impl is not Elemwise.host_impl:
        return host_or_backend
    fn = op.scalar_op.function(np)
    if fn is None:
        return host_or_backend
    casts = tuple(None if c is None else np.dtype(c)
                  for c in input_cast_dtypes(op.scalar_op, [v.dtype for v in node.inputs], node.outputs[0].dtype))
    out_dtype = np.dtype(node.outputs[0].dtype)
    asarray = np.asarray
    if not any(c is not None for c in casts):
        def apply(_node: Apply, vals: list) -> list:
            return [asarray(fn(*vals), dtype=out_dtype)]
    else:
        def apply(_node: Apply, vals: list) -> list:
            return [asarray(fn(*[v if c is None else asarray(v).astype(c) for v, c in zip(vals, casts)]),
                            dtype=out_dtype)]
    return apply


@functools.lru_cache(maxsize=1)
def _memory_bytes() -> int:
    """The machine's physical memory: no array larger than this can be allocated."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 1 << 62


def _check_size(node: Apply, out: Variable, shape: tuple) -> None:
    """Theano's MemoryError for a computed shape that no memory can hold, before XLA tries (a fused
    reduction of a huge broadcast would otherwise run for hours instead of failing)."""
    dtype = getattr(out.type, "dtype", "int8")
    if not isinstance(dtype, str):  # a typed list's "dtype" is its element type: no array to size
        return
    nbytes = np.dtype(dtype).itemsize
    for d in shape:  # Python ints: no overflow
        nbytes *= max(int(d), 0)
    if nbytes > _memory_bytes():
        raise MemoryError(f"{node.op} would produce an array of shape {shape} and dtype {getattr(out.type, 'dtype', '?')} "
                          f"({nbytes} bytes), more than this machine's memory ({_memory_bytes()} bytes)")


def _shapes_not_values(entries: list, shape_of: dict) -> list:
    """`entries` with each Shape_i{i}(v) / Shape(v) of a computed v replaced by v's symbolic shape (from
    `shape_of`, the ops' infer_shape), repeatedly, so the program measures inputs instead of computing v: the
    length of a reshape(-1) of a scan's output is read from the trip count, not by running the loop on the host.
    A value is still computed where a length truly depends on it (a reshape by a computed vector, nonzero, an op
    without infer_shape, a while loop's trip count): there shape_of holds the value or the output's own Shape_i.
    Index checks in the substituted lengths are dropped: they stay with their node in the device program (a
    target's own entries keep theirs)."""
    from theano.frontend.graph import ancestors
    from theano.frontend.graph_utils import rebuild_with
    from theano.frontend.ops.host_check import HostCheck
    from theano.frontend.ops.shape import MakeVector

    def length(v: Variable, i: int) -> Variable | None:
        shp = shape_of.get(v)
        if shp is None or len(shp) != getattr(v.type, "ndim", -1) or not -len(shp) <= i < len(shp):
            return None
        entry = shp[i]
        while entry.owner is not None and isinstance(entry.owner.op, HostCheck):
            entry = entry.owner.inputs[0]
        if entry.owner is not None and isinstance(entry.owner.op, (Shape_i, Shape)) and entry.owner.inputs[0] is v:
            return None  # the op does not know it: its value's own shape (measured after computing it)
        return entry

    done: set[int] = set()
    for _ in range(64):  # each round replaces lengths by lengths of earlier variables: it ends
        new = {}
        for v in ancestors(entries):
            node = v.owner
            if node is None or id(v) in done or not isinstance(node.op, (Shape, Shape_i)):
                continue
            done.add(id(v))
            src = node.inputs[0]
            if src.owner is None:
                continue
            if isinstance(node.op, Shape_i):
                w = length(src, int(node.op.i))
            else:
                ws = [length(src, k) for k in range(src.ndim)]
                w = None if any(e is None for e in ws) else \
                    MakeVector("int64")(*ws) if ws else None
            if w is not None and w is not v and w.type == v.type:
                new[v] = w
        if not new:
            break
        entries = rebuild_with(entries, dict(new))
    return entries
