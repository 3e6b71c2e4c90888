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
    """Tracks node signatures in a FunctionGraph; duplicates found on import/change wait in `pending`."""

    def __init__(self) -> None:
        self.node_of: dict[Any, Apply] = {}
        self.sig_of: dict[Apply, Any] = {}
        self.pending: list[tuple[Apply, Apply]] = []

    def on_attach(self, fgraph: FunctionGraph) -> None:
        for node in fgraph.toposort():
            self._register(fgraph, node)

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
        self._register(fgraph, node)

    def on_prune(self, fgraph: FunctionGraph, node: Apply, reason: Any) -> None:
        self._unregister(node)

    def on_change_input(self, fgraph: FunctionGraph, node: Any, i: int, r: Variable, new_r: Variable,
                        reason: Any) -> None:
        if isinstance(node, Apply):
            self._unregister(node)
            self._register(fgraph, node)

    def flush(self, fgraph: FunctionGraph) -> list[Variable]:
        """Replace the outputs of pending duplicates by the kept node's; returns the kept outputs used."""
        from theano.passes.engine import record

        kept: list[Variable] = []
        while self.pending:
            dup, have = self.pending.pop()
            if dup not in fgraph.apply_nodes or have not in fgraph.apply_nodes:
                continue
            if node_signature(dup) != node_signature(have):
                continue
            for old, new in zip(dup.outputs, have.outputs):
                if old.type != new.type or old not in fgraph.clients:
                    continue
                try:
                    fgraph.replace(old, new, reason="merge")
                except InconsistencyError:
                    continue
                record(fgraph, old, new, "merge")
                kept.append(new)
        return kept


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
