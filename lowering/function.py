"""theano.function: user graph -> FunctionGraph -> passes -> interpreter -> one jax.jit per shape signature.

`Function.__call__` is the hot path: convert inputs with precomputed checks, evaluate the host
shape program (only for value-dependent shapes), call the jitted program with the shared
buffers (updated ones donated), write the updates back, return numpy arrays.
"""
from __future__ import annotations

import functools
import inspect
import time
from typing import Any, Sequence

import jax
import numpy as np

from theano.frontend.config import config
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.gc_pause import gc_paused
from theano.frontend.graph import graph_inputs
from theano.frontend.shared import SharedVariable
from theano.lowering.callback import runs_host_code
from theano.lowering.compile_cache import activate as activate_compile_cache
from theano.lowering.containers import ContainerMap, default_storage
from theano.lowering.device import current_device
from theano.lowering.function_args import apply_givens, as_input, caller_line
from theano.lowering.function_convert import boundary_input as _boundary_input
from theano.lowering.function_convert import name_bad_input
from theano.lowering.function_convert import sparse_input as _sparse_input
from theano.lowering.function_graph import UnusedInputError  # theano.compile's name is this module's
from theano.lowering.function_graph import (add_default_updates, check_distinct_inputs, check_givens_spare_inputs,
                                            check_inputs_used, check_no_missing_input, check_not_null,
                                            explicit_updates, output_specs, shared_inputs_of)
from theano.lowering.function_call import fast_call, raise_pending, refused_device_outputs, runner
from theano.lowering.none_inputs import NoneArgument, call_with_none, constant_stand_in
from theano.lowering.function_copy import copy_function, maker_getstate, maker_setstate
from theano.lowering.interpreter import lower_graph
from theano.lowering.io import SymbolicInput, SymbolicOutput
from theano.lowering.mode import get_mode
from theano.lowering.precision import under_policy
from theano.lowering.runtime_checks import checked_program, pack_layout, packable_scalars
from theano.lowering.sparse_boundary import trim_padded_outputs
from theano.lowering.shape_program import ShapeProgram
from theano.lowering.sharding import plan_for, resolve_sharding, shard_givens

# platforms where a call reads its outputs and error flag without a transfer that waits for the device: no packing
PACK_SCALARS_SKIPPED_ON = frozenset({"cpu"})


class FunctionMaker:
    """Holds what compilation produced: `fgraph` (rewritten), `inputs`, `outputs`, `mode`."""

    def __init__(self, fgraph: FunctionGraph, inputs: list[SymbolicInput], outputs: list[SymbolicOutput], mode: Any):
        self.fgraph = fgraph
        self.inputs = inputs
        self.outputs = outputs
        self.mode = mode

    @property
    def expanded_inputs(self) -> list[SymbolicInput]:
        """The explicit inputs, then one implicit input per shared variable the function reads, whose `value`
        is the shared variable's storage (`value.data` reads and writes it), as Theano's FunctionMaker."""
        from theano.lowering.containers import SharedStorage

        return list(self.inputs) + [SharedStorage.implicit_input(sv) for sv in getattr(self, "shared_inputs", ())]

    def __getstate__(self) -> dict:
        return maker_getstate(self)

    def __setstate__(self, state: dict) -> None:
        from theano.frontend.theano_pickles import is_theano_maker_state

        if is_theano_maker_state(state):  # Theano 1.0.5's: _constructor_Function rebuilds from inputs/outputs
            self.__dict__.update(state)
            self.__dict__["_theano_state"] = True
            return
        maker_setstate(self, state)


class Function:
    """A compiled Theano function: call it with numeric values."""

    profile: Any = None  # a ProfileStats when compiled with profile=... or config.profile (lowering/function_profiled.py)

    def __init__(self, maker: FunctionMaker, n_explicit: int, shared_inputs: list[SharedVariable],
                 n_outputs: int, update_targets: list[SharedVariable], output_keys: list[str] | None,
                 unpack_single: bool, name: str | None, borrow_outputs: list[bool], input_updates: Sequence[int] = (),
                 sharding: Any = None, return_device_arrays: bool = False):
        self.maker = maker
        # outputs stay jax.Arrays on the device and a call does not wait for the program (function_call.py)
        self.return_device_arrays = return_device_arrays
        self.sharding = sharding  # a theano.sharding.DataParallel, or None (lowering/sharding.py)
        self.name = name
        self.trust_input = False
        self._inputs = maker.inputs
        self._n_explicit = n_explicit
        self._shared = shared_inputs
        self._n_outputs = n_outputs
        self._update_targets = update_targets
        self._output_keys = output_keys
        self._unpack_single = unpack_single
        self._borrow = borrow_outputs
        self.n_compilations = 0
        self._types = [i.variable.type for i in self._inputs]
        self._strict = [i.strict for i in self._inputs]
        self._downcast = [i.allow_downcast for i in self._inputs]
        self._names = {i.name: k for k, i in enumerate(self._inputs) if i.name}
        # one Container per explicit input holds its default / state (shared between functions through In(value=c))
        self._storage = [default_storage(i.variable, i.value, i.strict, i.allow_downcast, i.name) for i in self._inputs]
        self._input_updates = list(input_updates)  # inputs whose container takes an update output after each call
        self._implicit = [bool(i.implicit) for i in self._inputs]
        # Theano copies borrowed/mutable inputs that alias each other; XLA never writes into its inputs, so this
        # flag is informational only
        self._check_for_aliased_inputs = any(not i.shared and (i.borrow or i.mutable) for i in self._inputs)
        self._stateful = any(c.storage[0] is not None for c in self._storage) or bool(self._input_updates) \
            or any(self._implicit)
        self._build_maps()
        # typed lists and slices have no array dtype (their converters are _boundary_input's)
        self._np_dtypes = [np.dtype(t.dtype) if isinstance(getattr(t, "dtype", None), str) else None
                           for t in self._types]
        self._ndims = [getattr(t, "ndim", None) for t in self._types]
        self._compile()

    def _build_maps(self) -> None:
        """`f.container` and `f.value`: the inputs' containers (and shared variables) by variable, name, position."""
        keys = self._inputs + [_SharedInput(s) for s in self._shared]
        self.container = ContainerMap(keys, self._storage + list(self._shared), values=False)
        self.value = ContainerMap(keys, self._storage + list(self._shared), values=True)

    # what a pickle or a copy leaves out: _compile rebuilds it from the graph (lowering/function_copy.py)
    _TRANSIENT = ("_shape_program", "_converters", "_runs_host_code", "_locks", "_jitted", "_device", "_pinned",
                  "_fn", "_run", "_runner", "_fast", "_fast_built", "_pending_check", "_acc_flag", "_chained_checks",
                  "_pack_layout")

    # the call path, built from the compiled state at the first call (after a subclass's _compile has changed it):
    # `_runner(values)` is _run's body, `_fast(args)` the whole of a plain positional call (None: take the general path)
    _runner: Any = None
    _fast: Any = None
    _fast_built = False
    return_device_arrays = False  # (instances pickled before the option existed)
    # return_device_arrays: the calls whose error flags the host has not read yet, oldest first (function_call.py)
    _pending_check: Any = None
    _acc_flag: Any = None  # a chained function's accumulated error flag on the device (function_call.runner)
    _chained_checks = False
    _pack_layout: tuple = ()  # the scalar outputs read back with the error flag (runtime_checks.pack_layout)

    def _compile(self) -> None:
        """Build the shape program, input converters and the jitted program from maker.fgraph."""
        activate_compile_cache()  # <compiledir>/xla holds the XLA executables across runs (lowering/compile_cache.py)
        fg = self.maker.fgraph
        nodes = fg.toposort()
        self._shape_program = ShapeProgram(fg.inputs, nodes)
        self._converters = [self._make_converter(k) for k in range(len(self._types))]
        n_in = self._n_explicit
        shared_inputs, update_targets = self._shared, self._update_targets
        shared_pos = {id(s): k for k, s in enumerate(shared_inputs)}
        # a program that runs user host code can fail after it started: it must not consume (donate) the
        # shared buffers then, so that a failed call leaves every shared value as it was
        self._runs_host_code = runs_host_code(nodes)
        donate = () if self._runs_host_code else tuple(1 + n_in + shared_pos[id(t)] for t in update_targets)
        # the read-state / run / write-state sequence of a call holds its shared variables' locks, taken in one
        # global order so that functions sharing variables cannot deadlock (docs/threading.md)
        self._locks = [v._lock for v in sorted(set(shared_inputs) | set(update_targets), key=lambda v: v._serial)]

        def traced() -> None:
            self.n_compilations += 1

        run = lower_graph(fg.inputs, fg.outputs, nodes, self._shape_program.targets if not self._shape_program.empty else (),
                          on_trace=traced)
        # the precision policy is read once, when the function is built (a copy or an unpickled one keeps it)
        self.matmul_precision = self.__dict__.get("matmul_precision") or config.matmul_precision
        run = under_policy(trim_padded_outputs(run, fg.outputs[:self._n_outputs]), self.matmul_precision)
        self._n_results = self._n_outputs + len(self._input_updates) + len(update_targets)
        plan = plan_for(self)  # data-parallel / sharded shared variables: arguments placed on a mesh
        # return_device_arrays: each call takes the previous call's error flag, so no call waits for another's
        self._chained_checks = self.return_device_arrays and plan is None
        # numpy outputs off the CPU: the flag and the scalar outputs (a cost) come back in one transfer
        self._device = current_device()
        pack = ()
        if (not self.return_device_arrays and plan is None
                and self._device.platform not in PACK_SCALARS_SKIPPED_ON):
            pack = packable_scalars(fg.outputs[:self._n_outputs])
        self._pack_layout = pack_layout(pack) if pack else ()
        program = checked_program(run, self._n_results - len(update_targets),
                                  [1 + n_in + shared_pos[id(t)] for t in update_targets], chained=self._chained_checks,
                                  pack=pack)
        if plan is not None:
            program = plan.wrap_program(program)
        if self._chained_checks and not self._runs_host_code:  # the accumulated error flag, the last argument
            donate = donate + (1 + n_in + len(shared_inputs),)
        self._jitted = jax.jit(program, static_argnums=(0,), donate_argnums=donate)
        self._pinned = self._device != jax.local_devices()[0]  # config.device is not JAX's default device
        if plan is not None:
            self._jitted = plan.wrap_call(self._jitted)
            self._pinned = False
        self.reset_call_path()

    def reset_call_path(self) -> None:
        """Forget the call path built from the compiled state: the next call builds it again (call this after
        replacing `_jitted`, `_shape_program`, the shared inputs or `_run` on an instance)."""
        self._runner = None
        self._fast = None
        self._fast_built = False

    # ------------------------------------------------------------------ calling

    def _convert(self, k: int, arg: Any) -> Any:
        if arg is None:  # Theano passes None to the ops; where they accept it, __call__ substitutes its meaning
            raise NoneArgument(k)
        if self._np_dtypes[k] is None and not getattr(self._types[k], "is_sparse", False):
            return _boundary_input(self._types[k], self._strict[k], self._downcast[k], arg, self, k)
        if getattr(self._types[k], "is_sparse", False):  # a scipy matrix -> padded arrays (lowering/sparse_values.py)
            return _sparse_input(self._types[k], self._strict[k], self._downcast[k], arg, self, k)
        if type(arg) is np.ndarray and arg.dtype == self._np_dtypes[k] and arg.ndim == self._ndims[k] \
                and not any(self._types[k].broadcastable):
            return arg
        try:
            return self._types[k].filter(arg, strict=self._strict[k], allow_downcast=self._downcast[k])
        except Exception as err:
            aname = "argument" + (f' with name "{arg.name}"' if getattr(arg, "name", None) else "")
            var = self._inputs[k].variable
            name_bad_input(err, self, k, aname, f"(input {var}) " if var.name else "")
            raise

    def _make_converter(self, k: int) -> Any:
        """A per-input converter: exact ndarrays, numpy scalars of the input's dtype, Python floats (float64 inputs)
        and in-range Python ints (integer scalar inputs, the minibatch index) skip the generic filter; a strict
        input takes ndarrays only, as Theano's filter(strict=True)."""
        if getattr(self._types[k], "is_sparse", False) or self._np_dtypes[k] is None:
            return functools.partial(self._convert, k)
        dt, nd = self._np_dtypes[k], self._ndims[k]
        plain = not any(self._types[k].broadcastable)
        strict = bool(self._strict[k])
        scalar_type = dt.type if nd == 0 and not strict else None  # np.float64(1.0) etc. pass as they are
        from_float = dt.type if scalar_type is not None and dt == np.float64 else None
        int_lo, int_hi = (int(np.iinfo(dt).min), int(np.iinfo(dt).max)) if scalar_type is not None \
            and dt.kind in "iu" else (1, 0)
        convert = self._convert
        asarray = np.asarray

        def conv(a: Any) -> Any:
            t = type(a)
            if t is np.ndarray and plain and a.dtype == dt and a.ndim == nd:
                return a
            if t is scalar_type:
                return a
            if t is int and int_lo <= a <= int_hi:
                return asarray(a, dt)  # a 0-d array, as the filter makes (error reports print its value so)
            if t is float and from_float is not None:
                return from_float(a)
            return convert(k, a)
        # what conv returns unchanged without a call (fast_call inlines these tests: lowering/function_call.py)
        conv.passes = (scalar_type, dt, nd, plain)  # type: ignore[attr-defined]
        return conv

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fast = self._fast
        try:
            if fast is not None and not kwargs and len(args) == self._n_explicit and not self.trust_input:
                return fast(args)
            return self._call(args, kwargs)
        except NoneArgument:  # raised while converting the arguments, before anything ran (lowering/none_inputs.py)
            return call_with_none(self, args, kwargs)

    def _call(self, args: tuple, kwargs: dict) -> Any:
        """The general call: keyword arguments, defaults, input updates, trust_input, subclasses' _run."""
        if not self._fast_built:
            self._fast_built = True
            self._fast = self._make_fast()
        if self.trust_input and not kwargs and not self._stateful and len(args) == self._n_explicit:
            values = list(args)
        elif kwargs or self._stateful or len(args) != self._n_explicit:
            values = self._bind_slow(args, kwargs)
        else:
            values = [conv(a) for conv, a in zip(self._converters, args)]
        locks = self._locks
        for lock in locks:
            lock.acquire()
        try:
            results = self._run(values)
        finally:
            for lock in reversed(locks):
                lock.release()
        if self._output_keys is not None:
            return dict(zip(self._output_keys, results))
        if self._unpack_single:
            return results[0]
        return results

    def _make_fast(self) -> Any:
        """`fast(args)` for a positional call of a plain Function (lowering/function_call.py); None where the
        general path is needed (a subclass, a patched _run, input updates or implicit inputs)."""
        if type(self) is not Function or "_run" in self.__dict__ or self._input_updates or any(self._implicit):
            return None
        return fast_call(self, self._runner if self._runner is not None else self._build_runner())

    def _run(self, values: list[Any]) -> list[np.ndarray]:
        """Read the shared values, run the program, commit the updates (only once every result is computed),
        and return the outputs as numpy arrays. The caller holds the shared variables' locks."""
        run = self._runner if self._runner is not None else self._build_runner()
        return run(values)

    def sync(self) -> None:
        """Wait for the calls made so far and raise the first failed run-time check among them, if any (with
        return_device_arrays=True a call returns before the program ran; its error is raised here or by a later
        call). A no-op for a function that returns numpy arrays."""
        pending = self._pending_check
        if pending:
            self._pending_check = None
            if self._chained_checks and not np.asarray(pending[-1][0])[0]:
                return  # the newest flag holds every failure before it: all clear
            self._acc_flag = None  # it holds the failure: the calls after this one start clear
            for entry in pending:  # oldest first: the first failed call is the one reported
                raise_pending(entry)

    def _build_runner(self) -> Any:
        """`run(values)`, the body of _run with the compiled state bound as locals (lowering/function_call.py)."""
        self._runner = runner(self)
        return self._runner

    def _bind_slow(self, args: tuple, kwargs: dict) -> list[Any]:
        """Bind positional and keyword arguments and defaults, with Theano's errors."""
        n = self._n_explicit
        if len(args) + len(kwargs) > n:
            raise TypeError("Too many parameter passed to theano function")
        values: list[Any] = [None] * n
        given = [False] * n
        for k, a in enumerate(args):
            if self._implicit[k]:
                raise TypeError(f"Tried to provide value for implicit input: {self._inputs[k].variable}")
            values[k] = self._trusted(k, a) if self.trust_input else self._convert(k, a)
            given[k] = True
        for key, a in kwargs.items():
            k = self._names.get(key)
            if k is not None and sum(1 for i in self._inputs if i.name == key) > 1:
                raise TypeError(f"Ambiguous name: {key} - please check the names of the inputs of your function "
                                "for duplicates.")
            if k is None:
                raise TypeError(f"Unknown input or state: {key}. The function has {n} named inputs "
                                f"({', '.join(sorted(self._names))}).")
            if given[k]:
                raise TypeError(f"Multiple values for input: {self._inputs[k].variable}")
            if self._implicit[k]:
                raise TypeError(f"Tried to provide value for implicit input: {self._inputs[k].variable}")
            values[k] = self._convert(k, a)
            given[k] = True
        for k in range(n):
            if not given[k]:
                default = self._storage[k].storage[0]
                if default is None and self._inputs[k].value is not None:  # a state set to None (f['x'] = None):
                    default = constant_stand_in(self, k)  # what its ops take None to mean, as Theano passes None
                if default is None:
                    raise TypeError(f"Missing required input: {self._inputs[k].variable}")
                values[k] = self._convert(k, default)
        return values

    def _trusted(self, k: int, arg: Any) -> Any:
        """An argument taken as it is (trust_input=True): it must already be an array, as Theano's thunks need."""
        if not (hasattr(arg, "dtype") and hasattr(arg, "shape")):
            raise ValueError(f"theano function{' ' + repr(self.name) if self.name else ''} has trust_input=True, so "
                             f"the argument at index {k} (input {self._inputs[k].variable}) must be an array of dtype "
                             f"{self._types[k].dtype}; got {type(arg).__name__} {arg!r:.40}")
        return arg

    def copy(self, share_memory: bool = False, swap: Any = None, delete_updates: bool = False,
             name: str | None = None) -> "Function":
        """A new Function over a copy of the graph and the same shared variables, as Theano's Function.copy:
        `swap` {old shared: new shared} replaces shared variables in the copy, `delete_updates` drops updates."""
        return copy_function(self, share_memory=share_memory, swap=swap, delete_updates=delete_updates, name=name)

    def __copy__(self) -> "Function":
        return self.copy()

    def __getstate__(self) -> dict:
        """Picklable state: everything but the jitted program and its helpers, rebuilt on load."""
        return {k: v for k, v in self.__dict__.items() if k not in self._TRANSIENT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._compile()

    @property
    def fn(self) -> Any:
        """Theano's VM view: `storage_map` and `allow_gc` (lowering/function_vm.py)."""
        if "_fn" not in self.__dict__:
            from theano.lowering.function_vm import FunctionStorage

            self._fn = FunctionStorage(self)
        return self._fn

    def free(self) -> None:
        """Clear what `fn.storage_map` keeps with allow_gc=False; XLA frees the intermediate buffers itself."""
        if "_fn" in self.__dict__:
            self._fn.free()

    def __getitem__(self, item: Any) -> Any:
        """`f[name]`: the current default / state value of an input (by name, variable, In or position)."""
        return self.value[item]

    def __setitem__(self, item: Any, value: Any) -> None:
        self.value[item] = value

    def __contains__(self, item: Any) -> bool:
        return item in self.value

    @property
    def input_storage(self) -> list[Any]:
        """The Containers of the explicit inputs, then the shared variables (their storage)."""
        return self._storage + list(self._shared)

    @property
    def outputs(self) -> list[SymbolicOutput]:
        """The outputs as the function was given them (Out instances; sorted by key for a dict), as Theano's."""
        return self.maker.outputs

    @property
    def output_storage(self) -> list[Any]:
        """One container per output; a call returns its outputs fresh, `f.fn()` leaves them here."""
        return self.fn.output_containers

    @property
    def defaults(self) -> list[tuple[bool, bool, Any]]:
        """(required, refeed, value) per explicit input, as Theano's Function.defaults."""
        return [(c.storage[0] is None, c.storage[0] is not None and k not in self._input_updates, c.storage[0])
                for k, c in enumerate(self._storage)]

    @property
    def indices(self) -> list[Any]:
        """(In, None, [variable]) per explicit input, as Theano's Function.indices."""
        return [(i, None, [i.variable]) for i in self._inputs]

    @property
    def unpack_single(self) -> bool:
        return self._unpack_single

    @property
    def output_keys(self) -> list[str] | None:
        return self._output_keys

    def __str__(self) -> str:
        return f"<theano.function {self.name or ''} of {self._n_explicit} input(s)>"

    # ------------------------------------------------------------------ issue 15: JAX interop, StableHLO export

    def get_shared(self) -> list[SharedVariable]:
        """The shared variables the function reads or updates, in the order of its program's arguments."""
        return list(self._shared)

    def as_jax(self) -> Any:
        """A pure JAX function `(shared_values, *inputs) -> (outputs, new_shared_values)` (lowering/interop.py)."""
        from theano.lowering.interop import to_jax
        return to_jax(self)

    def export(self, path: Any = None, platforms: Any = ("cpu", "cuda"), shared: str = "argument",
               inputs: Sequence[Any] | None = None, batch: bool = True) -> bytes | None:
        """Serialize as a jax.export (StableHLO) artifact: bytes when path is None (lowering/export.py)."""
        from theano.lowering.export import export
        return export(self, path, platforms=platforms, shared=shared, inputs=inputs, batch=batch)

    def as_text(self, *inputs: Any) -> str:
        """The StableHLO module text (example inputs fix non-scalar input shapes; lowering/export.py)."""
        from theano.lowering.export import as_text
        return as_text(self, *inputs)


class _SharedInput:
    """The In-like record of a shared variable, so `f.container[shared_var]` finds its storage."""

    def __init__(self, var: SharedVariable):
        self.variable = var
        self.name = var.name


def function(*args: Any, **kwargs: Any) -> Function:
    """theano.function (the signature of `compile_function`). Without a name, the function is named after the
    line that compiled it, 'file:line', as Theano 1.0.5 did (error messages and profiles show it)."""
    if len(args) > 7:  # name given by position
        if args[7] is None:
            args = args[:7] + (caller_line(),) + args[8:]
    elif kwargs.get("name") is None:
        kwargs["name"] = caller_line()
    return compile_function(*args, **kwargs)


@gc_paused  # issue 13: collections while the graph is built only rescan it (frontend/gc_pause.py)
def compile_function(inputs: Sequence[Any], outputs: Any = None, mode: Any = None, updates: Any = None, givens: Any = None,
             no_default_updates: bool | list = False, accept_inplace: bool = False, name: str | None = None,
             rebuild_strict: bool = True, allow_input_downcast: bool | None = None, profile: Any = None,
             on_unused_input: str | None = None, sharding: Any = None, return_device_arrays: bool = False) -> Function:
    """Compile `outputs` as a function of `inputs` (theano.function); `sharding=theano.sharding.data_parallel()`
    (or the flag data_parallel=True) runs it data-parallel over a device mesh (docs/scaling.md).
    `return_device_arrays=True`: the outputs are jax.Arrays left on the device and a call returns without waiting
    for the program (docs/gpu.md, "Outputs that stay on the device")."""
    from theano.passes.pipeline import optimize

    if not isinstance(inputs, (list, tuple)):
        raise Exception("Input variables of a Theano function should be contained in a list, even when there is a single input.")
    if not isinstance(no_default_updates, (bool, list)):
        raise TypeError("no_default_update should be either a boolean or a list")
    on_unused_input = on_unused_input or config.on_unused_input
    if on_unused_input not in ("raise", "warn", "ignore"):
        raise ValueError(f"Invalid value for keyword on_unused_input of theano.function: '{on_unused_input}'. "
                         "Valid values are 'raise', 'warn', and 'ignore'.")
    mode_obj = get_mode(mode)
    if not isinstance(return_device_arrays, bool):
        raise TypeError(f"theano.function: return_device_arrays must be True or False, got {return_device_arrays!r}")
    ins = [as_input(p, allow_input_downcast) for p in inputs]
    in_vars = [i.variable for i in ins]
    check_distinct_inputs(in_vars)
    check_givens_spare_inputs(givens, in_vars)

    sharding = resolve_sharding(sharding)
    givens = shard_givens(givens, sharding)  # data-parallel: each givens minibatch is split over the devices

    out_specs, output_keys, unpack_single = output_specs(outputs)
    # explicit updates, then default updates of the shared variables the graph uses
    update_pairs, seen_targets = explicit_updates(updates)

    out_vars = [o.variable for o in out_specs]
    # In(x, update=...) of explicit inputs: extra outputs (after the outputs) whose values go to the inputs' containers
    input_updates = [k for k, i in enumerate(ins) if i.update is not None]
    out_vars += [ins[k].update for k in input_updates]
    n_out = len(out_vars)
    # givens apply to outputs and update values
    replaced = apply_givens(out_vars + [v for _, v in update_pairs], givens, rebuild_strict)
    add_default_updates(replaced, in_vars, givens, rebuild_strict, no_default_updates, seen_targets, update_pairs)
    final_outs = replaced[:n_out]
    final_updates = replaced[n_out:]
    n_out -= len(input_updates)
    check_not_null(final_outs + final_updates)

    # inputs: explicit, then every shared variable the graph reads or updates
    all_vars = final_outs + final_updates
    leaves = graph_inputs(all_vars, blockers=in_vars)  # one walk of the whole graph for the three below
    shared_inputs = shared_inputs_of(leaves, update_pairs)
    check_inputs_used(ins, leaves, on_unused_input)
    check_no_missing_input(all_vars, in_vars, leaves)
    fgraph = FunctionGraph(in_vars + shared_inputs, final_outs + final_updates, clone=True)
    fgraph.name = name
    fgraph.mutable_inputs = {fgraph.inputs[k] for k, i in enumerate(ins) if i.mutable}  # inplace rewrites may use these
    fgraph.update_mapping = {n_out + k: input_updates[k] for k in range(len(input_updates))}
    fgraph.update_mapping.update({n_out + len(input_updates) + k: len(in_vars) + shared_inputs.index(t)
                                  for k, (t, _) in enumerate(update_pairs)})
    from theano.lowering.profiling import profile_for
    prof = profile_for(profile, name if name is not None else caller_line())  # (pfunc leaves name None)
    t_opt = time.perf_counter()
    with config.change_flags(compute_test_value=config.compute_test_value_opt):  # Theano's FunctionMaker does this
        optimize(fgraph, mode_obj)
    t_build = time.perf_counter()
    maker = FunctionMaker(fgraph, ins, out_specs, mode_obj)
    maker.shared_inputs = list(shared_inputs)
    fn = Function(maker, len(ins), shared_inputs, n_out, [t for t, _ in update_pairs], output_keys, unpack_single,
                  name, [o.borrow for o in out_specs], input_updates, sharding=sharding,
                  return_device_arrays=return_device_arrays)
    wrap = getattr(mode_obj, "wrap_function", None)  # DebugMode checks each call
    fn = wrap(fn) if wrap is not None else fn
    if return_device_arrays:
        refused_device_outputs(fn, mode_obj, prof)
    if prof is not None:
        from theano.lowering.function_profiled import make_profiled
        fn = make_profiled(fn, prof, t_build - t_opt, time.perf_counter() - t_build)
    return fn


function.__signature__ = inspect.signature(compile_function)  # help(theano.function) shows the parameters

__all__ = ["Function", "FunctionMaker", "UnusedInputError", "compile_function", "function"]
