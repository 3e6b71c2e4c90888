"""Lowering of theano.sparse.sandbox.sp2's random ops (frontend/sparse/random_ops.py): the draws come from
numpy's global generator through a host callback (as Theano's perform draws them); the sparse structure is
built in the program."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.sparse.random_ops import Binomial, Multinomial, Poisson
from theano.lowering.callback import host_call
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.rules.shape import static_shape
from theano.lowering.rules.sparse_products import dense_to_sparse
from theano.lowering.sparse_values import SparseArrays, as_sparse_arrays, valid


def remove_zeros(sa: SparseArrays) -> SparseArrays:
    """sa without its stored zeros (scipy's eliminate_zeros): the kept entries move to the front, in order."""
    cap = sa.capacity
    keep = valid(sa) & (sa.data != 0)
    slot = jnp.where(keep, jnp.cumsum(keep) - 1, cap)
    data = jnp.zeros(cap, sa.data.dtype).at[slot].set(sa.data, mode="drop")
    indices = jnp.zeros(cap, jnp.int32).at[slot].set(sa.indices, mode="drop")
    n_major = sa.indptr.shape[0] - 1
    major = jnp.full(cap, n_major, jnp.int32).at[slot].set(sa.major, mode="drop")
    counts = jax.ops.segment_sum(keep.astype(jnp.int32), jnp.asarray(sa.major), num_segments=n_major)
    indptr = jnp.concatenate([jnp.zeros(1, jnp.int32), jnp.cumsum(counts).astype(jnp.int32)])
    return SparseArrays(data, indices, indptr, sa.format, sa.shape, major)


@lowers(Poisson)
def lower_poisson(node: Any, ctx: LoweringContext, x: Any) -> SparseArrays:
    x = as_sparse_arrays(x)
    dtype = np.dtype(node.outputs[0].dtype)
    lam = jnp.where(valid(x), x.data, 0)
    (drawn,) = host_call(lambda d: (np.asarray(np.random.poisson(d), dtype=dtype),), [lam.shape], [dtype], lam)
    return remove_zeros(x.with_data(drawn))


@lowers(Binomial)
def lower_binomial(node: Any, ctx: LoweringContext, n: Any, p: Any, shape: Any) -> SparseArrays:
    rows, cols = static_shape(ctx, 0, shape)
    dtype = np.dtype(node.op.dtype)
    (dense,) = host_call(lambda nn, pp: (np.asarray(np.random.binomial(nn, pp, size=(rows, cols)), dtype=dtype),),
                         [(rows, cols)], [dtype], n, p)
    return dense_to_sparse(dense, node.op.format, rows * cols)


@lowers(Multinomial)
def lower_multinomial(node: Any, ctx: LoweringContext, n: Any, p: Any) -> SparseArrays:
    p = as_sparse_arrays(p)
    if p.format != "csr":
        raise NotImplementedError("Multinomial: p must be a csr matrix (as in Theano)")
    dtype = np.dtype(node.outputs[0].dtype)
    n_rows = p.shape[0]

    def draw(nn: np.ndarray, data: np.ndarray, indptr: np.ndarray) -> tuple:
        out = np.array(data, dtype=dtype)
        if nn.ndim == 1 and nn.shape[0] != n_rows:
            raise ValueError("The number of element of n must be the same as the number of row of p.")
        for i in range(n_rows):
            k, l = indptr[i], indptr[i + 1]
            out[k:l] = np.random.multinomial(nn if nn.ndim == 0 else nn[i], data[k:l])
        return (out,)
    (drawn,) = host_call(draw, [p.data.shape], [dtype], n, p.data, p.indptr)
    return p.with_data(drawn)


for _rule in (lower_poisson, lower_binomial, lower_multinomial):
    _rule.runs_on_host = True  # numpy draws: the program runs host code
