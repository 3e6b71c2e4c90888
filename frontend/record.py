"""Recording a sequence of text lines and checking a later run against it (Theano's theano.tests.record.Record),
the base of RecordMode (theano.lowering.record_mode), which records each node a function runs to detect
non-determinism between two runs of a program."""
from __future__ import annotations

import hashlib
from typing import Any, IO

import numpy as np

from theano.frontend.graph import Variable
from theano.frontend.printing import char_from_number


class MismatchError(Exception):
    """A replayed run wrote a line that differs from the recorded one (Record.handle_line)."""


class Record:
    """Record lines to `file_object` (or the file at `file_path`) or, with replay=True, check each line against
    the next recorded one: a different line raises MismatchError."""

    def __init__(self, file_object: IO[str] | None = None, file_path: str | None = None, replay: bool = False):
        if file_object is None and file_path is None:
            raise ValueError("Record needs a file_object or a file_path")
        if file_object is None:
            file_object = open(file_path, "r" if replay else "w")  # noqa: SIM115 - kept open as Theano's, for the run
        self.f = file_object
        self.file_object = file_object
        self.file_path = file_path
        self.replay = replay

    def handle_line(self, line: str) -> None:
        """Record `line` (one line, ending in a newline) or, when replaying, compare it with the next recorded one."""
        if not line.endswith("\n") or "\n" in line[:-1]:
            raise ValueError("Record.handle_line takes one line ending in a newline, got %r" % (line,))
        if not self.replay:
            self.f.write(line)
            return
        old_line = self.f.readline()
        if old_line != line:
            raise MismatchError("Replay detected mismatch.\n I wanted to write:\n" + _cut(line)
                                + "\nwhen previous job wrote:\n" + _cut(old_line))


def _cut(text: str) -> str:
    return text[:100] + "..." if len(text) > 100 else text


def hex_digest(x: Any) -> str:
    """SHA-256 of an array's bytes, with its strides and shape (theano.printing.hex_digest)."""
    if not isinstance(x, np.ndarray):
        raise TypeError("hex_digest expects a numpy ndarray, got %s" % type(x).__name__)
    rval = hashlib.sha256(np.ascontiguousarray(x).tobytes() if not x.flags.c_contiguous else x.tobytes()).hexdigest()
    rval += "|strides=[" + ",".join(str(stride) for stride in x.strides) + "]"
    rval += "|shape=[" + ",".join(str(s) for s in x.shape) + "]"
    return rval


def position_independent_str(obj: Any) -> str:
    """A variable's text without its memory address: 'theano_var{type=...}'."""
    if isinstance(obj, Variable):
        return "theano_var{type=" + str(obj.type) + "}"
    raise NotImplementedError("position_independent_str of %s" % type(obj).__name__)


def var_descriptor(obj: Any) -> str:
    """One line that says how `obj` is computed, with no memory addresses (theano.printing.var_descriptor): each
    object gets a tag (A, B, ...) in the order it is first met, a repeat is '<tag>', a computed variable is
    'op(inputs...)', an array is its strides and SHA-256 digest. Iterative: a deep graph does not recurse."""
    tags: dict[int, str] = {}

    def start(o: Any) -> "str | list":
        if id(o) in tags:
            return "<" + tags[id(o)] + ">"
        tag = tags[id(o)] = char_from_number(len(tags))
        if hasattr(o, "__array__"):
            arr = np.asarray(o)
            return (tag + "=<ndarray:strides=[" + ",".join(str(s) for s in arr.strides) + "],digest="
                    + hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest() + ">")
        if getattr(o, "owner", None) is not None:
            return [tag, o, []]
        if getattr(o, "name", None) is not None:
            return tag + "=" + o.name
        text = str(o)
        if " at 0x" in text:
            text = position_independent_str(o)
        return tag + "=" + text

    first = start(obj)
    if isinstance(first, str):
        return first
    stack = [first]
    while True:
        tag, o, parts = stack[-1]
        inputs = o.owner.inputs
        if len(parts) < len(inputs):
            sub = start(inputs[len(parts)])
            if isinstance(sub, str):
                parts.append(sub)
            else:
                stack.append(sub)
            continue
        stack.pop()
        text = tag + "=" + str(o.owner.op) + "(" + ",".join(parts) + ")"
        if not stack:
            return text
        stack[-1][2].append(text)


_disturbance: list = []


def disturb_mem() -> None:
    """Allocate a time-dependent number of objects (kept until the next call), so that object ids change from
    run to run: exposes results that depend on memory addresses (theano.tests.disturb_mem)."""
    from datetime import datetime

    ms = int(datetime.now().microsecond)
    _disturbance[:] = [[0] * (ms // 1000) for _ in range(ms % 1000)]
