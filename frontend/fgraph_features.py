"""Theano's FunctionGraph features (gof.toolbox): Feature, the callback protocol an attached object may
implement (on_attach, on_detach, on_import, on_prune, on_change_input, orderings); Bookkeeper, which replays
the graph's nodes through on_import/on_prune when attached/detached; NodeFinder, which keeps the graph's
nodes indexed by op so `fgraph.get_nodes(op)` lists the nodes applying `op`."""
from __future__ import annotations

from collections import OrderedDict
from functools import partial
from typing import Any

from theano.frontend.graph import Apply, io_toposort


class AlreadyThere(Exception):
    """A feature's on_attach found an equivalent feature already attached to the graph."""


class Feature:
    """Base of the objects attached with `fgraph.attach_feature`: every callback is optional and does nothing here."""

    def on_attach(self, function_graph: Any) -> None:
        """Called when attached; may install methods on the graph (raise AlreadyThere if one is present)."""

    def on_detach(self, function_graph: Any) -> None:
        """Called when removed; undo what on_attach installed."""

    def on_import(self, function_graph: Any, node: Apply, reason: Any) -> None:
        """`node` was added to the graph."""

    def on_prune(self, function_graph: Any, node: Apply, reason: Any) -> None:
        """`node` was removed from the graph."""

    def on_change_input(self, function_graph: Any, node: Any, i: int, r: Any, new_r: Any, reason: Any = None) -> None:
        """Input i of `node` (or output i when node == 'output') changed from `r` to `new_r`."""

    def orderings(self, function_graph: Any) -> "OrderedDict":
        """Extra ordering constraints {node: nodes that must come before it} (none)."""
        return OrderedDict()


class Bookkeeper(Feature):
    """A feature that sees every node: when attached, each node of the graph goes through on_import; when
    detached, through on_prune."""

    def on_attach(self, fgraph: Any) -> None:
        for node in io_toposort(fgraph.inputs, fgraph.outputs):
            self.on_import(fgraph, node, "on_attach")

    def on_detach(self, fgraph: Any) -> None:
        for node in io_toposort(fgraph.inputs, fgraph.outputs):
            self.on_prune(fgraph, node, "Bookkeeper.detach")


class NodeFinder(Bookkeeper):
    """Index of the graph's nodes by op: installs `fgraph.get_nodes(op)`, kept up to date as nodes come and go."""

    def __init__(self) -> None:
        self.fgraph = None
        self.d: dict = {}

    def on_attach(self, fgraph: Any) -> None:
        if self.fgraph is not None:
            raise Exception("A NodeFinder instance can only serve one FunctionGraph.")
        if hasattr(fgraph, "get_nodes"):
            raise AlreadyThere("NodeFinder is already present or in conflict with another plugin.")
        self.fgraph = fgraph
        fgraph.get_nodes = partial(self.query, fgraph)
        Bookkeeper.on_attach(self, fgraph)

    def on_detach(self, fgraph: Any) -> None:
        if self.fgraph is not fgraph:
            raise Exception("This NodeFinder instance was not attached to the provided fgraph.")
        self.fgraph = None
        del fgraph.get_nodes
        Bookkeeper.on_detach(self, fgraph)

    def on_import(self, fgraph: Any, node: Apply, reason: Any) -> None:
        try:
            self.d.setdefault(node.op, []).append(node)
        except TypeError:  # an unhashable op is not indexed
            return

    def on_prune(self, fgraph: Any, node: Apply, reason: Any) -> None:
        try:
            nodes = self.d[node.op]
        except (TypeError, KeyError):
            return
        if node in nodes:
            nodes.remove(node)
        if not nodes:
            del self.d[node.op]

    def query(self, fgraph: Any, op: Any) -> list:
        """The nodes of the graph that apply `op` (a copy of the index's list)."""
        try:
            return list(self.d.get(op, []))
        except TypeError:  # unhashable op
            return []
