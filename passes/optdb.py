"""BadOptimization (theano.gof.toolbox), and the optimizer databases' names where older code imported them.

Legacy code and Theano's DebugMode tests build a database to run their own rewrites, e.g.
``edb = gof.EquilibriumDB(); edb.register('name', lopt, 'all'); mode = DebugMode(optimizer=edb.query('+all'))``;
the databases live in passes/gof_optdb.py, the optimizers in passes/gof_opt.py and passes/gof_local.py.
Each replacement is logged under the registered name (DebugMode names the culprit with it). A replacement of
another type is a BadOptimization when config.on_opt_error is 'raise', and is skipped otherwise (as in Theano).
"""
from __future__ import annotations

from theano.frontend.graph import Variable


class BadOptimization(Exception):
    """A rewrite replaced a variable by one of another type or value (theano.gof.toolbox.BadOptimization)."""

    def __init__(self, message: str, old_r: Variable | None = None, new_r: Variable | None = None,
                 reason: str | None = None):
        super().__init__(message)
        self.old_r, self.new_r, self.reason = old_r, new_r, reason


def __getattr__(name: str) -> object:
    """EquilibriumDB / EquilibriumOptimizer, from their modules (loaded late: they import this one)."""
    if name == "EquilibriumDB":
        from theano.passes.gof_optdb import EquilibriumDB

        return EquilibriumDB
    if name == "EquilibriumOptimizer":
        from theano.passes.gof_opt import EquilibriumOptimizer

        return EquilibriumOptimizer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
