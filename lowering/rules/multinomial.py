"""Lowering of frontend/ops/multinomial.py: samples from given uniforms, with Theano's values.

Theano's perform accumulates probabilities one after the other (numpy's cumsum, or a running sum) and
renormalises a row with numpy's pairwise sum; XLA's cumsum and sums associate differently, so the rules here
accumulate in the same order (a scan along the categories, numpy's pairwise tree for the row sum): the same
uniforms then pick the same categories, even where a uniform lies within rounding of a boundary.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.multinomial import ChoiceFromUniform, MultinomialFromUniform
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check

_PW_BLOCKSIZE = 128  # numpy's pairwise summation block (numpy/core/src/umath/loops_utils.h)


def running_sum(p: Any) -> Any:
    """Cumulative sums along the last axis, added one after the other (numpy's add.accumulate order)."""
    moved = jnp.moveaxis(p, -1, 0)

    def step(acc: Any, v: Any) -> tuple[Any, Any]:
        acc = acc + v
        return acc, acc

    _, out = jax.lax.scan(step, jnp.zeros(moved.shape[1:], p.dtype), moved)
    return jnp.moveaxis(out, 0, -1)


def pairwise_sum(x: Any) -> Any:
    """Sum along the last axis in numpy's pairwise order (np.sum of a contiguous float row), exactly."""
    def rec(lo: int, n: int) -> Any:
        if n < 8:
            res = jnp.zeros(x.shape[:-1], x.dtype)
            for i in range(lo, lo + n):
                res = res + x[..., i]
            return res
        if n <= _PW_BLOCKSIZE:
            r = x[..., lo:lo + 8]
            full = n - n % 8
            for i in range(lo + 8, lo + full, 8):
                r = r + x[..., i:i + 8]
            res = ((r[..., 0] + r[..., 1]) + (r[..., 2] + r[..., 3])) + ((r[..., 4] + r[..., 5]) + (r[..., 6] + r[..., 7]))
            for i in range(lo + full, lo + n):
                res = res + x[..., i]
            return res
        n2 = n // 2
        n2 -= n2 % 8
        return rec(lo, n2) + rec(lo + n2, n - n2)

    return jnp.zeros(x.shape[:-1], x.dtype) + rec(0, x.shape[-1])


def _n_samples_check(unis: Any, rows: int, n: Any) -> None:
    check(jnp.asarray(unis.shape[0]) != jnp.asarray(rows) * jnp.asarray(n, dtype=jnp.int64), ValueError,
          "unis.shape[0] != pvals.shape[0] * n_samples")


@lowers(MultinomialFromUniform)
def lower_multinomial_from_uniform(node: Any, ctx: LoweringContext, pvals: Any, unis: Any, n: Any) -> Any:
    rows, k = (int(d) for d in np.shape(pvals))
    out_dtype = node.outputs[0].dtype
    if rows == 0 or k == 0:
        return jnp.zeros((rows, k), out_dtype)
    n_static = int(np.shape(unis)[0]) // rows
    if n_static * rows != int(np.shape(unis)[0]):
        raise ValueError("unis.shape[0] != pvals.shape[0] * n_samples", int(np.shape(unis)[0]), rows)
    _n_samples_check(unis, rows, n)
    cumsum = running_sum(jnp.asarray(pvals, jnp.float64))          # Theano: pvals[n].cumsum(dtype='float64')
    u = jnp.asarray(unis, jnp.float64).reshape(n_static, rows).T    # u[r, c] = unis[c * rows + r]
    idx = jax.vmap(lambda c, v: jnp.searchsorted(c, v, side="left"))(cumsum, u)
    check(idx >= k, IndexError, f"index {k} is out of bounds for axis 0 with size {k}")
    counts = jnp.zeros((rows, k), jnp.int64).at[jnp.arange(rows)[:, None], jnp.minimum(idx, k - 1)].add(1)
    return counts.astype(out_dtype)


@lowers(ChoiceFromUniform)
def lower_choice_from_uniform(node: Any, ctx: LoweringContext, pvals: Any, unis: Any, n: Any) -> Any:
    rows, k = (int(d) for d in np.shape(pvals))
    if ctx.out_shapes is not None:
        count = int(ctx.out_shapes[0][1])
    else:
        count = int(np.asarray(n))
    if count > k:
        raise ValueError("Cannot sample without replacement n samples bigger than the size of the distribution.")
    if int(np.shape(unis)[0]) != rows * count:
        raise ValueError("unis.shape[0] != pvals.shape[0] * n_samples", int(np.shape(unis)[0]), rows, count)
    out_dtype = node.outputs[0].dtype
    if rows == 0 or count == 0 or k == 0:
        return jnp.full((rows, count), -1, out_dtype)
    p0 = jnp.asarray(pvals)
    u = jnp.asarray(unis).reshape(count, rows)
    replace = node.op.replace

    def sample(p: Any, uc: Any) -> tuple[Any, Any]:
        # cummul = 0; cummul += pvals[n, m]: a python 0 plus a numpy scalar is a float64, so the running sum
        # is a float64 one, compared with the uniform in float64
        above = running_sum(p.astype(jnp.float64)) > uc.astype(jnp.float64)[:, None]
        found = jnp.any(above, axis=1)
        m = jnp.argmax(above, axis=1)
        if not replace:  # pvals[n, m] = 0; pvals[n] /= pvals[n].sum()
            hit = (jnp.arange(k)[None, :] == m[:, None]) & found[:, None]
            zeroed = jnp.where(hit, jnp.zeros((), p.dtype), p)
            p = jnp.where(found[:, None], zeroed / pairwise_sum(zeroed)[:, None], p)
        return p, jnp.where(found, m, -1)

    _, picks = jax.lax.scan(sample, p0, u)
    return picks.T.astype(out_dtype)
