"""A small pattern language for rewrite rules: patterns that read like the maths.

    from theano.passes.pattern import P, x
    P.log(1 + P.exp(x))                  # log(1 + exp(x)); numbers are constant matchers
    P.true_div(...)                      # `...` as the only argument: any inputs
    P.op(Softmax, x)                     # a non-elementwise op, by class (props as keywords)

Elementwise patterns are made by attribute (`P.exp`, `P.sigmoid`, any row of the elementwise table)
or with Python operators (`+ - * / ** -x`). Capture variables (`x`, `y`, ...) match any variable;
a capture used twice must match the same variable. A number matches a scalar-like constant equal to
it, seen through the DimShuffles that pad elementwise inputs. Commutative ops (add, mul, ...)
match their inputs in any order. A pattern is also a template: `pattern.build(match)` makes the
graph it describes from the captures.

Patterns nest through any op, and carry what the right-hand side needs:

    OpP(Sum, sole(-x), name="s")         # a Sum (any class matched with isinstance) of a negation used only there
    OpP(DimShuffle, x, new_order=("x", 0))   # props by value, or by predicate: axis=lambda a: a is None
    OpP(Subtensor, y, ...)               # a trailing `...`: any further inputs
    x.where(lambda v: v.ndim == 2)       # a predicate on the matched variable
    P.log(sm) | P.log1p(sm)              # alternatives (the first that matches)
    pattern.named("e")                   # also capture the variable a sub-pattern matched

`sole(p)` matches where `p` does and the variable has a single client in the graph being rewritten.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from theano.frontend.graph import Apply, Constant, Variable
from theano.frontend.ops.elemwise import DimShuffle, Elemwise
from theano.frontend.ops.shape import Rebroadcast

_NO_VALUE = object()


def scalar_constant(v: Variable) -> Any:
    """The value of a constant whose entries are all equal (through padding DimShuffles/Rebroadcasts), or None."""
    while v.owner is not None:
        op = v.owner.op
        if isinstance(op, (DimShuffle, Rebroadcast)):
            v = v.owner.inputs[0]
        else:
            return None
    if not isinstance(v, Constant):
        return None
    data = v.data
    if not isinstance(data, np.ndarray):
        return None
    if data.ndim == 0:
        return data[()]
    unique = getattr(v.tag, "unique_value", _NO_VALUE)
    if unique is _NO_VALUE:
        flat = data.ravel()
        unique = flat[0] if flat.shape[0] and (flat == flat[0]).all() else None
    return unique


def same_value(a: Variable, b: Variable) -> bool:
    """The same variable, or two constants of one type holding equal data."""
    if a is b:
        return True
    if isinstance(a, Constant) and isinstance(b, Constant):
        try:
            return a.signature() == b.signature()
        except Exception:  # noqa: BLE001 - exotic constant types
            return False
    return False


class Match:
    """The result of a successful match: captures as attributes (`m.x`), plus the matched `var`/`node`/`fgraph`."""

    def __init__(self, var: Variable | None = None, fgraph: Any = None):
        self.captures: dict[str, Variable] = {}
        self.var = var
        self.node: Apply | None = var.owner if var is not None else None
        self.fgraph = fgraph

    def __getattr__(self, name: str) -> Any:
        caps = self.__dict__.get("captures", {})
        if name in caps:
            return caps[name]
        raise AttributeError(f"no capture named {name!r} in this match (captures: {sorted(caps)})")

    def __getitem__(self, name: str) -> Variable:
        return self.captures[name]

    def value(self, name: str) -> Any:
        """The scalar constant value captured under `name`."""
        return scalar_constant(self.captures[name])

    @property
    def dtype(self) -> str | None:
        return getattr(self.var, "dtype", None)

    def clients(self, var: Variable) -> list:
        """The clients of `var` in the graph being rewritten."""
        return self.fgraph.clients.get(var, []) if self.fgraph is not None else []


class Pattern:
    """Base of pattern nodes: `match(var, m)` extends the captures of `m` (undoing them on failure)."""

    def match(self, var: Variable, m: Match) -> bool:
        raise NotImplementedError

    def build(self, m: Match) -> Variable:
        raise NotImplementedError(f"{self} cannot be used as a template")

    def root_key(self) -> Any:
        """What rules indexed by this pattern's root are filed under (see engine.RuleIndex)."""
        return None

    def root_keys(self) -> list[Any]:
        """Every root key this pattern can match under (several for alternatives or a tuple of op classes)."""
        return [self.root_key()]

    def capture_names(self) -> set[str]:
        """The names this pattern captures (a right-hand side receives them as keyword arguments)."""
        names: set[str] = set()
        stack: list[Pattern] = [self]
        while stack:
            p = stack.pop()
            if isinstance(p, (Capture, AnyConst, Named)):
                names.add(p.name)
            elif isinstance(p, OpP) and p.capture:
                names.add(p.capture)
            stack.extend(p.children())
        return names

    def children(self) -> list["Pattern"]:
        """The sub-patterns (for walks over a pattern)."""
        return []

    def needed(self) -> frozenset[str]:
        """Names of the elementwise scalar ops that every match of this pattern reads a node of: a graph
        without one of them cannot match it (engine.RuleIndex skips the rule there)."""
        return frozenset()

    def where(self, predicate: Callable[[Variable], bool]) -> "Pattern":
        """This pattern, matched only where `predicate(variable)` holds."""
        return Where(self, lambda v, m: predicate(v))

    def named(self, name: str) -> "Pattern":
        """This pattern, also capturing the matched variable under `name`."""
        return Named(name, self)

    def __or__(self, other: Any) -> "Pattern":
        return AnyOf(self, other)

    # operators build elementwise patterns, so rules read like the maths
    def __add__(self, o: Any) -> "Pattern": return E("add", self, o)
    def __radd__(self, o: Any) -> "Pattern": return E("add", o, self)
    def __sub__(self, o: Any) -> "Pattern": return E("sub", self, o)
    def __rsub__(self, o: Any) -> "Pattern": return E("sub", o, self)
    def __mul__(self, o: Any) -> "Pattern": return E("mul", self, o)
    def __rmul__(self, o: Any) -> "Pattern": return E("mul", o, self)
    def __truediv__(self, o: Any) -> "Pattern": return E("true_div", self, o)
    def __rtruediv__(self, o: Any) -> "Pattern": return E("true_div", o, self)
    def __pow__(self, o: Any) -> "Pattern": return E("pow", self, o)
    def __neg__(self) -> "Pattern": return E("neg", self)


def as_pattern(p: Any) -> Pattern:
    if isinstance(p, Pattern):
        return p
    if isinstance(p, (int, float, np.number, bool)):
        return Const(p)
    raise TypeError(f"cannot use {p!r} in a pattern")


class Capture(Pattern):
    """A named capture: matches any variable (the same one wherever the name repeats).

    `where` is an optional predicate on the variable (`Capture("x", where=lambda v: v.ndim == 2)`).
    """

    def __init__(self, name: str, where: Callable[[Variable], bool] | None = None):
        self.name = name
        self.predicate = where

    def match(self, var: Variable, m: Match) -> bool:
        prev = m.captures.get(self.name)
        if prev is not None:
            return same_value(prev, var)
        if self.predicate is not None and not self.predicate(var):
            return False
        m.captures[self.name] = var
        return True

    def build(self, m: Match) -> Variable:
        return m.captures[self.name]

    def __repr__(self) -> str:
        return self.name


class Const(Pattern):
    """Matches a scalar-like constant (broadcastable in every dim) equal to `value`; as a template, that
    constant (in the match's dtype)."""

    def __init__(self, value: Any):
        self.value = value

    def match(self, var: Variable, m: Match) -> bool:
        if not all(getattr(var, "broadcastable", (False,))):
            return False  # a constant array: its shape takes part in broadcasting
        v = scalar_constant(var)
        return v is not None and bool(v == self.value)

    def build(self, m: Match) -> Variable:
        from theano.frontend import dtypes
        from theano.frontend.tensor import constant

        dt = m.dtype
        if dt is not None and dt in dtypes.continuous_dtypes:
            return constant(np.asarray(self.value, dtype=dt))
        return constant(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


class AnyConst(Pattern):
    """A named capture that only matches scalar-like constants (the value: `m.value(name)`)."""

    def __init__(self, name: str):
        self.name = name

    def match(self, var: Variable, m: Match) -> bool:
        if not all(getattr(var, "broadcastable", (False,))) or scalar_constant(var) is None:
            return False
        prev = m.captures.get(self.name)
        if prev is not None:
            return same_value(prev, var)
        m.captures[self.name] = var
        return True

    def build(self, m: Match) -> Variable:
        return m.captures[self.name]

    def __repr__(self) -> str:
        return "const " + self.name


def _match_args(pats: Sequence[Pattern], inputs: Sequence[Variable], m: Match, commutative: bool,
                rest: bool = False) -> bool:
    """Match input lists, in order or (commutative) in any order, restoring the captures on failure.
    With `rest`, inputs beyond the patterns are allowed (and ignored)."""
    if rest and len(inputs) >= len(pats):
        inputs = inputs[:len(pats)]
        commutative = False
    if len(pats) != len(inputs):
        return False
    saved = dict(m.captures)
    orders: Iterator[Sequence[Variable]]
    if commutative and len(inputs) > 1:
        orders = itertools.permutations(inputs) if len(inputs) <= 4 else iter([inputs])
    else:
        orders = iter([inputs])
    for order in orders:
        if all(p.match(v, m) for p, v in zip(pats, order)):
            return True
        m.captures.clear()
        m.captures.update(saved)
    return False


class E(Pattern):
    """An elementwise op by its scalar op's name (`E("log", x)`); `E("add", ...)` matches any inputs."""

    def __init__(self, name: str, *args: Any):
        self.name = name
        self.variadic = len(args) == 1 and args[0] is Ellipsis
        self.args = [] if self.variadic else [as_pattern(a) for a in args]

    def root_key(self) -> Any:
        return ("E", self.name)

    def children(self) -> list[Pattern]:
        return list(self.args)

    def needed(self) -> frozenset[str]:
        return frozenset([self.name]).union(*[a.needed() for a in self.args])

    def match(self, var: Variable, m: Match) -> bool:
        node = var.owner
        if node is None:
            return False
        op = node.op
        if not isinstance(op, Elemwise) or getattr(op.scalar_op, "name", None) != self.name:
            return False
        sop = op.scalar_op
        if self.variadic:
            return True
        return _match_args(self.args, node.inputs, m, bool(getattr(sop, "commutative", False)))

    def build(self, m: Match) -> Variable:
        from theano.frontend.ops.elemwise_table import ELEMWISE_OPS

        return ELEMWISE_OPS[self.name](*[a.build(m) for a in self.args])

    def __repr__(self) -> str:
        return "%s(%s)" % (self.name, "..." if self.variadic else ", ".join(map(repr, self.args)))


class OpP(Pattern):
    """A node of an op class (isinstance; a tuple of classes: any of them) or equal to an op instance, with
    optional prop values or predicates, and sub-patterns for its inputs (`...` alone: any inputs; a trailing
    `...`: any further inputs).

    `out` selects which output of a multi-output op the variable must be; `name` also captures the variable.
    """

    def __init__(self, op: Any, *args: Any, out: int | None = None, name: str | None = None, **props: Any):
        self.op = op
        self.by_class = isinstance(op, (type, tuple))
        self.cls = op if self.by_class else type(op)
        self.variadic = len(args) == 1 and args[0] is Ellipsis
        self.rest = not self.variadic and len(args) > 1 and args[-1] is Ellipsis
        if self.rest:
            args = args[:-1]
        self.args = [] if self.variadic else [as_pattern(a) for a in args]
        self.out = out
        self.props = props
        self.capture = name

    def root_key(self) -> Any:
        return self.cls if not isinstance(self.cls, tuple) else self.cls[0]

    def root_keys(self) -> list[Any]:
        return list(self.cls) if isinstance(self.cls, tuple) else [self.cls]

    def children(self) -> list[Pattern]:
        return list(self.args)

    def needed(self) -> frozenset[str]:
        return frozenset().union(*[a.needed() for a in self.args])

    def match(self, var: Variable, m: Match) -> bool:
        node = var.owner
        if node is None:
            return False
        op = node.op
        if self.by_class:
            if not isinstance(op, self.cls):
                return False
        elif op != self.op:
            return False
        if self.out is not None and var.index != self.out:
            return False
        for k, want in self.props.items():
            have = getattr(op, k, _NO_VALUE)
            if callable(want) and not isinstance(want, type):
                if not want(have):
                    return False
            elif have != want:
                return False
        if not self.variadic and not _match_args(self.args, node.inputs, m, False, self.rest):
            return False
        if self.capture is not None:
            prev = m.captures.get(self.capture)
            if prev is not None and prev is not var:
                return False
            m.captures[self.capture] = var
        return True

    def build(self, m: Match) -> Variable:
        if isinstance(self.op, tuple):
            raise NotImplementedError(f"{self} (several op classes) cannot be used as a template")
        op = self.op if not isinstance(self.op, type) else self.op(**self.props)
        out = op(*[a.build(m) for a in self.args], return_list=True)
        return out[self.out or 0]

    def __repr__(self) -> str:
        names = [c.__name__ for c in self.cls] if isinstance(self.cls, tuple) else [self.cls.__name__]
        args = "..." if self.variadic else ", ".join(list(map(repr, self.args)) + (["..."] if self.rest else []))
        return "%s(%s)" % ("|".join(names), args)


class AnyOf(Pattern):
    """The first of several alternative patterns that matches."""

    def __init__(self, *alternatives: Any):
        self.alternatives: list[Pattern] = []
        for a in map(as_pattern, alternatives):  # `a | b | c` is one flat choice, tried in order
            self.alternatives.extend(a.alternatives if type(a) is AnyOf else [a])

    def match(self, var: Variable, m: Match) -> bool:
        saved = dict(m.captures)
        for alt in self.alternatives:
            if alt.match(var, m):
                return True
            m.captures.clear()
            m.captures.update(saved)
        return False

    def root_keys(self) -> list[Any]:
        return [k for a in self.alternatives for k in a.root_keys()]

    def children(self) -> list[Pattern]:
        return list(self.alternatives)

    def needed(self) -> frozenset[str]:
        return frozenset.intersection(*[a.needed() for a in self.alternatives]) if self.alternatives else frozenset()

    def __repr__(self) -> str:
        return " | ".join(map(repr, self.alternatives))


class _Wrapper(Pattern):
    """A pattern around one sub-pattern: indexed, walked and built as that sub-pattern."""

    pattern: Pattern

    def root_key(self) -> Any:
        return self.pattern.root_key()

    def root_keys(self) -> list[Any]:
        return self.pattern.root_keys()

    def children(self) -> list[Pattern]:
        return [self.pattern]

    def needed(self) -> frozenset[str]:
        return self.pattern.needed()

    def build(self, m: Match) -> Variable:
        return self.pattern.build(m)


class Where(_Wrapper):
    """`pattern` that also satisfies `predicate(var, match)`."""

    def __init__(self, pattern: Any, predicate: Callable[[Variable, Match], bool]):
        self.pattern = as_pattern(pattern)
        self.predicate = predicate

    def match(self, var: Variable, m: Match) -> bool:
        saved = dict(m.captures)
        if self.pattern.match(var, m) and self.predicate(var, m):
            return True
        m.captures.clear()
        m.captures.update(saved)
        return False

    def __repr__(self) -> str:
        return f"{self.pattern!r}.where(...)"


class Named(_Wrapper):
    """`pattern`, also capturing the matched variable under `name` (the same variable wherever it repeats)."""

    def __init__(self, name: str, pattern: Any):
        self.name = name
        self.pattern = as_pattern(pattern)

    def match(self, var: Variable, m: Match) -> bool:
        prev = m.captures.get(self.name)
        if prev is not None:
            return prev is var
        if not self.pattern.match(var, m):
            return False
        m.captures[self.name] = var
        return True

    def build(self, m: Match) -> Variable:
        return m.captures[self.name]

    def __repr__(self) -> str:
        return f"{self.pattern!r}.named({self.name!r})"


class Sole(_Wrapper):
    """`pattern`, where the matched variable has a single client in the graph (not an output; a variable read
    twice by one node has two): a rule may then absorb it without computing it twice."""

    def __init__(self, pattern: Any):
        self.pattern = as_pattern(pattern)

    def match(self, var: Variable, m: Match) -> bool:
        if m.fgraph is None:
            return False
        clients = m.fgraph.clients.get(var, ())
        if len(clients) != 1 or clients[0][0] == "output":
            return False
        return self.pattern.match(var, m)

    def __repr__(self) -> str:
        return f"sole({self.pattern!r})"


def sole(pattern: Any) -> Pattern:
    """`pattern`, matched only where the variable has one client (see Sole)."""
    return Sole(pattern)


class _Namespace:
    """`P.exp(x)`, `P.log(...)`: elementwise patterns by table name (`name=` also captures the variable);
    `P.op(Class, ...)` for other ops."""

    op = staticmethod(OpP)
    any_of = staticmethod(AnyOf)
    const = staticmethod(Const)
    sole = staticmethod(sole)

    def __getattr__(self, name: str) -> Callable[..., E]:
        if name.startswith("__"):
            raise AttributeError(name)
        from theano.frontend.ops.elemwise_table import ELEMWISE_OPS

        if name not in ELEMWISE_OPS:
            raise AttributeError(f"no elementwise op named {name!r}")
        def elementwise(*args: Any, name: str | None = None) -> Pattern:
            pat = E(op_name, *args)
            return pat if name is None else Named(name, pat)

        op_name = name
        return elementwise


P = _Namespace()

# the capture variables rules use
x, y, z, a, b, w, u = (Capture(n) for n in ("x", "y", "z", "a", "b", "w", "u"))
c = AnyConst("c")
