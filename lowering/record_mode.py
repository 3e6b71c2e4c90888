"""RecordMode (theano.tests.record): a Mode whose functions run op by op and write, for each node, a line with
the function's name, the node and digests of its input and output values to a Record; replaying the same
program against the record raises MismatchError at the first node that computed something else."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.printing import min_informative_str
from theano.frontend.record import MismatchError, Record, hex_digest
from theano.lowering.linker import OpWiseCLinker
from theano.lowering.mode import Mode
from theano.lowering.opwise import OpWiseFunction, WrapLinker


def _digest(cell: list) -> str:
    value = cell[0]
    return hex_digest(value if isinstance(value, np.ndarray) else np.asarray(value))


class _RecordLinker(WrapLinker):
    """The WrapLinker of a RecordMode: its wrapper knows the function graph it runs (for its name)."""

    def __init__(self, mode: "RecordMode"):
        super().__init__([OpWiseCLinker()], None)  # type: ignore[arg-type]
        self.mode = mode

    def __copy__(self) -> "_RecordLinker":
        return type(self)(self.mode)

    def accept(self, fgraph: Any, no_recycling: Any = None, profile: Any = None) -> "_RecordLinker":
        if self.fgraph is not None and self.fgraph is not fgraph:
            return type(self)(self.mode).accept(fgraph, no_recycling, profile)
        self.fgraph = fgraph
        return self

    def wrap_function(self, fn: Any) -> OpWiseFunction:
        fgraph = fn.maker.fgraph
        mode = self.mode
        return OpWiseFunction.wrapping(fn, lambda i, node, thunk: mode.callback(fgraph, i, node, thunk))


class RecordMode(Mode):
    """Record (or, with a replaying Record, check) every node each function of this mode runs: the number of
    nodes of a function the first time it runs, then per node its index, text, and the digests of its inputs
    and outputs. Functions must be named (the name ties a record to its function)."""

    def __init__(self, record: Record | None = None, **kwargs: Any):
        if record is None:
            record = Record(**kwargs)
        elif kwargs:
            raise TypeError("RecordMode takes a Record or the arguments to make one, not both")
        super().__init__(_RecordLinker(self), optimizer="fast_run")
        self.set_record(record)

    def set_record(self, record: Record) -> None:
        """Use `record` from now on (the functions seen so far are forgotten)."""
        self.record = record
        self.known_fgraphs: list = []

    def handle_line(self, line: str, i: int, node: Any, thunk: Any, fgraph: Any) -> None:
        try:
            self.record.handle_line(line)
        except MismatchError as e:
            print("Got this MismatchError:")
            print(e)
            print("while processing node i=" + str(i) + ":")
            print("str(node):", str(node))
            print("Symbolic inputs: ")
            for elem in node.inputs:
                print(min_informative_str(elem))
            print("str(output) of outputs: ")
            for cell in thunk.outputs:
                print(str(cell[0]))
            print("function name: " + str(fgraph.name))
            raise MismatchError("Non-determinism detected by WrapLinker") from e

    def callback(self, fgraph: Any, i: int, node: Any, thunk: Any) -> None:
        """The wrapper of each node: record (or check) the lines, run the node between the two digests."""
        name = getattr(fgraph, "name", None)
        if name is None:
            raise ValueError("Un-named functions are not allowed with RecordMode, because they make it impossible to "
                             "tell if the same function is running during the playback.")
        if not any(g is fgraph for g in self.known_fgraphs):
            if any(g.name == name for g in self.known_fgraphs):
                raise ValueError("RecordMode: two functions are named %r: the record could not tell them apart" % name)
            self.known_fgraphs.append(fgraph)
            self.handle_line("Function " + name + " has " + str(len(fgraph.apply_nodes)) + " apply nodes.\n",
                             i, node, thunk, fgraph)
        self.handle_line("Function name: " + name + "\n", i, node, thunk, fgraph)
        self.handle_line("Node " + str(i) + ":" + str(node) + "\n", i, node, thunk, fgraph)
        self.handle_line("Inputs: " + " ".join(_digest(c) for c in thunk.inputs) + "\n", i, node, thunk, fgraph)
        thunk()
        self.handle_line("Outputs: " + " ".join(_digest(c) for c in thunk.outputs) + "\n", i, node, thunk, fgraph)
