"""MitMotScan (a Theano-layout scan from a pickle, mit_mot outputs included) lowers to one `lax.scan` that carries
every buffer whole and reads/writes its rows at Theano's positions (frontend/ops/scan_mitmot.py).

The trip count: a concrete value when known while tracing (a constant, the host's `host_extras`), else the loop
runs over the sequences' length and skips the steps past the run-time count (one program for every count; the
same values). The loop is reverse-differentiable, so theano.grad of a loaded gradient (second order) works.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from theano.frontend.ops.scan_mitmot import MitMotScan
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.scan import _check_steps, _is_tracer, inner_of
from theano.lowering.runtime_checks import check, collecting, first_error, no_error, report_flag


def _concrete_steps(node: Any, ctx: LoweringContext, n_steps: Any) -> int | None:
    shapes = ctx.out_shapes
    if shapes is not None and len(shapes) == len(node.outputs) + 1 and shapes[-1]:  # host_extras: (n_steps,)
        return int(shapes[-1][0])
    if not _is_tracer(n_steps):
        return int(np.asarray(n_steps))
    return None


def _row(value: Any, row_shape: tuple, dtype: Any, op: MitMotScan, what: str) -> Any:
    """An inner output as a row of its buffer (numpy's assignment broadcasts, as Theano's `buf[pos] = value`)."""
    value = jnp.asarray(value).astype(dtype)
    if tuple(value.shape) == tuple(row_shape):
        return value
    try:
        np.broadcast_shapes(tuple(value.shape), tuple(row_shape))
        if len(value.shape) <= len(row_shape):
            return jnp.broadcast_to(value, row_shape)
    except ValueError:
        pass
    raise ValueError(f"could not broadcast input array from shape {tuple(value.shape)} into shape {tuple(row_shape)} "
                     f"(scan {op}: {what} of the step function)")


@lowers(MitMotScan)
def mitmot_scan_rule(node: Any, ctx: LoweringContext, n_steps: Any, *outer: Any) -> tuple:
    op: MitMotScan = node.op
    info = op.info
    inner = inner_of(op)
    _, seqs, bufs, shared, sizes, nonseqs = op.outer_groups([n_steps, *outer])
    seqs = [jnp.asarray(s) for s in seqs]
    bufs = [jnp.asarray(b) for b in bufs]
    shared = [jnp.asarray(s) for s in shared]
    n = _concrete_steps(node, ctx, n_steps)
    if n is not None:
        _check_steps(op, n, seqs, node.inputs)
        length = n
    elif seqs:
        length = min(int(s.shape[0]) for s in seqs)
    else:
        raise ValueError(f"scan {op}: the number of steps is not known when the loop is compiled")
    masked = n is None
    n_dyn = jnp.asarray(n_steps, dtype=jnp.int32) if masked else n
    for j, b in enumerate(bufs):
        if b.shape[0] == 0:
            raise IndexError(f"scan {op}: the buffer of output {j} is empty")

    # nit_sot outputs: their lengths from the host (output shapes) or concrete sizes
    first_nit = info.n_rec
    nit_len = []
    for k, size in enumerate(sizes):
        shp = (ctx.out_shapes or [None] * len(node.outputs))[first_nit + k] if ctx.out_shapes else None
        if shp is not None:
            nit_len.append(int(shp[0]))
        elif not _is_tracer(size):
            nit_len.append(int(np.asarray(size)))
        else:
            raise ValueError(f"scan {op}: the length of nit_sot output {k} is not known when the loop is compiled")
    shapes = [tuple(s.shape[1:]) for s in seqs]
    for j, b in enumerate(bufs):
        shapes += [tuple(b.shape[1:])] * len(info.tap_array[j])
    shapes += [tuple(s.shape) for s in shared] + [tuple(np.shape(v)) for v in nonseqs]
    static = inner.static_shapes(shapes)
    buf_dtypes = [b.dtype for b in bufs]
    out_dtypes = [np.dtype(o.type.dtype) for o in node.outputs]

    def read(t: Any, j: int, buf: Any) -> list:
        size = buf.shape[0]
        pos = (t - info.mintap(j)) % size
        return [lax.dynamic_index_in_dim(buf, (pos + tap) % size, keepdims=False) for tap in info.tap_array[j]]

    def run_inner(t: Any, xs: Sequence[Any], bufs: Sequence[Any], shs: Sequence[Any]) -> list:
        taps = [v for j, b in enumerate(bufs) for v in read(t, j, b)]
        return list(inner(static, list(xs) + taps + list(shs) + list(nonseqs)))

    if info.n_nit_sot:
        probe = jax.eval_shape(lambda: run_inner(jnp.asarray(0, jnp.int32), [s[0] for s in seqs], bufs, shared))
        nit_probe = probe[info.n_mit_mot_outs + info.n_mit_sot + info.n_sit_sot:][:info.n_nit_sot]
        nits0 = [jnp.zeros((ln,) + tuple(p.shape), out_dtypes[first_nit + k])
                 for k, (ln, p) in enumerate(zip(nit_len, nit_probe))]
    else:
        nits0 = []

    def step(t: Any, xs: Sequence[Any], bufs: list, nits: list, shs: list) -> tuple:
        with collecting() as scope:
            outs = run_inner(t, xs, bufs, shs)
            new_bufs = list(bufs)
            o = 0
            for j in range(info.n_mit_mot):
                buf = new_bufs[j]
                size = buf.shape[0]
                pos = (t - info.mintap(j)) % size
                for k in info.mit_mot_out_slices[j]:
                    idx = pos + k
                    check((idx < -size) | (idx >= size), IndexError,
                          "index %%d is out of bounds for axis 0 with size %d" % size, payload=idx)
                    val = _row(outs[o], buf.shape[1:], buf_dtypes[j], op, f"output {o}")
                    buf = lax.dynamic_update_index_in_dim(buf, val, idx % size, 0)
                    o += 1
                new_bufs[j] = buf
            for j in range(info.n_mit_mot, info.n_rec):
                buf = new_bufs[j]
                size = buf.shape[0]
                pos = (t - info.mintap(j)) % size
                val = _row(outs[o], buf.shape[1:], buf_dtypes[j], op, f"output {o}")
                new_bufs[j] = lax.dynamic_update_index_in_dim(buf, val, pos, 0)
                o += 1
            new_nits = []
            for k, arr in enumerate(nits):
                val = _row(outs[o], arr.shape[1:], arr.dtype, op, f"output {o}")
                new_nits.append(lax.dynamic_update_index_in_dim(arr, val, t % arr.shape[0], 0))
                o += 1
            new_sh = []
            for s in shs:
                v = jnp.asarray(outs[o]).astype(s.dtype)
                if v.shape != s.shape:
                    raise ValueError(f"scan {op}: the update of a shared variable changes its shape from {s.shape} to "
                                     f"{v.shape} inside the loop")
                new_sh.append(v)
                o += 1
        return new_bufs, new_nits, new_sh, scope.flag()

    xs = [s[:length] for s in seqs]
    trunc = info.truncate_gradient

    def body(carry: tuple, x: Sequence[Any]) -> tuple:
        t, bufs, nits, shs, flag = carry

        def real(_: Any) -> tuple:
            new_bufs, new_nits, new_sh, step_flag = step(t, x, bufs, nits, shs)
            if trunc is not None and trunc >= 0:  # gradients flow through the last `truncate_gradient` steps only
                keep = t >= n_dyn - trunc
                cut = lambda v: jnp.where(keep, v, lax.stop_gradient(v))  # noqa: E731
                new_bufs, new_nits, new_sh = [cut(v) for v in new_bufs], [cut(v) for v in new_nits], \
                    [cut(v) for v in new_sh]
            return new_bufs, new_nits, new_sh, first_error(flag, step_flag)

        if masked:
            new = lax.cond(t < n_dyn, real, lambda _: (bufs, nits, shs, flag), None)
        else:
            new = real(None)
        return (t + 1, *new), None

    carry0 = (jnp.asarray(0, dtype=jnp.int32), bufs, nits0, shared, no_error())
    (_, bufs, nits, shs, flag), _ = lax.scan(body, carry0, xs, length=length)
    report_flag(flag)
    steps = jnp.asarray(n_dyn, dtype=jnp.int32)
    results = list(bufs[:info.n_mit_mot])
    for j, buf in list(enumerate(bufs))[info.n_mit_mot:] + [(info.n_rec + k, a) for k, a in enumerate(nits)]:
        results.append(_reorder(buf, steps, info.mintap(j)))
    return tuple(jnp.asarray(r).astype(dt) for r, dt in zip(results + list(shs), out_dtypes))


def _reorder(buf: Any, steps: Any, mintap: int) -> Any:
    """Theano's last pass over a mit_sot/sit_sot/nit_sot buffer: a ring (shorter than steps - mintap) rotated so
    its oldest row comes first; a longer buffer's rows past steps - mintap zeroed."""
    size = buf.shape[0]
    used = steps - mintap
    pos = used % size
    rolled = jnp.roll(buf, -pos, axis=0)
    rows = jnp.arange(size).reshape((size,) + (1,) * (buf.ndim - 1))
    zeroed = jnp.where(rows >= used, jnp.zeros((), buf.dtype), buf)
    return jnp.where(size < used, rolled, jnp.where(size > used, zeroed, buf))
