"""Registering rewrites the Theano way: `register_canonicalize` and friends, and Theano-style local optimizers.

`register_canonicalize`, `register_stabilize` and `register_specialize` accept a Rule or a Theano-style local
optimizer (`@local_optimizer([T.exp]) def f(node): return [new] or False`), and work as decorators, with
optional extra tags (`@register_canonicalize('fast_compile')`) and `name=`. `theano.tensor.opt` re-exports them.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from theano.frontend.graph import Apply, Op
from theano.frontend.ops.elemwise import Elemwise
from theano.passes.engine import Rule
from theano.passes.pattern import OpP
from theano.passes.pipeline import register

__all__ = ["register_canonicalize", "register_stabilize", "register_specialize", "local_optimizer", "LocalOptimizer"]


class LocalOptimizer:
    """A Theano-style local optimizer: `transform(node)` returns replacements for node.outputs, or False."""

    def __init__(self, fn: Callable[[Any], Any], tracks: Sequence[Any] | None):
        self.fn = fn
        self.tracks = list(tracks) if tracks is not None else None
        self.__name__ = getattr(fn, "__name__", "local_optimizer")
        self.__doc__ = getattr(fn, "__doc__", None)

    def transform(self, node: Any) -> Any:
        return self.fn(node)

    def __call__(self, node: Any) -> Any:
        return self.fn(node)

    def roots(self) -> list[Any]:
        if not self.tracks:
            return [Op]
        keys: list[Any] = []
        for t in self.tracks:
            if isinstance(t, Elemwise):
                keys.append(("E", t.scalar_op.name))
            elif isinstance(t, type):
                keys.append(t)
            else:
                keys.append(type(t))
        return keys

    def as_rule(self, name: str, tags: set) -> Rule:
        tracks = self.tracks

        def rhs(node: Apply) -> Any:
            if tracks and not any(node.op == t or (isinstance(t, type) and isinstance(node.op, t)) for t in tracks):
                return None
            out = self.fn(node)
            if not out:
                return None
            return out if isinstance(out, dict) else list(out)

        return Rule(OpP(Op, ...), rhs, name=name, tags=tags, roots=self.roots())


def local_optimizer(tracks: Sequence[Any] | None, inplace: bool = False, requirements: Any = ()) -> Callable[[Any], LocalOptimizer]:
    """Decorator making a Theano-style local optimizer from `fn(node)`; `tracks` lists the ops it applies to."""
    def decorate(fn: Callable[[Any], Any]) -> LocalOptimizer:
        return LocalOptimizer(fn, tracks)
    return decorate


def _register(phase: str) -> Callable[..., Any]:
    def register_in_phase(lopt: Any = None, *tags: str, **kwargs: Any) -> Any:
        if isinstance(lopt, str) or lopt is None:  # used as @register_x('tag', name=...)
            extra = ((lopt,) if lopt else ()) + tags
            return lambda inner: register_in_phase(inner, *extra, **kwargs)
        name = kwargs.get("name") or getattr(lopt, "name", None) or getattr(lopt, "__name__", "local_rule")
        all_tags = {phase, "fast_run", name, *tags}
        if isinstance(lopt, Rule):
            lopt.tags |= all_tags
            register(lopt, phase)
        else:
            if not isinstance(lopt, LocalOptimizer):
                lopt = LocalOptimizer(lopt, None)
            register(lopt.as_rule(name, all_tags), phase)
        return lopt
    register_in_phase.__name__ = "register_" + phase
    register_in_phase.__doc__ = f"Add a rewrite to the `{phase}` set (a Rule or a Theano-style local optimizer)."
    return register_in_phase


register_canonicalize = _register("canonicalize")
register_stabilize = _register("stabilize")
register_specialize = _register("specialize")
