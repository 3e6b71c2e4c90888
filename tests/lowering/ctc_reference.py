"""A numpy reference for theano.tensor.nnet.ctc's op (float64 forward-backward in log space, Graves 2006), kept
apart from the lowering (lax.scan + jax.vjp) so that the two are independent."""
from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import logsumexp


def _log_softmax(a: np.ndarray) -> np.ndarray:
    a = a - a.max(axis=-1, keepdims=True)
    return a - np.log(np.exp(a).sum(axis=-1, keepdims=True))


def ctc_example(logp: np.ndarray, target: list[int]) -> tuple[float, np.ndarray]:
    """(-log p(target), d cost / d activations) of one example; logp is (n, alphabet) log-softmax values.
    A target that cannot fit costs 0 with a zero gradient, as warp-ctc gives it."""
    n, alphabet = logp.shape
    ext = [0]
    for k in target:
        ext += [k, 0]
    S = len(ext)
    if n == 0 or len(target) + sum(a == b for a, b in zip(target, target[1:])) > n:
        return 0.0, np.zeros_like(logp)
    alpha = np.full((n, S), -np.inf)
    beta = np.full((n, S), -np.inf)
    alpha[0, 0] = logp[0, ext[0]]
    if S > 1:
        alpha[0, 1] = logp[0, ext[1]]
    for t in range(1, n):
        for s in range(S):
            terms = [alpha[t - 1, s]] + ([alpha[t - 1, s - 1]] if s >= 1 else []) + \
                ([alpha[t - 1, s - 2]] if s >= 2 and ext[s] != 0 and ext[s] != ext[s - 2] else [])
            alpha[t, s] = logsumexp(terms) + logp[t, ext[s]]
    beta[n - 1, S - 1] = logp[n - 1, ext[S - 1]]
    if S > 1:
        beta[n - 1, S - 2] = logp[n - 1, ext[S - 2]]
    for t in range(n - 2, -1, -1):
        for s in range(S):
            terms = [beta[t + 1, s]] + ([beta[t + 1, s + 1]] if s + 1 < S else []) + \
                ([beta[t + 1, s + 2]] if s + 2 < S and ext[s] != 0 and ext[s] != ext[s + 2] else [])
            beta[t, s] = logsumexp(terms) + logp[t, ext[s]]
    logprob = logsumexp(alpha[n - 1, S - 2:]) if S > 1 else alpha[n - 1, 0]
    grad = np.exp(logp)
    for t in range(n):
        for k in set(ext):
            ab = [alpha[t, s] + beta[t, s] for s in range(S) if ext[s] == k]
            grad[t, k] -= np.exp(logsumexp(ab) - logprob - logp[t, k])
    return float(-logprob), grad


def _ctc(op: Any, acts: np.ndarray, labels: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    logp = _log_softmax(np.asarray(acts, dtype="float64"))
    costs = np.zeros(acts.shape[1])
    grads = np.zeros(acts.shape)
    for b in range(acts.shape[1]):
        n = int(lengths[b])
        costs[b], grads[:n, b] = ctc_example(logp[:n, b], [int(v) for v in labels[b] if v >= 0])
    return [costs, grads] if op.compute_grad else [costs]


CTC_REFERENCE = {"ConnectionistTemporalClassification": _ctc}
