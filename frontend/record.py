"""Recording a sequence of text lines and checking a later run against it (Theano's theano.tests.record.Record),
the base of RecordMode (theano.lowering.record_mode), which records each node a function runs to detect
non-determinism between two runs of a program."""
from __future__ import annotations

import hashlib
from typing import Any, IO

import numpy as np


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
