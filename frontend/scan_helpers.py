"""The general graph helpers of Theano 1.0.5's scan_utils that user code reaches (safe_new, infer_shape, ...).

Those tied to Theano's own Scan layout (scan_args, compress_outs, scan_can_remove_outs, Validator) are not
here: our Scan keeps a different layout (frontend/ops/scan.py).
"""
from __future__ import annotations

import copy
from collections import deque
from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Constant, Variable, graph_inputs, io_toposort
from theano.frontend.graph_compare import clone, equal_computations
from theano.frontend.shape_inference import symbolic_shapes
from theano.frontend.ops.indexing import set_subtensor
from theano.frontend.ops.constant_value import get_scalar_constant_value
from theano.frontend.ops.alloc_empty import AllocEmpty
from theano.frontend.ops.scalar_conversion import scalar_from_tensor


def safe_new(x: Variable, tag: str = "", dtype: str | None = None) -> Variable:
    """A fresh variable of x's type (cast to `dtype` if given) named name+tag, keeping its test value."""
    name = None if getattr(x, "name", None) is None else x.name + tag
    if isinstance(x, Constant):
        if dtype and x.dtype != dtype:
            cast = x.astype(dtype)
            new = type(x)(cast.type, np.asarray(x.data, dtype=dtype), x.name)
            new.tag = copy.copy(x.tag)
            return new
        return x.clone()
    try:
        x = as_tensor_variable(x)
    except TypeError:  # a random state or another non-tensor: keep its own type
        pass
    if dtype and x.dtype != dtype:
        x = x.astype(dtype)
    new = x.type()
    new.name = name
    if config.compute_test_value != "off":
        try:
            new.tag.test_value = copy.deepcopy(x.get_test_value())
        except (AttributeError, ValueError):
            pass
    return new


def hash_listsDictsTuples(x: Any) -> int:  # noqa: N802 - Theano's name
    """A hash of nested lists, tuples and dicts: the xor of their elements' hashes."""
    value = 0
    stack = [x]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                stack.extend((k, v))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        else:
            value ^= hash(item)
    return value


def isNaN_or_Inf_or_None(x: Any) -> bool:  # noqa: N802 - Theano's name
    """True for None, a NaN or infinite number (or constant), or a string constant (scan's n_steps checks)."""

    if x is None:
        return True
    try:
        if bool(np.isnan(x)) or bool(np.isinf(x)):
            return True
    except Exception:  # noqa: BLE001 - not a number
        pass
    try:
        val = get_scalar_constant_value(x)
        if bool(np.isnan(val)) or bool(np.isinf(val)):
            return True
    except Exception:  # noqa: BLE001 - not a constant
        pass
    return isinstance(x, Constant) and isinstance(x.data, str)


def expand_empty(tensor_var: Variable, size: Any) -> Variable:
    """Theano's expand_empty: `tensor_var` followed by `size` uninitialized rows (a scan buffer), written as Theano
    writes it: set_subtensor(AllocEmpty(size + n, ...)[:n], tensor_var), the index a scalar."""

    if isinstance(size, int) and size == 0:
        return tensor_var
    shapes = [tensor_var.shape[k] for k in range(tensor_var.ndim)]
    empty = AllocEmpty(tensor_var.dtype)(*([size + shapes[0]] + shapes[1:]))
    ret = set_subtensor(empty[:shapes[0]], tensor_var)
    if ret.owner is not None and len(ret.owner.inputs) == 3 and not isinstance(ret.owner.inputs[2], Constant):
        ret = ret.owner.op(empty, tensor_var, scalar_from_tensor(ret.owner.inputs[2]))
    ret.tag.nan_guard_mode_check = False
    return ret


def infer_shape(outs: Sequence[Variable], inputs: Sequence[Variable],
                input_shapes: Sequence[Sequence[Any] | None]) -> list[tuple]:
    """The symbolic shapes of `outs` given those of `inputs` (None: the input's own shape), without compiling."""
    given = {}
    for inp, shp in zip(inputs, input_shapes):
        if shp is not None:
            assert len(shp) == inp.ndim
            given[inp] = tuple(shp)
    leaves = [v for v in graph_inputs(list(outs)) if v not in given]
    nodes = io_toposort(list(given) + leaves, list(outs))
    shape_of = symbolic_shapes(list(given) + leaves, nodes, input_shapes=given)
    return [shape_of[o] for o in outs]


def reconstruct_graph(inputs: Sequence[Variable], outputs: Sequence[Variable],
                      tag: str | None = None) -> tuple[list[Variable], list[Variable]]:
    """A copy of the graph from `inputs` to `outputs` on fresh inputs (returned first, in the same order)."""
    new_inputs = [safe_new(x, tag or "") for x in inputs]
    givens = list(zip(inputs, new_inputs))
    givens += [(c, c.clone()) for c in graph_inputs(list(outputs)) if isinstance(c, Constant)]
    return new_inputs, clone(list(outputs), replace=givens)


def forced_replace(out: Variable | None, x: Variable, y: Variable) -> Variable | None:
    """`out` with every subgraph computing the same as `x` (equal_computations) replaced by `y`."""
    if out is None:
        return None
    visited: set = set()
    queue: deque = deque([out])
    to_replace = []
    while queue:
        graph = queue.popleft()
        if graph in visited:
            continue
        visited.add(graph)
        if equal_computations([graph], [x]):
            to_replace.append((graph, y))
        elif graph.owner is not None:
            queue.extendleft(graph.owner.inputs)
    if not to_replace:
        return out
    return clone(out, replace=to_replace)
