"""Lowering of MRG31k3p (frontend/ops/mrg.py): the int32 recurrence of every stream on the device, vectorised
over the streams, a lax.scan over the steps each stream makes (ceil(samples / streams)); Theano's values bit
for bit (tests/frontend/test_random_mrg.py holds golden values from Theano 1.0.5)."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.mrg import (DotModulo, check_sample_count, mrg_output, mrg_step, mrg_uniform,
                                    mrg_uniform_prefix)
from theano.lowering.registry import LoweringContext, lowers


# Steps per stream written out as straight-line code, and the unrolling of the lax.scan used above that. XLA fuses
# a chain of steps into each consumer of its values (the rows of the sample, the new state) and emits every
# row's chain again, term by term, so straight-line code grows far faster than the number of steps (the draw of
# 65,536 values from 15,360 streams, 5 steps, took 4x the time of 4 steps); a loop whose body holds two steps
# keeps each fusion small and the state is materialised between iterations (see benchmarks/mrg_draws.py).
_STRAIGHT_STEPS = 2
_UNROLL = 2


def _static_size(ctx: LoweringContext, size: Any) -> tuple[int, ...]:
    if ctx.out_shapes is not None:
        return tuple(int(d) for d in ctx.out_shapes[1])
    return tuple(int(s) for s in np.asarray(size))


def mrg_uniform_jax(rstate: Any, n_elements: int, dtype: str, count: Any = None) -> tuple[Any, Any]:
    """(new state, flat samples of `dtype`) after drawing n_elements values from the (n_streams, 6) states;
    with `count` (a traced scalar), only the first `count` are drawn (the state advances by those) and the
    others are 0."""
    rstate = jnp.asarray(rstate, dtype=jnp.int32)
    n_streams = int(rstate.shape[0])
    if n_elements == 0:
        return rstate, jnp.zeros((0,), dtype=dtype)
    used = min(n_streams, n_elements)
    steps = -(-n_elements // used)
    cols = tuple(rstate[:used, k] for k in range(6))
    limit = n_elements if count is None else jnp.asarray(count, dtype=jnp.int64)
    lanes = jnp.arange(used, dtype=jnp.int64)

    full = count is None and n_elements % used == 0  # every stream makes every step: nothing to mask

    def step(carry: tuple, k: Any) -> tuple:
        new, value = mrg_step(*carry, where=jnp.where)
        if not (full or count is None and isinstance(k, int) and k < steps - 1):
            keep = k * used + lanes < limit  # element k * used + s comes from stream s
            new = tuple(jnp.where(keep, n, c) for n, c in zip(new, carry))
        sample = mrg_output(value, dtype, jnp)
        if count is not None:
            sample = jnp.where(keep, sample, jnp.zeros((), dtype=dtype))
        return new, sample

    if steps <= _STRAIGHT_STEPS:  # one or two steps (many streams): straight-line code that XLA fuses
        final, rows = cols, []
        for k in range(steps):
            final, sample = step(final, k)
            rows.append(sample)
        samples = jnp.stack(rows)
    elif count is None:  # steps - 1 unmasked steps in a loop, then the last one (masked if it is partial)
        final, samples = jax.lax.scan(lambda c, _: step(c, 0), cols, None, length=steps - 1, unroll=_UNROLL)
        final, sample = step(final, steps - 1)
        samples = jnp.concatenate([samples, sample[None]])
    else:
        final, samples = jax.lax.scan(step, cols, jnp.arange(steps, dtype=jnp.int64), unroll=_UNROLL)
    new_state = jnp.stack(final, axis=1)
    if used < n_streams:
        new_state = jnp.concatenate([new_state, rstate[used:]], axis=0)
    return new_state, samples.reshape(-1)[:n_elements]


@lowers(mrg_uniform)
def lower_mrg_uniform(node: Any, ctx: LoweringContext, rstate: Any, size: Any) -> Any:
    shape = _static_size(ctx, size)
    n_elements = int(np.prod(shape, dtype=object))
    check_sample_count(n_elements)
    if np.ndim(rstate) != 2 or np.shape(rstate)[1] != 6:
        raise ValueError(f"mrg_uniform: rstate must be a (n_streams, 6) matrix, got shape {np.shape(rstate)}")
    if np.shape(rstate)[0] == 0 and n_elements:
        raise ValueError("mrg_uniform: rstate has no stream to draw from")
    new_state, flat = mrg_uniform_jax(rstate, n_elements, node.op.output_type.dtype)
    return new_state, flat.reshape(shape)


@lowers(DotModulo)
def lower_dot_modulo(node: Any, ctx: LoweringContext, A: Any, s: Any, m: Any, A2: Any, s2: Any, m2: Any) -> Any:
    def part(a: Any, v: Any, mod: Any) -> Any:
        a, v, mod = (jnp.asarray(x, dtype=jnp.int64) for x in (a, v, mod))
        return jnp.sum((a * v[None, :]) % mod, axis=1) % mod

    return jnp.concatenate([part(A, s, m), part(A2, s2, m2)]).astype(node.outputs[0].dtype)


@lowers(mrg_uniform_prefix)
def lower_mrg_uniform_prefix(node: Any, ctx: LoweringContext, rstate: Any, size: Any, count: Any) -> Any:
    shape = _static_size(ctx, size)
    n_elements = int(np.prod(shape, dtype=object))
    check_sample_count(n_elements)
    count = jnp.clip(jnp.asarray(count, dtype=jnp.int64), 0, n_elements)  # never above: built from a mask's sum
    new_state, flat = mrg_uniform_jax(rstate, n_elements, node.op.output_type.dtype, count)
    return new_state, flat.reshape(shape)
