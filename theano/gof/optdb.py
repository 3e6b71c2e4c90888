"""theano.gof.optdb: the optimizer databases (re-exports; passes/gof_optdb.py)."""
from theano.gof import opt  # noqa: F401 - Theano's module namespace
from theano.passes.gof_optdb import (DB, EquilibriumDB, LocalGroupDB, ProxyDB, Query, SequenceDB,  # noqa: F401
                                     TopoDB)
