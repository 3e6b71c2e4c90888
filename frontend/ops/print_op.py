"""Print (theano.printing.Print): an identity op that prints its input's value while the function runs.

Inside a compiled function it prints from the program itself (an ordered host callback), in graph order,
with Theano's format: `message attr = value` for each of `attrs` (an attribute of the numpy value, called
when callable: '__str__', 'shape', 'min', ...). Its value and its gradient pass through unchanged. No
rewrite knows it (as in Theano), so a rewrite pattern does not match across it: `log(1 + Print(x))` stays.
Like Theano's it has no infer_shape: the shape of its output is read from the printed value.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable


def _print_fn(op: "Print", xin: Any) -> None:
    """Theano's default: `print(message, attr, '=', value)` for each attr (called when it is callable)."""
    for attr in op.attrs:
        temp = getattr(xin, attr)
        pmsg = temp() if callable(temp) else temp
        print(op.message, attr, "=", pmsg)


class Print(Op):
    """Identity that prints `message` and the `attrs` of its input's value each time it runs."""

    __props__ = ("message", "attrs", "global_fn")
    view_map = {0: [0]}

    def __init__(self, message: str = "", attrs: Sequence[str] = ("__str__",),
                 global_fn: Callable[["Print", Any], None] = _print_fn):
        self.message = message
        self.attrs = tuple(attrs)  # hashable
        self.global_fn = global_fn

    def make_node(self, xin: Any) -> Apply:
        xin = xin if isinstance(xin, Variable) else as_tensor_variable(xin)
        return Apply(self, [xin], [xin.type()])

    def perform(self, node: Apply, inputs: list, output_storage: list) -> None:
        xin, = inputs
        output_storage[0][0] = xin
        self.global_fn(self, xin)

    def grad(self, inputs: list[Variable], output_gradients: list[Variable]) -> list[Variable]:
        return list(output_gradients)

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[Variable]:
        return list(eval_points)

    def do_constant_folding(self, node: Apply) -> bool:
        """Never folded: the print belongs to each run of the function, not to its compilation."""
        return False

    def host_impl(self, node: Apply, x: Any) -> Any:
        """The value without printing, for host-side evaluation (the shape program): the print happens once,
        when the compiled program runs."""
        return x

    def __setstate__(self, dct: dict) -> None:
        dct.setdefault("global_fn", _print_fn)
        self.__dict__.update(dct)
