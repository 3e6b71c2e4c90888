"""Lowering of jax_op's ops: JaxOp calls the user's JAX function, JaxVJP calls jax.vjp of it, JaxOutputShape
calls jax.eval_shape on the (static) input shapes. Also gives frontend its `jax_eval_shape`."""
from __future__ import annotations

import functools
from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.graph import backend
from theano.frontend.ops.jax_op import JaxOp, JaxOutputShape, JaxVJP
from theano.lowering.device import x64_scope
from theano.lowering.registry import LoweringContext, lowers


def _as_tuple(out: Any) -> tuple:
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _outputs(op: JaxOp, out: Any) -> tuple:
    """The function's results checked against otypes (number, rank) and cast to their dtypes."""
    outs = _as_tuple(out)
    if len(outs) != len(op.otypes):
        raise ValueError(f"{op}: the function returned {len(outs)} array(s); otypes declares {len(op.otypes)}")
    fixed = []
    for k, (o, t) in enumerate(zip(outs, op.otypes)):
        if jnp.ndim(o) != t.ndim:
            raise ValueError(f"{op}: output {k} has shape {jnp.shape(o)}; otypes declares {t} ({t.ndim}-d)")
        fixed.append(jnp.asarray(o, dtype=t.dtype))
    return tuple(fixed)


@lowers(JaxOp)
def lower_jax_op(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    outs = _outputs(node.op, node.op.fn(*inputs))
    return outs if len(outs) > 1 else outs[0]


@functools.lru_cache(maxsize=None)
def vjp_function(vjp_op: JaxVJP) -> Any:
    """`f(*inputs, *cotangents) -> gradients of the inputs vjp_op.wrt`: jax.vjp of the JaxOp's function (one per
    JaxVJP op, so equal ops share it; a JAX function itself, so a JaxOp of it has a gradient: second order)."""
    op, wrt = vjp_op.op, vjp_op.wrt
    n_in = len(op.itypes)

    def vjp_of(*values: Any) -> tuple:
        primals, cts = list(values[:n_in]), values[n_in:]

        def of_wrt(*xs: Any) -> tuple:
            args = list(primals)
            for k, x in zip(wrt, xs):
                args[k] = x
            return _outputs(op, op.fn(*args))

        outs, vjp = jax.vjp(of_wrt, *[primals[k] for k in wrt])
        grads = vjp(tuple(jnp.asarray(c, dtype=o.dtype) for c, o in zip(cts, outs)))
        return tuple(jnp.asarray(g, dtype=op.itypes[k].dtype) for g, k in zip(grads, wrt))

    vjp_of.__name__ = f"vjp_{op.fn_name}"
    return vjp_of


@lowers(JaxVJP)
def lower_jax_vjp(node: Any, ctx: LoweringContext, *values: Any) -> Any:
    grads = vjp_function(node.op)(*values)
    return grads if len(grads) > 1 else grads[0]


@lowers(JaxOutputShape)
def lower_jax_output_shape(node: Any, ctx: LoweringContext, *shapes: Any) -> Any:
    try:
        concrete = [tuple(int(d) for d in np.asarray(s)) for s in shapes]
    except (jax.errors.ConcretizationTypeError, jax.errors.TracerArrayConversionError, TypeError) as err:
        raise ValueError(f"{node.op}: the input shapes of {node.op.op} are not static here ({type(err).__name__}); "
                         "jax_op computes its output shapes from static input shapes only") from None
    values = node.op.host_impl(node, *concrete)
    return values


def eval_shapes(fn: Any, shapes: Sequence[tuple[int, ...]], dtypes: Sequence[str]) -> list[tuple[tuple[int, ...], str]]:
    """(shape, dtype) of each output of JAX function `fn` on inputs of these shapes and dtypes (jax.eval_shape)."""
    with x64_scope():
        out = jax.eval_shape(fn, *[jax.ShapeDtypeStruct(tuple(int(d) for d in s), np.dtype(t))
                                   for s, t in zip(shapes, dtypes)])
    return [(tuple(int(d) for d in o.shape), str(o.dtype)) for o in _as_tuple(out)]


backend["jax_eval_shape"] = eval_shapes
backend["jax_vjp_function"] = vjp_function
