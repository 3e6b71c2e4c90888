"""Scan lowers to one `lax.scan` (a static trip count: reverse-mode differentiable, so the gradient is
JAX's transposed loop), or to a `lax.while_loop` where the trip count is only a run-time value and no
per-step output is kept. The inner graph is optimized by our pipeline and lowered once per op.

A `until` scan's number of steps is computed first, on the host (ScanSteps runs the loop's condition
in a small jitted while loop); the device program then runs exactly that many steps.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.ops.scan import Scan, ScanSteps, ScanTripCheck
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import collecting, first_error, no_error, report_flag


class _Inner:
    """A scan's inner graph, optimized and lowered: `run(inner_arrays) -> inner outputs`."""

    def __init__(self, op: Scan):
        from theano.lowering.interpreter import lower_graph
        from theano.lowering.mode import get_mode
        from theano.lowering.shape_program import ShapeProgram
        from theano.passes.pipeline import optimize

        fg = FunctionGraph(op.inputs, op.outputs, clone=True)
        mode = op.info.mode
        try:
            mode_obj = get_mode(mode if isinstance(mode, str) or mode is None else None)
        except Exception:  # noqa: BLE001 - a mode object of another kind (MonitorMode, ...): the default rewrites
            mode_obj = get_mode(None)
        from theano.lowering.opwise import host_stepper, opwise_hooks

        hooks = opwise_hooks(mode)
        if hooks is not None:
            mode_obj = mode  # its own rewrites (MonitorMode(...).excluding(...)) as Theano's inner function had
        optimize(fg, mode_obj)
        self.inputs = fg.inputs
        self.outputs = fg.outputs
        self.nodes = nodes = fg.toposort()
        self.shape_program = ShapeProgram(fg.inputs, nodes, host_checks=False)
        self._run = lower_graph(fg.inputs, fg.outputs, nodes,
                                self.shape_program.targets if not self.shape_program.empty else ())
        if hooks is not None:  # a MonitorMode / NanGuardMode / WrapLinker mode: each step runs op by op
            self._run = host_stepper(fg, self._run, hooks)
        self.dtypes = [np.dtype(v.type.dtype) for v in fg.inputs]

    @property
    def varies(self) -> bool:
        """Whether a shape inside the step depends on the step's values (it may change from step to step)."""
        return not self.shape_program.empty and bool(self.shape_program._value_pos)

    def static_shapes(self, shapes: Sequence[tuple]) -> tuple:
        """Shapes of the inner graph's value-dependent nodes, for inner inputs of these shapes."""
        sp = self.shape_program
        if sp.empty:
            return ()
        if sp._value_pos:
            names = ", ".join(str(self.inputs[p]) for p in sp._value_pos)
            raise ValueError(f"scan: a shape inside the step function depends on the value of {names}, which changes "
                             "from step to step; such a loop runs on the host step by step, which needs a number of "
                             "steps known when the function is compiled (not a `until` loop, nor a run-time n_steps "
                             "inside another loop)")
        return sp.evaluate([np.broadcast_to(np.zeros((), dt), s) for dt, s in zip(self.dtypes, shapes)])

    def __call__(self, static: tuple, arrays: Sequence[Any]) -> list[Any]:
        return self._run(static, *arrays)


def inner_of(op: Scan) -> _Inner:
    inner = op.cache.get("inner")
    if inner is None:
        inner = op.cache["inner"] = _Inner(op)
    return inner


def _is_tracer(x: Any) -> bool:
    return isinstance(x, jax.core.Tracer)


def tap_values(info: Any, bufs: Sequence[Any]) -> list[Any]:
    """The step's inputs read from the recurrent outputs' buffers (one per tap), in the inner inputs' order."""
    vals = []
    r = 0
    for taps in info.out_taps:
        if taps is None:
            continue
        buf = bufs[r]
        r += 1
        if taps == (-1,):
            vals.append(buf)
        else:
            depth = -min(taps)
            vals.extend(buf[depth + t] for t in taps)
    return vals


def _step_fn(op: Scan, inner: _Inner, nonseqs: Sequence[Any], static: tuple, out_dtypes: Sequence[Any]):
    """(seq_slices, buffers, shared) -> (new buffers, new shared, user outputs, condition, error flag).

    The error flag holds the step's failed run-time check (lowering/runtime_checks.py); loops carry it."""
    info = op.info

    def step(xs: Sequence[Any], bufs: Sequence[Any], shs: Sequence[Any]) -> tuple:
        tap_vals = tap_values(info, bufs)
        with collecting() as scope:
            outs = inner(static, list(xs) + tap_vals + list(shs) + list(nonseqs))
        flag = scope.flag()
        user = [jnp.asarray(o).astype(dt) for o, dt in zip(outs[:info.n_outs], out_dtypes)]
        new_sh = [jnp.asarray(v).astype(s.dtype) for v, s in zip(outs[info.n_outs:info.n_outs + info.n_shared], shs)]
        cond = outs[-1] if info.as_while else None
        new_bufs = []
        r = 0
        for k, taps in enumerate(info.out_taps):
            if taps is None:
                continue
            buf = bufs[r]
            r += 1
            new = user[k]
            want = buf.shape if taps == (-1,) else buf.shape[1:]
            if tuple(new.shape) != tuple(want):
                raise ValueError(f"could not broadcast input array from shape {_np_shape(new.shape)} into shape "
                                 f"{_np_shape(want)} (scan {op}: output {k} of the step function has shape "
                                 f"{tuple(new.shape)}, but its "
                                 f"previous value (outputs_info) has shape {tuple(want)}; a recurrent output must keep "
                                 "the shape of its initial state)")
            new_bufs.append(new if taps == (-1,) else jnp.concatenate([buf[1:], new[None]], axis=0))
        for v, s in zip(new_sh, shs):
            if v.shape != s.shape:
                raise ValueError(f"scan {op}: the update of a shared variable changes its shape from {s.shape} to "
                                 f"{v.shape} inside the loop")
        return new_bufs, new_sh, user, cond, flag
    return step


def _check_steps(op: Scan, n: int, seqs: Sequence[Any], node_inputs: Sequence[Any]) -> None:
    if n < 0:
        raise IndexError("Scan was asked to run for negative number of step %d" % n)
    if n == 0:
        raise NotImplementedError("We didn't implemented yet the case where scan do 0 iteration")
    for k, s in enumerate(seqs):
        if s.shape[0] < n:
            raise ValueError("Sequence is shorter then the required number of steps : (n_steps, seq, seq.shape):", n,
                             node_inputs[1 + k], tuple(s.shape))


def _groups(op: Scan, values: Sequence[Any]) -> tuple:
    """(n_steps, sequences, initial values, shared carries, non-sequences) of a node's input values; a buffered
    node's buffers give their first rows (the initial state; frontend/scan_buffers.py)."""
    n_steps, seqs, inits, shared, nonseqs = op.outer_groups(list(values))
    if not op.info.buffered:
        return n_steps, seqs, inits, shared, nonseqs
    rec = [k for k, t in enumerate(op.info.out_taps) if t is not None]
    firsts = []
    for k, buf in zip(rec, inits):
        depth = op.info.init_depth(k)
        buf = jnp.asarray(buf)
        if buf.shape[0] < depth:
            raise ValueError(f"scan {op}: the buffer of output {k} has {buf.shape[0]} rows, fewer than the {depth} "
                             "initial values its taps read")
        firsts.append(buf[0] if op.info.out_taps[k] == (-1,) else buf[:depth])
    return n_steps, seqs, firsts, shared, nonseqs


def _trip_count(node: Any, ctx: LoweringContext, n_steps: Any) -> int | None:
    """The number of steps when it is known while tracing: from the host-computed output shapes (a `until`
    loop's steps taken), else from a concrete n_steps; None when it is only a run-time value."""
    info = node.op.info
    for k, shp in enumerate((ctx.out_shapes or [])[:info.n_outs]):
        if shp is not None and not info.is_last_only(k):
            return int(shp[0]) - (info.init_depth(k) if info.buffered else 0)
    if node.op.as_while:
        return None
    if not _is_tracer(n_steps):
        return int(np.asarray(n_steps))
    return None


@lowers(Scan)
def scan_rule(node: Any, ctx: LoweringContext, n_steps: Any, *outer: Any) -> tuple:
    op: Scan = node.op
    info = op.info
    inner = inner_of(op)
    _, seqs, inits, shared, nonseqs = _groups(op, [n_steps, *outer])
    n = _trip_count(node, ctx, n_steps)
    if info.as_while and n is None and not any(_is_tracer(v) for v in (n_steps, *outer)):
        n = int(_count_steps(op, n_steps, outer))  # evaluated eagerly (test values, DebugMode)
    out_dtypes = [np.dtype(o.type.dtype) for o in node.outputs[:info.n_outs]]
    shapes = [tuple(s.shape[1:]) for s in seqs]
    bufs0 = []
    r = 0
    for k, taps in enumerate(info.out_taps):
        if taps is None:
            continue
        init = jnp.asarray(inits[r])
        r += 1
        bufs0.append(init)
        if taps == (-1,):
            shapes.append(tuple(init.shape))
        else:
            shapes.extend([tuple(init.shape[1:])] * len(taps))
    shapes += [tuple(np.shape(s)) for s in shared] + [tuple(np.shape(v)) for v in nonseqs]
    if inner.varies and n is not None and not info.as_while:  # shapes that change from step to step: a host loop
        from theano.lowering.rules.scan_host import host_scan

        _check_steps(op, n, seqs, node.inputs)
        ys, bufs, shs = host_scan(op, inner, n, [s[:n] for s in seqs], bufs0, list(shared), list(nonseqs),
                                  out_dtypes, shapes)
        last = [info.is_last_only(k) for k in range(info.n_outs)]
        return _assemble(info, last, [y for y, l in zip(ys, last) if not l],
                         [ys[k][-1] for k in range(info.n_outs) if last[k] and info.out_taps[k] is None], bufs, shs,
                         inits)
    static = inner.static_shapes(shapes)
    step = _step_fn(op, inner, nonseqs, static, out_dtypes)
    last = [info.is_last_only(k) for k in range(info.n_outs)]
    masked = n is None and bool(seqs) and all(last) and not info.as_while and _is_tracer(n_steps)
    if n is None and not masked:
        return _dynamic_loop(op, step, n_steps, seqs, bufs0, list(shared))
    if masked:  # a run-time trip count bounded by the sequences: one program for every count (no recompilation)
        length = min(int(s.shape[0]) for s in seqs)
        n_dyn = jnp.asarray(n_steps, dtype=jnp.int32)
    else:
        _check_steps(op, n, seqs, node.inputs)
        length = n
        n_dyn = n
    xs = [s[:length] for s in seqs]
    trunc = info.truncate_gradient
    # outputs kept only at their last value that are not fed back get a carry of their own
    lone = [k for k in range(info.n_outs) if last[k] and info.out_taps[k] is None]
    if lone:
        x0 = [s[0] for s in xs]
        probe = jax.eval_shape(lambda: step(x0, bufs0, list(shared))[2])
        lasts0 = [jnp.zeros(probe[k].shape, probe[k].dtype) for k in lone]
    else:
        lasts0 = []

    def body(carry: tuple, x: Sequence[Any]) -> tuple:
        t, bufs, shs, lasts, flag = carry

        def real(_: Any) -> tuple:
            new_bufs, new_sh, user, _c, step_flag = step(x, bufs, shs)
            if trunc is not None and trunc >= 0:  # gradients flow through the last `truncate_gradient` steps only
                keep = t >= n_dyn - trunc
                cut = lambda v: jnp.where(keep, v, lax.stop_gradient(v))  # noqa: E731
                new_bufs, new_sh, user = [cut(v) for v in new_bufs], [cut(v) for v in new_sh], [cut(v) for v in user]
            return (new_bufs, new_sh, [user[k] for k in lone], [u for u, l in zip(user, last) if not l],
                    first_error(flag, step_flag))

        if masked:
            new_bufs, new_sh, new_lasts, ys, flag = lax.cond(t < n_dyn, real, lambda _: (bufs, shs, lasts, [], flag),
                                                             None)
        else:
            new_bufs, new_sh, new_lasts, ys, flag = real(None)
        return (t + 1, new_bufs, new_sh, new_lasts, flag), ys

    if info.checkpoint:  # keep only the carries between steps for the gradient; recompute each step's inside
        body = jax.checkpoint(body)
    carry0 = (jnp.asarray(0, dtype=jnp.int32), bufs0, list(shared), lasts0, no_error())
    (_, bufs, shs, lasts, flag), ys = lax.scan(body, carry0, xs, length=length)
    report_flag(flag)
    return _assemble(info, last, ys, lasts, bufs, shs, inits)


def _assemble(info: Any, last: Sequence[bool], ys: Sequence[Any], lasts: Sequence[Any], bufs: Sequence[Any],
              shs: Sequence[Any], inits: Sequence[Any]) -> tuple:
    """The node's outputs from the loop's results: `ys` the stacked outputs kept at every step, `lasts` the final
    values of the outputs kept only at their last value that are not fed back, `bufs` the final recurrent state."""
    outs, ys_iter, lasts_iter, r = [], iter(ys), iter(lasts), 0
    for k, taps in enumerate(info.out_taps):
        if taps is not None:
            buf = bufs[r]
            r += 1
        if not last[k]:
            outs.append(next(ys_iter))
        elif taps is None:
            outs.append(next(lasts_iter))
        else:
            outs.append(buf if taps == (-1,) else buf[-1])
    if info.buffered:  # each recurrent output's buffer: its initial state first
        rec = [k for k, t in enumerate(info.out_taps) if t is not None]
        for k, init in zip(rec, inits):
            rows = jnp.asarray(init)[None] if info.out_taps[k] == (-1,) else jnp.asarray(init)
            outs[k] = jnp.concatenate([rows.astype(outs[k].dtype), outs[k]], axis=0)
    return tuple(outs) + tuple(shs)


def _dynamic_loop(op: Scan, step: Any, n_steps: Any, seqs: Sequence[Any], bufs0: list, shs0: list) -> tuple:
    """A loop whose trip count is a run-time value (a while loop; with `until`, it also stops on the condition):
    only the carried state and the outputs kept at their last value come out."""
    info = op.info
    if not all(info.is_last_only(k) for k in range(info.n_outs)):
        raise ValueError(f"scan {op}: the number of steps is not known when the loop is compiled")
    n = jnp.asarray(n_steps, dtype=jnp.int64)
    lone = [k for k in range(info.n_outs) if info.out_taps[k] is None]
    if lone:
        probe = jax.eval_shape(lambda: step([s[0] for s in seqs], bufs0, shs0)[2])
        lasts0 = [jnp.zeros(probe[k].shape, probe[k].dtype) for k in lone]
    else:
        lasts0 = []

    def cond(carry: tuple) -> Any:
        t, done = carry[0], carry[1]
        return (t < n) & ~done

    def body(carry: tuple) -> tuple:
        t, _, bufs, shs, _lasts, flag = carry
        xs = [lax.dynamic_index_in_dim(s, t, keepdims=False) for s in seqs]
        new_bufs, new_sh, user, c, step_flag = step(xs, bufs, shs)
        done = (jnp.asarray(c) != 0) if op.as_while else jnp.asarray(False)
        return t + 1, done, new_bufs, new_sh, [user[k] for k in lone], first_error(flag, step_flag)

    carry0 = (jnp.asarray(0, dtype=jnp.int64), jnp.asarray(False), bufs0, shs0, lasts0, no_error())
    _, _, bufs, shs, lasts, flag = lax.while_loop(cond, body, carry0)
    report_flag(flag)
    outs, lasts_iter, r = [], iter(lasts), 0
    for k, taps in enumerate(info.out_taps):
        if taps is None:
            outs.append(next(lasts_iter))
        else:
            buf = bufs[r]
            r += 1
            outs.append(buf if taps == (-1,) else buf[-1])
    return tuple(outs) + tuple(shs)


def _count_steps(op: Scan, n_steps: Any, outer: Sequence[Any]) -> Any:
    """How many steps a `until` scan takes: a while loop that stops after the first step whose condition holds."""
    fn = op.cache.get("count")
    if fn is None:
        inner = inner_of(op)

        def count(n_steps: Any, *outer: Any) -> Any:
            info = op.info
            _, seqs, inits, shared, nonseqs = _groups(op, [n_steps, *outer])
            shapes = [tuple(s.shape[1:]) for s in seqs]
            r = 0
            for taps in info.out_taps:
                if taps is None:
                    continue
                init = inits[r]
                r += 1
                shapes.extend([tuple(init.shape)] if taps == (-1,) else [tuple(init.shape[1:])] * len(taps))
            shapes += [tuple(s.shape) for s in shared] + [tuple(v.shape) for v in nonseqs]
            step = _step_fn(op, inner, nonseqs, inner.static_shapes(shapes),
                            [np.dtype(o.type.dtype) for o in op.outputs[:info.n_outs]])
            n = jnp.asarray(n_steps, dtype=jnp.int64)

            def cond(carry: tuple) -> Any:
                t, done, _, _ = carry
                return (t < n) & ~done

            def body(carry: tuple) -> tuple:
                t, _, bufs, shs = carry
                xs = [lax.dynamic_index_in_dim(s, t, keepdims=False) for s in seqs]
                new_bufs, new_sh, _, c, _flag = step(xs, bufs, shs)  # the main program reports the errors
                return t + 1, jnp.asarray(c) != 0, new_bufs, new_sh

            t, _, _, _ = lax.while_loop(cond, body, (jnp.asarray(0, dtype=jnp.int64), jnp.asarray(False),
                                                     [jnp.asarray(b) for b in inits], [jnp.asarray(s) for s in shared]))
            return t
        fn = op.cache["count"] = jax.jit(count)
    n = int(np.asarray(n_steps)) if not _is_tracer(n_steps) else None
    if n is not None:
        _, seqs, _, _, _ = op.outer_groups([n_steps, *outer])
        if n <= 0:
            _check_steps(op, n, seqs, [None] * (1 + len(outer)))
        for s in seqs:
            if np.shape(s)[0] < n:
                raise ValueError("Sequence is shorter then the required number of steps : (n_steps, seq, seq.shape):",
                                 n, np.shape(s))
    return fn(n_steps, *outer)


@lowers(ScanSteps)
def scan_steps_rule(node: Any, ctx: LoweringContext, n_steps: Any, *outer: Any) -> Any:
    return _count_steps(node.op.scan, n_steps, outer)


@lowers(ScanTripCheck)
def scan_trip_check_rule(node: Any, ctx: LoweringContext, n_steps: Any, *lengths: Any) -> Any:
    return jnp.asarray(n_steps, dtype=jnp.int64)  # the checks run in the host shape program


def _np_shape(shape: Any) -> str:
    """A shape written as numpy writes it in its broadcast errors ('(3,5)'), which Theano's scan error repeats."""
    return "(%s)" % ",".join(str(int(d)) for d in shape) if len(shape) != 1 else "(%d,)" % int(shape[0])
