"""Theano's optimizer databases for users' own rewrites: `gof.EquilibriumDB`, its `query`, and the optimizer
it returns, which applies Theano-style local optimizers (`@gof.local_optimizer`) to a fixed point.

Legacy code and Theano's DebugMode tests build one to run their own rewrites, e.g.
``edb = gof.EquilibriumDB(); edb.register('name', lopt, 'all'); mode = DebugMode(optimizer=edb.query('+all'))``.
Each replacement is logged under the registered name (DebugMode names the culprit with it). A replacement of
another type is a BadOptimization when config.on_opt_error is 'raise', and is skipped otherwise (as in Theano).
"""
from __future__ import annotations

import warnings
from typing import Any

from theano.frontend.config import config
from theano.frontend.graph import Apply, Variable
from theano.passes.engine import Rule, rewrite_graph
from theano.passes.registration import LocalOptimizer


class BadOptimization(Exception):
    """A rewrite replaced a variable by one of another type or value (theano.gof.toolbox.BadOptimization)."""

    def __init__(self, message: str, old_r: Variable | None = None, new_r: Variable | None = None,
                 reason: str | None = None):
        super().__init__(message)
        self.old_r, self.new_r, self.reason = old_r, new_r, reason


class EquilibriumOptimizer:
    """Applies its named local optimizers until none applies; `optimize(fgraph)` (also `apply`, or a call)."""

    def __init__(self, entries: list[tuple[str, Any]]):
        self.entries = list(entries)

    def optimize(self, fgraph: Any) -> int:
        """Rewrite `fgraph` in place; returns the number of replacements."""
        rules = [_as_rule(name, opt) for name, opt in self.entries]
        return rewrite_graph(fgraph, rules, phase="equilibrium") if rules else 0

    apply = optimize

    def __call__(self, fgraph: Any) -> int:
        return self.optimize(fgraph)

    def __repr__(self) -> str:
        return f"EquilibriumOptimizer({[name for name, _ in self.entries]})"


def _as_rule(name: str, opt: Any) -> Rule:
    """A registered local optimizer as an engine Rule that refuses replacements of another type."""
    if isinstance(opt, Rule):
        return opt
    if not isinstance(opt, LocalOptimizer):
        opt = LocalOptimizer(opt, None)
    tracks = opt.tracks

    def checked(node: Apply) -> Any:
        if tracks and not any(node.op == t or (isinstance(t, type) and isinstance(node.op, t)) for t in tracks):
            return None
        out = opt.fn(node)
        if not out:
            return None
        pairs = list(out.items()) if isinstance(out, dict) else list(zip(node.outputs, out))
        for old, new in pairs:
            if new is not None and getattr(new, "type", None) != old.type:
                message = (f"{name}: the type of the replacement must be the same as the type of the original "
                           f"variable ({old}: {old.type}, replacement {new}: {getattr(new, 'type', None)})")
                if config.on_opt_error == "raise":
                    raise BadOptimization(message, old, new, name)
                if config.on_opt_error == "warn":
                    warnings.warn("Optimization failure due to: " + message, stacklevel=2)
                return None
        return out if isinstance(out, dict) else list(out)

    return LocalOptimizer(checked, None).as_rule(name, {name})


class EquilibriumDB:
    """Named local optimizers with tags; `query('+tag', '-name', ...)` gives the optimizer of those selected."""

    def __init__(self, ignore_newtrees: bool = True, tracks_on_change_inputs: bool = False):
        self._entries: dict[str, tuple[Any, set[str]]] = {}

    def register(self, name: str, obj: Any, *tags: str, **kwargs: Any) -> None:
        """Add `obj` (a local optimizer) under `name` with `tags` (`final_opt`, `cleanup`, ... are accepted)."""
        if name in self._entries:
            raise ValueError(f"The name of the object cannot be an existing tag or the name of another existing "
                             f"object: {name!r}")
        self._entries[name] = (obj, set(tags) | {name})

    def __contains__(self, name: str) -> bool:
        return name in self._entries

    def __getitem__(self, name: str) -> Any:
        return self._entries[name][0]

    def query(self, *tags: Any, **kwargs: Any) -> EquilibriumOptimizer:
        """The optimizer of the entries having an included tag ('+x' or 'x') and no excluded one ('-x')."""
        include, exclude = set(kwargs.get("include", ())), set(kwargs.get("exclude", ()))
        for tag in tags:
            if isinstance(tag, str) and tag.startswith("-"):
                exclude.add(tag[1:])
            elif isinstance(tag, str):
                include.add(tag[1:] if tag.startswith("+") else tag)
            else:  # a Query object with include/exclude sets
                include |= set(getattr(tag, "include", ()))
                exclude |= set(getattr(tag, "exclude", ()))
        chosen = [(name, obj) for name, (obj, t) in self._entries.items() if t & include and not t & exclude]
        return EquilibriumOptimizer(chosen)
