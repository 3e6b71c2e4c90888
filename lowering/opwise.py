"""Running a compiled function op by op, with a user hook around every node (Theano's WrapLinker protocol).

Theano's debugging recipes step through a function node by node: `MonitorMode(pre_func, post_func)`,
`Mode(linker=gof.WrapLinkerMany([gof.OpWiseCLinker()], [fn]))` and NanGuardMode all call
`wrapper(i, node, thunk)` for the i-th node of the rewritten graph (in graph order), where `thunk()`
computes the node and `thunk.inputs` / `thunk.outputs` are its one-element storage cells. Here a thunk
runs the node's lowering rule eagerly on numpy values (the same rules `jax.jit` traces, as DebugMode
runs them), so the values a hook sees are what the jitted program computes. A function compiled with
such a mode keeps its rewritten graph and every Function attribute; only its calls run op by op.
"""
from __future__ import annotations

from copy import copy
from typing import Any, Callable, Iterator, Sequence

import jax
import numpy as np

from theano.frontend.graph import Apply, Constant
from theano.frontend.ops.ifelse import IfElse
from theano.lowering.debugmode import _eager_apply
from theano.lowering.device import to_device
from theano.lowering.error_report import annotate_error
from theano.lowering.function import Function
from theano.lowering.linker import FunctionLinker, OpWiseCLinker
from theano.lowering.precision import policy_scope
from theano.lowering.runtime_checks import eager_checks
from theano.lowering.sparse_callback import is_sparse_type, to_scipy_value
from theano.lowering.typed_list_values import is_list_type
from theano.lowering.typed_list_values import to_host as to_host_list
from theano.lowering.sparse_values import to_device as sparse_to_device

Wrapper = Callable[..., None]


class Thunk:
    """One node, ready to run: `thunk()` computes `node` from `inputs` storage into `outputs` storage."""

    def __init__(self, node: Apply, inputs: list[list[Any]], outputs: list[list[Any]]):
        self.node = node
        self.inputs = inputs
        self.outputs = outputs
        self.lazy = False

    def __call__(self) -> None:
        with eager_checks():  # the run-time checks of the node's rule raise here (lowering/runtime_checks.py)
            values = _eager_apply(self.node, [cell[0] for cell in self.inputs])
        values = [to_scipy_value(v) for v in values]  # sparse values are scipy matrices in storage, as in Theano
        for cell, value in zip(self.outputs, values):
            cell[0] = value

    def __repr__(self) -> str:
        return f"<thunk of {self.node}>"


def _annotate(err: BaseException, i: int, node: Apply, thunk: Thunk, fg: Any = None,
              storage: dict[Any, list[Any]] | None = None) -> None:
    """Add the node an op-by-op run failed in to the error, as Theano's raise_with_op (lowering/error_report.py):
    its input values are known here, and the storage map gives the footprint at exception_verbosity=high."""
    annotate_error(err, node, fg, [cell[0] for cell in thunk.inputs], storage_map=storage, index=i)


class OpWiseFunction(Function):
    """A Function whose calls run its rewritten graph op by op, calling `wrapper(i, node, thunk)` per node.

    The wrapper must call `thunk()` (Theano's contract); the inputs the wrapper sees are graph inputs,
    constants or outputs of earlier nodes, as numpy arrays.
    """

    _wrapper: Wrapper
    _check_input: Callable[[Any, Any], None] | None = None
    _lazy = False  # run only the IfElse branch the condition picks (NanGuardMode, as Theano's lazy VM)

    @classmethod
    def wrapping(cls, fn: Function, wrapper: Wrapper, check_input: Callable[[Any, Any], None] | None = None,
                 lazy: bool = False) -> "OpWiseFunction":
        """`fn` (as function() built it) made to run op by op through `wrapper`."""
        wrapped = cls.__new__(cls)
        wrapped.__dict__.update(fn.__dict__)
        wrapped._wrapper = wrapper
        wrapped._check_input = check_input
        wrapped._lazy = lazy
        return wrapped

    def copy(self, *args: Any, **kwargs: Any) -> "OpWiseFunction":
        """A copy that still runs op by op through the same wrapper."""
        return type(self).wrapping(Function.copy(self, *args, **kwargs), self._wrapper, self._check_input, self._lazy)

    def _run(self, values: list[Any]) -> list[np.ndarray]:
        """Run the nodes in order through the wrapper, then commit the updates (the caller holds the locks)."""
        fg = self.maker.fgraph
        with policy_scope(getattr(self, "matmul_precision", None)):  # the function's precision policy
            results = run_opwise(fg, list(values) + [s._value for s in self._shared], self._wrapper, self._check_input,
                                 self._lazy)
        n_out = self._n_outputs
        for target, new in zip(self._update_targets, results[n_out:]):
            if is_sparse_type(target.type):
                target._value = sparse_to_device(new)
                continue
            target._value = to_device(np.asarray(new, dtype=target.type.dtype)) if hasattr(target.type, "ndim") else new
        return [to_host_list(r) if is_list_type(v.type) else _host_array(r) if hasattr(v.type, "ndim")
                and not is_sparse_type(v.type) else r for r, v in zip(results[:n_out], fg.outputs)]


def _host_array(value: Any) -> np.ndarray:
    """An output as a numpy array of its own; a numpy.memmap (`T.load(..., mmap_mode='c')`) stays one, as in
    Theano, whose output is the map itself."""
    return value if isinstance(value, np.memmap) else np.array(value)


def run_opwise(fg: Any, values: Sequence[Any], wrapper: Wrapper, check_input: Callable[[Any, Any], None] | None = None,
               lazy: bool = False) -> list[Any]:
    """The values of `fg.outputs` from `values` (one per fg.inputs), each node run through `wrapper(i, node, thunk)`."""
    storage: dict[Any, list[Any]] = {}
    for var, value in zip(fg.inputs, values):
        if is_sparse_type(var.type):
            storage[var] = [to_scipy_value(value)]
        elif is_list_type(var.type):  # a typed list: a Python list of host values, as Theano's storage holds
            storage[var] = [to_host_list(value)]
        else:
            storage[var] = [np.array(value) if hasattr(var.type, "ndim") else value]
        if check_input is not None:
            check_input(var, storage[var][0])
    for i, node in _schedule(fg, storage, lazy):
        ins = [[var.data] if isinstance(var, Constant) else storage.get(var, [None]) for var in node.inputs]
        outs = [[None] for _ in node.outputs]
        thunk = Thunk(node, ins, outs)
        try:
            wrapper(i, node, thunk)
        except Exception as err:
            _annotate(err, i, node, thunk, fg, storage)
            raise
        if any(cell[0] is None for cell in outs):
            raise RuntimeError(f"the wrapper of node {i} ({node}) returned without running its thunk: "
                               "a WrapLinker / MonitorMode function must call thunk() (Theano's contract)")
        for var, cell in zip(node.outputs, outs):
            storage[var] = cell
    return [var.data if isinstance(var, Constant) else storage[var][0] for var in fg.outputs]


def _schedule(fg: Any, storage: dict[Any, list[Any]], lazy: bool) -> Iterator[tuple[int, Apply]]:
    """(toposort index, node) in the order they run: every node in graph order, or, for a lazy run of a graph
    with IfElse, only the nodes the outputs need given each condition (Theano's lazy VM), on demand.
    The caller stores a node's outputs in `storage` before asking for the next node."""
    order = fg.toposort()
    if not lazy or not any(isinstance(n.op, IfElse) for n in order):
        yield from enumerate(order)
        return
    index = {node: i for i, node in enumerate(order)}
    done: set[Apply] = set()
    stack = [v.owner for v in reversed(fg.outputs) if v.owner is not None]
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        pending = [v.owner for v in _wanted_inputs(node, storage)
                   if v.owner is not None and v not in storage and v.owner not in done]
        if pending:
            stack.extend(reversed(pending))
            continue
        stack.pop()
        done.add(node)
        yield index[node], node


def _wanted_inputs(node: Apply, storage: dict[Any, list[Any]]) -> list[Any]:
    """The inputs `node` needs now: an IfElse needs its condition, then only the branch the condition picks."""
    if not isinstance(node.op, IfElse):
        return list(node.inputs)
    cond = node.inputs[0]
    if isinstance(cond, Constant):
        value = cond.data
    elif cond in storage:
        value = storage[cond][0]
    else:
        return [cond]
    n = node.op.n_outs
    return [cond] + list(node.inputs[1:1 + n] if np.asarray(value) != 0 else node.inputs[1 + n:])


class WrapLinker(FunctionLinker):
    """gof.WrapLinker(linkers, wrapper): as `Mode(linker=...)`, the function runs op by op and
    `wrapper(i, node, *thunks)` is called for each node (one thunk per linker; every linker here runs the
    same lowering rules, so the thunks compute the same values, each in its own storage)."""

    def __init__(self, linkers: Sequence[Any], wrapper: Wrapper):
        self.fgraph = None
        self.linkers = list(linkers)
        self.wrapper = wrapper

    def __copy__(self) -> "WrapLinker":
        return type(self)([copy(lnk) for lnk in self.linkers], self.wrapper)

    def clone(self, allow_gc: Any = None) -> "WrapLinker":
        return self.__copy__()

    def accept(self, fgraph: Any, no_recycling: Any = None, profile: Any = None) -> "WrapLinker":
        """This linker for `fgraph` (a fresh copy when it already holds another graph, as upstream)."""
        if self.fgraph is not None and self.fgraph is not fgraph:
            return type(self)(self.linkers, self.wrapper).accept(fgraph, no_recycling, profile)
        self.fgraph = fgraph
        return self

    def opwise_hooks(self) -> tuple[Wrapper, None, bool]:
        """(wrapper(i, node, thunk), input check, lazy) for run_opwise: one thunk per linker, each in its own storage."""
        n_thunks = max(1, len(self.linkers))
        wrapper = self.wrapper
        if n_thunks == 1:
            return wrapper, None, False

        def many(i: int, node: Apply, thunk: Thunk) -> None:
            extra = [Thunk(node, [[np.array(c[0])] for c in thunk.inputs], [[None] for _ in thunk.outputs])
                     for _ in range(n_thunks - 1)]
            wrapper(i, node, thunk, *extra)
        return many, None, False

    def wrap_function(self, fn: Function) -> OpWiseFunction:
        """`fn` running op by op through this linker's wrapper (lowering/mode.py's Mode calls this)."""
        return OpWiseFunction.wrapping(fn, *self.opwise_hooks())


def opwise_hooks(mode: Any) -> tuple[Wrapper, Any, bool] | None:
    """(wrapper, input check, lazy) of a mode that runs op by op (NanGuardMode, MonitorMode, a Mode whose linker is
    a WrapLinker), else None."""
    own = getattr(mode, "opwise_hooks", None)
    if own is None:
        own = getattr(getattr(mode, "linker", None), "opwise_hooks", None)
    return own() if own is not None else None


def host_stepper(fg: Any, traced_run: Callable[..., list[Any]], hooks: tuple[Wrapper, Any, bool]
                 ) -> Callable[..., list[Any]]:
    """`run(static, *arrays)` computing `fg` op by op on the host through `hooks` (a scan step whose mode runs op by
    op, as Theano ran the inner function in that mode); inside a trace it is a host callback whose result shapes
    are those of `traced_run`, the step's ordinary lowering."""
    from theano.lowering.callback import host_call

    def host(*values: Any) -> tuple:
        return tuple(run_opwise(fg, values, *hooks))

    def run(static: tuple, *arrays: Any) -> list[Any]:
        if not any(isinstance(a, jax.core.Tracer) for a in arrays):
            return list(host(*arrays))
        spec = jax.eval_shape(lambda *a: traced_run(static, *a), *arrays)
        return list(host_call(host, [s.shape for s in spec], [s.dtype for s in spec], *arrays))
    return run


def WrapLinkerMany(linkers: Sequence[Any], wrappers: Sequence[Wrapper]) -> WrapLinker:  # noqa: N802 - Theano's name
    """gof.WrapLinkerMany: a WrapLinker whose wrapper calls each of `wrappers` in turn."""
    wrappers = list(wrappers)

    def wrapper(*args: Any) -> None:
        for f in wrappers:
            f(*args)
    return WrapLinker(linkers, wrapper)


__all__ = ["OpWiseCLinker", "OpWiseFunction", "Thunk", "WrapLinker", "WrapLinkerMany", "host_stepper", "opwise_hooks",
           "run_opwise"]
