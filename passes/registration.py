"""Registering rewrites the Theano way: `register_canonicalize` and friends, and Theano-style local optimizers.

`register_canonicalize`, `register_stabilize`, `register_specialize` and `register_uncanonicalize` accept a Rule, a
Theano-style local optimizer (`@local_optimizer([T.exp]) def f(node): return [new] or False`) or a global
optimizer, and work as decorators, with optional extra tags (`@register_canonicalize('fast_compile')`) and
`name=`. As in Theano they register into `theano.compile.optdb[<phase>]` with the tag `fast_run`
(passes/gof_optdb.py): theano.function runs them. `theano.tensor.opt` re-exports them.
"""
from __future__ import annotations

from typing import Any, Callable

from theano.passes.gof_local import FromFunctionLocalOptimizer, LocalOptimizer, local_optimizer

__all__ = ["register_canonicalize", "register_stabilize", "register_specialize", "register_uncanonicalize",
           "local_optimizer", "LocalOptimizer", "FromFunctionLocalOptimizer"]


def _register(phase: str) -> Callable[..., Any]:
    def register_in_phase(lopt: Any = None, *tags: str, **kwargs: Any) -> Any:
        if isinstance(lopt, str) or lopt is None:  # used as @register_x('tag', name=...)
            extra = ((lopt,) if lopt else ()) + tags
            return lambda inner: register_in_phase(inner, *extra, **kwargs)
        from theano.passes.gof_optdb import optdb  # late: the database is built over the pipeline

        name = kwargs.pop("name", None) or getattr(lopt, "__name__", None) or getattr(lopt, "name", None) \
            or "local_rule"
        if callable(lopt) and not hasattr(lopt, "transform") and not hasattr(lopt, "optimize") \
                and not hasattr(lopt, "lhs"):
            lopt = FromFunctionLocalOptimizer(lopt, None)
        optdb[phase].register(name, lopt, "fast_run", *tags, **kwargs)
        return lopt
    register_in_phase.__name__ = "register_" + phase
    register_in_phase.__doc__ = f"Add a rewrite to the `{phase}` set (a Rule or a Theano-style local optimizer)."
    return register_in_phase


register_canonicalize = _register("canonicalize")
register_stabilize = _register("stabilize")
register_specialize = _register("specialize")
register_uncanonicalize = _register("uncanonicalize")
