"""Theano's gof.utils helpers that are plain Python: naming variables (give_variables_names), small sequence
utilities (remove, uniq, difference, flatten, unique, hist), a topological sort of a prerequisite dict,
memoize/deprecated decorators, Keyword markers, type-dispatch guards and the hash helpers. Pure Python, no
graph dependencies beyond a variable's `name`."""
from __future__ import annotations

import hashlib
from typing import Any, Callable, Iterable, Sequence

import numpy as np


def hashtype(self: Any) -> int:
    """A hash of an object's class (its name and module)."""
    t = type(self)
    return hash(t.__name__) ^ hash(t.__module__)


undef = object()  # marks an undefined parameter where None has a meaning


class MetaObject(type):
    """Theano's metaclass for `__props__` classes: adds _props, _props_dict and, unless defined, __hash__,
    __eq__ and __str__ from the props."""

    def __new__(mcs, name: str, bases: tuple, dct: dict) -> Any:
        props = dct.get("__props__", None)
        if props is not None:
            if not isinstance(props, tuple):
                raise TypeError("__props__ has to be a tuple")
            if not all(isinstance(p, str) for p in props):
                raise TypeError("elements of __props__ have to be strings")
            dct["_props"] = lambda self: tuple(getattr(self, a) for a in props)
            dct["_props_dict"] = lambda self: {a: getattr(self, a) for a in props}
            if "__hash__" not in dct:
                dct["__hash__"] = lambda self: hash((type(self), tuple(getattr(self, a) for a in props)))
            if "__eq__" not in dct:
                dct["__eq__"] = lambda self, other: (type(self) == type(other) and tuple(
                    getattr(self, a) for a in props) == tuple(getattr(other, a) for a in props))
            if "__str__" not in dct:
                if len(props) == 0:
                    dct["__str__"] = lambda self: "%s" % (self.__class__.__name__,)
                else:
                    dct["__str__"] = lambda self: "%s{%s}" % (self.__class__.__name__, ", ".join(
                        "%s=%r" % (p, getattr(self, p)) for p in props))
        return type.__new__(mcs, name, bases, dct)


class object2(metaclass=MetaObject):
    """Theano's base of props classes (MetaObject)."""

    __slots__: list = []

    def __ne__(self, other: Any) -> bool:
        return not self == other


class D:
    """A bag of attributes: D(a=1).a == 1."""

    def __init__(self, **d: Any):
        self.__dict__.update(d)


def memoize(f: Callable[..., Any]) -> Callable[..., Any]:
    """Cache f's result per tuple of (hashable) arguments."""
    cache: dict = {}

    def rval(*args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(kwargs.items()))
        if key not in cache:
            cache[key] = f(*args, **kwargs)
        return cache[key]

    return rval


def deprecated(filename: str, msg: str = "") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: print 'WARNING: <filename>.<name> deprecated. <msg>' on the first call."""
    def _deprecated(f: Callable[..., Any]) -> Callable[..., Any]:
        printme = [True]

        def g(*args: Any, **kwargs: Any) -> Any:
            if printme[0]:
                print("WARNING: %s.%s deprecated. %s" % (filename, f.__name__, msg))
                printme[0] = False
            return f(*args, **kwargs)

        g.__name__, g.__doc__ = f.__name__, f.__doc__
        return g

    return _deprecated


def uniq(seq: Sequence) -> list:
    """The elements of seq without repeats, in first-seen order (elements need only support ==)."""
    out: list = []
    for x in seq:
        if x not in out:
            out.append(x)
    return out


def difference(seq1: Iterable, seq2: Sequence) -> list:
    """The elements of seq1 that are not in seq2 (seq1 \\ seq2), in seq1's order."""
    try:
        set2 = set(seq2)
    except TypeError:  # unhashable elements
        return [x for x in seq1 if x not in seq2]
    return [x for x in seq1 if x not in set2]


def to_return_values(values: Sequence) -> Any:
    return values[0] if len(values) == 1 else values


def from_return_values(values: Any) -> Any:
    return values if isinstance(values, (list, tuple)) else [values]


def toposort(prereqs_d: dict) -> list:
    """The keys of prereqs_d in an order where each comes after its prerequisites (prereqs_d[x])."""
    seq: list = []
    done: set = set()
    postreqs_d: dict = {}
    for x, prereqs in prereqs_d.items():
        for prereq in prereqs:
            postreqs_d.setdefault(prereq, []).append(x)
    nxt = [k for k in prereqs_d if not prereqs_d[k]]
    while nxt:
        bases, nxt = nxt, []
        for x in bases:
            done.add(x)
            seq.append(x)
        for x in bases:
            for postreq in postreqs_d.get(x, []):
                if postreq not in done and postreq not in nxt and not set(prereqs_d[postreq]).difference(done):
                    nxt.append(postreq)
    if len(prereqs_d) != len(seq):
        raise Exception("Cannot sort topologically: there might be cycles, prereqs_d does not have a key for each "
                        "element or some orderings contain invalid elements.")
    return seq


class Keyword:
    """A named marker whose truth value is fixed (ABORT, RETRY, FAILURE are false)."""

    def __init__(self, name: str, nonzero: bool = True):
        self.name = name
        self.nonzero = nonzero

    def __bool__(self) -> bool:
        return self.nonzero

    def __str__(self) -> str:
        return "<%s>" % self.name

    __repr__ = __str__


ABORT = Keyword("ABORT", False)
RETRY = Keyword("RETRY", False)
FAILURE = Keyword("FAILURE", False)
simple_types = (int, str, float, bool, type(None), Keyword)
ANY_TYPE = Keyword("ANY_TYPE")
FALL_THROUGH = Keyword("FALL_THROUGH")


def _typename(t: Any) -> str:
    if isinstance(t, Keyword):
        return str(t)
    if isinstance(t, (tuple, list)):
        return "(" + ", ".join(x.__name__ for x in t) + ")"
    return t.__name__


def comm_guard(type1: Any, type2: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Overload the module function of the same name for argument types (type1, type2), in either order;
    other types (or FALL_THROUGH) go to the previous definition."""
    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        old_f = f.__globals__[f.__name__]

        def new_f(arg1: Any, arg2: Any, *rest: Any) -> Any:
            if (type1 is ANY_TYPE or isinstance(arg1, type1)) and (type2 is ANY_TYPE or isinstance(arg2, type2)):
                pass
            elif (type1 is ANY_TYPE or isinstance(arg2, type1)) and (type2 is ANY_TYPE or isinstance(arg1, type2)):
                arg1, arg2 = arg2, arg1
            else:
                return old_f(arg1, arg2, *rest)
            variable = f(arg1, arg2, *rest)
            return old_f(arg1, arg2, *rest) if variable is FALL_THROUGH else variable

        new_f.__name__ = f.__name__
        new_f.__doc__ = "%s\n%s\n%s" % (old_f.__doc__, ", ".join(_typename(t) for t in (type1, type2)), f.__doc__ or "")
        return new_f

    return wrap


def type_guard(type1: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Overload the module function of the same name for a first argument of type1."""
    def wrap(f: Callable[..., Any]) -> Callable[..., Any]:
        old_f = f.__globals__[f.__name__]

        def new_f(arg1: Any, *rest: Any) -> Any:
            if type1 is ANY_TYPE or isinstance(arg1, type1):
                variable = f(arg1, *rest)
                return old_f(arg1, *rest) if variable is FALL_THROUGH else variable
            return old_f(arg1, *rest)

        new_f.__name__ = f.__name__
        new_f.__doc__ = "%s\n%s\n%s" % (old_f.__doc__, _typename(type1), f.__doc__ or "")
        return new_f

    return wrap


def flatten(a: Any) -> list:
    """Nested tuples, lists and sets flattened into one list (iteratively)."""
    out: list = []
    stack = [iter([a])]
    while stack:
        try:
            item = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if isinstance(item, (tuple, list, set)):
            stack.append(iter(item))
        else:
            out.append(item)
    return out


def unique(x: Sequence) -> bool:
    """True if the elements of x are all different."""
    return len(set(x)) == len(x)


def hist(coll: Iterable) -> dict:
    """{element: count}."""
    counts: dict = {}
    for elem in coll:
        counts[elem] = counts.get(elem, 0) + 1
    return counts


@deprecated("theano.gof.utils", msg="Use a_theano_variable.auto_name instead")
def give_variables_names(variables: Sequence[Any]) -> Sequence[Any]:
    """Give unnamed or identically named variables unique names (name_0, _1, ...); idempotent. ValueError if
    the names are still not unique."""
    h = hist(var.name for var in variables)
    bad = [var for var in variables if not var.name or h[var.name] > 1]
    for i, var in enumerate(bad):
        var.name = (var.name or "") + "_%d" % i
    if not unique([str(v) for v in variables]):
        raise ValueError("Not all variables have unique names. Maybe you've named some of the variables identically")
    return variables


def remove(predicate: Callable[[Any], bool], coll: Iterable) -> list:
    """The items of coll for which predicate is false: remove(even, [1, 2, 3, 4]) == [1, 3]."""
    return [x for x in coll if not predicate(x)]


def hash_from_code(msg: Any) -> str:
    """'m' + the SHA256 hex digest of msg (a str, bytes or array)."""
    if isinstance(msg, str):
        msg = msg.encode()
    elif isinstance(msg, np.ndarray):
        msg = np.ascontiguousarray(msg).tobytes()
    return "m" + hashlib.sha256(msg).hexdigest()


def hash_from_file(file_path: str) -> str:
    """hash_from_code of a file's bytes."""
    with open(file_path, "rb") as f:
        return hash_from_code(f.read())
