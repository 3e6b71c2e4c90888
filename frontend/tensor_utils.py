"""theano.tensor.utils: hash_from_ndarray (a content hash of an array) and shape_of_variables (the numeric
shapes of every variable of a FunctionGraph from its input shapes), as in Theano 1.0.5."""
from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from theano.frontend.host_eval import evaluate_on_host
from theano.frontend.shape_inference import symbolic_shapes

__all__ = ["hash_from_ndarray", "shape_of_variables"]


def _hash(msg: Any) -> str:
    """Theano's gof.utils.hash_from_code under Python 3: 'm' + the sha256 hex digest of the bytes."""
    if isinstance(msg, str):
        msg = msg.encode()
    return "m" + hashlib.sha256(msg).hexdigest()


def hash_from_ndarray(data: np.ndarray) -> str:
    """A hash of an ndarray's data, shape, strides and dtype (a non-contiguous array is hashed as its
    C-contiguous copy, so a view and its copy hash the same)."""
    if not data.flags["C_CONTIGUOUS"]:
        data = np.ascontiguousarray(data)
    return _hash(_hash(data) + _hash(str(data.shape)) + _hash(str(data.strides)) + _hash(str(data.dtype)))


def shape_of_variables(fgraph: Any, input_shapes: dict) -> dict:
    """{variable: tuple of 0-d int64 arrays} for every variable of `fgraph`, given `input_shapes`
    ({input: shape}) for its inputs; the shapes come from each op's infer_shape, evaluated on the host."""
    if any(i not in fgraph.inputs for i in input_shapes):
        raise ValueError(
            "input_shapes keys aren't in the fgraph.inputs. FunctionGraph()"
            " interface changed. Now by default, it clones the graph it receives."
            " To have the old behavior, give it this new parameter `clone=False`.")
    missing = [i for i in fgraph.inputs if i not in input_shapes]
    if missing:
        raise ValueError(f"shape_of_variables: no shape given for the input(s) {missing}")
    for inp in fgraph.inputs:
        if len(tuple(input_shapes[inp])) != inp.ndim:
            raise ValueError(f"shape_of_variables: the shape {tuple(input_shapes[inp])} given for {inp} has "
                             f"{len(tuple(input_shapes[inp]))} entries, {inp} has {inp.ndim} dimensions")
    shape_of = symbolic_shapes(fgraph.inputs, fgraph.toposort(),
                               input_shapes={i: tuple(int(d) for d in input_shapes[i]) for i in fgraph.inputs})
    variables = list(shape_of)
    flat = [d for v in variables for d in shape_of[v]]
    values = evaluate_on_host(flat) if flat else []
    if values is None:
        raise ValueError("shape_of_variables: some shape of the graph cannot be computed from the input shapes")
    result: dict = {}
    pos = 0
    for v in variables:
        n = len(shape_of[v])
        result[v] = tuple(np.asarray(d, dtype="int64") for d in values[pos:pos + n])
        pos += n
    return result
