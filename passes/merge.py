"""The `merge` set: common subexpression elimination (Theano's MergeOptimizer).

Two nodes with equal ops (by `__props__`) and the same inputs compute the same values, so one of
them goes; constants count as the same input when they hold the same value. `MergeFeature` keeps a
table of node signatures up to date as a graph changes, so the rewrite engine merges duplicates as
rules create them; `merge_pass` runs it once over a whole graph.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.fgraph import FunctionGraph, InconsistencyError
from theano.frontend.graph import Apply, Constant, Variable


def _input_key(v: Variable) -> Any:
    if isinstance(v, Constant):
        try:
            return ("const", v.signature())
        except Exception:  # noqa: BLE001 - a constant type without a hashable signature
            return v
    return v


def node_signature(node: Apply) -> Any:
    """(op, inputs) with constants by value; None when the op cannot be hashed or must not be merged."""
    op = node.op
    if getattr(op, "no_merge", False):
        return None
    key = (op, tuple(_input_key(v) for v in node.inputs))
    try:
        hash(key)
    except TypeError:
        return None
    return key


class MergeFeature:
    """Tracks node signatures in a FunctionGraph; duplicates found on import/change wait in `pending`.

    Equal constants (same type and value) become one: the first one the graph holds is kept and later ones
    are replaced by it (`pending_consts`), taking their name, as Theano's MergeFeature.process_constant."""

    def __init__(self) -> None:
        self.node_of: dict[Any, Apply] = {}
        self.sig_of: dict[Apply, Any] = {}
        self.pending: list[tuple[Apply, Apply]] = []
        self.const_of: dict[Any, Constant] = {}
        self.pending_consts: list[tuple[Constant, Constant]] = []

    def on_attach(self, fgraph: FunctionGraph) -> None:
        for node in fgraph.toposort():
            self.on_import(fgraph, node, None)

    def _constant(self, fgraph: FunctionGraph, c: Constant) -> None:
        key = _input_key(c)
        if key is c:
            return
        try:
            have = self.const_of.get(key)
        except TypeError:  # an unhashable value
            return
        if have is None or (have is not c and have not in fgraph.clients):
            self.const_of[key] = c
        elif have is not c:
            self.pending_consts.append((c, have))

    def _register(self, fgraph: FunctionGraph, node: Apply) -> None:
        key = node_signature(node)
        if key is None:
            return
        have = self.node_of.get(key)
        if have is not None and have is not node and have in fgraph.apply_nodes:
            self.pending.append((node, have))
            return
        self.node_of[key] = node
        self.sig_of[node] = key

    def _unregister(self, node: Apply) -> None:
        key = self.sig_of.pop(node, None)
        if key is not None and self.node_of.get(key) is node:
            del self.node_of[key]

    def on_import(self, fgraph: FunctionGraph, node: Apply, reason: Any) -> None:
        for v in node.inputs:
            if isinstance(v, Constant):
                self._constant(fgraph, v)
        self._register(fgraph, node)

    def on_prune(self, fgraph: FunctionGraph, node: Apply, reason: Any) -> None:
        self._unregister(node)

    def on_change_input(self, fgraph: FunctionGraph, node: Any, i: int, r: Variable, new_r: Variable,
                        reason: Any) -> None:
        if isinstance(new_r, Constant):
            self._constant(fgraph, new_r)
        if isinstance(node, Apply):
            self._unregister(node)
            self._register(fgraph, node)

    def flush(self, fgraph: FunctionGraph) -> list[Variable]:
        """Replace pending duplicate constants and the outputs of pending duplicate nodes by the kept ones; returns
        the kept variables used."""
        kept: list[Variable] = []
        while self.pending_consts:
            dup_c, have_c = self.pending_consts.pop()
            if dup_c is have_c or dup_c not in fgraph.clients or have_c not in fgraph.clients \
                    or dup_c.type != have_c.type:
                continue
            if dup_c.name:  # Theano keeps the last name
                have_c.name = dup_c.name
            _merge_into(fgraph, dup_c, have_c, kept)
        while self.pending:
            dup, have = self.pending.pop()
            if dup not in fgraph.apply_nodes or have not in fgraph.apply_nodes:
                continue
            if node_signature(dup) != node_signature(have):
                continue
            for old, new in zip(dup.outputs, have.outputs):
                if old.type == new.type and old in fgraph.clients:
                    _merge_into(fgraph, old, new, kept)
        return kept


def _merge_into(fgraph: FunctionGraph, old: Variable, new: Variable, kept: list[Variable]) -> None:
    """Replace `old` by its equal `new` (recorded as a merge; kept in `kept`), unless the graph refuses it."""
    from theano.passes.engine import record

    try:
        fgraph.replace(old, new, reason="merge")
    except InconsistencyError:
        return
    record(fgraph, old, new, "merge")
    kept.append(new)


def merge_pass(fgraph: FunctionGraph, mode: Any = None) -> None:
    """Merge equal nodes of the whole graph (`merge`)."""
    attached = getattr(fgraph, "merge_feature", None)
    if attached is not None:
        attached.flush(fgraph)
        return
    feature = MergeFeature()
    fgraph.attach_feature(feature)
    try:
        feature.flush(fgraph)
    finally:
        fgraph.remove_feature(feature)
