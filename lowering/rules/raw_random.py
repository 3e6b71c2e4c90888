"""Lowering of raw_random's RandomFunction: a host callback that runs the numpy RandomState draw.

The state input is numpy's MT19937 state as a uint32 vector (frontend/raw_random.py). The callback rebuilds the
RandomState, draws as Theano's RandomFunction.perform did and returns (new state vector, sample), so the program
stays pure: given the state the draw is deterministic, and its new state is an output (XLA keeps it). This runs
on the CPU as it did in Theano; on a GPU each draw costs a device-host round trip of the state and the sample
(MRG_RandomStreams draws on the device).

The sample's shape is static when the op's shape input is a constant numpy must honour; otherwise (a symbolic
size, `size=None`, permutation/multinomial's added dimension) the host shape program computes it per call, by
infer_shape or by running the draw on a copy of the state.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.raw_random import STATE_WORDS, RandomFunction
from theano.lowering.callback import host_call
from theano.lowering.registry import LoweringContext, lowers


@lowers(RandomFunction)
def lower_random_function(node: Any, ctx: LoweringContext, state: Any, shape: Any, *args: Any) -> Any:
    op = node.op
    if ctx.out_shapes is not None:
        out_shape = tuple(int(d) for d in ctx.out_shapes[1])
    else:
        out_shape = op._known_shape(node)
        if out_shape is None:  # pragma: no cover - value_dependent_shape sends these through the shape program
            raise ValueError(f"{op}: the sample shape is not known before the call")
    out_dtype = node.outputs[1].dtype

    def host(words: np.ndarray, shp: np.ndarray, *vals: np.ndarray) -> tuple:
        new_state, sample = op.draw(words, shp, list(vals), out_dtype)
        if sample.shape != out_shape:
            raise ValueError(f"{op}: the draw has shape {sample.shape}, expected {out_shape}")
        return new_state, sample

    new_state, sample = host_call(host, [(STATE_WORDS,), out_shape], [np.uint32, np.dtype(out_dtype)],
                                  state, shape, *args)
    return new_state, sample


lower_random_function.runs_on_host = True  # type: ignore[attr-defined]  # numpy draws: the call waits for them
