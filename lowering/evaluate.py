"""Evaluation services injected into the frontend: `Variable.eval()` and eager test values."""
from __future__ import annotations

import threading
from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Apply, Variable, backend
from theano.lowering.device import x64_scope
from theano.lowering.interpreter import apply_rule

_EVAL_CACHE_SIZE = 64
_eval_cache: dict[tuple, Any] = {}
_eval_cache_lock = threading.Lock()  # eval() from several threads: the eviction must not race


def eval_variable(var: Variable, inputs_to_values: dict) -> np.ndarray:
    """Compile (cached per variable and input set) and run `var` (Variable.eval)."""
    from theano.lowering.function import function

    inputs = list(inputs_to_values.keys())
    for k in inputs:
        if not isinstance(k, Variable):
            raise TypeError(f"eval: the keys of inputs_to_values must be Variables, got {k!r}")
    key = (id(var), tuple(id(i) for i in inputs), config.matmul_precision)  # a program keeps its precision policy
    entry = _eval_cache.get(key)
    if entry is None or entry[0] is not var:
        # eval is not training: never data-parallel (the flag data_parallel=True would split and refuse odd batches)
        entry = (var, function(inputs, var, on_unused_input="ignore", sharding=False))
        with _eval_cache_lock:
            while len(_eval_cache) >= _EVAL_CACHE_SIZE:
                _eval_cache.pop(next(iter(_eval_cache)))
            _eval_cache[key] = entry
    return entry[1](*[inputs_to_values[i] for i in inputs])


def eval_node(node: Apply, values: Sequence[Any]) -> list[np.ndarray]:
    """Run one node's lowering rule eagerly on concrete values (config.compute_test_value)."""
    arrays = [inp.type.filter(v, allow_downcast=True)
              if hasattr(inp.type, "filter") and not getattr(inp.type, "is_sparse", False)
              and not getattr(inp.type, "is_typed_list", False) else v  # a typed list: the rule takes it as it is
              for inp, v in zip(node.inputs, values)]
    with x64_scope():
        outs = apply_rule(node, arrays)
    # a sparse value stays the program's padded arrays (the host shape program reads a selection's structure)
    return [o if getattr(out.type, "is_sparse", False) else list(o) if getattr(out.type, "is_typed_list", False)
            else np.asarray(o) for o, out in zip(outs, node.outputs)]


def compile_function(*args: Any, **kwargs: Any) -> Any:
    """theano.function, for frontend code that compiles (verify_grad); imported late to avoid a cycle. These
    helper functions are not data-parallel under the flag data_parallel=True."""
    from theano.lowering.function import function

    kwargs.setdefault("sharding", False)
    return function(*args, **kwargs)


backend["eval"] = eval_variable
backend["eval_node"] = eval_node
backend["function"] = compile_function
