"""FunctionGraph: a graph with fixed inputs and outputs, its clients, and in-place replacement.

Replacement is incremental, as in Theano: `replace(r, new_r)` rewires the clients of `r` (changing
`node.inputs` in place), imports the nodes of `new_r` that are new to the graph and prunes the nodes
that no longer reach an output. Its cost is proportional to the nodes touched, not to the graph size,
so a rewrite pass over n nodes costs O(n), not O(n^2). Features (`attach_feature`) hear about every
change through `on_import`, `on_prune` and `on_change_input` callbacks.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from theano.frontend.config import config
from theano.frontend.graph import Apply, Constant, Variable, general_toposort, io_toposort
from theano.frontend.graph_utils import as_string, clone_get_equiv


class InconsistencyError(Exception):
    """A replacement would make the graph invalid (a cycle, or a type mismatch)."""


class CachedConstantError(Exception):
    """A FunctionGraph built with clone=False holds a cached constant (one shared by every graph that uses the
    same small value), as Theano 1.0.5 refuses: clone the graph first."""


class MissingInputError(Exception):
    """A graph needs an input that was not given (gof.fg.MissingInputError)."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.variable = kwargs.pop("variable", None)
        super().__init__(*args)


def _is_free_leaf(v: Variable) -> bool:
    """An ownerless variable that is neither a constant nor a shared variable (it must be a graph input)."""
    return v.owner is None and not isinstance(v, Constant) and not hasattr(v, "get_value")


class Clients(dict):
    """The users of one variable, (node, input index) pairs in the order they were added, read as a list
    (iteration, len, [k], ==, append, remove) but held in an insertion-ordered dict: removing one is O(1), where a
    list's scan made each rewrite of a user of a widely used variable (a constant in a 10,000-op chain) O(n)."""

    def append(self, pair: tuple[Any, int]) -> None:
        self[pair] = None

    def remove(self, pair: tuple[Any, int]) -> None:
        try:
            del self[pair]
        except KeyError:
            raise ValueError(f"{pair!r} is not a client") from None

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, (int, slice)):
            return list(self)[key]
        return dict.__getitem__(self, key)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Clients)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


class FunctionGraph:
    """The graph between `inputs` and `outputs` (cloned unless clone=False), with `clients` maps.

    `clients[var]` lists (node, input index) pairs, and ('output', i) for graph outputs (a `Clients`).
    `apply_nodes` and `variables` are insertion-ordered (dict-backed) sets.
    """

    def __init__(self, inputs: Sequence[Variable], outputs: Sequence[Variable], features: Any = None,
                 clone: bool = True, update_mapping: dict | None = None):
        order = None
        if clone:
            equiv = clone_get_equiv(list(inputs), list(outputs), copy_inputs=True, copy_orphans=False)
            inputs = [equiv[i] for i in inputs]
            outputs = [equiv[o] for o in outputs]
            self.equiv = equiv
            # the copies of the nodes, in the toposort order they were cloned in (the copy's own toposort)
            order = [new for old, new in equiv.items() if isinstance(old, Apply)]
        else:
            self.equiv = None
        self.inputs: list[Variable] = list(inputs)
        self.outputs: list[Variable] = list(outputs)
        self.update_mapping = update_mapping or {}
        self._features: list[Any] = []
        self._nodes: dict[Apply, None] = {}
        self._vars: dict[Variable, None] = {}
        self.clients: dict[Variable, Clients] = {}
        self._version = 0  # bumped by every change: the cached toposort is reused while it stays the same
        self._topo: tuple[Any, list[Apply]] | None = None
        self._rebuild(order)
        if not clone:
            for v in self._vars:
                if getattr(v, "cached", False):
                    raise CachedConstantError("You manually constructed a FunctionGraph, but you passed it a graph "
                                              "that has a cached constant. This should not happen. Clone the graph "
                                              "before building the FunctionGraph.")
        for f in features or ():
            self.attach_feature(f)

    # ------------------------------------------------------------------ views

    @property
    def apply_nodes(self) -> "dict[Apply, None]":
        """The Apply nodes of the graph (a dict used as an ordered set: iterate, `in`, `len`)."""
        return self._nodes

    @property
    def variables(self) -> "dict[Variable, None]":
        """Every variable of the graph (inputs, constants, node inputs and outputs)."""
        return self._vars

    def _rebuild(self, order: list[Apply] | None = None) -> None:
        """Recompute nodes and clients from the outputs (after assigning `outputs` directly); `order` is the
        toposort when the caller has it already (a fresh clone)."""
        self._version += 1
        self._nodes = {}
        self._vars = dict.fromkeys(self.inputs)
        self.clients = {v: Clients() for v in self.inputs}
        if order is None:
            order = io_toposort(self.inputs, self.outputs)
        self._topo = ((self._version, tuple(self.inputs), tuple(self.outputs)), order)
        for node in order:
            self._nodes[node] = None
            for i, v in enumerate(node.inputs):
                self._check_leaf(v)
                self._vars[v] = None
                self.clients.setdefault(v, Clients()).append((node, i))
            for o in node.outputs:
                self._vars[o] = None
                self.clients.setdefault(o, Clients())
        for i, o in enumerate(self.outputs):
            self._check_leaf(o)
            self._vars[o] = None
            self.clients.setdefault(o, Clients()).append(("output", i))

    def _check_leaf(self, v: Variable) -> None:
        if _is_free_leaf(v) and v not in self._vars:
            raise MissingInputError(f"Undeclared input: {v}", variable=v)

    def toposort(self) -> list[Apply]:
        """The nodes in Theano's order; cached until the graph changes (every phase and stage asks for it)."""
        key = (self._version, tuple(self.inputs), tuple(self.outputs))
        if self._topo is None or self._topo[0] != key:
            self._topo = (key, io_toposort(self.inputs, self.outputs))
        return list(self._topo[1])

    def orphans(self) -> list[Variable]:
        return [v for v in self._vars if v.owner is None and v not in self.inputs]

    # ------------------------------------------------------------------ incremental changes

    def _import_var(self, var: Variable, reason: str | None) -> None:
        """Add `var` and the nodes computing it that are new to the graph (iteratively, inputs first)."""
        if var in self._vars:
            return
        self._version += 1
        if var.owner is None:
            self._check_leaf(var)
            self._vars[var] = None
            self.clients.setdefault(var, Clients())
            return
        new_nodes = []
        stack = [var.owner]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen or node in self._nodes:
                continue
            seen.add(id(node))
            new_nodes.append(node)
            for v in node.inputs:
                if v.owner is not None and v.owner not in self._nodes and id(v.owner) not in seen:
                    stack.append(v.owner)
                elif v.owner is None:
                    self._check_leaf(v)
        new_set = set(map(id, new_nodes))
        for node in _order_new(new_nodes, new_set):
            self._nodes[node] = None
            for o in node.outputs:
                self._vars[o] = None
                self.clients.setdefault(o, Clients())
            for i, v in enumerate(node.inputs):
                if v not in self._vars:
                    self._vars[v] = None
                self.clients.setdefault(v, Clients()).append((node, i))
            for f in self._features:
                cb = getattr(f, "on_import", None)
                if cb is not None:
                    cb(self, node, reason)

    def _prune_var(self, var: Variable, reason: str | None) -> None:
        """Remove the nodes that computed `var` if nothing uses their outputs any more (iteratively)."""
        self._version += 1
        stack = [var]
        while stack:
            v = stack.pop()
            if self.clients.get(v):
                continue
            node = v.owner
            if node is None:
                if v not in self.inputs and v in self._vars and not self.clients.get(v):
                    del self._vars[v]
                    self.clients.pop(v, None)
                continue
            if node not in self._nodes or any(self.clients.get(o) for o in node.outputs):
                continue
            del self._nodes[node]
            for o in node.outputs:
                self._vars.pop(o, None)
                self.clients.pop(o, None)
            for i, inp in enumerate(node.inputs):
                cl = self.clients.get(inp)
                if cl is not None:
                    try:
                        cl.remove((node, i))
                    except ValueError:
                        pass
                    if not cl:
                        stack.append(inp)
            for f in self._features:
                cb = getattr(f, "on_prune", None)
                if cb is not None:
                    cb(self, node, reason)

    def change_input(self, node: Any, i: int, new_r: Variable, reason: str | None = None) -> None:
        """Make input i of `node` (or output i when node == 'output') be `new_r`."""
        if node == "output":
            r = self.outputs[i]
            if r is new_r:
                return
            self._import_var(new_r, reason)
            self.outputs[i] = new_r
        else:
            r = node.inputs[i]
            if r is new_r:
                return
            self._import_var(new_r, reason)
            node.inputs[i] = new_r
        self._version += 1
        self.clients[new_r].append((node, i))
        cl = self.clients.get(r)
        if cl is not None:
            try:
                cl.remove((node, i))
            except ValueError:
                pass
        for f in self._features:
            cb = getattr(f, "on_change_input", None)
            if cb is not None:
                cb(self, node, i, r, new_r, reason)
        if not self.clients.get(r):
            self._prune_var(r, reason)

    def replace(self, r: Variable, new_r: Variable, reason: str | None = None, verbose: bool | None = None) -> None:
        """Make every client of `r` use `new_r` instead (an InconsistencyError if that makes a cycle).

        With `verbose` (default config.optimizer_verbose) it prints `reason r new_r` first, as Theano did."""
        if r is new_r:
            return
        if verbose if verbose is not None else config.optimizer_verbose:
            print(reason, r, new_r)
        if r.type != new_r.type:
            conv = r.type.convert_variable(new_r) if hasattr(r.type, "convert_variable") else None
            if conv is None:
                raise TypeError(f"The type of the replacement must be the same as the type of the original Variable. "
                                f"({r}: {r.type}, {new_r}: {new_r.type})", reason)
            new_r = conv
        if r not in self._vars:
            raise ValueError(f"{r} is not a variable of this graph", reason)
        if self._depends_on(new_r, r):
            raise InconsistencyError(f"replacing {r} by {new_r} would create a cycle", reason)
        for node, i in list(self.clients.get(r, ())):
            self.change_input(node, i, new_r, reason)

    def _depends_on(self, new_r: Variable, r: Variable) -> bool:
        """Whether the nodes of `new_r` that are not yet in the graph read `r` (a replacement cycle)."""
        if new_r is r:
            return True
        stack = [new_r]
        seen: set[int] = set()
        while stack:
            v = stack.pop()
            if v is r:
                return True
            if v.owner is None or v.owner in self._nodes or id(v) in seen:
                continue
            seen.add(id(v))
            stack.extend(v.owner.inputs)
        return False

    def replace_all(self, pairs: Iterable[tuple[Variable, Variable]], reason: str | None = None) -> None:
        for r, new_r in pairs:
            self.replace(r, new_r, reason)

    def replace_validate(self, r: Variable, new_r: Variable, reason: str | None = None) -> None:
        self.replace(r, new_r, reason)

    def attach_feature(self, feature: Any) -> None:
        self._features.append(feature)
        if hasattr(feature, "on_attach"):
            feature.on_attach(self)

    def remove_feature(self, feature: Any) -> None:
        self._features.remove(feature)
        if hasattr(feature, "on_detach"):
            feature.on_detach(self)

    # ------------------------------------------------------------------ copies

    def clone(self) -> "FunctionGraph":
        return FunctionGraph(self.inputs, self.outputs, clone=True)

    def clone_get_equiv(self) -> tuple["FunctionGraph", dict]:
        fg = FunctionGraph(self.inputs, self.outputs, clone=True)
        return fg, fg.equiv or {}

    def __str__(self) -> str:
        return "[%s]" % ", ".join(as_string(self.inputs, self.outputs))

    def __repr__(self) -> str:
        return str(self)


def _order_new(nodes: list[Apply], ids: set[int]) -> list[Apply]:
    """`nodes` (all new to a graph) ordered so that each comes after the new nodes it reads."""
    return general_toposort(nodes, lambda node: [v.owner for v in node.inputs
                                                 if v.owner is not None and id(v.owner) in ids])
