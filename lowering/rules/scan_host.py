"""A scan whose step has shapes that change from step to step, run as a loop on the host.

A step that slices by a per-step length (`y_pred[i][:input_length[i]]`, Keras' ctc_batch_cost) or takes a
`nonzero` of per-step values has no fixed shapes, so it cannot be one XLA loop. Theano ran such a scan step by
step; so do we: the loop runs on the host (a host callback inside the compiled function), each step one compiled
program for that step's shapes (computed by the step's host shape program, compiled once per distinct shape and
kept on the op), and the gradient is a host loop of the steps' vjps in reverse order (a `jax.custom_vjp`).

What must stay fixed is what the loop returns: the trip count is known when the function is compiled, and each
per-step output keeps one shape for the whole loop (its shape is computed from the step's input shapes; an
output whose shape depends on values is refused with a clear error, as is a `until` loop of varying shapes).
Run-time checks inside the steps report through the scan's error flag as on the device.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import numpy as np

from theano.frontend.graph import Constant
from theano.frontend.host_eval import host_int
from theano.frontend.shape_inference import symbolic_shapes
from theano.lowering.callback import host_call
from theano.lowering.device import x64_scope
from theano.lowering.rules.scan import _step_fn, tap_values
from theano.lowering.runtime_checks import report_flag


def step_output_shapes(inner: Any, in_shapes: Sequence[tuple], outputs: Sequence[int]) -> list[tuple] | None:
    """The shapes of the step's outputs at positions `outputs` for step inputs of `in_shapes`, or None when one
    depends on a value."""
    key = (tuple(map(tuple, in_shapes)), tuple(outputs))
    cache = inner.__dict__.setdefault("_host_cache", {})
    if key in cache:
        return cache[key]
    shape_of = inner.__dict__.get("_symbolic_shapes")
    if shape_of is None:
        shape_of = inner._symbolic_shapes = symbolic_shapes(inner.inputs, inner.nodes)
    known = {id(v): tuple(s) for v, s in zip(inner.inputs, in_shapes)}
    result: list[tuple] | None = []
    for o in [inner.outputs[k] for k in outputs]:
        if isinstance(o, Constant):
            result.append(tuple(np.shape(o.data)))
            continue
        if id(o) in known:
            result.append(known[id(o)])
            continue
        dims = [host_int(e, shapes=known) for e in shape_of.get(o, ())]
        if len(dims) != getattr(o.type, "ndim", 0) or any(d is None for d in dims):
            result = None
            break
        result.append(tuple(dims))
    cache[key] = result
    return result


class HostLoop:
    """The host loop of one scan node for one set of outer shapes (built at trace time)."""

    def __init__(self, op: Any, inner: Any, n: int, out_dtypes: Sequence[Any], step_shapes: Sequence[tuple],
                 n_seqs: int, n_bufs: int, n_shared: int, n_nonseqs: int):

        self.op, self.inner, self.n = op, inner, n
        self.info = op.info
        self.out_dtypes = [np.dtype(d) for d in out_dtypes]
        self.step_shapes = [tuple(s) for s in step_shapes]
        self.sizes = (n_seqs, n_bufs, n_shared, n_nonseqs)
        self._steps = op.cache.setdefault("host_steps", {})
        self._vjps = op.cache.setdefault("host_vjps", {})

    # ------------------------------------------------------------------ one step

    def _split(self, flat: Sequence[Any]) -> tuple[list, list, list, list]:
        a, b, c, _ = self.sizes
        return list(flat[:a]), list(flat[a:a + b]), list(flat[a + b:a + b + c]), list(flat[a + b + c:])

    def _static(self, xs: Sequence[Any], bufs: Sequence[Any], shs: Sequence[Any], nonseqs: Sequence[Any]) -> tuple:
        values = [np.asarray(v) for v in list(xs) + tap_values(self.info, bufs) + list(shs) + list(nonseqs)]
        return self.inner.shape_program.evaluate(values)

    def _flat_step(self, static: tuple) -> Any:
        """(xs, bufs, shs, nonseqs) -> new bufs + new shared + user outputs (flat), and the step's error flag."""
        op, inner, out_dtypes = self.op, self.inner, self.out_dtypes

        def run(flat: Sequence[Any]) -> tuple[list, Any]:
            xs, bufs, shs, nonseqs = self._split(flat)
            new_bufs, new_sh, user, _c, flag = _step_fn(op, inner, nonseqs, static, out_dtypes)(xs, bufs, shs)
            return list(new_bufs) + list(new_sh) + list(user), flag
        return run

    @staticmethod
    def _compiled(cache: dict, key: Any, make: Any) -> Any:
        """The step for `key`, compiled once per distinct set of shapes (kept on the op). Running a step op by op
        instead, for shapes met once, measured slower than compiling it (a ctc step: 66 s against 24 s)."""
        fn = cache.get(key)
        if fn is None:
            fn = cache[key] = jax.jit(make())
        return fn

    def _compiled_step(self, static: tuple) -> Any:
        return self._compiled(self._steps, static, lambda: self._flat_step(static))

    def _compiled_vjp(self, static: tuple, din: tuple, dout: tuple) -> Any:
        return self._compiled(self._vjps, (static, din, dout), lambda: self._make_vjp(static, din, dout))

    def _make_vjp(self, static: tuple, din: tuple, dout: tuple) -> Any:
        """(flat step inputs, cotangents of the outputs at `dout`) -> cotangents of the inputs at `din`."""
        run = self._flat_step(static)

        def vjp(flat: Sequence[Any], cts: Sequence[Any]) -> list:
            def f(*diff: Any) -> list:
                full = list(flat)
                for i, d in zip(din, diff):
                    full[i] = d
                outs, _flag = run(full)
                return [outs[j] for j in dout]
            _, pull = jax.vjp(f, *[flat[i] for i in din])
            return list(pull(list(cts)))
        return vjp

    # ------------------------------------------------------------------ the loop

    def forward(self, flat: Sequence[Any], keep: bool = False) -> tuple:
        """(per-output stacked values, final bufs, final shared, flag, per-step carried inputs when `keep`)."""
        xs, bufs, shs, nonseqs = self._split(flat)
        n, n_bufs = self.n, len(bufs)
        ys = [np.empty((n,) + s, d) for s, d in zip(self.step_shapes, self.out_dtypes)]
        flag = np.zeros(2, np.int32)
        trail = []
        for t in range(n):
            x_t = [np.asarray(x[t]) for x in xs]
            static = self._static(x_t, bufs, shs, nonseqs)
            if keep:
                trail.append((x_t, bufs, shs, static))
            outs, f = self._compiled_step(static)(x_t + list(bufs) + list(shs) + list(nonseqs))
            outs = [np.asarray(o) for o in outs]
            bufs, shs, user = outs[:n_bufs], outs[n_bufs:n_bufs + len(shs)], outs[n_bufs + len(shs):]
            for k, (u, want) in enumerate(zip(user, self.step_shapes)):
                if u.shape != want:
                    raise ValueError(f"scan {self.op}: output {k} of the step function has shape {u.shape} at step {t}"
                                     f" and shape {want} at the first steps; the outputs of a scan are stacked, so "
                                     "each keeps one shape for the whole loop")
                ys[k][t] = u
            f = np.asarray(f)
            if flag[0] == 0 and f[0] != 0:
                flag = f.astype(np.int32)
        return ys, bufs, shs, flag, trail

    def backward(self, flat: Sequence[Any], ct_ys: Sequence[Any], ct_bufs: Sequence[Any], ct_shs: Sequence[Any],
                 din: Sequence[int]) -> list:
        """Cotangents of the flat inputs at positions `din` (inexact), from those of the loop's outputs."""
        xs, bufs0, shs0, nonseqs = self._split(flat)
        n_seq, n_bufs, n_sh, _ = self.sizes
        _, _, _, _, trail = self.forward(flat, keep=True)
        step_out_dtypes = [np.asarray(b).dtype for b in bufs0] + [np.asarray(s).dtype for s in shs0] + self.out_dtypes
        dout = tuple(j for j, d in enumerate(step_out_dtypes) if np.issubdtype(d, np.inexact))
        ct_xs = [np.zeros(np.shape(x), np.asarray(x).dtype) for x in xs]
        ct_non = [np.zeros(np.shape(v), np.asarray(v).dtype) for v in nonseqs]
        cb = [np.asarray(c) for c in ct_bufs]
        cs = [np.asarray(c) for c in ct_shs]
        trunc = self.info.truncate_gradient
        lo = max(0, self.n - trunc) if trunc is not None and trunc >= 0 else 0
        for t in reversed(range(lo, self.n)):
            x_t, b_t, s_t, static = trail[t]
            step_flat = list(x_t) + list(b_t) + list(s_t) + list(nonseqs)
            din_t = tuple(i for i, v in enumerate(step_flat) if np.issubdtype(np.asarray(v).dtype, np.inexact))
            outs_ct = cb + cs + [np.asarray(c[t]) for c in ct_ys]
            grads = dict(zip(din_t, self._compiled_vjp(static, din_t, dout)(step_flat, [outs_ct[j] for j in dout])))
            zero = lambda i, v: np.asarray(grads[i]) if i in grads else np.zeros(np.shape(v), np.asarray(v).dtype)  # noqa: E731
            for i in range(n_seq):
                ct_xs[i][t] += zero(i, x_t[i])
            cb = [zero(n_seq + i, v) for i, v in enumerate(b_t)]
            cs = [zero(n_seq + n_bufs + i, v) for i, v in enumerate(s_t)]
            for i in range(len(ct_non)):
                ct_non[i] = ct_non[i] + zero(n_seq + n_bufs + n_sh + i, nonseqs[i])
        if lo > 0:  # the gradient is cut before the last `truncate_gradient` steps
            cb = [np.zeros_like(c) for c in cb]
            cs = [np.zeros_like(c) for c in cs]
        full = [np.zeros(np.shape(x), np.asarray(x).dtype) for x in flat[:n_seq]]  # the whole sequences
        for i, c in enumerate(ct_xs):
            full[i][:self.n] = c
        grads_all = full + cb + cs + ct_non
        return [np.asarray(grads_all[i], np.asarray(flat[i]).dtype) for i in din]


def host_scan(op: Any, inner: Any, n: int, seqs: Sequence[Any], bufs0: Sequence[Any], shared: Sequence[Any],
              nonseqs: Sequence[Any], out_dtypes: Sequence[Any], in_shapes: Sequence[tuple]) -> tuple:
    """(stacked outputs, final bufs, final shared) of the loop, run on the host (see the module docstring)."""
    import jax.numpy as jnp

    info = op.info
    rec_shapes, r = {}, 0  # a recurrent output keeps its initial state's shape (the step checks it)
    for k, taps in enumerate(info.out_taps):
        if taps is not None:
            shape = tuple(np.shape(bufs0[r]))
            rec_shapes[k] = shape if taps == (-1,) else shape[1:]
            r += 1
    others = [k for k in range(info.n_outs) if k not in rec_shapes]
    found = step_output_shapes(inner, in_shapes, others)
    if found is None:
        names = ", ".join(str(inner.inputs[p]) for p in inner.shape_program._value_pos)
        raise ValueError(f"scan {op}: the shape of an output of the step function depends on the value of {names}, "
                         "not only on shapes; not supported: a scan's result needs a shape that its inputs' shapes "
                         "determine when the function is compiled (the outputs of the steps are stacked)")
    found_of = dict(zip(others, found))
    user_shapes = [rec_shapes[k] if k in rec_shapes else found_of[k] for k in range(info.n_outs)]
    loop = HostLoop(op, inner, n, out_dtypes, user_shapes, len(seqs), len(bufs0), len(shared), len(nonseqs))
    flat_in = [jnp.asarray(v) for v in list(seqs) + list(bufs0) + list(shared) + list(nonseqs)]
    in_dtypes = [np.dtype(v.dtype) for v in flat_in]
    in_shapes_flat = [tuple(v.shape) for v in flat_in]
    n_seq = len(seqs)
    buf_shapes = in_shapes_flat[n_seq:n_seq + len(bufs0)]
    sh_shapes = in_shapes_flat[n_seq + len(bufs0):n_seq + len(bufs0) + len(shared)]
    buf_dtypes = in_dtypes[n_seq:n_seq + len(bufs0)]
    sh_dtypes = in_dtypes[n_seq + len(bufs0):n_seq + len(bufs0) + len(shared)]
    out_shapes = [(n,) + s for s in user_shapes] + buf_shapes + sh_shapes + [(2,)]
    out_types = list(loop.out_dtypes) + buf_dtypes + sh_dtypes + [np.dtype(np.int32)]
    n_user, n_bufs = len(user_shapes), len(bufs0)
    din = tuple(i for i, d in enumerate(in_dtypes) if np.issubdtype(d, np.inexact))

    def forward_host(*flat: Any) -> tuple:
        with x64_scope():
            ys, bufs, shs, flag, _ = loop.forward(flat)
        return tuple(ys) + tuple(bufs) + tuple(shs) + (flag,)

    def backward_host(*arrays: Any) -> tuple:
        flat, cts = arrays[:len(flat_in)], arrays[len(flat_in):]
        it = iter(cts)
        ct_ys = [next(it) if np.issubdtype(d, np.inexact) else np.zeros((n,) + s, d)
                 for s, d in zip(user_shapes, loop.out_dtypes)]
        ct_bufs = [next(it) if np.issubdtype(d, np.inexact) else np.zeros(s, d) for s, d in zip(buf_shapes, buf_dtypes)]
        ct_shs = [next(it) if np.issubdtype(d, np.inexact) else np.zeros(s, d) for s, d in zip(sh_shapes, sh_dtypes)]
        with x64_scope():
            return tuple(loop.backward(flat, ct_ys, ct_bufs, ct_shs, din))

    @jax.custom_vjp
    def run(*flat: Any) -> tuple:
        return host_call(forward_host, out_shapes, out_types, *flat)

    def run_fwd(*flat: Any) -> tuple:
        return run(*flat), flat

    def run_bwd(flat: tuple, cts: tuple) -> tuple:
        diff_cts = [c for c, d in zip(cts[:-1], out_types[:-1]) if np.issubdtype(d, np.inexact)]
        grads = iter(host_call(backward_host, [in_shapes_flat[i] for i in din], [in_dtypes[i] for i in din],
                               *flat, *diff_cts))
        return tuple(next(grads) if i in din else np.zeros(s, jax.dtypes.float0)
                     for i, s in enumerate(in_shapes_flat))

    run.defvjp(run_fwd, run_bwd)
    outs = run(*flat_in)
    report_flag(outs[-1])
    return list(outs[:n_user]), list(outs[n_user:n_user + n_bufs]), list(outs[n_user + n_bufs:-1])
