"""Host callbacks: lowering for users' Theano-style ops that only have a numpy `perform` (or a ScalarOp `impl`).

XLA needs every result shape while tracing, so the output shapes come, in order of preference, from
the host shape program (value-dependent ops), from the op's `infer_shape` evaluated on the inputs'
static shapes, or, for ops without `infer_shape`, from the assumption that each output has the
shape of the first input. The callback itself runs `perform` in numpy through `jax.pure_callback`.

An exception raised by host code (a ValueError, a KeyboardInterrupt, ...) reaches the caller of the
compiled function as itself, not as an XLA runtime error: `guarded` files it under a token that travels
in the runtime error's message, and `raise_host_error` re-raises the original.
"""
from __future__ import annotations

import itertools
import logging
import re
import threading
from collections import OrderedDict
from typing import Any, Callable, NoReturn, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.graph import Apply
from theano.lowering.error_report import run_perform, tag_error
from theano.lowering.registry import LoweringContext, LoweringError, rule_for
from theano.lowering.sparse_callback import has_sparse_values, sparse_perform_callback, value_shape

_TOKEN = "theano-host-error#"
_TOKEN_RE = re.compile(re.escape(_TOKEN) + r"(\d+)")
_KEEP = 64  # errors whose call never claimed them (should not happen) are dropped past this many
_errors: "OrderedDict[int, BaseException]" = OrderedDict()
_errors_lock = threading.Lock()
_counter = itertools.count(1)


class HostCallbackError(RuntimeError):
    """What the host code raised, in the form XLA carries back: the message holds the token of the original."""


class _QuietHostErrors(logging.Filter):
    """JAX logs every failed callback with a traceback; the caller gets the original exception instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, HostCallbackError)


logging.getLogger("jax._src.callback").addFilter(_QuietHostErrors())


def guarded(host: Callable[..., Any]) -> Callable[..., Any]:
    """`host` for jax.pure_callback, with any exception it raises filed for `raise_host_error`."""
    def call(*args: Any) -> Any:
        try:
            return host(*args)
        except BaseException as exc:  # KeyboardInterrupt too: the caller re-raises it
            token = next(_counter)
            with _errors_lock:
                _errors[token] = exc
                while len(_errors) > _KEEP:
                    _errors.popitem(last=False)
            raise HostCallbackError(f"{_TOKEN}{token}: {type(exc).__name__}: {exc}") from None
    return call


def raise_host_error(err: BaseException, annotate: Callable[[BaseException], None] | None = None) -> None:
    """Re-raise the host-code exception that `err` (an XLA runtime error) carries, after `annotate(original)`
    (which adds the report on the node that ran it); return if it carries none."""
    found = _TOKEN_RE.search(str(err))
    if found is None:
        return
    with _errors_lock:
        original = _errors.pop(int(found.group(1)), None)
    if original is not None:
        if annotate is not None:
            annotate(original)
        _reraise(original)


def runtime_error(err: BaseException) -> Exception:
    """Theano's exception for an XLA runtime error that carries no host exception: MemoryError when memory ran
    out (as numpy's allocation in Theano), else RuntimeError; never a JAX exception type."""
    text = str(err)
    if "RESOURCE_EXHAUSTED" in text or "Out of memory" in text:
        return MemoryError(text)
    return RuntimeError(text)


def _reraise(exc: BaseException) -> NoReturn:
    raise exc.with_traceback(exc.__traceback__) from None


def _wide(dtype: Any) -> bool:
    return np.dtype(dtype).itemsize == 8


# 64-bit arrays cross a callback's boundary as bytes, uint8[..., 8]: JAX canonicalizes callback values in the
# callback's thread, where our scoped x64 mode is off, and would turn float64 into float32. Bytes, not uint32
# pairs: XLA's simplifier folds bitcast-convert(bitcast-convert(x)) into one bitcast-convert of x keeping the
# outer shape, which is an invalid instruction when the element sizes differ (uint32[2] -> float64[] -> uint8[8],
# as a program packing a callback's 0-d result with its error flag does off the CPU: runtime_checks.checked_program);
# with bytes both ends of such a chain are uint8 and the folded bitcast is the identity.
def to_words(x: Any) -> Any:
    """A traced array as the callback receives it: a 64-bit one as its bytes (uint8[..., 8])."""
    return jax.lax.bitcast_convert_type(x, jnp.uint8) if _wide(x.dtype) else x


def from_words(a: Any, dtype: Any) -> np.ndarray:
    """In the callback: the numpy array of `dtype` that `to_words` sent."""
    a = np.asarray(a)
    return np.ascontiguousarray(a).view(dtype)[..., 0] if _wide(dtype) else a


def words_spec(shape: Sequence[int], dtype: Any) -> Any:
    """The callback's result type for an output of this shape and dtype (bytes for a 64-bit one)."""
    if _wide(dtype):
        return jax.ShapeDtypeStruct(tuple(shape) + (8,), jnp.uint8)
    return jax.ShapeDtypeStruct(tuple(shape), dtype)


def as_words(r: np.ndarray, shape: Sequence[int], dtype: Any) -> np.ndarray:
    """In the callback: a result of `dtype` (already of that dtype and shape) as `words_spec` declares it."""
    if _wide(dtype):
        return np.ascontiguousarray(r.reshape(-1)).view(np.uint8).reshape(tuple(shape) + (8,))
    return np.array(r, order="C")  # not np.ascontiguousarray: it makes a 0-d result 1-d


def from_result_words(o: Any, dtype: Any) -> Any:
    """The traced result of the callback back in `dtype`."""
    return jax.lax.bitcast_convert_type(o, dtype) if _wide(dtype) else o


def host_call(host: Callable[..., Any], shapes: Sequence[tuple], dtypes: Sequence[Any], *inputs: Any) -> tuple:
    """jax.pure_callback of `host(*numpy arrays) -> tuple of arrays` with these output shapes/dtypes.

    64-bit arrays cross the callback boundary as bytes both ways (`to_words`)."""
    xs = [jnp.asarray(x) for x in inputs]
    in_dtypes = [np.dtype(x.dtype) for x in xs]
    words_in = [to_words(x) for x in xs]
    out_dtypes = [np.dtype(d) for d in dtypes]
    spec = tuple(words_spec(s, d) for s, d in zip(shapes, out_dtypes))

    def call(*words: Any) -> tuple:
        arrays = [from_words(w, d) for w, d in zip(words, in_dtypes)]
        results = host(*arrays)
        return tuple(as_words(np.asarray(r, dtype=d), shp, d) for r, shp, d in zip(results, shapes, out_dtypes))

    outs = jax.pure_callback(guarded(call), spec, *words_in, vmap_method="sequential")
    return tuple(from_result_words(o, d) for o, d in zip(outs, out_dtypes))



def runs_host_code(nodes: Sequence[Apply]) -> bool:
    """Whether the lowering of `nodes` runs Python on the host (users' `perform`/`impl`, scipy functions JAX
    lacks): such a program can fail while it runs, after its inputs were handed over."""
    from theano.frontend.ops.elemwise import Elemwise
    from theano.lowering.interpreter import decomposition_rule

    todo = list(nodes)
    while todo:
        node = todo.pop()
        op = node.op
        if isinstance(op, Elemwise):
            fn = op.scalar_op.function(jnp)
            if fn is None or getattr(fn, "runs_on_host", False):
                return True
            continue
        try:
            rule = rule_for(op)
        except LoweringError:
            continue
        if rule is perform_callback_rule or getattr(rule, "runs_on_host", False):
            return True
        host_hint = getattr(rule, "runs_host_code", None)  # a rule that falls back to a host callback for some nodes
        if host_hint is not None and host_hint(node):
            return True
        if rule is decomposition_rule:
            from theano.frontend.graph import io_toposort

            ins = [v.type() for v in node.inputs]
            outs = op.decompose(*ins)
            outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
            todo.extend(io_toposort(ins, outs))
    return False


def _shape_value(entry: Any, known: dict[int, tuple[int, ...]]) -> int | None:
    """Evaluate one symbolic shape entry on the host: constants, and shapes of the node's inputs."""
    from theano.frontend.host_eval import host_int

    return host_int(entry, shapes=known)


def callback_out_shapes(node: Apply, ctx: LoweringContext, inputs: Sequence[Any]) -> list[tuple[int, ...]]:
    """The static output shapes of a host-callback node (see the module docstring for where they come from)."""
    if ctx.out_shapes is not None:
        return [tuple(s) for s in ctx.out_shapes]
    from theano.frontend.tensor import constant

    in_shapes = [value_shape(x) for x in inputs]  # a sparse input: its matrix shape
    infer = getattr(node.op, "infer_shape", None)
    if infer is not None:
        known = {id(v): s for v, s in zip(node.inputs, in_shapes)}
        sym = [tuple(constant(d, dtype="int64") for d in s) for s in in_shapes]
        try:
            out_sym = infer(node, sym)
        except NotImplementedError:
            out_sym = None
        except Exception as err:  # noqa: BLE001 - config.on_shape_error: warn and guess below, or raise
            from theano.frontend.shape_inference import infer_shape_failed

            infer_shape_failed(node, sym, err)
            out_sym = None
        if out_sym is not None:
            shapes = []
            for s in out_sym:
                dims = [_shape_value(d, known) for d in s]
                if any(d is None for d in dims):
                    break
                shapes.append(tuple(dims))
            else:
                return shapes
    first = in_shapes[0] if in_shapes else ()
    return [first for _ in node.outputs]


def perform_callback_rule(node: Apply, ctx: LoweringContext, *inputs: Any) -> Any:
    """Lower an op with a numpy `perform(node, inputs, output_storage)` to a jax.pure_callback."""
    shapes = callback_out_shapes(node, ctx, inputs)
    if has_sparse_values(node):  # scipy matrices for perform (lowering/sparse_callback.py)
        return sparse_perform_callback(node, ctx, inputs, shapes)
    dtypes = [np.dtype(o.type.dtype) for o in node.outputs]
    op = node.op
    in_dtypes = [np.dtype(v.type.dtype) if hasattr(v.type, "dtype") else None for v in node.inputs]

    def host(*arrays: Any) -> tuple:
        args = [np.asarray(a, dtype=d) if d is not None else a for a, d in zip(arrays, in_dtypes)]
        storage = run_perform(node, args)
        results = []
        for cell, shp, dt, out in zip(storage, shapes, dtypes, node.outputs):
            val = np.asarray(cell[0], dtype=dt)
            if val.shape != tuple(shp):
                raise ValueError(f"{op}.perform returned output {out} of shape {val.shape}, but {shp} was expected "
                                 "(from the op's infer_shape, or the shape of its first input when it has none)")
            results.append(val)
        return tuple(results)

    outs = host_call(host, shapes, dtypes, *inputs)
    return outs[0] if len(outs) == 1 else tuple(outs)


def scalar_impl_callback(node: Apply, inputs: Sequence[Any]) -> Any:
    """Lower an Elemwise of a user ScalarOp that only has `impl`: np.vectorize(impl) in a host callback."""
    sop = node.op.scalar_op
    shape = tuple(np.broadcast_shapes(*[np.shape(x) for x in inputs])) if inputs else ()
    dtypes = [np.dtype(o.type.dtype) for o in node.outputs]
    in_dtypes = [np.dtype(v.type.dtype) for v in node.inputs]
    nout = len(node.outputs)

    def host(*arrays: Any) -> tuple:
        args = [np.asarray(a, dtype=d) for a, d in zip(arrays, in_dtypes)]
        fn = np.vectorize(sop.impl, otypes=dtypes)
        try:
            res = fn(*args)
        except Exception as err:
            tag_error(err, node, args)
            raise
        res = res if nout > 1 else (res,)
        return tuple(np.broadcast_to(np.asarray(r, dtype=d), shape).copy() for r, d in zip(res, dtypes))

    outs = host_call(host, [shape] * nout, dtypes, *inputs)
    return outs[0] if nout == 1 else tuple(outs)
