"""MonitorMode(pre_func, post_func): step through a function, calling `pre_func(i, node, fn)` before and
`post_func(i, node, fn)` after each node runs, with `fn.inputs` / `fn.outputs` storage (Theano's recipe
for finding the op that introduces a NaN). It is a Mode whose linker is
`WrapLinkerMany([OpWiseCLinker()], [self.eval])`, as in Theano.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import scipy.sparse

from theano.frontend.config import config
from theano.frontend.graph import Apply
from theano.lowering.mode import Mode, _optimizer_name
from theano.lowering.opwise import OpWiseCLinker, Thunk, WrapLinker, WrapLinkerMany

Hook = Callable[[int, Apply, Thunk], Any]


class MonitorMode(Mode):
    """A Mode running each function op by op, with `pre_func` / `post_func` hooks around every node."""

    def __init__(self, pre_func: Hook | None = None, post_func: Hook | None = None, optimizer: Any = "default",
                 linker: Any = None):
        self.pre_func = pre_func
        self.post_func = post_func
        if linker is not None and not isinstance(getattr(linker, "mode", None), MonitorMode):
            raise Exception("MonitorMode can only use its own linker! You should not provide one.", linker)
        if optimizer == "default":
            optimizer = config.optimizer
        super().__init__(linker=WrapLinkerMany([OpWiseCLinker()], [self.eval]), optimizer=optimizer)

    def eval(self, i: int, node: Apply, fn: Thunk) -> None:
        """Run node `i` (`fn()`) between the hooks."""
        if self.pre_func is not None:
            self.pre_func(i, node, fn)
        fn()
        if self.post_func is not None:
            self.post_func(i, node, fn)

    def _with(self, **kw: Any) -> "MonitorMode":
        """A copy (including/excluding/requiring) whose linker calls the copy's own hooks."""
        new = super()._with(**kw)
        assert isinstance(new, MonitorMode)
        new.linker = WrapLinkerMany([OpWiseCLinker()], [new.eval])
        return new

    def clone(self, link_kwargs: Any = None, optimizer: Any = "", **kwargs: Any) -> "MonitorMode":
        """A new MonitorMode with the same hooks (link_kwargs are ignored: it needs its own linker)."""
        new = self._with()
        if optimizer != "":
            new.optimizer = _optimizer_name(optimizer)
        return new

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("linker", None)  # rebuilt from the hooks (it holds a bound method of self)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.linker = WrapLinkerMany([OpWiseCLinker()], [self.eval])


def detect_nan(i: int, node: Apply, fn: Thunk) -> None:
    """Theano's suggested post_func: print the node and its values when an output holds a NaN."""
    from theano.frontend.printing import debugprint

    for output in fn.outputs:
        value = output[0]
        if scipy.sparse.issparse(value):  # a sparse matrix: its stored entries
            value = value.data
        if not isinstance(value, np.random.RandomState) and np.asarray(value).dtype.kind in "fc" \
                and np.isnan(value).any():
            print("*** NaN detected ***")
            debugprint(node)
            print("Inputs : %s" % [input[0] for input in fn.inputs])
            print("Outputs: %s" % [output[0] for output in fn.outputs])
            break


__all__ = ["MonitorMode", "WrapLinker", "detect_nan"]
