"""theano.scan_checkpoints: a scan whose gradient stores only every `save_every_N`-th state and recomputes the rest.

Built as Theano 1.0.5 builds it, with two nested scans: the outer one runs over blocks of `save_every_N`
steps and returns the state at the end of each block; the inner one runs the user's step inside a block.
Our gradient is JAX's reverse mode of the lowering, so the outer Scan carries `ScanInfo(checkpoint=True)`
and its lowering wraps the loop body in `jax.checkpoint`: only the block boundaries are kept for the
backward pass, and each block's steps are recomputed from them.

Differences from Theano, for static shapes: every block runs `save_every_N` inner steps, and the steps past
`n_steps` in the last block keep the previous state (a mask) instead of running a shorter inner loop; the
sequences are padded by repeating their last element (never read as a value, and harmless to gradients)
rather than with zeros.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Variable
from theano.frontend.graph_utils import clone_replace
from theano.frontend.ops.alloc import alloc, arange
from theano.frontend.ops.join import concatenate
from theano.frontend.ops.math import cast, lt, maximum, minimum, switch
from theano.frontend.ops.scan import Scan
from theano.frontend.scan import get_updates_and_outputs, scan


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _pad_to(seq: Variable, length: Variable, padding: bool) -> Variable:
    """seq[:length], padded at the end by repeating its last element up to `length` (when padding)."""
    if not padding:
        return seq
    missing = maximum(length - seq.shape[0], 0)
    fill = alloc(seq[-1], missing, *[seq.shape[d] for d in range(1, seq.ndim)])
    return concatenate([seq[:length], fill], axis=0)


def scan_checkpoints(fn: Callable[..., Any], sequences: Any = [], outputs_info: Any = None,  # noqa: B006 - Theano's
                     non_sequences: Any = [], name: str = "checkpointscan_fn", n_steps: Any = None,  # noqa: B006
                     save_every_N: int = 10, padding: bool = True) -> tuple[Any, Any]:
    """Scan that keeps only every `save_every_N`-th step for the gradient and recomputes the others.

    Theano's assumptions hold: every sequence has the same length (at least `n_steps`), only single-tap
    recurrent (`taps=[-1]`) and non-recurrent outputs, and only the output of every `save_every_N`-th step
    (and the last one) is returned: result[i] is the output after step min((i + 1) * save_every_N, n_steps).
    """
    sequences = [as_tensor_variable(s) for s in _as_list(sequences)]
    outputs_info = _as_list(outputs_info)
    non_sequences = _as_list(non_sequences)
    for element in outputs_info:
        if isinstance(element, dict) and "taps" in element:
            raise RuntimeError("scan_checkpoints doesn't work with taps.")
    block = int(save_every_N)
    if block < 1:
        raise ValueError("scan_checkpoints: save_every_N must be a positive integer, got %r" % (save_every_N,))
    if n_steps is None:
        if not sequences:
            raise ValueError("scan_checkpoints: no sequence to take the number of steps from; give n_steps")
        n_steps = sequences[0].shape[0]
    n_steps = cast(as_tensor_variable(n_steps), "int64")
    n_blocks = (n_steps + (block - 1)) // block
    counts = minimum(block, n_steps - arange(n_blocks, dtype="int64") * block)  # steps run in each block
    blocks = []
    for s in sequences:
        s = _pad_to(s, n_blocks * block, padding)
        blocks.append(s.reshape([n_blocks, block] + [s.shape[d] for d in range(1, s.ndim)], ndim=s.ndim + 1))
    recurrent = [o is not None for o in outputs_info]
    n_seq, n_rec = len(sequences), sum(recurrent)

    def outer_step(*args: Variable) -> list[Variable]:
        block_seqs, count = list(args[:n_seq]), args[n_seq]
        prevs = list(args[n_seq + 1:n_seq + 1 + n_rec])
        outer_nonseqs = list(args[n_seq + 1 + n_rec:])

        def inner_step(*iargs: Variable) -> list[Variable]:
            xs, t = list(iargs[:n_seq]), iargs[n_seq]
            old = list(iargs[n_seq + 1:n_seq + 1 + n_rec])
            cond, outs, updates = get_updates_and_outputs(fn(*xs, *old, *iargs[n_seq + 1 + n_rec:-1]))
            if cond is not None or updates:
                raise NotImplementedError("scan_checkpoints: the step function may return outputs only (no updates, "
                                          "no until condition)")
            if len(outs) != len(outputs_info):
                raise ValueError("scan_checkpoints: the step function returned %d outputs, outputs_info describes %d"
                                 % (len(outs), len(outputs_info)))
            valid = lt(t, iargs[-1])  # the last block runs past n_steps: those steps keep the state
            it = iter(old)
            return [switch(valid, o, next(it)) if rec else o for o, rec in zip(outs, recurrent)]

        inner_info = [p if rec else None for p, rec in zip(_fill(prevs, recurrent), recurrent)]
        results, _ = scan(inner_step, sequences=block_seqs + [arange(block, dtype="int64")],
                          outputs_info=inner_info, non_sequences=outer_nonseqs + [count],
                          name=name + "_inner", n_steps=block, return_list=True)
        return [r[count - 1] for r in results]

    results, updates = scan(outer_step, sequences=blocks + [counts], outputs_info=outputs_info,
                            non_sequences=non_sequences, name=name + "_outer", n_steps=n_blocks, return_list=True)
    results = _checkpointed(results)
    if len(results) == 1:
        return results[0], updates
    return results, updates


def _fill(prevs: list, recurrent: list) -> list:
    """The previous values laid out over all outputs (None where an output is not recurrent)."""
    it = iter(prevs)
    return [next(it) if rec else None for rec in recurrent]


def _checkpointed(results: list[Variable]) -> list[Variable]:
    """The outer scan's outputs, recomputed by the same loop flagged `checkpoint=True` (remat of its body)."""
    node = _scan_node_of(results[0]) if results else None
    if node is None:
        return results  # a single block runs without a loop
    op = node.op
    flagged = Scan(op.inputs, op.outputs, dataclasses.replace(op.info, checkpoint=True))
    new_outs = flagged(*node.inputs, return_list=True)
    return clone_replace(list(results), dict(zip(node.outputs, new_outs)), strict=False)


def _scan_node_of(v: Variable) -> Any:
    """The Scan node whose output `v` is, or slices (theano.scan returns a buffer past its initial state)."""
    node = v.owner
    if node is not None and not isinstance(node.op, Scan) and node.inputs:
        node = node.inputs[0].owner
    return node if node is not None and isinstance(node.op, Scan) else None
