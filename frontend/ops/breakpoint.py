"""PdbBreakpoint (theano.tests.breakpoint): an identity on the monitored variables that, when a symbolic scalar
condition is true at run time, stops in a debugger on the host (pudb, ipdb or pdb, the first installed) with
the monitored values in the list `monitored`; values changed there are what the op returns."""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.backend_services import modules
from theano.frontend.grad_types import DisconnectedType
from theano.frontend.graph import Apply, Op, Variable


def _debugger() -> Any:
    """The first installed of pudb, ipdb and pdb (Theano's order)."""
    return modules.first_installed(("pudb", "ipdb"), fallback="pdb")


class PdbBreakpoint(Op):
    """PdbBreakpoint(name)(condition, *monitored_vars) -> the monitored variables (one output per monitored input);
    a run where `condition` (a scalar) is true prints the breakpoint's name and enters the debugger. At least one
    output must be used, or the graph drops the op."""

    __props__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        return "PdbBreakpoint{name=%r}" % (self.name,)  # (Op's default would print the name alone)

    def make_node(self, condition: Any, *monitored_vars: Any) -> Apply:
        if not isinstance(condition, Variable):
            condition = as_tensor_variable(condition)
        if getattr(condition, "ndim", None) != 0:
            raise TypeError("PdbBreakpoint %r: the condition must be a scalar, got %s" % (self.name, condition.type))
        monitored = [v if isinstance(v, Variable) else as_tensor_variable(v) for v in monitored_vars]
        new_op = PdbBreakpoint(name=self.name)
        new_op.view_map = {i: [i + 1] for i in range(len(monitored))}  # each output is its monitored input
        new_op.inp_types = [v.type for v in monitored]
        return Apply(new_op, [condition] + monitored, [v.type() for v in monitored])

    def perform(self, node: Apply, inputs: list, output_storage: list) -> None:
        condition = inputs[0]
        if condition:
            try:
                monitored = [np.array(inp) for inp in inputs[1:]]  # writable copies: edits are returned
            except Exception:  # noqa: BLE001 - Theano's message
                raise ValueError("Some of the inputs to the PdbBreakpoint op '%s' could not be casted to NumPy arrays"
                                 % self.name) from None
            print("\n")
            print("-------------------------------------------------")
            print("Conditional breakpoint '%s' activated\n" % self.name)
            print("The monitored variables are stored, in order,")
            print("in the list variable 'monitored' as NumPy arrays.\n")
            print("Their contents can be altered and, when execution")
            print("resumes, the updated values will be used.")
            print("-------------------------------------------------")
            _debugger().set_trace()
            for i, out in enumerate(node.outputs):
                output_storage[i][0] = out.type.filter(monitored[i], allow_downcast=True)
        else:
            for i in range(len(output_storage)):
                output_storage[i][0] = inputs[i + 1]

    def grad(self, inputs: list[Variable], output_gradients: list[Variable]) -> list[Variable]:
        return [DisconnectedType()()] + list(output_gradients)

    def infer_shape(self, node: Apply, input_shapes: list) -> list:
        return list(input_shapes[1:])

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        nb_inp = len(node.inputs)
        return [[out_idx == inp_idx - 1 for out_idx in range(nb_inp - 1)] for inp_idx in range(nb_inp)]

    def do_constant_folding(self, node: Apply) -> bool:
        """Never folded: the breakpoint belongs to each run of the function."""
        return False
