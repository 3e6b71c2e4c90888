"""Lowering of the random ops of frontend/ops/random.py with jax.random (threefry2x32).

The state input is raw key data (uint32[2]); each draw splits it into the next state and a sampling key,
so the whole draw stays on the device. Sample shapes come from the host shape program (`ctx.out_shapes`)
when they depend on values, else from the constant size inputs.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.random import (RandomChoice, RandomChoiceRows, RandomDraw, RandomMultinomial,
                                        RandomPermutation)
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.alloc import concrete_int

_IMPL = "threefry2x32"


def _split(state: Any) -> tuple[Any, Any]:
    """(new state data, sampling key) from the state's key data."""
    key = jax.random.wrap_key_data(jnp.asarray(state, dtype=jnp.uint32), impl=_IMPL)
    new, sub = jax.random.split(key)
    return jax.random.key_data(new), sub


def _sample_shape(node: Any, ctx: LoweringContext, size: tuple) -> tuple[int, ...]:
    if ctx.out_shapes is not None:
        return tuple(int(d) for d in ctx.out_shapes[1])
    return tuple(concrete_int(s, "size", node) for s in size)


def _float_work(dtype: np.dtype) -> np.dtype:
    """The float type draws are made in (float16 is drawn in float32 and rounded)."""
    return np.dtype("float64") if dtype == np.float64 else np.dtype("float32")


def open_uniform(key: Any, shape: tuple, dtype: np.dtype) -> Any:
    """Uniform in the open interval (0, 1) on `dtype`'s grid: jax's k * 2**-m grid shifted by half a step, so
    neither bound occurs, even after rounding to `dtype` (Theano's MRG uniform excludes both; log(u) is finite)."""
    work = _float_work(dtype)
    nmant = np.finfo(dtype if dtype.kind == "f" else work).nmant
    u = jax.random.uniform(key, shape, dtype=work)
    if nmant < np.finfo(work).nmant:
        u = jnp.floor(u * 2.0 ** nmant) * (2.0 ** -nmant)
    return u + jnp.asarray(2.0 ** -(nmant + 1), dtype=work)


@lowers(RandomDraw)
def lower_random_draw(node: Any, ctx: LoweringContext, state: Any, *rest: Any) -> Any:
    op = node.op
    ndim = len(rest) - op.n_params
    shape = _sample_shape(node, ctx, rest[:ndim])
    params = rest[ndim:]
    limit = getattr(op, "max_samples", None)
    if limit is not None and int(np.prod(shape, dtype=object)) > limit:
        raise ValueError(f"{op}: cannot draw {int(np.prod(shape, dtype=object))} samples of shape {shape}: at most "
                         f"{limit} (2**31 - 1) per draw, as Theano's MRG streams")
    new_state, key = _split(state)
    dtype = np.dtype(op.dtype)
    dist = op.dist
    if dist == "uniform":
        work = _float_work(dtype) if dtype.kind == "f" else np.dtype("float64")
        low, high = (jnp.asarray(p, dtype=work) for p in params)
        sample = open_uniform(key, shape, dtype if dtype.kind == "f" else work) * (high - low) + low
    elif dist in ("normal", "truncated_normal"):
        work = _float_work(dtype) if dtype.kind == "f" else np.dtype("float64")
        avg, std = (jnp.asarray(p, dtype=work) for p in params)
        if dist == "normal":
            z = jax.random.normal(key, shape, dtype=work)
        else:
            z = jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype=work)
        sample = z * std + avg
    elif dist == "binomial":
        n, p = params
        p = jnp.broadcast_to(jnp.asarray(p, dtype=jnp.float64 if np.dtype(p.dtype) == np.float64 else jnp.float32), shape)
        n = jnp.broadcast_to(jnp.asarray(n, dtype=p.dtype), shape)
        sample = jax.random.binomial(key, n, p, shape, dtype=p.dtype)
    elif dist == "integers":
        low, high = (jnp.broadcast_to(jnp.asarray(x, dtype=jnp.int64), shape) for x in params)
        sample = jax.random.randint(key, shape, low, high + 1, dtype=jnp.int64)
    elif dist == "poisson":
        lam = jnp.broadcast_to(jnp.asarray(params[0], dtype=jnp.float64), shape)
        sample = jax.random.poisson(key, lam, shape, dtype=jnp.int64)
    else:  # pragma: no cover - RandomDraw validates dist
        raise NotImplementedError(dist)
    return new_state, jnp.broadcast_to(sample, shape).astype(dtype)


@lowers(RandomPermutation)
def lower_random_permutation(node: Any, ctx: LoweringContext, state: Any, *rest: Any) -> Any:
    size, n = rest[:-1], rest[-1]
    if ctx.out_shapes is not None:
        shape = tuple(int(d) for d in ctx.out_shapes[1])
    else:
        shape = tuple(concrete_int(s, "size", node) for s in size) + (concrete_int(n, "n", node),)
    new_state, key = _split(state)
    batch, length = shape[:-1], shape[-1]
    count = int(np.prod(batch, dtype=np.int64))
    keys = jax.random.split(key, max(count, 1))
    perms = jax.vmap(lambda k: jax.random.permutation(k, length))(keys)[:count]
    return new_state, perms.reshape(shape).astype(node.op.dtype)


@lowers(RandomMultinomial)
def lower_random_multinomial(node: Any, ctx: LoweringContext, state: Any, *rest: Any) -> Any:
    size, n, pvals = rest[:-2], rest[-2], rest[-1]
    if ctx.out_shapes is not None:
        shape = tuple(int(d) for d in ctx.out_shapes[1])
    else:
        shape = tuple(concrete_int(s, "size", node) for s in size) + (int(np.shape(pvals)[-1]),)
    new_state, key = _split(state)
    work = jnp.float64 if np.dtype(pvals.dtype) == np.float64 else jnp.float32
    p = jnp.broadcast_to(jnp.asarray(pvals, dtype=work), shape)
    n = jnp.broadcast_to(jnp.asarray(n, dtype=work), shape[:-1])
    counts = _multinomial(key, n, p)
    return new_state, counts.astype(node.op.dtype)


def _multinomial(key: Any, n: Any, p: Any) -> Any:
    """Counts over the last axis: a binomial per category on what the earlier ones left (n and p broadcast)."""
    k = p.shape[-1]
    moved = jnp.moveaxis(p, -1, 0)
    keys = jax.random.split(key, k)
    rest_p = jnp.flip(jnp.cumsum(jnp.flip(moved, 0), axis=0), 0)  # p_j + ... + p_{k-1}

    def step(left: Any, xs: Any) -> Any:
        kk, pj, tail = xs
        q = jnp.where(tail > 0, jnp.clip(pj / jnp.where(tail > 0, tail, 1), 0, 1), 0)
        c = jax.random.binomial(kk, left, q, left.shape, dtype=p.dtype)
        c = jnp.where(left > 0, c, 0)
        return left - c, c

    _, counts = jax.lax.scan(step, n, (keys, moved, rest_p))
    return jnp.moveaxis(counts, 0, -1)


@lowers(RandomChoice)
def lower_random_choice(node: Any, ctx: LoweringContext, state: Any, *rest: Any) -> Any:
    size, a, p = rest[:-2], rest[-2], rest[-1]
    shape = _sample_shape(node, ctx, size)
    new_state, key = _split(state)
    count = int(np.prod(shape, dtype=np.int64))
    pop = int(np.shape(a)[0])
    probs = None if int(np.shape(p)[0]) == 0 else jnp.asarray(p, dtype=jnp.float64)
    if probs is not None and probs.shape[0] != pop:
        raise ValueError(f"choice: a and p must have the same size, got {pop} and {probs.shape[0]}")
    if not node.op.replace and count > pop:
        raise ValueError("Cannot take a larger sample than population when 'replace=False'")
    if pop == 0:
        if count:
            raise ValueError("a must be non-empty")
        return new_state, jnp.zeros(shape, dtype=node.op.dtype)
    idx = jax.random.choice(key, pop, (count,), replace=node.op.replace, p=probs)
    return new_state, jnp.asarray(a)[idx].reshape(shape).astype(node.op.dtype)


@lowers(RandomChoiceRows)
def lower_random_choice_rows(node: Any, ctx: LoweringContext, state: Any, p: Any, n: Any) -> Any:
    if ctx.out_shapes is not None:
        rows, count = (int(d) for d in ctx.out_shapes[1])
    else:
        rows, count = int(np.shape(p)[0]), concrete_int(n, "size", node)
    k = int(np.shape(p)[1])
    if count > k:
        raise ValueError("Cannot sample without replacement n samples bigger than the size of the distribution.")
    new_state, key = _split(state)
    work = jnp.float64 if np.dtype(p.dtype) == np.float64 else jnp.float32
    logp = jnp.log(jnp.asarray(p, dtype=work))
    gumbel = jax.random.gumbel(key, (rows, k), dtype=work)
    _, idx = jax.lax.top_k(logp + gumbel, count)  # Gumbel top-k: sampling without replacement
    return new_state, idx.astype(node.op.dtype)
