"""The numpy helpers of theano.tensor.raw_random's draws, run on the host by RandomFunction.perform (Theano's
random_integers_helper, choice_helper, permutation_helper and multinomial_helper: a RandomState method applied
element by element where numpy's own broadcasting does not reach)."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np


def _generate_broadcasting_indices(out_shape: Sequence[int], *shapes: Sequence[int]) -> list[list[tuple]]:
    """Index lists over `out_shape` (numpy.ndindex order) and over each of `shapes` broadcast to it (0 on a
    length-1 dimension); a ValueError when a shape does not broadcast."""
    all_shapes = (tuple(out_shape),) + tuple(tuple(s) for s in shapes)
    indices: list[list[tuple]] = [[()] for _ in all_shapes]
    for dim in range(len(out_shape)):
        out_range = list(range(out_shape[dim]))
        ranges = [out_range]
        for s in shapes:
            if s[dim] == out_shape[dim]:
                ranges.append(out_range)
            elif s[dim] == 1:
                ranges.append([0] * out_shape[dim])
            else:
                raise ValueError("shape[%i] (%i) should be equal to out_shape[%i] (%i) or to 1"
                                 % (dim, s[dim], dim, out_shape[dim]), s, out_shape, shapes)
        grown: list[list[tuple]] = [[] for _ in all_shapes]
        for prev in zip(*indices):
            for here in zip(*ranges):
                for k in range(len(all_shapes)):
                    grown[k].append(prev[k] + (here[k],))
        indices = grown
    return indices


def _lift(x: np.ndarray, ndim: int, what: str, size: Any) -> np.ndarray:
    if x.ndim > ndim:
        raise ValueError("%s.ndim (%i) should not be larger than len(size) (%i)" % (what, x.ndim, ndim), x, size)
    return x.reshape((1,) * (ndim - x.ndim) + x.shape) if x.ndim < ndim else x


def random_integers_helper(random_state: np.random.RandomState, low: Any, high: Any, size: Any) -> np.ndarray:
    """Integers in [low, high] (both included), low and high broadcast: one `randint` per element, in order."""
    low, high = np.asarray(low), np.asarray(high)
    out_ndim = len(size) if size is not None else max(low.ndim, high.ndim)
    low = _lift(low, out_ndim, "low", size)
    high = _lift(high, out_ndim, "high", size)
    if size is not None:
        out_size = tuple(size)
    else:
        out_size = tuple(max(low.shape[d], high.shape[d]) for d in range(out_ndim))
    out = np.ndarray(out_size)
    for oi, li, hi in zip(*_generate_broadcasting_indices(out_size, low.shape, high.shape)):
        out[oi] = random_state.randint(low=low[li], high=high[hi] + 1)
    return out


def choice_helper(random_state: np.random.RandomState, a: Any, replace: Any, p: Any, size: Any) -> Any:
    """numpy's choice, with `replace` as a bool and an empty `p` meaning uniform."""
    a, p = np.asarray(a), np.asarray(p)
    if a.ndim > 1:
        raise ValueError("a.ndim (%i) must be 0 or 1" % a.ndim)
    if p.ndim != 1:
        raise ValueError("p.ndim (%i) must be 1" % p.ndim)
    return random_state.choice(a, size, bool(replace), None if p.size == 0 else p)


def permutation_helper(random_state: np.random.RandomState, n: Any, shape: Any) -> np.ndarray:
    """Permutations of range(n), one per index of `shape` (None: a single one): shape + (n,)."""
    n = np.asarray(n)
    if n.shape != ():
        raise ValueError(f"permutation: n must be a scalar, got shape {n.shape}")
    n = int(n.item())
    shape = () if shape is None else tuple(shape)
    out = np.empty(list(shape) + [n], int)
    for i in np.ndindex(*shape):
        out[i] = random_state.permutation(n)
    return out


def multinomial_helper(random_state: np.random.RandomState, n: Any, pvals: Any, size: Any) -> np.ndarray:
    """numpy's multinomial over the rows of `pvals` (last axis), n and pvals' leading axes broadcast to `size`."""
    n, pvals = np.asarray(n), np.asarray(pvals)
    ndim = len(size) if size is not None else max(n.ndim, pvals.ndim - 1)
    if n.ndim > ndim:
        raise ValueError("n.ndim (%i) should not be larger than len(size) (%i)" % (n.ndim, ndim), n, size)
    if n.ndim < ndim:
        n = n.reshape((1,) * (ndim - n.ndim) + n.shape)
    if pvals.ndim - 1 > ndim:
        raise ValueError("pvals.ndim-1 (%i) should not be larger than len(size) (%i)" % (pvals.ndim - 1, ndim),
                         pvals, size)
    if pvals.ndim - 1 < ndim:
        pvals = pvals.reshape((1,) * (ndim - pvals.ndim + 1) + pvals.shape)
    if size is not None:
        size = tuple(size)
    else:
        size = tuple(max(n.shape[d], pvals.shape[d]) for d in range(ndim))
    out = np.ndarray(size + (pvals.shape[-1],))
    if pvals.min() < 0:
        raise ValueError("multinomial: pvals must be non-negative", pvals)
    for mi, ni, pi in zip(*_generate_broadcasting_indices(size, n.shape, pvals.shape[:-1])):
        pvi = pvals[pi]
        total = np.sum(pvi)
        if 1.0 < total < 1.0 + 1e-5:  # rounding pushed the sum over 1, which numpy refuses: scale it back
            pvi = pvi * (1.0 - 5e-5)
            total = np.sum(pvi)
        elif pvi[-1] < 5e-5:
            pvi = pvi * (1.0 - 5e-5)
            total = np.sum(pvi)
        if not total <= 1.0:
            raise ValueError(f"multinomial: the probabilities of a row sum to {total}, more than 1", pvi)
        out[mi] = random_state.multinomial(n=n[ni], pvals=pvi.astype("float64"))
    return out
