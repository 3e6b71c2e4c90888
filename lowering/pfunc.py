"""theano.compile.pfunc.pfunc: Theano's lower-level entry point, theano.function plus `output_keys`."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Sequence

from theano.lowering.function import Function, function


def pfunc(params: Sequence[Any], outputs: Any = None, mode: Any = None, updates: Any = None, givens: Any = None,
          no_default_updates: bool | list = False, accept_inplace: bool = False, name: str | None = None,
          rebuild_strict: bool = True, allow_input_downcast: bool | None = None, profile: Any = None,
          on_unused_input: str | None = None, output_keys: Sequence[str] | None = None, sharding: Any = None,
          return_device_arrays: bool = False) -> Function:
    """Compile `outputs` from `params` (Variables or In) as theano.function does; with `output_keys` the
    function returns a dict {key: value} of its outputs (Theano 1.0.5's pfunc); `sharding` as theano.function's."""
    if not isinstance(params, (list, tuple)):
        raise Exception("in pfunc() the first argument must be a list or a tuple")
    if output_keys is not None:
        outs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        if len(outs) != len(output_keys):
            raise ValueError(f"pfunc: {len(output_keys)} output_keys for {len(outs)} outputs")
        outputs = OrderedDict(zip(output_keys, outs))
    return function(list(params), outputs, mode=mode, updates=updates, givens=givens,
                    no_default_updates=no_default_updates, accept_inplace=accept_inplace, name=name,
                    rebuild_strict=rebuild_strict, allow_input_downcast=allow_input_downcast, profile=profile,
                    on_unused_input=on_unused_input, sharding=sharding, return_device_arrays=return_device_arrays)
