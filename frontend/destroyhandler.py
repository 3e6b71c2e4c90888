"""theano.gof.destroyhandler: which nodes of a graph destroy (overwrite) which variables, Theano's checks on it.

theano-xla has no inplace ops of its own (XLA assigns buffers), but users' ops may declare a `destroy_map` and
`view_map`, and code that attaches Theano's DestroyHandler to a FunctionGraph gets Theano's answers:
`fgraph.destroyers(r)` (the nodes destroying r or a variable viewing the same storage), `fgraph.has_destroyers(vars)`,
`validate(fgraph)` (InconsistencyError for two destroyers of one storage or a destroyed constant / indestructible
variable) and `orderings(fgraph)` (each destroyer after every other reader of what it destroys).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterable

from theano.frontend.fgraph import InconsistencyError
from theano.frontend.fgraph_features import AlreadyThere, Bookkeeper
from theano.frontend.graph import Constant, Variable

__all__ = ["DestroyHandler", "ProtocolError", "fast_inplace_check"]


class ProtocolError(Exception):
    """A FunctionGraph called the DestroyHandler's callbacks in an invalid way."""


class DestroyHandler(Bookkeeper):
    """Tracks the destroy_map / view_map of a FunctionGraph's nodes (see the module docstring)."""

    pickle_rm_attr = ["destroyers", "has_destroyers"]

    def __init__(self, do_imports_on_attach: bool = True, algo: Any = None):
        self.fgraph: Any = None
        self.do_imports_on_attach = do_imports_on_attach
        self.algo = algo

    def on_attach(self, fgraph: Any) -> None:
        if self.fgraph is fgraph:
            raise AlreadyThere("DestroyHandler feature is already present on this graph")
        if any(hasattr(fgraph, attr) for attr in ("destroyers", "destroy_handler")):
            raise AlreadyThere("DestroyHandler feature is already present or in conflict with another plugin.")
        if self.fgraph is not None:
            raise Exception("A DestroyHandler instance can only serve one FunctionGraph.")
        self.fgraph = fgraph
        fgraph.destroy_handler = self
        fgraph.destroyers = self.get_destroyers_of
        fgraph.has_destroyers = self.has_destroyers

    def on_detach(self, fgraph: Any) -> None:
        if fgraph is not self.fgraph:
            raise ProtocolError("detaching wrong fgraph", fgraph)
        for attr in ("destroy_handler", "destroyers", "has_destroyers"):
            if hasattr(fgraph, attr):
                delattr(fgraph, attr)
        self.fgraph = None

    # --- the view trees and their destroyers, from the graph as it is now
    def _view_parent(self) -> dict[Variable, Variable]:
        parent: dict[Variable, Variable] = {}
        for node in self.fgraph.toposort():
            for o, (i,) in ((o, i) for o, i in getattr(node.op, "view_map", {}).items() if len(i) == 1):
                parent[node.outputs[o]] = node.inputs[i]
        return parent

    def _root(self, v: Variable, parent: dict[Variable, Variable]) -> Variable:
        while v in parent:
            v = parent[v]
        return v

    def _destroyed(self) -> OrderedDict:
        """{storage root: [nodes destroying a variable of that storage]}"""
        parent = self._view_parent()
        roots: OrderedDict = OrderedDict()
        for node in self.fgraph.toposort():
            for _, ins in getattr(node.op, "destroy_map", {}).items():
                for i in ins:
                    roots.setdefault(self._root(node.inputs[i], parent), []).append(node)
        return roots

    def get_destroyers_of(self, r: Variable) -> list:
        """The nodes that destroy `r` or a variable sharing its storage."""
        return list(self._destroyed().get(self._root(r, self._view_parent()), []))

    def has_destroyers(self, protected_list: Iterable[Variable]) -> bool:
        """Whether any variable of `protected_list` (or its storage) is destroyed by a node."""
        destroyed, parent = self._destroyed(), self._view_parent()
        return any(self._root(v, parent) in destroyed for v in protected_list)

    def validate(self, fgraph: Any) -> bool:
        """InconsistencyError when a storage has several destroyers or a destroyed variable may not be destroyed."""
        for root, nodes in self._destroyed().items():
            if len(set(nodes)) > 1:
                raise InconsistencyError("Multiple destroyers of %s" % root)
            if isinstance(root, Constant) or getattr(root.tag, "indestructible", False):
                raise InconsistencyError("Attempting to destroy indestructible variables: %s" % [root])
        return True

    def orderings(self, fgraph: Any) -> OrderedDict:
        """{destroyer node: the other nodes reading its storage}: they must run before it."""
        parent = self._view_parent()
        members: dict[Variable, list[Variable]] = {}
        for v in list(parent) + list(fgraph.inputs):
            members.setdefault(self._root(v, parent), []).append(v)
        rval: OrderedDict = OrderedDict()
        for root, nodes in self._destroyed().items():
            tree = set(members.get(root, [])) | {root}
            for d in nodes:
                readers = [c for v in tree for c, _ in fgraph.clients.get(v, ())
                           if c != "output" and c is not d]
                if readers:
                    rval.setdefault(d, set()).update(readers)
        return rval


def fast_inplace_check(inputs: list[Variable]) -> list[Variable]:
    """The variables of `inputs` that an inplace op could overwrite: not constants, not already destroyed, not
    the graph's outputs (nor inputs the graph protects)."""
    fgraph = inputs[0].fgraph
    protected = [v for f in getattr(fgraph, "_features", []) for v in getattr(f, "protected", [])]
    protected.extend(fgraph.outputs)
    has_destroyers = getattr(fgraph, "has_destroyers", lambda vs: False)
    return [i for i in inputs if not isinstance(i, Constant) and not has_destroyers([i]) and i not in protected]
