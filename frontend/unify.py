"""theano.gof.unify: unification of patterns holding unification variables (Theano's module, our code).

Two expressions with unification variables unify when some assignment of the variables makes them equal:
[5, A, B] and [A, C, 9] unify with A = C = 5, B = 9; [5, [A, B]] and [A, [1, 2]] do not. `unify(a, b)` gives
(the merged expression, the Unification) or (None, False). Variables: FreeVariable (anything), BoundVariable
(one value), OrVariable (one of some options), NotVariable (anything but some values), VariableInList (matched
against a list: its variable becomes one of the list's values). Lists/tuples unify element-wise, dicts on their
common keys; other objects by equality of the same class, or by their `__unify_walk__` / `__unify_merge__`.

`unify_walk(a, b, U)` and `unify_merge(a, b, U)` dispatch on the types of (a, b) in either order, the rules tried
from the most recently declared, as Theano's comm_guard overloads were; a rule may answer FALL_THROUGH.
"""
from __future__ import annotations

from copy import copy
from functools import partial
from typing import Any, Callable

from theano.frontend.gof_utils import ANY_TYPE, FALL_THROUGH

__all__ = ["Variable", "FreeVariable", "BoundVariable", "OrVariable", "NotVariable", "VariableInList", "var_lookup",
           "Var", "V", "OrV", "NV", "Unification", "unify_walk", "unify_merge", "unify_build", "unify", "FVar"]


class Variable:
    """A unification variable (not a graph variable: that is theano.gof.graph.Variable)."""

    def __init__(self, name: str = "?"):
        self.name = name

    def __str__(self) -> str:
        return "%s(%s)" % (type(self).__name__, ", ".join("%s=%s" % kv for kv in self.__dict__.items()))

    def __repr__(self) -> str:
        return str(self)


class FreeVariable(Variable):
    """Can take any value."""


class BoundVariable(Variable):
    """Bound to `value`."""

    def __init__(self, name: str, value: Any):
        super().__init__(name=name)
        self.value = value


class OrVariable(Variable):
    """One of `options`."""

    def __init__(self, name: str, options: Any):
        super().__init__(name=name)
        self.options = options


class NotVariable(Variable):
    """Any value but those of `not_options`."""

    def __init__(self, name: str, not_options: Any):
        super().__init__(name=name)
        self.not_options = not_options


class VariableInList:  # not a Variable
    """Matched against a list: unifies `variable` with an OrVariable of the list's values."""

    def __init__(self, variable: Variable):
        self.variable = variable


_all: dict = {}


def var_lookup(vartype: type, name: str, *args: Any, **kwargs: Any) -> Variable:
    """The variable of this type and name (created once, then the same one)."""
    sig = (vartype, name)
    if sig not in _all:
        _all[sig] = vartype(name, *args)
    return _all[sig]


Var = partial(var_lookup, FreeVariable)
V = Var
OrV = partial(var_lookup, OrVariable)
NV = partial(var_lookup, NotVariable)


class Unification:
    """Which variables are unified with which: each maps to (its tightest variable, its pool). With inplace=False,
    `merge` returns a new Unification (so a caller can backtrack)."""

    def __init__(self, inplace: bool = False):
        self.unif: dict = {}
        self.inplace = inplace

    def merge(self, new_best: Any, *vars: Any) -> "Unification":
        """Link every variable of `vars` (and of their pools) to `new_best`."""
        U = self if self.inplace else Unification(self.inplace)
        if U is not self:
            U.unif = dict(self.unif)
        new_pool = set(vars)
        new_pool.add(new_best)
        for var in copy(new_pool):
            new_pool.update(U.unif.get(var, (var, set()))[1])
        for var in new_pool:
            U.unif[var] = (new_best, new_pool)
        return U

    def __getitem__(self, v: Any) -> Any:
        """The variable standing for the tightest set of values `v` can take."""
        return self.unif.get(v, (v, None))[0]


def _matches(t: Any, x: Any) -> bool:
    return t is ANY_TYPE or isinstance(x, t)


def _dispatcher(name: str, default: Callable[..., Any]) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """A commutative two-argument dispatcher: (the function, a decorator `rule(type1, type2)` adding a rule)."""
    rules: list[tuple[Any, Any, Callable[..., Any]]] = []

    def dispatch(a: Any, b: Any, U: Any) -> Any:
        for t1, t2, fn in reversed(rules):
            if _matches(t1, a) and _matches(t2, b):
                result = fn(a, b, U)
            elif _matches(t1, b) and _matches(t2, a):
                result = fn(b, a, U)
            else:
                continue
            if result is not FALL_THROUGH:
                return result
        return default(a, b, U)

    def rule(t1: Any, t2: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def add(fn: Callable[..., Any]) -> Callable[..., Any]:
            rules.append((t1, t2, fn))
            return fn
        return add

    dispatch.__name__ = name
    return dispatch, rule


def _walk_default(a: Any, b: Any, U: Unification) -> Any:
    return U if a.__class__ == b.__class__ and a == b else False


unify_walk, _walk = _dispatcher("unify_walk", _walk_default)
unify_walk.__doc__ = ("unify_walk(a, b, U): the Unification extending U in which a and b are unified, or False.")


def _bound(U: Unification, value: Any, *vars: Any) -> Unification:
    return U.merge(BoundVariable("?", value), *vars)


def _narrowed(options: list, *vars: Any, U: Unification) -> Any:
    if not options:
        return False
    v = BoundVariable("?", options[0]) if len(options) == 1 else OrVariable("?", options)
    return U.merge(v, *vars)


@_walk(FreeVariable, ANY_TYPE)
def _free_any(fv: FreeVariable, o: Any, U: Unification) -> Any:
    return _bound(U, o, fv)  # a free variable takes the value


@_walk(BoundVariable, ANY_TYPE)
def _bound_any(bv: BoundVariable, o: Any, U: Unification) -> Any:
    return U if bv.value == o else False


@_walk(OrVariable, ANY_TYPE)
def _or_any(ov: OrVariable, o: Any, U: Unification) -> Any:
    return _bound(U, o, ov) if o in ov.options else False


@_walk(NotVariable, ANY_TYPE)
def _not_any(nv: NotVariable, o: Any, U: Unification) -> Any:
    return False if o in nv.not_options else _bound(U, o, nv)


@_walk(FreeVariable, Variable)
def _free_var(fv: FreeVariable, v: Variable, U: Unification) -> Any:
    return U.merge(U[v], fv)


@_walk(BoundVariable, Variable)
def _bound_var(bv: BoundVariable, v: Variable, U: Unification) -> Any:
    return unify_walk(v, bv.value, U)


@_walk(OrVariable, OrVariable)
def _or_or(a: OrVariable, b: OrVariable, U: Unification) -> Any:
    return _narrowed([x for x in a.options if x in b.options], a, b, U=U)  # the options they share


@_walk(NotVariable, NotVariable)
def _not_not(a: NotVariable, b: NotVariable, U: Unification) -> Any:
    return U.merge(NotVariable("?", list(a.not_options) + [x for x in b.not_options if x not in a.not_options]), a, b)


@_walk(OrVariable, NotVariable)
def _or_not(o: OrVariable, n: NotVariable, U: Unification) -> Any:
    return _narrowed([x for x in o.options if x not in n.not_options], o, n, U=U)


@_walk(VariableInList, (list, tuple))
def _in_list(vil: VariableInList, seq: Any, U: Unification) -> Any:
    return unify_walk(vil.variable, OrVariable("?", seq), U)


@_walk((list, tuple), (list, tuple))
def _seq_seq(l1: Any, l2: Any, U: Unification) -> Any:
    if len(l1) != len(l2):
        return False
    for x1, x2 in zip(l1, l2):
        U = unify_walk(x1, x2, U)
        if U is False:
            return False
    return U


@_walk(dict, dict)
def _dict_dict(d1: dict, d2: dict, U: Unification) -> Any:
    for k, v in d1.items():
        if k in d2:
            U = unify_walk(v, d2[k], U)
            if U is False:
                return False
    return U


@_walk(ANY_TYPE, ANY_TYPE)
def _walk_hook(a: Any, b: Any, U: Unification) -> Any:
    if not isinstance(a, Variable) and not isinstance(b, Variable) and hasattr(a, "__unify_walk__"):
        return a.__unify_walk__(b, U)
    return FALL_THROUGH


@_walk(Variable, ANY_TYPE)
def _walk_through_best(v: Variable, o: Any, U: Unification) -> Any:
    best = U[v]
    return unify_walk(o, best, U) if best is not v else FALL_THROUGH  # use the variable's tightest unification


class FVar:
    """A function of unified values, evaluated when merging: FVar(fn, *args)(U) = fn(*built args)."""

    def __init__(self, fn: Callable[..., Any], *args: Any):
        self.fn = fn
        self.args = args

    def __call__(self, u: Unification) -> Any:
        return self.fn(*[unify_build(arg, u) for arg in self.args])


unify_merge, _merge = _dispatcher("unify_merge", lambda a, b, U: a)
unify_merge.__doc__ = "unify_merge(a, b, U): the expression a and b unify to, with U's variables replaced."


@_merge(Variable, ANY_TYPE)
def _merge_var(v: Variable, o: Any, U: Unification) -> Any:
    return v


@_merge(BoundVariable, ANY_TYPE)
def _merge_bound(bv: BoundVariable, o: Any, U: Unification) -> Any:
    return bv.value


@_merge(VariableInList, (list, tuple))
def _merge_in_list(vil: VariableInList, seq: Any, U: Unification) -> Any:
    return [unify_merge(x, x, U) for x in seq]


@_merge((list, tuple), (list, tuple))
def _merge_seq(l1: Any, l2: Any, U: Unification) -> Any:
    return [unify_merge(x1, x2, U) for x1, x2 in zip(l1, l2)]


@_merge(dict, dict)
def _merge_dict(d1: dict, d2: dict, U: Unification) -> Any:
    d = d1.__class__()
    for k, v in d1.items():
        d[k] = unify_merge(v, d2[k] if k in d2 else v, U)
    for k, v in d2.items():
        if k not in d1:
            d[k] = unify_merge(v, v, U)
    return d


@_merge(FVar, ANY_TYPE)
def _merge_fvar(vs: FVar, o: Any, U: Unification) -> Any:
    return vs(U)


@_merge(ANY_TYPE, ANY_TYPE)
def _merge_hook(a: Any, b: Any, U: Unification) -> Any:
    if not isinstance(a, Variable) and not isinstance(b, Variable) and hasattr(a, "__unify_merge__"):
        return a.__unify_merge__(b, U)
    return FALL_THROUGH


@_merge(Variable, ANY_TYPE)
def _merge_through_best(v: Variable, o: Any, U: Unification) -> Any:
    best = U[v]
    return unify_merge(o, best, U) if best is not v else FALL_THROUGH


def unify_build(x: Any, U: Unification) -> Any:
    """`x` with its variables replaced by what U unified them with."""
    return unify_merge(x, x, U)


def unify(a: Any, b: Any) -> tuple[Any, Any]:
    """(the expression a and b unify to, the Unification), or (None, False) when they do not unify."""
    U = unify_walk(a, b, Unification())
    if not U:
        return None, False
    return unify_merge(a, b, U), U
