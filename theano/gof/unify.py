"""theano.gof.unify: unification of patterns (re-exports; frontend/unify.py)."""
from theano.frontend.unify import (  # noqa: F401
    NV, BoundVariable, FreeVariable, FVar, NotVariable, OrV, OrVariable, Unification, V, Var, Variable,
    VariableInList, unify, unify_build, unify_merge, unify_walk, var_lookup,
)
