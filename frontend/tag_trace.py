"""Where a variable was made: `var.tag.trace`, the user's stack when its node was built (Theano's add_tag_trace).

Theano records, on every variable an op makes, the stack of the user code that made it: a list holding one list
of `(filename, line number, function name, line text)` tuples, innermost last, at most `config.traceback.limit`
frames (-1: all, 0: none), leaving out the frames inside the library itself (only those nearest the call, as
Theano did). Errors at call time print it ("Backtrace when the node is created"). Building a graph pays for it
on every node, so the stack is walked with `sys._getframe` and a per-code-object verdict, never `inspect`.
"""
from __future__ import annotations

import functools
import inspect
import linecache
import os
import sys
import threading
import warnings
from types import CodeType
from typing import Any, Callable, Sequence

from theano.frontend.config import config

Frame = tuple[str, int, str, "str | None"]

_HERE = os.path.dirname(os.path.abspath(__file__))


def _library_dirs() -> tuple[str, ...]:
    """The folders of this package's four parts, in an editable checkout (side by side) and installed (nested)."""
    root = os.path.dirname(_HERE)
    dirs = {_HERE}
    for base in (root, os.path.join(root, "theano")):
        for part in ("theano", "frontend", "lowering", "passes"):
            dirs.add(os.path.join(base, part))
    return tuple(sorted(d + os.sep for d in dirs))


_LIBRARY = _library_dirs()
# id(code object) -> whether its file is part of the library (ids: a code object hashes its whole contents); the
# code objects are kept alive in _seen_code so that their ids are never reused
_inside: dict[int, bool] = {}
_seen_code: list[CodeType] = []
_frames: dict[tuple[CodeType, int], Frame] = {}  # (code, offset) -> its trace entry (source read once, as Theano)
_MAX_FRAMES = 1 << 16


def _is_library(code: CodeType) -> bool:
    """Whether `code` belongs to the library (its frames are left out of traces), decided once per code object."""
    verdict = _inside.get(id(code))
    if verdict is None:
        _seen_code.append(code)
        verdict = _inside[id(code)] = code.co_filename.startswith(_LIBRARY)
    return verdict


def _raw_stack(frame: Any, limit: int | None, skip_library: bool) -> list:
    """`[code, instruction offset, code, offset, ...]` of `frame` and its callers, innermost first, at most `limit`
    frames (None: all), after dropping the library frames nearest the call: cheap to take (no source read, no
    frame kept alive), resolved when read."""
    if skip_library:
        inside = _inside
        while frame is not None:
            verdict = inside.get(id(frame.f_code))
            if verdict is None:
                verdict = _is_library(frame.f_code)
            if not verdict:
                break
            frame = frame.f_back
    raw: list = []
    append = raw.append
    n = 1 << 30 if limit is None else limit
    while frame is not None and n:
        append(frame.f_code)
        append(frame.f_lasti)  # the instruction offset: cheaper to read than f_lineno
        frame = frame.f_back
        n -= 1
    return raw


def _line_of(code: CodeType, lasti: int) -> int:
    """The source line of instruction offset `lasti` in `code` (what frame.f_lineno would have said)."""
    line = code.co_firstlineno
    for start, end, lineno in code.co_lines():
        if start <= lasti < end:
            return lineno if lineno is not None else line
        if lineno is not None:
            line = lineno
    return line


def resolve(raw: Sequence) -> list[Frame]:
    """The `(file, line, function, text)` tuples, outermost first, of a stack taken by `_raw_stack`."""
    frames = _frames
    out: list[Frame] = []
    for k in range(len(raw) - 2, -1, -2):
        code, lasti = key = (raw[k], raw[k + 1])
        entry = frames.get(key)
        if entry is None:
            lineno = _line_of(code, lasti)
            line = linecache.getline(code.co_filename, lineno).strip() if lineno else ""
            entry = (code.co_filename, lineno, code.co_name, line or None)
            if len(frames) >= _MAX_FRAMES:
                frames.clear()
            frames[key] = entry
        out.append(entry)
    return out


def extract_user_stack(limit: int | None, skip_library: bool = True, depth: int = 2) -> list[Frame]:
    """The caller's stack as `(file, line, function, text)` tuples, outermost first: at most `limit` frames
    (None: all), after dropping the library frames nearest the call (Theano's simple_extract_stack)."""
    try:
        frame: Any = sys._getframe(depth)
    except ValueError:
        return []
    return resolve(_raw_stack(frame, limit, skip_library))


class _Building(threading.local):
    """The stack taken when the outermost `Op.__call__` of this thread began: every variable made while that op
    builds its node (its outputs, the constants and nodes its make_node makes) shares it, so it is taken once."""

    raw: list | None = None


building = _Building()


def shares_one_trace(fn: Callable) -> Callable:
    """`fn` (a compile step that builds many nodes: the rewrite passes, the shape program) with every variable made
    during the call given the stack of the call, taken once: a rewrite's nodes then get the trace of the node they
    replace (copy_trace), and the library's deep frames are not walked once per new variable."""
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        state = building
        if state.raw is not None:
            return fn(*args, **kwargs)
        state.raw = current_trace()
        try:
            return fn(*args, **kwargs)
        finally:
            state.raw = None
    return call


def current_trace() -> list:
    """A stack for `tag.trace_raw` (see `Scratchpad.trace`), taken now (empty when traceback.limit is 0).

    Only code objects and line numbers are kept here; the tag turns them into Theano's list of tuples when
    `tag.trace` is first read, so building a graph does not read source files."""
    values = config._values
    limit = values["traceback.limit"]
    if limit == 0:
        return []
    return _raw_stack(sys._getframe(2), None if limit < 0 else limit, values["traceback.compile_limit"] <= 0)


def trace_from_raw(raw: Sequence | None) -> list[list[Frame]]:
    """`tag.trace` (Theano's form: `[frames]`, or `[]`) of what `current_trace` took."""
    frames = resolve(raw) if raw else []
    return [frames] if frames else []


def add_tag_trace(thing: Any, user_line: int | None = None) -> Any:
    """Theano's gof.utils.add_tag_trace: record on `thing.tag.trace` where it is being made; returns `thing`."""
    if user_line is None:
        raw = current_trace()
        thing.tag.trace = trace_from_raw(raw)
        return thing
    limit = None if user_line == -1 else user_line
    frames = extract_user_stack(limit, config._values["traceback.compile_limit"] <= 0) if limit != 0 else []
    thing.tag.trace = [frames] if frames else []
    return thing


def has_trace(tag: Any) -> bool:
    """Whether a tag holds a trace (taken or resolved), even an empty one."""
    d = tag.__dict__
    return "trace" in d or "trace_raw" in d


def copy_trace(old: Any, new: Any) -> None:
    """Give `new` (a rewrite's replacement for `old`) the trace of `old`, as Theano's copy_stack_trace."""
    old_tag, new_tag = old.tag.__dict__, new.tag.__dict__
    if old_tag.get("trace") or old_tag.get("trace_raw"):
        new_tag.pop("trace", None)
        new_tag.pop("trace_raw", None)
        for key in ("trace", "trace_raw"):
            if key in old_tag:
                new_tag[key] = old_tag[key]


def check_stack_trace(f_or_fgraph: Any, ops_to_check: Any = "last", bug_print: str = "raise") -> bool:
    """Theano's gof.opt.check_stack_trace: whether every output of the nodes picked by `ops_to_check` ('last': the
    nodes of the outputs, 'all', an op or op class or a list of them, or a predicate on nodes) in a compiled
    function's (or a FunctionGraph's) graph has a non-empty `tag.trace`."""
    fgraph = getattr(getattr(f_or_fgraph, "maker", None), "fgraph", None)
    if fgraph is None and hasattr(f_or_fgraph, "apply_nodes") and hasattr(f_or_fgraph, "outputs"):
        fgraph = f_or_fgraph
    if fgraph is None:
        raise ValueError("The type of f_or_fgraph is not supported")
    if hasattr(ops_to_check, "make_node"):  # an op, or an op class (duck-typed: graph.py imports this module)
        ops_to_check = (ops_to_check,)
    if isinstance(ops_to_check, str):
        if ops_to_check == "last":
            nodes = [out.owner for out in fgraph.outputs]
        elif ops_to_check == "all":
            nodes = list(fgraph.apply_nodes)
        else:
            raise ValueError("The string ops_to_check is not recognised")
    elif isinstance(ops_to_check, (tuple, list)):
        classes = tuple(o for o in ops_to_check if inspect.isclass(o))
        nodes = [n for n in fgraph.apply_nodes if n.op in ops_to_check] + \
            [n for n in fgraph.apply_nodes if isinstance(n.op, classes)
             or isinstance(getattr(n.op, "scalar_op", None), classes)]
    elif callable(ops_to_check):
        nodes = [n for n in fgraph.apply_nodes if ops_to_check(n)]
    else:
        raise ValueError("ops_to_check does not have the right type")
    if not nodes:
        msg = "Provided op instances/classes are not in the graph or the graph is empty"
        if bug_print == "warn":
            warnings.warn(msg)
        elif bug_print == "raise":
            raise Exception(msg)
        elif bug_print != "ignore":
            raise ValueError("The string bug_print is not recognised")
    for node in nodes:
        if node is None:
            continue
        for out in node.outputs:
            if not getattr(out.tag, "trace", None):
                return False
    return True


__all__ = ["check_stack_trace", "add_tag_trace", "copy_trace", "current_trace", "extract_user_stack", "has_trace", "trace_from_raw"]
