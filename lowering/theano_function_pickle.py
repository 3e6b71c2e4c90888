"""Loading a compiled function Theano 1.0.5 pickled: `_constructor_Function(maker, input_storage, inputs_data,
trust_input)` rebuilt with our theano.function from the maker's inputs (explicit ones with their default values,
implicit ones: the shared variables and their updates) and outputs, the graph as the user wrote it (Theano's
rewritten FunctionGraph, pickled beside them, is not used: our rewrites run on the original graph)."""
from __future__ import annotations

from typing import Any

from theano.frontend.shared import SharedVariable


def _unwrap(value: Any) -> Any:
    """A default value Theano stored in a Container (or directly)."""
    storage = getattr(value, "storage", None)
    if isinstance(storage, list) and storage:
        return storage[0]
    return value


def function_from_theano_maker(maker: Any, input_storage: Any = None, inputs_data: Any = None,
                               trust_input: bool = False) -> Any:
    """Our Function for a Theano 1.0.5 FunctionMaker loaded from a pickle (see the module docstring)."""
    from theano.frontend.config import config
    from theano.lowering.function import function
    from theano.lowering.io import In
    from theano.lowering.mode import Mode

    if not config.unpickle_function:
        return None
    d = getattr(maker, "__dict__", {})
    if "inputs" not in d or "outputs" not in d:
        raise TypeError("Cannot load this pickled Theano function: its FunctionMaker has no inputs/outputs "
                        f"(attributes {sorted(d)}); Theano 1.0.5 FunctionMakers are supported")
    explicit: list[Any] = []
    updates: list[tuple[Any, Any]] = []
    for k, inp in enumerate(d["inputs"]):
        var = inp.variable
        update = getattr(inp, "update", None)
        if getattr(inp, "implicit", False) or isinstance(var, SharedVariable):
            if update is not None:
                updates.append((var, update))
            continue
        value = getattr(inp, "value", None)
        if inputs_data is not None and k < len(inputs_data) and value is not None:
            value = inputs_data[k]  # the default as the function held it when pickled
        value = _unwrap(value)
        if value is None and update is None and getattr(inp, "name", None) in (None, var.name):
            explicit.append(var)
        else:
            explicit.append(In(var, name=getattr(inp, "name", None), value=value, update=update,
                               mutable=getattr(inp, "mutable", None), borrow=getattr(inp, "borrow", None),
                               strict=getattr(inp, "strict", False),
                               allow_downcast=getattr(inp, "allow_downcast", None)))
    outs = [o.variable for o in d["outputs"]]
    keys = d.get("output_keys")
    if keys:
        outputs: Any = dict(zip(keys, outs))
    elif d.get("unpack_single") and len(outs) == 1:
        outputs = outs[0]
    else:
        outputs = outs
    mode = d.get("mode")
    fn = function(explicit, outputs, updates=updates, mode=mode if isinstance(mode, Mode) else None,
                  name=d.get("name"), on_unused_input="ignore", no_default_updates=True)
    fn.trust_input = bool(trust_input)
    return fn


def _constructor_FunctionMaker(kwargs: dict) -> Any:  # noqa: N802 - Theano's name
    """theano.compile.function_module._constructor_FunctionMaker (pickles of Theano 0.x/1.0 functions): the
    maker's arguments, kept for _constructor_Function, which compiles the function from them."""
    from theano.frontend.config import config
    from theano.lowering.function import FunctionMaker

    if not config.unpickle_function:
        return None
    maker = FunctionMaker.__new__(FunctionMaker)
    maker.__dict__.update(kwargs)
    maker.__dict__["_theano_state"] = True
    return maker
