"""Lowering of PdbBreakpoint: `lax.cond` on the condition; the true branch is a host callback running the op's
perform (which enters the debugger and returns the possibly edited monitored values), the false branch passes
the values through, so a run where the condition is false never leaves the device."""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.breakpoint import PdbBreakpoint
from theano.lowering.callback import perform_callback_rule
from theano.lowering.registry import LoweringContext, lowers


@lowers(PdbBreakpoint)
def lower_pdb_breakpoint(node: Any, ctx: LoweringContext, condition: Any, *monitored: Any) -> Any:
    if not monitored:
        return ()
    if isinstance(condition, np.ndarray) or np.isscalar(condition):  # eager (op by op, test values): decide now
        if not bool(condition):
            return monitored[0] if len(monitored) == 1 else tuple(monitored)
        return perform_callback_rule(node, ctx, condition, *monitored)

    def stop(values: tuple) -> tuple:
        outs = perform_callback_rule(node, ctx, condition, *values)
        return tuple(outs) if isinstance(outs, (tuple, list)) else (outs,)

    def go_on(values: tuple) -> tuple:
        return tuple(values)

    outs = jax.lax.cond(jnp.asarray(condition) != 0, stop, go_on, tuple(jnp.asarray(m) for m in monitored))
    return outs[0] if len(outs) == 1 else tuple(outs)


# the debugger runs while the program runs: the call must keep the shared buffers (no donation) until it is done
lower_pdb_breakpoint.runs_host_code = lambda node: True  # type: ignore[attr-defined]
