"""FunctionGraph: a graph with fixed inputs and outputs, its clients, and in-place replacement."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from theano.frontend.graph import Apply, Constant, Variable, clone_get_equiv, io_toposort


class InconsistencyError(Exception):
    """A replacement would make the graph invalid."""


class FunctionGraph:
    """The graph between `inputs` and `outputs` (cloned unless clone=False), with `clients` maps.

    `clients[var]` lists (node, input index) pairs, and ('output', i) for graph outputs.
    """

    def __init__(self, inputs: Sequence[Variable], outputs: Sequence[Variable], features: Any = None,
                 clone: bool = True, update_mapping: dict | None = None):
        if clone:
            equiv = clone_get_equiv(list(inputs), list(outputs), copy_inputs=True, copy_orphans=False)
            inputs = [equiv[i] for i in inputs]
            outputs = [equiv[o] for o in outputs]
            self.equiv = equiv
        else:
            self.equiv = None
        self.inputs: list[Variable] = list(inputs)
        self.outputs: list[Variable] = list(outputs)
        self.update_mapping = update_mapping or {}
        self._features: list[Any] = []
        self.apply_nodes: set[Apply] = set()
        self.variables: set[Variable] = set()
        self.clients: dict[Variable, list[tuple[Any, int]]] = {}
        self._rebuild()
        for f in features or ():
            self.attach_feature(f)

    def _rebuild(self) -> None:
        self.apply_nodes = set()
        self.variables = set(self.inputs)
        self.clients = {v: [] for v in self.inputs}
        for node in io_toposort(self.inputs, self.outputs):
            self.apply_nodes.add(node)
            for i, v in enumerate(node.inputs):
                self.variables.add(v)
                self.clients.setdefault(v, []).append((node, i))
                if v.owner is None and v not in self.inputs and not isinstance(v, Constant) and not hasattr(v, "get_value"):
                    raise MissingInputError(f"Undeclared input: {v}", variable=v)
            for o in node.outputs:
                self.variables.add(o)
                self.clients.setdefault(o, [])
        for i, o in enumerate(self.outputs):
            self.variables.add(o)
            self.clients.setdefault(o, []).append(("output", i))
            if o.owner is None and o not in self.inputs and not isinstance(o, Constant) and not hasattr(o, "get_value"):
                raise MissingInputError(f"Undeclared input: {o}", variable=o)

    def toposort(self) -> list[Apply]:
        return io_toposort(self.inputs, self.outputs)

    def orphans(self) -> list[Variable]:
        return [v for v in self.variables if v.owner is None and v not in self.inputs]

    def replace(self, r: Variable, new_r: Variable, reason: str | None = None, verbose: bool = False) -> None:
        """Make every client of `r` use `new_r` instead."""
        if r.type != new_r.type:
            conv = r.type.convert_variable(new_r) if hasattr(r.type, "convert_variable") else None
            if conv is None:
                raise TypeError(f"The type of the replacement must be the same as the type of the original Variable. "
                                f"({r}: {r.type}, {new_r}: {new_r.type})", reason)
            new_r = conv
        from theano.frontend.graph import rebuild_with

        memo = {r: new_r}
        self.outputs = rebuild_with(self.outputs, memo)
        self._rebuild()

    def replace_all(self, pairs: Iterable[tuple[Variable, Variable]], reason: str | None = None) -> None:
        for r, new_r in pairs:
            self.replace(r, new_r, reason)

    def attach_feature(self, feature: Any) -> None:
        self._features.append(feature)
        if hasattr(feature, "on_attach"):
            feature.on_attach(self)

    def remove_feature(self, feature: Any) -> None:
        self._features.remove(feature)

    def clone(self) -> "FunctionGraph":
        return FunctionGraph(self.inputs, self.outputs, clone=True)

    def clone_get_equiv(self) -> tuple["FunctionGraph", dict]:
        fg = FunctionGraph(self.inputs, self.outputs, clone=True)
        return fg, fg.equiv or {}

    def __str__(self) -> str:
        return "[%s]" % ", ".join(str(o) for o in self.outputs)

    def __repr__(self) -> str:
        return str(self)


class MissingInputError(Exception):
    """A graph needs an input that was not given (gof.fg.MissingInputError)."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.variable = kwargs.pop("variable", None)
        super().__init__(*args)
