"""Lowering of frontend/ops/ctc.py: the CTC loss as a log-space forward recursion, its gradient by jax.vjp.

For each example the labels are compacted (negative entries dropped, order kept) and interleaved with blanks,
l' = (0, l1, 0, l2, ..., 0, lL, 0) (S = 2 * max_label_len + 1 positions, those past 2L + 1 masked). The forward
variables alpha[s] (log probability of the prefixes of l' ending at s) start from a virtual step before t = 0
holding log 1 at s = 0, and one `lax.scan` over time updates the whole (batch, S) array:
    alpha_t[s] = logsumexp(alpha_{t-1}[s], alpha_{t-1}[s-1], alpha_{t-1}[s-2] if l'[s] != blank and l'[s] != l'[s-2])
                 + log softmax(acts[t])[l'[s]]
and holds still once t reaches the example's input length. log p(l | x) = logsumexp(alpha[2L], alpha[2L-1]).
"Impossible" is a large negative number rather than -inf, so every cell's gradient is exact (exp underflows to 0)
and never 0 * inf; an example whose labelling cannot fit its time steps costs 0 with a zero gradient, as
warp-ctc (Theano's ctc) returned it.
The gradient output is jax.vjp of the per-example costs with a cotangent of ones (the examples are independent).
Bad values (input lengths outside [0, time], labels past the alphabet) raise from inside the compiled program.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
from jax import lax

from theano.frontend.ops.ctc import ConnectionistTemporalClassification
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check

_IMPOSSIBLE = -1e30  # log of "no path": finite, so gradients through it are exact zeros rather than NaN


def _lse3(a: Any, b: Any, c: Any) -> Any:
    m = jnp.maximum(jnp.maximum(a, b), c)
    m = lax.stop_gradient(m)
    return m + jnp.log(jnp.exp(a - m) + jnp.exp(b - m) + jnp.exp(c - m))


def _extended_labels(labels: Any) -> tuple[Any, Any, Any]:
    """(ext (B, S) int32: blanks interleaved with the compacted labels; valid (B, S) bool; label lengths (B,))."""
    keep = labels >= 0
    order = jnp.argsort(~keep, axis=1, stable=True)  # kept labels first, in their order
    compact = jnp.take_along_axis(labels, order, axis=1)
    n_labels = keep.sum(axis=1).astype(jnp.int32)
    batch, width = labels.shape
    ext = jnp.zeros((batch, 2 * width + 1), jnp.int32)
    ext = ext.at[:, 1::2].set(jnp.where(jnp.arange(width)[None, :] < n_labels[:, None], compact, 0))
    valid = jnp.arange(2 * width + 1)[None, :] < (2 * n_labels + 1)[:, None]
    return ext, valid, n_labels


def ctc_costs(acts: Any, labels: Any, input_lengths: Any) -> Any:
    """The (batch,) CTC costs -log p(labels | softmax(acts)) (huge where the labelling cannot fit)."""
    n_steps, batch, _ = acts.shape
    log_probs = jax.nn.log_softmax(acts, axis=-1)
    ext, valid, n_labels = _extended_labels(labels)
    width = ext.shape[1]
    # log_probs[t, b, ext[b, s]] for every t: (T, B, S)
    emit = jnp.take_along_axis(log_probs, jnp.broadcast_to(ext[None], (n_steps, batch, width)), axis=2)
    neg = jnp.asarray(_IMPOSSIBLE, acts.dtype)
    prev2 = jnp.concatenate([jnp.full((batch, 2), -1, jnp.int32), ext[:, :-2]], axis=1)
    can_skip = (ext != 0) & (ext != prev2)
    alpha0 = jnp.where(jnp.arange(width)[None, :] == 0, jnp.zeros((), acts.dtype), neg)
    alpha0 = jnp.broadcast_to(alpha0, (batch, width))
    shift1 = jnp.full((batch, 1), neg, acts.dtype)
    shift2 = jnp.full((batch, 2), neg, acts.dtype)

    def step(alpha: Any, xs: Any) -> tuple[Any, None]:
        t, emit_t = xs
        a1 = jnp.concatenate([shift1, alpha[:, :-1]], axis=1)
        a2 = jnp.where(can_skip, jnp.concatenate([shift2, alpha[:, :-2]], axis=1), neg)
        new = _lse3(alpha, a1, a2) + emit_t
        new = jnp.where(valid, new, neg)  # positions past the example's labels stay impossible
        live = (t < input_lengths)[:, None]
        return jnp.where(live, new, alpha), None

    alpha, _ = lax.scan(step, alpha0, (jnp.arange(n_steps, dtype=input_lengths.dtype), emit))
    last = jnp.take_along_axis(alpha, (2 * n_labels)[:, None], axis=1)[:, 0]
    before = jnp.take_along_axis(alpha, jnp.maximum(2 * n_labels - 1, 0)[:, None], axis=1)[:, 0]
    before = jnp.where(n_labels > 0, before, neg)
    log_lik = jnp.logaddexp(last, before)
    return -log_lik


@lowers(ConnectionistTemporalClassification)
def lower_ctc(node: Any, ctx: LoweringContext, acts: Any, labels: Any, input_lengths: Any) -> Any:
    acts, labels, input_lengths = jnp.asarray(acts), jnp.asarray(labels), jnp.asarray(input_lengths)
    n_steps, batch, alphabet = acts.shape
    if labels.shape[0] != batch or input_lengths.shape[0] != batch:
        raise ValueError(f"ConnectionistTemporalClassification: activations hold {batch} sequences (shape "
                         f"{tuple(acts.shape)}) but labels have {labels.shape[0]} rows and input_lengths "
                         f"{input_lengths.shape[0]} entries")
    check((input_lengths < 0) | (input_lengths > n_steps), ValueError,
          f"ConnectionistTemporalClassification: an input length is outside [0, {n_steps}] (the activations' "
          "time steps): %d", payload=input_lengths)
    check(labels >= alphabet, ValueError,
          f"ConnectionistTemporalClassification: a label is outside the alphabet of {alphabet} symbols: %d",
          payload=labels)
    work = acts.astype(jnp.float32)
    if node.op.compute_grad:  # one forward pass serves the costs and the gradient
        costs, vjp = jax.vjp(lambda a: ctc_costs(a, labels, input_lengths), work)
    else:
        costs = ctc_costs(work, labels, input_lengths)
    feasible = costs < -_IMPOSSIBLE / 2
    out_costs = jnp.where(feasible, costs, jnp.zeros((), costs.dtype)).astype(node.outputs[0].dtype)  # warp-ctc's 0
    if not node.op.compute_grad:
        return out_costs
    (grad,) = vjp(jnp.ones((batch,), work.dtype))
    grad = jnp.where(feasible[None, :, None], grad, jnp.zeros((), grad.dtype))
    return out_costs, grad.astype(node.outputs[1].dtype)


__all__ = ["ctc_costs", "lower_ctc"]
