"""Function's per-call hot path, built once per compiled function at its first call.

`runner(fn)` is the body of Function._run as a closure over the compiled state (the jitted program, the shared
variables, the shape program, the update targets): read the shared values, switch x64 on, compute the
static-shapes key, call the program, commit the updates, raise a failed run-time check, return numpy outputs.
`fast_call(fn, run)` is a whole positional call of a plain Function (convert, lock, run, pack the results),
generated as Python source for the function's inputs so that an argument needing no conversion costs no call.
Everything is looked up once here rather than on every call: the per-call overhead over `jax.jit` plus
`np.asarray` of the result is what benchmarks/run.py measures (target 1.3x).
"""
from __future__ import annotations

import collections
from typing import Any, Callable

import jax
import numpy as np

from theano.lowering.callback import raise_host_error, runtime_error
from theano.lowering.containers import host_value
from theano.lowering.device import x64_off, x64_on
from theano.lowering.error_report import report_call_error
from theano.lowering.runtime_checks import raise_from_flag, unpack
from theano.lowering.sparse_boundary import output_converters


def _no_copy() -> None:
    pass


def runner(fn: Any) -> Callable[[list], list]:
    """`run(values) -> outputs` for Function `fn`: the body of its _run (the caller holds the locks). `run.split`
    is the same call in two halves, `dispatch(values) -> (outs, call_values)` (start the program, commit its
    updates: the part that needs the shared variables' locks) and `complete(outs, values, call_values) -> outputs`
    (wait for the program, raise a failed run-time check, convert the outputs), so that a caller can release the
    locks while the device computes (fast_call)."""
    jitted = fn._jitted
    shared = tuple(fn._shared)
    targets = tuple(fn._update_targets)
    shape_eval = None if fn._shape_program.empty else fn._shape_program.evaluate
    pinned = fn._device if fn._pinned else None
    host_code = fn._runs_host_code
    n_out, n_res = fn._n_outputs, fn._n_results
    input_updates = tuple(fn._input_updates)
    n_iu = len(input_updates)
    storage = fn._storage
    copies = tuple(not b for b in fn._borrow)
    fgraph = fn.maker.fgraph
    # off the CPU, start every device-to-host copy (the outputs, the error flag) before waiting for the first
    fetch_async = fn._device.platform != "cpu"
    # return_device_arrays: the outputs stay jax.Arrays and nothing waits for the program. A call's error flag
    # stays on the device and is passed to the next call's program (chained: a failed call poisons the calls after
    # it, which commit nothing); the host reads one flag in CHECK_EVERY, once MAX_PENDING calls are unread, before
    # the next call dispatches (read_pending), or all of them in fn.sync().
    # (A sharded function's program takes no flag: each call waits for the previous call's flag before it runs.)
    on_device = fn.return_device_arrays
    chained = on_device and fn._chained_checks
    device = fn._device
    if on_device:
        fetch_async = False

    layout = fn._pack_layout  # the scalar outputs that come back with the error flag, in one transfer
    packed = frozenset(k for k, _, _ in layout)
    single = n_out == 1 and copies == (True,)  # the common case: one output, returned as a fresh array
    # sparse outputs come back as scipy matrices, csm_properties' data/indices sliced to nnz (sparse_boundary.py)
    special = output_converters(fgraph.outputs[:n_out], copies)
    if special:
        single = False
    # where each update target's new value is among the results, by the target's place among the shared inputs:
    # the values a call leaves in the shared variables (its error report shows them, as Theano's did)
    position = {id(s): j for j, s in enumerate(shared)}
    committed_at = tuple((position[id(t)], n_out + n_iu + k) for k, t in enumerate(targets) if id(t) in position)

    def dispatch(values: list[Any]) -> tuple[list, list]:
        """Start the program and commit its updates; returns (its results, the values the call read)."""
        extra: tuple = ()
        if chained:
            if fn._pending_check:  # read the flags already computed; raise the first failed one before this call runs
                read_pending(fn)
            extra = (accumulated_flag(fn, device),)  # donated to the call, which returns it updated
        elif on_device and fn._pending_check:
            fn.sync()  # the previous call's failed check, before this call reads (and donates) the shared values
        shared_vals = [s._value for s in shared] if shared else []
        try:
            prev = x64_on()
            try:
                key = () if shape_eval is None else shape_eval([*values, *shared_vals])
                if pinned is None:
                    outs = jitted(key, *values, *shared_vals, *extra)
                else:
                    with jax.default_device(pinned):
                        outs = jitted(key, *values, *shared_vals, *extra)
                if host_code:  # host code fails while the program runs: wait for it before committing
                    jax.block_until_ready(outs)
            finally:
                x64_off(prev)
        except Exception as err:  # XLA reports a failed host callback as JaxRuntimeError or ValueError
            failed(err, [*values, *shared_vals])
        if chained:
            fn._acc_flag = outs[n_res]
        commit(outs, values, shared_vals)
        return outs, shared_vals

    def failed(err: Exception, call_values: list) -> None:
        """Raise the error of a call that failed in JAX: a host callback's, or XLA's named after the node."""
        raise_host_error(err, lambda e: report_call_error(e, fgraph, call_values))
        report_call_error(err, fgraph, call_values)  # names the node, as Theano's raise_with_op
        if isinstance(err, jax.errors.JaxRuntimeError):
            raise runtime_error(err) from None
        raise err

    def left_in_shared(outs: list, shared_vals: list) -> list:
        """The shared values as the call left them (on a failed check, the values it read, in new buffers)."""
        left = list(shared_vals)
        for j, r in committed_at:
            left[j] = outs[r]
        return left

    def commit(outs: list, values: list, shared_vals: list) -> None:
        """The part of a call that needs no result on the host: start the copies of the results to the host,
        write the updates to the shared variables (on a failed check the program returns the values from before
        the call), keep a device-outputs call's flag for a later read."""
        # the program carries run-time checks: its error flag follows the results (a chained program's follows
        # its accumulated flag)
        checked = len(outs) > n_res + chained
        if fetch_async:
            unpacked = checked and bool(layout)
            for k, o in enumerate(outs[:n_out]):
                if not (unpacked and k in packed):  # a typed list (a tuple) is fetched by its converter
                    getattr(o, "copy_to_host_async", _no_copy)()
            if checked and not unpacked:
                outs[n_res].copy_to_host_async()
        if targets:
            for target, new in zip(targets, outs[n_out + n_iu:n_res]):
                target._value = new
        if on_device and checked:
            if not chained:  # (a chained function reads one flag in CHECK_EVERY: read_pending)
                outs[n_res].copy_to_host_async()
            entry = (outs[-1], fgraph, [*values, *left_in_shared(outs, shared_vals)])
            if chained and fn._pending_check:
                fn._pending_check.append(entry)
            else:
                fn._pending_check = collections.deque([entry])

    def complete(outs: list, values: list, shared_vals: list) -> list[Any]:
        """The rest of a call once `dispatch` returned: wait for the results, raise a failed check, convert."""
        scalars: dict = {}
        if len(outs) > n_res and not on_device:  # a failed check (the flag's first entry is its id) raises
            try:
                host = np.asarray(outs[-1] if layout else outs[n_res])
            except Exception as err:  # the program failed after the call returned (a host callback, off the CPU)
                failed(err, [*values, *left_in_shared(outs, shared_vals)])
            if layout:  # off the CPU such a program also packs its flag and 0-d outputs (checked_program)
                flag, scalars = unpack(host, layout)
            else:
                flag = host
            if flag[0]:
                raise_from_flag(flag, fgraph, [*values, *left_in_shared(outs, shared_vals)])
        try:
            if n_iu:
                for k, new in zip(input_updates, outs[n_out:n_out + n_iu]):
                    storage[k].storage[0] = host_value(new)
            if on_device:
                return [special[k](o) if k in special else o for k, o in enumerate(outs[:n_out])]
            if special or scalars:
                return [scalars[k] if k in scalars else special[k](o) if k in special else np.array(o) if c
                        else np.asarray(o) for k, (o, c) in enumerate(zip(outs[:n_out], copies))]
            if single:
                return [np.array(outs[0])]
            return [np.array(o) if c else np.asarray(o) for o, c in zip(outs[:n_out], copies)]
        except Exception as err:  # as above: reading a result is where such a failure shows
            failed(err, [*values, *left_in_shared(outs, shared_vals)])
            raise  # (failed always raises)

    def run(values: list[Any]) -> list[Any]:
        outs, shared_vals = dispatch(values)
        return complete(outs, values, shared_vals)

    def finish(outs: list, values: list) -> list[Any]:
        """commit and complete a call of a function without shared variables (_plain_call's checked case)."""
        commit(outs, values, [])
        return complete(outs, values, [])

    run.split = (dispatch, complete)  # type: ignore[attr-defined]
    # the plainest function (no shared variables, no shape program, one fresh numpy output): fast_call inlines
    # the call (each Python frame is a tenth of jax.jit's own per-call cost)
    run.plain = None  # type: ignore[attr-defined]
    if (single and not on_device and shape_eval is None and pinned is None and not host_code and not shared
            and not n_iu):
        run.plain = (jitted, n_res, finish, failed)  # type: ignore[attr-defined]
    return run


MAX_PENDING = 8  # calls of a return_device_arrays function whose flags the host has not read (each holds its values)
CHECK_EVERY = 4  # how many of them one read of a flag clears


def read_pending(fn: Any) -> None:
    """Before a call of a chained return_device_arrays function. Each call's flag holds every failure before it,
    so one read clears several calls: once MAX_PENDING calls are unread, read the flag of the CHECK_EVERY-th
    oldest (computed CHECK_EVERY calls before the newest, so it rarely waits), forget those calls if it is clear,
    else raise the first failed one among them (forgetting the rest, and the accumulated flag). Off the CPU every
    read of the device costs a trip through the driver: this makes one per CHECK_EVERY calls."""
    pending = fn._pending_check
    if len(pending) >= MAX_PENDING:
        batch = [pending.popleft() for _ in range(CHECK_EVERY)]
        if np.asarray(batch[-1][0])[0]:
            fn._pending_check = None
            fn._acc_flag = None  # it holds the failure: the calls after this one start clear
            for entry in batch:  # the first failed call raises
                raise_pending(entry)
    if not pending:
        fn._pending_check = None


def accumulated_flag(fn: Any, device: Any) -> Any:
    """The accumulated error flag to give (donate) to a chained function's next call: the one its last call
    returned; else a copy of its newest unread call's flag (a call that failed in JAX may have consumed the
    accumulated one), or zeros."""
    acc = fn._acc_flag
    fn._acc_flag = None  # consumed by the call; set again from its results
    if acc is None or acc.is_deleted():
        pending = fn._pending_check
        if pending:
            return jax.numpy.array(pending[-1][0], copy=True)
        return jax.device_put(np.zeros(2, np.int32), device)
    return acc


def raise_pending(pending: tuple) -> None:
    """Raise the failed run-time check of a call made with return_device_arrays=True (waits for its flag). The
    report shows the call's values that are still alive (a later call may have donated a shared buffer)."""
    flag, fgraph, call_values = pending
    if np.asarray(flag)[0]:
        alive = [None if isinstance(v, jax.Array) and v.is_deleted() else v for v in call_values]
        raise_from_flag(flag, fgraph, alive)


def refused_device_outputs(fn: Any, mode: Any, profile: Any) -> None:
    """return_device_arrays=True needs the one-program call path: a mode whose linker runs the graph op by op or
    checks each call (DebugMode, NanGuardMode, MonitorMode, a WrapLinker) and a profile (it times calls by waiting
    for them) read every result on the host."""
    from theano.lowering.function import Function
    if type(fn) is not Function:
        raise ValueError(f"theano.function: return_device_arrays=True needs a mode that runs one compiled program "
                         f"(FAST_RUN, FAST_COMPILE, JAX); {type(mode).__name__} ({type(fn).__name__}) reads every "
                         f"result on the host")
    if profile is not None:
        raise ValueError("theano.function: return_device_arrays=True returns before the program ran, so a profile "
                         "could not time the calls; compile without profile (and with config.profile off)")


def fast_call(fn: Any, run: Callable[[list], list]) -> Callable[[tuple], Any]:
    """`fast(args)`: convert the positional arguments, take the shared variables' locks, `run`, pack the results
    as Function.__call__ returns them (one value, a list, or a dict for output keys). The function is generated
    for this Function's inputs (`_generated`): each converter's pass-through tests (an ndarray of the input's
    dtype and ndim, a numpy scalar of its dtype) are inlined, so an argument that needs no conversion costs no
    Python call, and the locks are taken and released without a loop."""
    convs = tuple(fn._converters)
    locks = tuple(fn._locks)
    keys = fn._output_keys
    plain = getattr(run, "plain", None)
    names: dict[str, Any] = {"np": np, "ndarray": np.ndarray, "x64_on": x64_on, "x64_off": x64_off,
                             "keys": keys, "unpack": fn._unpack_single}
    if plain is not None and not locks and keys is None:
        names.update(zip(("jitted", "n_res", "finish", "failed"), plain))
        return _generated(_PLAIN_CALL, convs, names)
    split = getattr(run, "split", None)
    if split is None:  # a runner from elsewhere: the call as one piece, under the locks
        split = (lambda values: (run(values), None), lambda results, _, __: results)
    names["dispatch"], names["complete"] = split
    names.update((f"L{k}", lock) for k, lock in enumerate(locks))
    # held while the call reads and writes the shared values, not while it waits for the device
    acquire = "; ".join(f"L{k}.acquire()" for k in range(len(locks)))
    release = "; ".join(f"L{k}.release()" for k in reversed(range(len(locks))))
    dispatch = (f"{acquire}\n    try:\n        outs, shared_vals = dispatch(values)\n    finally:\n        {release}"
                if locks else "outs, shared_vals = dispatch(values)")
    ret = "results[0]" if fn._unpack_single else "results" if keys is None else "dict(zip(keys, results))"
    return _generated(_CALL.replace("DISPATCH", dispatch).replace("RETURN", ret), convs, names)


# fast_call's templates: ARGS is "a0, a1", UNPACK_ARGS unpacks `args` into them, CONVERT converts each in place
_CALL = """
def fast(args):
    UNPACK_ARGS
    CONVERT
    values = [ARGS]
    DISPATCH
    results = complete(outs, values, shared_vals)
    return RETURN
"""

# runner's plainest case (no shared variables, no shape program, one fresh numpy output), the body of `run`
# inlined: convert, dispatch under x64, return one fresh numpy array (a program with run-time checks goes on
# through runner's `finish`)
_PLAIN_CALL = """
def fast(args):
    UNPACK_ARGS
    CONVERT
    try:
        prev = x64_on()
        try:
            outs = jitted((), ARGS)
        finally:
            x64_off(prev)
    except Exception as err:
        failed(err, [ARGS])
    if len(outs) > n_res:
        results = finish(outs, [ARGS])
        return results[0] if unpack else results
    return np.array(outs[0]) if unpack else [np.array(outs[0])]
"""


def _generated(template: str, convs: tuple, names: dict[str, Any]) -> Callable[[tuple], Any]:
    """Compile `template`'s `fast(args)` for these converters (see fast_call)."""
    args = ", ".join(f"a{k}" for k in range(len(convs)))
    lines = []
    for k, conv in enumerate(convs):
        names[f"C{k}"] = conv
        scalar_type, dt, nd, plain = getattr(conv, "passes", (None, None, None, False))
        tests = []
        if plain:  # what conv returns as it is, tested here
            names[f"D{k}"] = dt
            tests.append(f"(t is ndarray and a{k}.dtype == D{k} and a{k}.ndim == {int(nd)})")
        if scalar_type is not None:
            names[f"S{k}"] = scalar_type
            tests.append(f"t is S{k}")
        if tests:
            lines += [f"t = type(a{k})", f"if not ({' or '.join(tests)}):", f"    a{k} = C{k}(a{k})"]
        else:
            lines.append(f"a{k} = C{k}(a{k})")
    source = (template.replace("UNPACK_ARGS", f"{args}, = args" if convs else "pass")
              .replace("CONVERT", "\n    ".join(lines) or "pass").replace("ARGS", args))
    exec(compile(source, f"<theano.function call path: {len(convs)} inputs>", "exec"), names)
    return names["fast"]
