"""Lowering of DeepCopyOp / ViewOp: XLA returns fresh buffers, so they are identities."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.compile_ops import DeepCopyOp, FromFunctionOp, ViewOp
from theano.lowering.callback import perform_callback_rule
from theano.lowering.registry import LoweringContext, lowers


@lowers(DeepCopyOp, ViewOp)
def lower_copy(node: Any, ctx: LoweringContext, x: Any) -> Any:
    if isinstance(x, slice):  # a slice constant: static in the program
        from theano.lowering.typed_list_values import StaticSlice
        return StaticSlice(x)
    if getattr(node.inputs[0].type, "is_sparse", False) or not hasattr(node.inputs[0].type, "ndim"):
        return x  # a sparse value (a pytree of arrays) or a slice (StaticSlice) is returned as it is
    if getattr(node.inputs[0].type, "is_typed_list", False):  # a typed list: a tuple of values (a constant's list)
        from theano.lowering.typed_list_values import as_program_list
        return [as_program_list(x)]
    return jnp.asarray(x)


@lowers(FromFunctionOp)
def lower_from_function(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    """A user's numpy function (as_op): a host callback."""
    return perform_callback_rule(node, ctx, *inputs)


lower_from_function.runs_host_code = lambda node: True  # type: ignore[attr-defined]  # the call waits for it
