"""Lowering of Elemwise (through the scalar op's JAX function) and DimShuffle."""
from __future__ import annotations

from typing import Any, Callable

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np

from theano.frontend import dtypes as D
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.elemwise_table import Cast
from theano.lowering.registry import LoweringContext, lowers

# scalar-op name -> JAX function, where the table's jax_name is not a jax.numpy function
SPECIAL: dict[str, Callable[..., Any]] = {
    "second": lambda a, b: jnp.broadcast_to(b, jnp.broadcast_shapes(jnp.shape(a), jnp.shape(b))),
    "identity": lambda x: x,
}


def jax_function(scalar_op: Any) -> Callable[..., Any] | None:
    name = scalar_op.name
    if name in SPECIAL:
        return SPECIAL[name]
    jname = getattr(scalar_op, "jax_name", None)
    if jname is None:
        return None
    if jname.startswith("scipy."):
        return getattr(jsp, jname[len("scipy."):])
    if jname.startswith("nn."):
        return getattr(jax.nn, jname[3:])
    return getattr(jnp, jname)


def check_broadcast(node: Any, inputs: list[Any]) -> None:
    """Theano's 'Input dimension mis-match' error for non-broadcastable dims of different lengths."""
    ndim = node.outputs[0].ndim
    for d in range(ndim):
        size = None
        first = None
        for k, (x, var) in enumerate(zip(inputs, node.inputs)):
            if var.broadcastable[d]:
                continue
            n = np.shape(x)[d]
            if size is None:
                size, first = n, k
            elif n != size:
                raise ValueError("Input dimension mis-match. (input[%d].shape[%d] = %d, input[%d].shape[%d] = %d)"
                                 % (first, d, size, k, d, n))


def input_dtypes(node: Any) -> list[str | None]:
    """The dtype each input is cast to before the JAX function runs (numpy semantics, not JAX promotion)."""
    sop = node.op.scalar_op
    ins = [v.dtype for v in node.inputs]
    out = node.outputs[0].dtype
    if sop.name == "switch":
        return [None, out, out]
    if isinstance(sop, Cast) or sop.name in ("second", "identity"):
        return [None] * len(ins)
    if out == "bool" or sop.name in ("int_div", "mod") and out not in D.discrete_dtypes:
        common = D.upcast(*ins) if ins else out
        return [common] * len(ins)
    if out in D.continuous_dtypes and sop.name not in ("abs_",) and not str(sop).startswith("real") and \
            not str(sop).startswith("imag") and not str(sop).startswith("angle"):
        return [out] * len(ins)
    return [D.upcast(*ins)] * len(ins) if ins else []


@lowers(Elemwise)
def lower_elemwise(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    check_broadcast(node, inputs)
    sop = node.op.scalar_op
    fn = jax_function(sop)
    if isinstance(sop, Cast):
        return jnp.asarray(inputs[0]).astype(sop.o_type)
    if fn is None:
        from theano.lowering.callback import scalar_impl_callback

        return scalar_impl_callback(node, inputs)
    cast_to = input_dtypes(node)
    args = [jnp.asarray(x, dtype=dt) if dt is not None and np.dtype(getattr(x, "dtype", dt)) != np.dtype(dt) else x
            for x, dt in zip(inputs, cast_to)]
    out = fn(*args)
    if len(node.outputs) == 1:
        return jnp.asarray(out).astype(node.outputs[0].dtype)
    return tuple(jnp.asarray(o).astype(v.dtype) for o, v in zip(out, node.outputs))


@lowers(DimShuffle)
def lower_dimshuffle(node: Any, ctx: LoweringContext, x: Any) -> Any:
    op = node.op
    res = jnp.transpose(x, op.shuffle + op.drop) if (op.shuffle + op.drop) != list(range(np.ndim(x))) else x
    shape = list(np.shape(res)[: len(op.shuffle)])
    for a in op.augment:
        shape.insert(a, 1)
    return jnp.reshape(res, shape)
