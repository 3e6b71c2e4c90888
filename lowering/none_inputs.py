"""None as an input value, where Theano 1.0.5's ops accept it.

Theano's Function stores a None argument as it is and hands it to the ops' `perform`; the ops that accept it give
it a meaning (Eye and Tri: `m` None is `n`, as numpy.eye). Our compiled program needs a value, so a call with None
at input k finds, in the compiled graph, what every client of that input takes None to mean (an op's
`none_input_means(node, i)`: the variable standing in for input i), and passes that value instead when it is
another explicit input. Anything else gets a clear TypeError naming the input, never a silent guess.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.graph import Constant


class NoneArgument(TypeError):
    """Raised by the input conversion for a None argument (caught by Function.__call__, see module docstring)."""

    def __init__(self, k: int):
        super().__init__(f"Bad input argument to theano function at index {k} (0-based). Got None, which this "
                         "input does not accept")
        self.k = k


def _stand_in(fn: Any, k: int) -> int | None:
    """The explicit input index whose value stands in for a None at input k, or None if there is none."""
    fgraph = fn.maker.fgraph
    if len(fgraph.inputs) < fn._n_explicit:
        return None
    var = fgraph.inputs[k]  # the compiled graph's inputs: the function's explicit inputs first, in order (cloned)
    clients = [c for c in fgraph.clients.get(var, ()) if c[0] != "output"]
    if not clients or len(clients) != len(fgraph.clients.get(var, ())):
        return None
    explicit = list(fgraph.inputs[:fn._n_explicit])
    found: set[int] = set()
    for node, i in clients:
        means = getattr(node.op, "none_input_means", None)
        stand = means(node, i) if means is not None else None
        if stand is None or stand not in explicit:
            return None
        found.add(explicit.index(stand))
    return found.pop() if len(found) == 1 else None


def constant_stand_in(fn: Any, k: int) -> Any:
    """The constant every client of input k takes a None there to mean (default(x, 3.8): 3.8), or None."""
    fgraph = fn.maker.fgraph
    if len(fgraph.inputs) <= k:
        return None
    var = fgraph.inputs[k]
    clients = list(fgraph.clients.get(var, ()))
    if not clients or any(c[0] == "output" for c in clients):
        return None
    found = []
    for node, i in clients:
        means = getattr(node.op, "none_input_means", None)
        stand = means(node, i) if means is not None else None
        if not isinstance(stand, Constant):
            return None
        found.append(stand.data)
    first = found[0]
    return first if all(np.array_equal(first, d) for d in found[1:]) else None


def call_with_none(fn: Any, args: tuple, kwargs: dict) -> Any:
    """`fn(*args, **kwargs)` with each None argument replaced by the value Theano's ops would have used."""
    for key, a in kwargs.items():
        if a is None:
            raise TypeError(f"Bad input argument {key!r} to theano function: got None (None is accepted only as a "
                            "positional argument where Theano's ops take it, e.g. the m of eye(n, m))") from None
    args = list(args)
    for k, a in enumerate(args):
        if a is not None:
            continue
        j = _stand_in(fn, k)
        if j is None and constant_stand_in(fn, k) is not None:
            args[k] = constant_stand_in(fn, k)
            continue
        if j is None or j >= len(args) or args[j] is None:
            var = fn._inputs[k].variable
            raise TypeError(
                f"Bad input argument to theano function at index {k} (0-based). Expected a value of type "
                f"{var.type} for input {var}, got None (None is accepted only where Theano's ops take it, "
                f"e.g. the m of eye(n, m) or tri(n, m), which then means n)") from None
        args[k] = args[j]
    return fn(*args, **kwargs)
