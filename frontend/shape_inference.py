"""Symbolic shapes of a graph's variables, from its input shapes through each op's `infer_shape`.

Used by the host shape program (lowering/shape_program.py) and by ops that hold an inner graph
(scan, OpFromGraph), whose output shapes are their inner graph's, with the outer input shapes put in.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.shape import Shape_i
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.ops.elemwise import cast

_logger = logging.getLogger("theano.tensor.opt")


def symbolic_shapes(inputs: Sequence[Variable], nodes: Sequence[Apply], stop_after: Apply | None = None,
                    input_shapes: dict | None = None) -> dict[Variable, tuple]:
    """var -> tuple of int64 scalar variables. A graph input's shape is `input_shapes[var]` when given,
    else its own `Shape_i`s (1 on broadcastable dimensions)."""

    shape_of: dict[Variable, tuple] = {}

    def own_shape(v: Variable) -> tuple:
        return tuple(constant(1, dtype="int64") if b else Shape_i(i)(v) for i, b in enumerate(v.type.broadcastable))

    for v in inputs:
        given = None if input_shapes is None else input_shapes.get(v)
        shape_of[v] = tuple(as_int64_scalar(s) for s in given) if given is not None else \
            own_shape(v) if hasattr(v.type, "broadcastable") else ()  # a typed list or slice: no shape
    for node in nodes:
        in_shapes = []
        for v in node.inputs:
            if v not in shape_of:
                if isinstance(v, Constant):
                    shape_of[v] = tuple(constant(int(s), dtype="int64") for s in np.shape(v.data))
                elif hasattr(v.type, "broadcastable"):
                    shape_of[v] = own_shape(v)
                else:
                    shape_of[v] = ()
            in_shapes.append(shape_of[v])
        out_shapes = None
        infer = getattr(node.op, "infer_shape", None)
        if infer is not None:
            try:
                out_shapes = infer(node, in_shapes)
            except NotImplementedError:
                out_shapes = None
            except Exception as err:  # noqa: BLE001 - config.on_shape_error: warn and use the run-time shape, or raise
                infer_shape_failed(node, in_shapes, err)
                out_shapes = None
        for k, o in enumerate(node.outputs):
            if not hasattr(o.type, "broadcastable"):
                shape_of[o] = ()
            elif out_shapes is not None and out_shapes[k] is not None:
                shape_of[o] = tuple(as_int64_scalar(s) for s in out_shapes[k])
            else:
                shape_of[o] = tuple(Shape_i(i)(o) for i in range(o.type.ndim))
        if node is stop_after:
            break
    return shape_of


def infer_shape_failed(node: Apply, in_shapes: Sequence[Any], err: BaseException) -> None:
    """An op's infer_shape raised `err`: with config.on_shape_error='raise' raise, else log Theano's warning
    (the caller then uses the shape the output has at run time)."""
    msg = (f"Failed to infer_shape from Op {node.op}.\nInput shapes: {list(in_shapes)}\n"
           f"Exception encountered during infer_shape: {type(err)}\nException message: {err}\n"
           f"Traceback: {''.join(traceback.format_exception(type(err), err, err.__traceback__))}")
    if config.on_shape_error == "raise":
        raise Exception(msg) from err
    _logger.warning(msg)


def as_int64_scalar(s: Any) -> Variable:
    """A shape entry (int or scalar variable) as an int64 scalar variable."""

    if isinstance(s, (int, np.integer)):
        return constant(int(s), dtype="int64")
    s = as_tensor_variable(s)
    return cast(s, "int64") if s.dtype != "int64" else s
