"""Errors that name the node: Theano's "Apply node that caused the error" report, added to an error a call raised.

Theano's `raise_with_op` appended to the message of any error raised while a node ran: the node, its index in
the function's graph, its inputs' types, shapes, strides and small values, its outputs' clients, where the user
built it (`tag.trace`, see frontend/tag_trace.py), hints, and with `exception_verbosity='high'` a debugprint of
the node (and, when the storage is known, a storage map footprint). Here a failing node is known in four places:
a lowering rule traced inside jax.jit (lowering/interpreter.py), the host shape program, a host callback, and an
op-by-op run. Those places *tag* the error with the node and what they know of its inputs (`tag_error`); the
report is written once, by the caller that knows the function graph (`report_call_error`), or directly
(`annotate_error`). `format_node_error` writes the text alone (run-time checks call it too).
"""
from __future__ import annotations

import io
import sys
import traceback
from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Apply, Constant, perform_node

_NODE = "__theano_node__"  # the failing node a tagged error carries
_INPUTS = "__theano_inputs__"  # per input: (value or None, shape or None, dtype or None)
_DONE = "__theano_reported__"


def _c_strides(shape: tuple, dtype: Any) -> tuple:
    """The strides of a C-contiguous array (what a device array, or a traced one, would have on the host)."""
    strides = []
    step = np.dtype(dtype).itemsize
    for dim in reversed(shape):
        strides.append(step)
        step *= max(int(dim), 1)
    return tuple(reversed(strides))


def _is_tracer(value: Any) -> bool:
    """Whether `value` stands for an array inside a JAX trace (its value is not known)."""
    jax = sys.modules.get("jax")
    return jax is not None and isinstance(value, jax.core.Tracer)


def _describe(value: Any, shape: Any, dtype: Any) -> tuple[Any, Any, Any, Any]:
    """(shape, strides, shown value, dtype number) of one input, as Theano printed them."""
    if value is not None and not _is_tracer(value):
        if type(value).__module__.startswith("jax"):  # a device array: its host copy, as Theano held it
            value = np.asarray(value)
        shp = getattr(value, "shape", "No shapes")
        strides = getattr(value, "strides", "No strides")
        shown = value if getattr(value, "size", -1) <= 5 else "not shown"
        num = getattr(getattr(value, "dtype", ""), "num", "")
        return shp, strides, shown, num
    if shape is None:
        return "No shapes", "No strides", "not shown", ""
    shape = tuple(int(d) for d in shape)
    strides = _c_strides(shape, dtype) if dtype is not None else "No strides"
    return shape, strides, "not shown", np.dtype(dtype).num if dtype is not None else ""


def _trace_text(node: Apply) -> str:
    """The "Backtrace when the node is created" block, or "" when the node's output recorded none."""
    trace = getattr(node.outputs[0].tag, "trace", None) if node.outputs else None
    if not isinstance(trace, list) or not trace:
        return ""
    text = ("\nBacktrace when the node is created(use Theano flag traceback.limit=N to make it longer):\n")
    frames = [trace] if isinstance(trace[0], tuple) else trace
    return text + "".join("".join(traceback.format_list(sub)) for sub in frames)


def _debugprint_text(node: Apply) -> str:
    from theano.frontend.printing import debugprint

    stream = io.StringIO()
    debugprint(node, file=stream, stop_on_name=True, print_type=True)
    return "\nDebugprint of the apply node: \n" + stream.getvalue()


def _footprint_text(fgraph: Any, storage_map: dict) -> str:
    """Theano's "Storage map footprint": every stored value by size, inputs marked, and the totals."""
    inputs = list(getattr(fgraph, "inputs", ()) or ())
    rows = []
    total = total_inputs = 0
    for var, cell in storage_map.items():
        value = cell[0] if isinstance(cell, list) and cell else cell
        shape = getattr(value, "shape", None)
        if hasattr(value, "dtype"):
            item = np.dtype(value.dtype).itemsize
            size = -1 if shape is None else int(item * int(np.prod(shape)))
            if size >= 0:
                total += size
                if getattr(var, "owner", None) is None:
                    total_inputs += size
        else:
            item, size = sys.getsizeof(value), -1
        shared = None
        if var in inputs:
            shared = hasattr(var, "get_value")
        rows.append((str(var), None if shape is None else tuple(shape), item, size, shared))
    rows.sort(key=lambda r: r[3], reverse=True)
    out = "\nStorage map footprint:\n"
    for name, shape, item, size, shared in rows:
        if size == -1:
            continue
        out += " - " + name + ", "
        if shared is True:
            out += "Shared Input, "
        elif shared is False:
            out += "Input, "
        if shape is not None:
            out += "Shape: %s, " % str(shape)
        out += "ElemSize: %s Byte(s), TotalSize: %s Byte(s)\n" % (item, size)
    out += " TotalSize: %s Byte(s) %.3f GB\n" % (total, total / 1024. / 1024 / 1024)
    out += " TotalSize inputs: %s Byte(s) %.3f GB\n" % (total_inputs, total_inputs / 1024. / 1024 / 1024)
    return out


def format_node_error(node: Apply, fgraph: Any = None, values: Sequence[Any] | None = None,
                      shapes: Sequence[Any] | None = None, dtypes: Sequence[Any] | None = None,
                      storage_map: dict | None = None, verbosity: str | None = None,
                      index: int | None = None) -> str:
    """Theano's report on the node an error came from (the text raise_with_op appended to the message).

    `values[k]` is input k's value when known (None otherwise: then `shapes[k]`/`dtypes[k]`, when given, give its
    shape and C-contiguous strides); constants' values are read from the graph. `fgraph` gives the toposort index
    (or pass `index`) and the outputs' clients; `storage_map` ({variable: [value]}) adds the storage map footprint
    at verbosity 'high' (default: config.exception_verbosity). The text starts with a newline, to be appended."""
    verbosity = config.exception_verbosity if verbosity is None else verbosity
    n = len(node.inputs)
    values = list(values) if values is not None else [None] * n
    shapes = list(shapes) if shapes is not None else [None] * n
    dtypes = list(dtypes) if dtypes is not None else [None] * n
    for k, var in enumerate(node.inputs):
        if isinstance(var, Constant) and values[k] is None:
            values[k] = var.data
        if dtypes[k] is None and hasattr(var.type, "dtype"):
            dtypes[k] = var.type.dtype
    if index is None and fgraph is not None:
        try:
            index = fgraph.toposort().index(node)
        except ValueError:
            index = None
    hints = []
    text = "\nApply node that caused the error: " + str(node)
    if index is not None:
        text += "\nToposort index: %d" % index
    text += "\nInputs types: %s\n" % [getattr(v, "type", "No type") for v in node.inputs]
    described = [_describe(v, s, d) for v, s, d in zip(values, shapes, dtypes)]
    text += "Inputs shapes: %s" % [d[0] for d in described]
    text += "\nInputs strides: %s" % [d[1] for d in described]
    text += "\nInputs values: %s" % [d[2] for d in described]
    if verbosity == "high":
        text += "\nInputs type_num: %s" % str([d[3] for d in described])
    clients = getattr(fgraph, "clients", None) if fgraph is not None else None
    outs = [[c[0] for c in clients.get(var, ())] for var in node.outputs] if clients is not None else []
    text += "\nOutputs clients: %s\n" % outs
    trace = _trace_text(node)
    if trace:
        text += trace
    else:
        hints.append("HINT: Re-running with most Theano optimization disabled could give you a back-trace of when "
                     "this node was created. This can be done with by setting the Theano flag "
                     "'optimizer=fast_compile'. If that does not work, Theano optimizations can be disabled with "
                     "'optimizer=None'.")
    if verbosity == "high":
        text += _debugprint_text(node)
    if verbosity == "high" and storage_map is not None:
        text += _footprint_text(fgraph, storage_map)
    else:
        hints.append("HINT: Use the Theano flag 'exception_verbosity=high' for a debugprint and storage map "
                     "footprint of this apply node.")
    return text + "\n" + "\n".join(hints)


def append_report(err: BaseException, text: str) -> None:
    """Add `text` to `err`'s message, keeping its type and first line (Theano tests match on them): appended to
    a message that is a single string, else attached as a note (printed under the traceback)."""
    if getattr(err, _DONE, False):
        return
    try:
        setattr(err, _DONE, True)
    except AttributeError:
        return
    if len(err.args) == 1 and isinstance(err.args[0], str) and not isinstance(err, KeyError):
        err.args = (err.args[0] + text,)
    elif not err.args:
        err.args = (text.lstrip("\n"),)
    else:
        err.add_note(text.strip("\n"))


def annotate_error(err: BaseException, node: Apply, fgraph: Any = None, values: Sequence[Any] | None = None,
                   shapes: Sequence[Any] | None = None, dtypes: Sequence[Any] | None = None,
                   storage_map: dict | None = None, index: int | None = None) -> None:
    """Add Theano's report on `node` to `err` (once), and Theano's attributes: __op_instance__,
    __applynode_index__, __thunk_trace__. A KeyboardInterrupt is left as it is, as in Theano."""
    if isinstance(err, KeyboardInterrupt) or getattr(err, _DONE, False):
        return
    if index is None and fgraph is not None:
        try:
            index = fgraph.toposort().index(node)
        except ValueError:
            index = None
    text = format_node_error(node, fgraph, values, shapes, dtypes, storage_map, index=index)
    try:
        err.__op_instance__ = node  # type: ignore[attr-defined]
        err.__applynode_index__ = index  # type: ignore[attr-defined]
        err.__thunk_trace__ = getattr(node.outputs[0].tag, "trace", ()) if node.outputs else ()  # type: ignore
    except AttributeError:
        return
    append_report(err, text)


# ---------------------------------------------------------------------------- tagging where the node is known

def tag_error(err: BaseException, node: Apply, inputs: Sequence[Any] = ()) -> BaseException:
    """Record on `err` the node it came from and what is known of that node's `inputs` (values, or traced arrays:
    their shapes and dtypes), for the report the caller writes. A node met later (the op holding an inner graph)
    replaces the one recorded: the user knows the outer one."""
    node = getattr(node, "stands_for", node)
    info = []
    for x in inputs:
        if _is_tracer(x):
            aval = getattr(x, "aval", x)
            info.append((None, getattr(aval, "shape", None), getattr(aval, "dtype", None)))
        else:
            info.append((x, None, None))
    try:
        setattr(err, _NODE, node)
        setattr(err, _INPUTS, info)
    except AttributeError:
        pass
    return err


def run_perform(node: Apply, args: list[Any]) -> list[list[Any]]:
    """`node.op.perform(node, args, storage)` for a host callback; returns the output storage cells. An error is
    tagged with the node and the values it was given (the caller's report names them)."""
    storage: list[list[Any]] = [[None] for _ in node.outputs]
    try:
        perform_node(node, args, storage)
    except Exception as err:
        tag_error(err, node, args)
        raise
    return storage


def failed_node(err: BaseException) -> Apply | None:
    """The node a tagged error came from (None for an untagged one)."""
    return getattr(err, _NODE, None)


def is_reported(err: BaseException) -> bool:
    """Whether `err`'s message already holds Theano's report on its node (written once)."""
    return bool(getattr(err, _DONE, False))


def traced_inputs(err: BaseException) -> list | None:
    """What tracing saw of the inputs of the node a tagged error came from: per input (value or None, shape or
    None, dtype or None); None for an untagged error."""
    info = getattr(err, _INPUTS, None)
    return None if info is None else list(info)


def report_call_error(err: BaseException, fgraph: Any, call_values: Sequence[Any] | None = None) -> None:
    """Write the report on a tagged error raised by a call of the function whose graph is `fgraph`; the inputs of
    the node that are inputs of the graph take their values from `call_values` (one per fgraph.inputs)."""
    node = failed_node(err)
    if node is None or getattr(err, _DONE, False):
        return
    info = list(getattr(err, _INPUTS, None) or [(None, None, None)] * len(node.inputs))
    if len(info) != len(node.inputs):
        info = [(None, None, None)] * len(node.inputs)
    if call_values is not None and fgraph is not None:
        position = {id(v): k for k, v in enumerate(fgraph.inputs)}
        for k, var in enumerate(node.inputs):
            pos = position.get(id(var))
            if info[k][0] is None and pos is not None and pos < len(call_values):
                info[k] = (call_values[pos], None, None)
    annotate_error(err, node, fgraph, [i[0] for i in info], [i[1] for i in info], [i[2] for i in info])


def shape_error_type(err: BaseException) -> BaseException:
    """A TypeError JAX raised on a user's shape mistake (incompatible shapes met while tracing) as Theano's
    ValueError with the same message; any other error as it is."""
    if type(err) is not TypeError or "shape" not in str(err):
        return err
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = tb.tb_frame.f_code.co_filename if tb is not None else ""
    if "/jax/" not in where and "\\jax\\" not in where:
        return err
    new = ValueError(*err.args)
    new.__cause__ = None
    new.__suppress_context__ = True
    for name in (_NODE, _INPUTS):
        if hasattr(err, name):
            setattr(new, name, getattr(err, name))
    return new


def _holds_user_graph(op: Any) -> bool:
    """Whether `op` runs an inner graph the user built (Scan, OpFromGraph): its failing inner node is reported too."""
    return isinstance(getattr(op, "inputs", None), list) and isinstance(getattr(op, "outputs", None), list)


def _report_inner(err: BaseException, inner: Apply) -> None:
    """Append the report on the failing node of an inner graph (Theano's inner function wrote it) and forget it."""
    info = list(getattr(err, _INPUTS, None) or [])
    if len(info) != len(inner.inputs):
        info = [(None, None, None)] * len(inner.inputs)
    text = format_node_error(inner, None, [i[0] for i in info], [i[1] for i in info], [i[2] for i in info])
    if len(err.args) == 1 and isinstance(err.args[0], str) and not isinstance(err, KeyError):
        err.args = (err.args[0] + text,)
    else:
        err.add_note(text.strip("\n"))


def named_step(step: Any) -> Any:
    """`step(node, inputs)` (one node of an evaluation plan) that tags an error it raises with its node (used while
    tracing: no cost per call of the compiled program)."""
    def guarded(node: Apply, inputs: list) -> Any:
        try:
            return step(node, inputs)
        except Exception as err:
            new = shape_error_type(err)
            if not getattr(err, _DONE, False):
                inner = failed_node(new)
                if inner is not None and inner is not node and _holds_user_graph(node.op):
                    _report_inner(new, inner)  # the node of the user's inner graph (a scan step), then the outer one
                tag_error(new, node, inputs)
            if new is err:
                raise
            raise new from None
    guarded.__wrapped__ = step  # type: ignore[attr-defined]
    return guarded


__all__ = ["annotate_error", "append_report", "failed_node", "format_node_error", "named_step", "report_call_error",
           "shape_error_type", "tag_error"]
