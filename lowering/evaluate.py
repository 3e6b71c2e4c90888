"""Evaluation services injected into the frontend: `Variable.eval()` and eager test values."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Apply, Variable, backend
from theano.lowering.device import x64_scope
from theano.lowering.interpreter import apply_rule


def eval_variable(var: Variable, inputs_to_values: dict) -> np.ndarray:
    """Compile and run `var` (Variable.eval). As in Theano, the compiled functions are cached on the variable
    (`var._fn_cache`, not pickled), keyed by the input variables (and the precision policy, which a program keeps)."""
    from theano.lowering.function import function

    inputs = tuple(sorted(inputs_to_values.keys(), key=id))
    for k in inputs:
        if not isinstance(k, Variable):
            raise TypeError(f"eval: the keys of inputs_to_values must be Variables, got {k!r}")
    cache = var.__dict__.get("_fn_cache")
    if cache is None:
        cache = var.__dict__.setdefault("_fn_cache", {})  # setdefault: eval from several threads keeps one dict
    key = (inputs, config.matmul_precision)
    fn = cache.get(key)
    if fn is None:
        # eval is not training: never data-parallel (the flag data_parallel=True would split and refuse odd batches)
        fn = cache[key] = function(list(inputs), var, on_unused_input="ignore", sharding=False)
    return fn(*[inputs_to_values[i] for i in inputs])


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
