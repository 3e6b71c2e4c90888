"""Lowering of DeepCopyOp / ViewOp: XLA returns fresh buffers, so they are identities."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from theano.frontend.ops.compile_ops import DeepCopyOp, FromFunctionOp, ViewOp
from theano.lowering.callback import perform_callback_rule
from theano.lowering.registry import LoweringContext, lowers


@lowers(DeepCopyOp, ViewOp)
def lower_copy(node: Any, ctx: LoweringContext, x: Any) -> Any:
    if getattr(node.inputs[0].type, "is_sparse", False):  # a sparse value (a pytree of arrays) is returned as it is
        return x
    if getattr(node.inputs[0].type, "is_typed_list", False):  # a typed list: a tuple of values (a constant's list)
        from theano.lowering.typed_list_values import as_program_list
        return [as_program_list(x)]
    return jnp.asarray(x)


@lowers(FromFunctionOp)
def lower_from_function(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    """A user's numpy function (as_op): a host callback."""
    return perform_callback_rule(node, ctx, *inputs)


lower_from_function.runs_host_code = lambda node: True  # type: ignore[attr-defined]  # the call waits for it
