"""Lowering rules: one per Op class, registered with `@lowers(OpClass)`.

A rule is a pure function of arrays, `rule(node, ctx, *inputs) -> output | tuple of outputs`, so
the same rule serves jit tracing, test values and op-by-op evaluation. Lookup: the op's class
hierarchy, then the op's `jax_name` hint, then its `decompose` method, then its numpy `perform`
as a host callback; otherwise an error names the op.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import jax.numpy as jnp

from theano.frontend.graph import Apply, Op, has_c_code, has_perform

Rule = Callable[..., Any]
Specializer = Callable[[Apply], "Callable[..., Any] | None"]
_RULES: dict[type, Rule] = {}
_SPECIALIZERS: dict[type, Specializer] = {}


class LoweringError(NotImplementedError):
    """No lowering rule exists for an op."""


@dataclass
class LoweringContext:
    """What a rule may need beyond its input arrays: the node, and host-computed output shapes."""

    node: Apply
    out_shapes: list[tuple[int, ...]] | None = None
    extra: dict = field(default_factory=dict)


def lowers(*op_classes: type) -> Callable[[Rule], Rule]:
    def register(rule: Rule) -> Rule:
        for cls in op_classes:
            _RULES[cls] = rule
        return rule
    return register


def specializes(*op_classes: type) -> Callable[[Specializer], Specializer]:
    """Register `make(node) -> fn(*inputs)` for these op classes: the node's rule with everything that depends
    only on the node (the JAX function, input casts) resolved once, when the evaluation plan is built, instead
    of on every trace. `make` returns None for a node it does not handle; the general rule runs then."""
    def register(make: Specializer) -> Specializer:
        for cls in op_classes:
            _SPECIALIZERS[cls] = make
        return make
    return register


def specialized_rule(node: Apply) -> Callable[..., Any] | None:
    """`fn(*inputs)` computing `node` from its specializer (see `specializes`), or None."""
    for cls in type(node.op).__mro__:
        make = _SPECIALIZERS.get(cls)
        if make is not None:
            return make(node)
    return None


def rule_for(op: Op) -> Rule:
    """The lowering rule of `op` (see module docstring for the lookup order)."""
    for cls in type(op).__mro__:
        rule = _RULES.get(cls)
        if rule is not None:
            return rule
    name = getattr(op, "jax_name", None)
    if name is not None:
        fn = getattr(jnp, name)
        return lambda node, ctx, *xs: fn(*xs)
    if hasattr(op, "decompose"):
        from theano.lowering.interpreter import decomposition_rule

        return decomposition_rule
    if has_perform(op):
        from theano.lowering.callback import perform_callback_rule

        return perform_callback_rule
    if has_c_code(op):
        raise LoweringError(f"Op {op} (class {type(op).__module__}.{type(op).__name__}) has only C code (c_code): "
                            "theano-xla does not compile C code; give the op a numpy `perform` method (it runs as a "
                            "host callback) or register a JAX lowering with @theano.lowering.registry.lowers")
    raise LoweringError(f"No JAX lowering rule for op {op} (class {type(op).__module__}.{type(op).__name__}); "
                        "register one with @theano.lowering.registry.lowers, or give the op a `perform` method")


def registered_op_classes() -> list[type]:
    return list(_RULES)
