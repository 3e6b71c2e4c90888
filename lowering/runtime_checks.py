"""Run-time checks inside a compiled function: the errors Theano's ops raised while running (integer division
by zero, an index out of bounds, a class label out of range) raised here too, never a silent wrong number.

A lowering rule calls `check(bad, error_class, message, payload=None)`:
- with concrete values (eager evaluation: DebugMode and other op-by-op modes, a constant index while tracing),
  it raises at once when any element of `bad` is true;
- inside a traced program, it files the condition with the innermost `collecting()` scope. The compiled
  function's program combines its scope's conditions into one small int32 array, the *error flag*
  `[check id, payload]` (0 = no error; the first failed check in program order wins), returned next to the
  outputs. Loops and branches (scan steps, IfElse branches, jax.vjp of a loop) open their own scope inside
  the traced body and carry its flag out as a value (`first_error`), so no traced value leaks out of its trace.
After the call, `raise_from_flag` turns a non-zero flag into the check's exception (its message formatted
with the payload, e.g. the offending index) naming the node that raised it. The program gates every update
of a shared variable on the flag (`where(ok, new, old)`), so a failed call leaves each shared value exactly as
it was, donated buffers included.

A rule evaluated eagerly outside any scope (the host shape program, which computes shapes, not the user's
results) ignores its checks: the values it would check there are not the ones the user asked for.
"""
from __future__ import annotations

import contextlib
import hashlib
import threading
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

__all__ = ["check", "collecting", "first_error", "report_flag", "raise_from_flag", "no_error", "current_node",
           "eager_checks"]


@dataclass(frozen=True)
class CheckRecord:
    """What a failed check raises: `error(message % payload)`, or `error(message)` for a check without payload."""

    error: type
    message: str
    node: Any = None
    shapes: tuple = ()  # the static shapes of the node's inputs where the check was traced
    with_payload: bool = False

    def exception(self, payload: int) -> BaseException:
        text = self.message % payload if self.with_payload else self.message
        return self.error(text)


_lock = threading.Lock()
_records: dict[int, CheckRecord] = {0: CheckRecord(RuntimeError, "no error")}  # id 0: no error
_ids: dict[tuple, int] = {}
_state = threading.local()


def _record_id(error: type, message: str, node: Any, with_payload: bool) -> int:
    """The check's id in the program's error flag. It is a hash of what the check says (error, message, the op,
    the input shapes), not a count of the checks made so far: the same program then has the same constants in
    every process whatever it compiled before (lengths met in another order), so the persistent compile cache
    (lowering/compile_cache.py) finds it. Two checks that say the same thing for two nodes take the next free id."""
    shapes = tuple(tuple(np.shape(v)) if hasattr(v, "shape") else None for v in getattr(_state, "inputs", None) or ())
    key = (error, message, id(node), shapes, with_payload)
    with _lock:
        rid = _ids.get(key)
        if rid is None or _records[rid].node is not node:
            record = CheckRecord(error, message, node, shapes, with_payload)
            rid = _stable_id(error, message, node, shapes, with_payload)
            while rid in _records:
                rid = rid % _MAX_ID + 1  # 1 .. _MAX_ID: never 0 (no error), always an int32
            _records[rid] = record
            _ids[key] = rid
        return rid


def known_failure_id(error: type, message: str, node: Any, inputs: Sequence[Any] | None) -> int:
    """The flag id of a failure known while tracing (a branch whose trace raised: lowering/lazy_branches.py), as
    a check of `node` raising error(message) files it; `inputs` (objects with a shape, or None) are what its
    report shows of the node's inputs."""
    previous = getattr(_state, "inputs", None)
    _state.inputs = list(inputs) if inputs else None
    try:
        return _record_id(error, message, node, False)
    finally:
        _state.inputs = previous


_MAX_ID = 2 ** 31 - 1


def _stable_id(error: type, message: str, node: Any, shapes: tuple, with_payload: bool) -> int:
    """A hash of the check's content in 1 .. 2**31 - 1, the same in every process."""
    op = "" if node is None else f"{type(node.op).__module__}.{type(node.op).__qualname__}:{node.op}"
    text = repr((error.__module__, error.__qualname__, message, op, shapes, with_payload))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") % _MAX_ID + 1


class _Scope:
    """The conditions filed while tracing one program body: (id, bad scalar, payload scalar) or whole flags."""

    def __init__(self) -> None:
        self.flags: list[Any] = []

    def flag(self) -> Any:
        """The first failed check of this scope as an int32 array [id, payload] (zeros when none failed)."""
        out = no_error()
        for f in reversed(self.flags):  # the earliest check wins: fold from the last one
            out = jnp.where(f[0] != 0, f, out)
        return out


def no_error() -> Any:
    return jnp.zeros((2,), jnp.int32)


def first_error(a: Any, b: Any) -> Any:
    """The flag of `a` if it holds an error, else `b` (for a loop carrying a flag over its steps)."""
    return jnp.where(a[0] != 0, a, b)


def _stack() -> list:
    stack = getattr(_state, "scopes", None)
    if stack is None:
        stack = _state.scopes = []
    return stack


@contextlib.contextmanager
def _pushed(item: Any) -> Iterator[Any]:
    stack = _stack()
    stack.append(item)
    try:
        yield item
    finally:
        stack.pop()


def collecting() -> "contextlib.AbstractContextManager[_Scope]":
    """A scope for the checks filed while tracing a program body; its `flag()` is the body's error flag."""
    return _pushed(_Scope())


def eager_checks() -> "contextlib.AbstractContextManager[None]":
    """Concrete checks raise inside this block even with no tracing scope open (op-by-op evaluation)."""
    return _pushed(None)


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Programs traced inside this block carry no run-time checks (benchmarks/runtime_checks.py measures their
    cost with it); not a user setting: a program without them can return a wrong number silently."""
    previous = getattr(_state, "disabled", False)
    _state.disabled = True
    try:
        yield
    finally:
        _state.disabled = previous


def current_node() -> Any:
    return getattr(_state, "node", None)


def _traced(v: Any) -> bool:
    return isinstance(v, jax.core.Tracer)


def check(bad: Any, error: type, message: str, payload: Any = None, node: Any = None) -> None:
    """Raise `error(message % payload)` if any element of `bad` is true (see the module docstring for where).

    `payload`: an integer array aligned with `bad` (the value reported is the one at the first true element of
    `bad`), or None when `message` has no `%d`.
    """
    stack = _stack()
    if not stack or getattr(_state, "disabled", False):
        return
    node = node if node is not None else current_node()
    if not _traced(bad) and not _traced(payload):
        b = np.asarray(bad)
        if b.any():
            value = 0 if payload is None else int(np.broadcast_to(np.asarray(payload), b.shape)[np.unravel_index(
                int(np.argmax(b)), b.shape)] if b.ndim else np.asarray(payload))
            raise CheckRecord(error, message, node, with_payload=payload is not None).exception(value)
        return
    scope = stack[-1]
    if scope is None:  # an eager block around a traced value: nothing to file it with
        return
    rid = _record_id(error, message, node, payload is not None)
    bad = jnp.asarray(bad)
    flat = bad.reshape(-1)
    anybad = jnp.any(flat)
    if payload is None:
        value = jnp.zeros((), jnp.int32)
    else:
        p = jnp.broadcast_to(jnp.asarray(payload), bad.shape).reshape(-1)
        value = p[jnp.argmax(flat)].astype(jnp.int32) if flat.size else jnp.zeros((), jnp.int32)
    scope.flags.append(jnp.stack([jnp.where(anybad, rid, 0).astype(jnp.int32), value]))


def as_signed(index: Any) -> Any:
    """An integer index array in a signed dtype wide enough to compare with -n and n without wrapping
    (uint8 20 < -50 would wrap -50 to 206)."""
    i = jnp.asarray(index)
    return i.astype(jax.dtypes.canonicalize_dtype(jnp.int64))


def report_flag(flag: Any) -> None:
    """File a flag computed by a nested body (a loop's or a branch's) with the enclosing scope."""
    stack = _stack()
    if stack and stack[-1] is not None:
        stack[-1].flags.append(jnp.asarray(flag, jnp.int32))


def record_of(flag: Any) -> tuple[CheckRecord, int] | None:
    """The failed check and its payload of a flag read back on the host, or None for no error."""
    f = np.asarray(flag)
    rid = int(f[0])
    if rid == 0:
        return None
    return _records[rid], int(f[1])


def raise_from_flag(flag: Any, fgraph: Any = None, call_values: Any = None) -> None:
    """Raise the exception of the failed check a host flag holds (nothing when it holds none); `call_values`
    (one per fgraph input) let the report show the values of the node's inputs that are graph inputs."""
    found = record_of(flag)
    if found is None:
        return
    record, payload = found
    err = record.exception(payload)
    if record.node is not None:
        err.args = (err.args[0] + _node_report(record, fgraph, call_values),) + tuple(err.args[1:])
    raise err


def _node_report(record: CheckRecord, fgraph: Any, call_values: Any = None) -> str:
    """Theano's 'Apply node that caused the error' report for a node that failed inside the compiled program
    (its input values stay on the device: the report gives their types and, where static, shapes)."""
    from theano.lowering.error_report import format_node_error

    shapes = list(record.shapes) if len(record.shapes) == len(record.node.inputs) else None
    values = None
    if fgraph is not None and call_values is not None:
        position = {id(v): k for k, v in enumerate(fgraph.inputs)}
        values = [_shown(call_values[position[id(v)]])
                  if id(v) in position and call_values[position[id(v)]] is not None else None
                  for v in record.node.inputs]
    return format_node_error(record.node, fgraph=fgraph, shapes=shapes, values=values)


def _shown(value: Any) -> Any:
    """A call value as the error report shows it: an array, or a typed list as the Python list it was."""
    if isinstance(value, tuple):
        from theano.lowering.typed_list_values import to_host
        return to_host(value, copy=False)
    return np.asarray(value)


def packable_scalars(outputs: Sequence[Any]) -> tuple[tuple[int, str], ...]:
    """(position, dtype) of the 0-d numeric tensor outputs among `outputs` (checked_program's `pack`)."""
    from theano.frontend.type import TensorType
    return tuple((k, o.type.dtype) for k, o in enumerate(outputs)
                 if isinstance(o.type, TensorType) and o.type.ndim == 0 and not o.type.dtype.startswith("complex"))


def pack_layout(pack: Sequence[tuple[int, str]]) -> tuple[tuple[int, np.dtype, int], ...]:
    """(position, dtype, byte offset) of each packed output in the bytes checked_program packs (after the flag)."""
    layout, offset = [], FLAG_BYTES
    for k, dtype in pack:
        dt = np.dtype(dtype)
        layout.append((k, dt, offset))
        offset += dt.itemsize
    return tuple(layout)


FLAG_BYTES = 8  # the error flag, two int32


def unpack(host: np.ndarray, layout: Sequence[tuple[int, np.dtype, int]]) -> tuple[np.ndarray, dict[int, Any]]:
    """The flag and the packed outputs (fresh 0-d arrays by position) of the bytes `host` read back."""
    flag = host[:FLAG_BYTES].view(np.int32)
    return flag, {k: host[o:o + dt.itemsize].view(dt).reshape(()).copy() for k, dt, o in layout}


def checked_program(run: Any, n_plain: int, update_sources: list[int], chained: bool = False,
                    pack: Sequence[tuple[int, str]] = ()) -> Any:
    """`run` (lower_graph's program) with its run-time checks collected: when any is filed while tracing, the
    program returns the error flag after its results, and each shared-variable update (the results after the
    first `n_plain`) becomes `where(ok, new, old)`, `old` being argument `update_sources[k]` of the program
    (counting the static-shapes argument), so that a failed call writes back the values it was given.

    `chained`: the program takes one more argument, last, the function's accumulated error flag (the first failure
    of its calls so far; still on the device, maybe not yet computed), and returns it updated, then a copy of it,
    after its results (a program without checks passes it through). A set one is this call's flag too: the call
    commits nothing and passes the earlier error on, so calls dispatched after a failed one, before the host has
    read its flag (return_device_arrays=True, lowering/function_call.py), leave the shared values as the failed call
    found them. The caller donates the accumulated flag, so that it stays in one device buffer from call to call
    (off the CPU a program whose kernels read buffers at new addresses each call costs more to launch); the copy
    is the call's own, which the host may read later.

    `pack` ((position, dtype) of 0-d outputs, packable_scalars): when the program has checks, it also returns, after
    the flag, one uint8 array holding the flag's bytes then those outputs' bytes (pack_layout), so that a call
    reading its cost and its flag on the host makes one device-to-host transfer, not two (off the CPU, where each
    transfer waits for the device)."""
    def program(static: Any, *arrays: Any) -> Any:
        if chained:
            arrays, prev = arrays[:-1], arrays[-1]
        with collecting() as scope:
            outs = run(static, *arrays)
        if not scope.flags:
            return [*outs, prev] if chained else outs
        flag = scope.flag()
        if chained:
            flag = first_error(prev, flag)
        ok = flag[0] == 0
        outs = list(outs)
        for k, src in enumerate(update_sources):
            new, old = outs[n_plain + k], arrays[src - 1]
            if tuple(jnp.shape(new)) == tuple(jnp.shape(old)):
                outs[n_plain + k] = jnp.where(ok, new, old)
        if pack:
            parts = [lax.bitcast_convert_type(flag, jnp.uint8).reshape(-1)]
            for k, dtype in pack:
                v = jnp.asarray(outs[k]).astype(dtype)
                if v.dtype == jnp.bool_:
                    v = v.astype(jnp.uint8)
                parts.append(lax.bitcast_convert_type(v, jnp.uint8).reshape(-1))
            return outs + [flag, jnp.concatenate(parts)]
        return outs + [flag, flag] if chained else outs + [flag]
    return program
