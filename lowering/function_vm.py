"""`f.fn`: the view of a compiled function that Theano's VM gave (`storage_map`, `allow_gc`), for `f.free()`.

Here a function is one XLA program: its intermediate values live inside XLA and are freed by it, so
`storage_map` holds one cell per variable of `f.maker.fgraph` with what the host can know: the constants'
values, the shared variables' current values, and, while `allow_gc` is False, the explicit inputs and the
outputs of the last call (Theano keeps them for inspection then; `f.free()` clears them).
"""
from __future__ import annotations

from typing import Any

from theano.frontend.graph import Constant, Variable


class FunctionStorage:
    """Theano's `f.fn`: `storage_map` {variable of f.maker.fgraph: [value]} and the `allow_gc` flag."""

    def __init__(self, function: Any, share_from: "FunctionStorage | None" = None):
        self._function = function
        fg = function.maker.fgraph
        cells: dict[Variable, list] = {}
        for v in _graph_variables(fg):
            cells[v] = [v.data] if isinstance(v, Constant) else [None]
        if share_from is not None:  # Function.copy(share_memory=True): intermediate and constant cells are shared
            io = set(fg.inputs) | set(fg.outputs)
            old_vars = _graph_variables(share_from._function.maker.fgraph)
            for old, new in zip(old_vars, _graph_variables(fg)):
                if (new not in io or isinstance(new, Constant)) and old in share_from._cells:
                    cells[new] = share_from._cells[old]
        self._cells = cells
        self._allow_gc = True
        self._output_containers: list[Any] | None = None

    @property
    def output_containers(self) -> list[Any]:
        """f.output_storage: one Container per output, filled by `f.fn()`."""
        if self._output_containers is None:
            from theano.lowering.containers import Container

            self._output_containers = [Container(o.variable) for o in self._function.maker.outputs]
        return self._output_containers

    def __call__(self) -> None:
        """Theano's low-level `f.fn()`: run f on the values in its explicit inputs' containers
        (`f.input_storage[i].storage[0] = value`); the outputs land in `f.output_storage[i]`."""
        f = self._function
        values = [c.storage[0] for c in f.input_storage[:f._n_explicit]]
        out = f(*values)
        if f._output_keys is not None:
            results = [out[k] for k in f._output_keys]
        elif f._unpack_single:
            results = [out]
        else:
            results = list(out)
        for container, value in zip(self.output_containers, results):
            container.storage[0] = value

    @property
    def storage_map(self) -> dict[Variable, list]:
        """The cells, with the shared inputs' cells holding their variables' current values."""
        f = self._function
        n = f._n_explicit
        for var, shared in zip(f.maker.fgraph.inputs[n:], f._shared):
            self._cells[var][0] = shared.get_value(borrow=True)
        return self._cells

    @property
    def allow_gc(self) -> bool:
        return self._allow_gc

    @allow_gc.setter
    def allow_gc(self, value: bool) -> None:
        """allow_gc=False keeps each call's inputs and outputs in storage_map (until f.free())."""
        self._allow_gc = bool(value)
        f = self._function
        if value:
            f.__dict__.pop("_run", None)
        else:
            f._run = self._recording_run  # an instance attribute: the class's _run still does the work
        f.reset_call_path()  # the fast call path bypasses _run: rebuild it (or not) for the new _run

    def _recording_run(self, values: list[Any]) -> list[Any]:
        """Run the function, then keep its explicit inputs and its outputs in their cells."""
        f = self._function
        results = type(f)._run(f, values)
        fg = f.maker.fgraph
        for var, value in zip(fg.inputs[:f._n_explicit], values):
            self._cells[var][0] = value
        for var, value in zip(fg.outputs, results):
            self._cells[var][0] = value
        return results

    def free(self) -> None:
        """Clear every cell but the constants' (Theano's Function.free with allow_gc=False)."""
        if self._allow_gc:
            return
        for var, cell in self._cells.items():
            if not isinstance(var, Constant):
                cell[0] = None


def _graph_variables(fg: Any) -> list[Variable]:
    """The fgraph's variables in a structural order (inputs, then each node's inputs and outputs in toposort),
    so that two clones of one graph list corresponding variables at the same positions."""
    seen: dict[Variable, None] = dict.fromkeys(fg.inputs)
    for node in fg.toposort():
        for v in list(node.inputs) + list(node.outputs):
            seen.setdefault(v, None)
    for v in fg.outputs:
        seen.setdefault(v, None)
    return list(seen)
