"""NanGuardMode: the function runs op by op and stops at the first node (in graph order) that outputs NaN, Inf
or a big value (|x| > 1e10), or at a graph input holding one, with Theano's message.

What it does on a bad value is `config.NanGuardMode.action`: `raise` (AssertionError, as Theano), `warn`
(logged on the `theano.compile.nanguardmode` logger, the call goes on) or `pdb`. The checks run on the
values the lowering rules compute eagerly (lowering/opwise.py), the same rules the jitted program uses.
"""
from __future__ import annotations

import io
import logging
import traceback
import warnings
from typing import Any

import numpy as np
import scipy.sparse

from theano.frontend.config import config
from theano.frontend.graph import Apply, Variable
from theano.lowering.function import Function
from theano.lowering.mode import Mode
from theano.lowering.opwise import OpWiseFunction, Thunk

logger = logging.getLogger("theano.compile.nanguardmode")

BIG = 1e10


def _stored(arr: Any) -> np.ndarray:
    """The values to check: an array itself, or a sparse matrix's stored entries (scipy's `data`)."""
    if scipy.sparse.issparse(arr):
        return np.asarray(arr.data)
    return np.asarray(arr)


def _is_numeric_value(arr: Any, var: Variable | None) -> bool:
    """Whether `arr` is an array worth checking (not a random state, slice, None or empty array)."""
    if var is not None and getattr(var.tag, "is_rng", False):
        return False
    if arr is None or isinstance(arr, (slice, np.random.RandomState, np.random.Generator)):
        return False
    arr = _stored(arr)
    return arr.dtype.kind in "biufc" and arr.size > 0


def contains_nan(arr: Any, node: Apply | None = None, var: Variable | None = None) -> bool:
    """Whether the float array `arr` holds a NaN (integer arrays never do)."""
    if not _is_numeric_value(arr, var) or _stored(arr).dtype.kind not in "fc":
        return False
    return bool(np.isnan(np.min(_stored(arr))))


def contains_inf(arr: Any, node: Apply | None = None, var: Variable | None = None) -> bool:
    """Whether the float array `arr` holds +Inf or -Inf."""
    if not _is_numeric_value(arr, var) or _stored(arr).dtype.kind not in "fc":
        return False
    arr = _stored(arr)
    with warnings.catch_warnings():  # an all-NaN array has no Inf (numpy warns about the all-NaN slice)
        warnings.simplefilter("ignore", RuntimeWarning)
        return bool(np.isinf(np.nanmax(arr)) or np.isinf(np.nanmin(arr)))


def contains_big(arr: Any, var: Variable | None = None) -> bool:
    """Whether some element of `arr` exceeds 1e10 in magnitude (Theano's "big value")."""
    if not _is_numeric_value(arr, var):
        return False
    return bool(np.abs(_stored(arr)).max() > BIG)


def _trace_string(var: Variable) -> str:
    """Where `var` was created, when its tag recorded it (config.traceback.limit), as Theano printed it."""
    trace = getattr(var.tag, "trace", None)
    if not trace:
        return ""
    frames = trace[-1] if isinstance(trace[0], list) else trace
    return "\nBacktrace when that variable is created:\n\n" + "".join(traceback.format_list(frames))


class NanGuardMode(Mode):
    """Mode whose functions raise (config.NanGuardMode.action) naming the first op that produces NaN / Inf / big
    values. Flags left as None take config.NanGuardMode.*; the linker argument is ignored, as in Theano."""

    def __init__(self, nan_is_error: bool | None = None, inf_is_error: bool | None = None,
                 big_is_error: bool | None = None, optimizer: Any = "default", linker: Any = None):
        super().__init__(linker=None, optimizer=optimizer)
        self.linker = "nanguard"
        self.nan_is_error = config.NanGuardMode.nan_is_error if nan_is_error is None else nan_is_error
        self.inf_is_error = config.NanGuardMode.inf_is_error if inf_is_error is None else inf_is_error
        self.big_is_error = config.NanGuardMode.big_is_error if big_is_error is None else big_is_error
        if not (self.nan_is_error or self.inf_is_error or self.big_is_error):
            raise AssertionError("NanGuardMode: at least one of nan_is_error, inf_is_error and big_is_error must be "
                                 "True (all three are False: nothing would be checked)")

    def opwise_hooks(self) -> tuple:
        """(wrapper, input check, lazy) for lowering/opwise.run_opwise: every node's outputs and every graph input
        are checked; the run is lazy over IfElse, as Theano's NanGuardMode ran a lazy VM."""
        def guarded(i: int, node: Apply, thunk: Thunk) -> None:
            thunk()
            for var, cell in zip(node.outputs, thunk.outputs):
                if getattr(var.tag, "nan_guard_mode_check", True):
                    self.do_check_on(cell[0], node)

        def check_input(var: Variable, value: Any) -> None:
            if getattr(var.tag, "nan_guard_mode_check", True):
                self.do_check_on(value, None, var=var)

        return guarded, check_input, True

    def wrap_function(self, fn: Function) -> OpWiseFunction:
        """`fn` run op by op with every node's outputs (and every graph input) checked."""
        return OpWiseFunction.wrapping(fn, *self.opwise_hooks())

    def do_check_on(self, value: Any, nd: Apply | None, var: Variable | None = None) -> None:
        """Check `value` (an output of node `nd`, or the graph input `var`) and act on NaN / Inf / big values."""
        sio = io.StringIO()
        error = False
        if self.nan_is_error and contains_nan(value, nd, var):
            print("NaN detected", file=sio)
            error = True
        if self.inf_is_error and contains_inf(value, nd, var):
            print("Inf detected", file=sio)
            error = True
        if self.big_is_error and contains_big(value, var):
            print("Big value detected", file=sio)
            error = True
        if not error:
            return
        from theano.frontend.printing import debugprint

        if nd is not None:
            print("NanGuardMode found an error in the output of a node in this variable:", file=sio)
            print(debugprint(nd, file="str"), file=sio)
            var = nd.outputs[0]
        else:
            print("NanGuardMode found an error in an input of the graph.", file=sio)
        print(_trace_string(var), file=sio)
        msg = sio.getvalue()
        action = config.NanGuardMode.action
        if action == "raise":
            raise AssertionError(msg)
        if action == "pdb":
            print(msg)
            import pdb

            pdb.set_trace()
        elif action == "warn":
            logger.error(msg)
