"""The rewrite engine: rules as data, indexed by root op, applied by a worklist to a fixed point.

A `Rule(lhs, rhs, name=...)` pairs a pattern (passes.pattern) with a template pattern or a function
of the match returning a Variable (or None: no rewrite; or a list/dict for multi-output nodes).
`rewrite_graph` walks the graph's nodes in topological order, tries the rules filed under each
node's op (an Elemwise's scalar op name, then the op's class hierarchy), replaces, and queues the
nodes a replacement creates and the clients it touches, until nothing changes. Each node is visited
a bounded number of times per change, so a pass costs O(graph size). A rule may answer `Revisit(nodes)`
("not here, look at these again": a sum deferring to the sum that will absorb it). A loop guard stops
rule sets that fight.
"""
from __future__ import annotations

import copy
import inspect
import warnings
from collections import Counter, deque
from typing import Any, Callable, Collection, Iterable, Sequence

from theano.frontend.config import config
from theano.frontend.fgraph import FunctionGraph, InconsistencyError
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.tag_trace import copy_trace, shares_one_trace
from theano.frontend.ops.elemwise import Elemwise
from theano.passes.merge import MergeFeature
from theano.passes.pattern import AnyOf, Match, Pattern

RhsFn = Callable[..., Any]

_EXTRAS = ("match", "node", "fgraph", "var")  # what a right-hand side may ask for besides the captures


def _caller(fn: Callable[..., Any], captures: set[str], rule_name: str) -> Callable[[Match], Any]:
    """A function of the Match that calls `fn` with the captures (and the extras) it names as parameters.

    `def rhs(x, b)` receives captures x and b; `match`, `node`, `fgraph`, `var` receive the Match, the matched
    node, the graph and the matched variable. A function of one parameter named `m` receives the Match itself.
    """
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # a builtin or callable object without a signature: the Match
        return fn
    if list(params) == ["m"]:
        return fn
    wants_all = any(p.kind is p.VAR_KEYWORD for p in params.values())
    names = tuple(captures) if wants_all else tuple(n for n in params if n in captures)
    extras = tuple(n for n in _EXTRAS if n in params)
    for n, p in params.items():
        if n not in captures and n not in _EXTRAS and p.default is p.empty and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            raise ValueError(f"rule {rule_name}: {fn.__name__} takes {n!r}, which its pattern does not capture "
                             f"(captures: {sorted(captures)}; extras: {list(_EXTRAS)})")

    def call(m: Match) -> Any:
        caps = m.captures
        kwargs = {n: caps[n] for n in names if n in caps}
        for n in extras:
            kwargs[n] = m if n == "match" else getattr(m, n)
        return fn(**kwargs)

    return call


class Rule:
    """One rewrite: `lhs` pattern, `rhs` template pattern or function of the captures, a `name`, and `tags`.

    The rhs function receives the captures it names as keyword arguments (see `_caller`), and returns a
    Variable, None (no rewrite), a list/dict (multi-output nodes) or a Revisit. `when` is an optional extra
    condition, called the same way. `roots` overrides what the rule is indexed by (an op class, or
    ("E", scalar op name)); by default the roots of `lhs`. `needs` names elementwise ops (scalar op names) that
    the rule's function only rewrites around, beyond what its pattern says (Rule.needs). Tags are usually set
    once per list (`tagged`).
    """

    def __init__(self, lhs: Pattern, rhs: Pattern | RhsFn, name: str, tags: Iterable[str] = (),
                 when: Callable[..., bool] | None = None, roots: Sequence[Any] | None = None,
                 needs: Iterable[str] = ()):
        self.lhs = lhs
        self.rhs = rhs
        self.name = name
        self.tags = set(tags)
        self.when = when
        captures = lhs.capture_names()
        self._rhs = rhs.build if isinstance(rhs, Pattern) else _caller(rhs, captures, name)
        self._when = _caller(when, captures, name) if when is not None else None
        self.explicit_roots = roots is not None
        if roots is None:
            roots = lhs.root_keys()
        self.roots = [r for r in roots if r is not None]
        if not self.roots:
            raise ValueError(f"rule {name}: cannot index a pattern without a root op ({lhs!r}); pass roots=")
        # elementwise ops (scalar op names) a match reads, from the pattern and, for a rule whose function looks
        # further than its pattern, `needs`: in a graph without one of them the rule is skipped (RuleIndex)
        self.extra_needs = frozenset(needs)
        self.needs = lhs.needed() | self.extra_needs
        self.base = self  # the rule a narrowed copy (RuleIndex) stands for

    def narrowed(self, keys: Collection[Any], present: Collection[str] | None) -> "Rule | None":
        """This rule as tried on a node filed under `keys` in a graph whose elementwise ops are `present`: a rule
        whose pattern is a choice of alternatives keeps those that can match there (an alternative rooted at
        another op, or reading an op the graph does not have, cannot); None when none can. The copy shares
        everything else with this rule (`base`)."""
        if not isinstance(self.lhs, AnyOf) or self.explicit_roots:
            return self if present is None or self.needs <= present else None
        alternatives = [a for a in self.lhs.alternatives
                        if any(k is None or k in keys for k in a.root_keys())
                        and (present is None or a.needed() | self.extra_needs <= present)]
        if len(alternatives) == len(self.lhs.alternatives):
            return self
        if not alternatives:
            return None
        narrow = copy.copy(self)
        narrow.lhs = AnyOf(*alternatives)
        narrow.needs = narrow.lhs.needed() | self.extra_needs
        return narrow

    def apply(self, var: Variable, fgraph: FunctionGraph) -> Any:
        """The replacement for `var` (None when the rule does not apply)."""
        m = Match(var, fgraph)
        if not self.lhs.match(var, m):
            return None
        if self._when is not None and not self._when(m):
            return None
        return self._rhs(m)

    def __repr__(self) -> str:
        return f"Rule({self.name})"


def tagged(tags: Iterable[str], rules: list[Rule]) -> list[Rule]:
    """`rules`, each with `tags` added: a rule list states its set names once."""
    for r in rules:
        r.tags |= set(tags)
    return rules


class Revisit:
    """What a rule returns to say "not here: look at these nodes again" (no rewrite; they get queued)."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: Iterable[Apply]):
        self.nodes = list(nodes)


class RewriteError(Exception):
    """A rule produced an unusable replacement (a bug in the rule)."""


def fit_type(old: Variable, new: Variable, rule_name: str) -> Variable | None:
    """`new` with `old`'s dtype and broadcastable pattern (cast / patternbroadcast); None when `new` is
    broadcastable where `old` is not (it could be shorter there); RewriteError for a rank change."""
    from theano.frontend.tensor import as_tensor_variable, cast, patternbroadcast

    if new.type == old.type:
        return new
    if not hasattr(old.type, "broadcastable"):
        raise RewriteError(f"rule {rule_name} replaced {old} ({old.type}) by {new} ({new.type})")
    new = as_tensor_variable(new)
    if new.ndim != old.ndim:
        raise RewriteError(f"rule {rule_name} replaced the {old.ndim}-d {old} ({old.type}) by the {new.ndim}-d {new} "
                           f"({new.type})")
    if any(nb and not ob for nb, ob in zip(new.broadcastable, old.broadcastable)):
        return None  # new may have length 1 where old is longer: not a replacement (the rule does not apply)
    if new.dtype != old.dtype:
        new = cast(new, old.dtype)
    if new.broadcastable != old.broadcastable:
        new = patternbroadcast(new, old.broadcastable)
    return new


def _pairs(node: Apply, var: Variable, result: Any) -> list[tuple[Variable, Variable]]:
    if isinstance(result, Variable):
        return [(var, result)]
    if isinstance(result, dict):
        return list(result.items())
    result = list(result)
    if len(result) != len(node.outputs):
        raise RewriteError(f"a rule returned {len(result)} replacements for the {len(node.outputs)} outputs of {node.op}")
    return [(o, n) for o, n in zip(node.outputs, result) if n is not None]


class RuleIndex:
    """Rules filed by root key; `rules_for(node)` lists those to try on a node (cached per op kind).

    With `present` (the scalar op names of the graph's elementwise nodes, grown by `saw` as nodes are added and
    never shrunk), a rule whose pattern reads an elementwise op that the graph has no node of (Rule.needs) is
    left out: `1 - erf(x) -> erfc(x)` is not tried on every add of a graph without erf."""

    def __init__(self, rules: Sequence[Rule], present: set[str] | None = None):
        self.by_key: dict[Any, list[Rule]] = {}
        for r in rules:
            for k in r.roots:
                self.by_key.setdefault(k, []).append(r)
        self._cache: dict[Any, list[Rule]] = {}
        self.present = present

    def saw(self, node: Apply) -> None:
        """A node added to the graph: rules that read its op may apply from now on."""
        op = node.op
        if self.present is not None and isinstance(op, Elemwise):
            name = getattr(op.scalar_op, "name", None)
            if name not in self.present:
                self.present.add(name)
                self._cache.clear()

    def rules_for(self, node: Apply) -> list[Rule]:
        op = node.op
        sop = op.scalar_op if isinstance(op, Elemwise) else None
        key = (type(op), getattr(sop, "name", None))
        found = self._cache.get(key)
        if found is None:
            candidates: list[Rule] = []
            if sop is not None:
                candidates.extend(self.by_key.get(("E", sop.name), ()))
            mro = type(op).__mro__
            for cls in mro:
                for r in self.by_key.get(cls, ()):
                    if r not in candidates:
                        candidates.append(r)
            keys = set(mro)
            if sop is not None:
                keys.add(("E", sop.name))
            found = []
            for r in candidates:
                narrow = r.narrowed(keys, self.present)
                if narrow is not None:
                    found.append(narrow)
            self._cache[key] = found
        return found


class _Queue:
    """The worklist: nodes to visit, each at most once at a time (FIFO)."""

    def __init__(self, nodes: Iterable[Apply], index: RuleIndex | None = None):
        self.items: deque[Apply] = deque()
        self.queued: set[Apply] = set()
        self.index = index
        for n in nodes:
            self.push(n)

    def push(self, node: Any) -> None:
        if isinstance(node, Apply) and node not in self.queued:
            self.queued.add(node)
            self.items.append(node)

    def pop(self) -> Apply:
        node = self.items.popleft()
        self.queued.discard(node)
        return node

    def __bool__(self) -> bool:
        return bool(self.items)

    # fgraph feature callbacks: new nodes get visited, and so do the users of a variable that lost a user
    # (rules such as "expand an inner sum used only here" depend on how many users a variable has)
    def on_import(self, fgraph: FunctionGraph, node: Apply, reason: Any) -> None:
        if self.index is not None:
            self.index.saw(node)
        self.push(node)
        for v in node.inputs:
            self._new_client(fgraph, v)

    def _new_client(self, fgraph: FunctionGraph, var: Variable) -> None:
        """A new user of `var`: rules on its other users may look for it (few users only)."""
        clients = fgraph.clients.get(var, ())
        if len(clients) <= 4:
            for client, _ in clients:
                self.push(client)

    def _lost_client(self, fgraph: FunctionGraph, var: Variable) -> None:
        clients = fgraph.clients.get(var, ())
        if len(clients) == 1:  # rules only ask whether a variable has one user: that user may now apply
            self.push(clients[0][0])
        if var.owner is not None and var.owner in fgraph.apply_nodes:
            self.push(var.owner)

    def on_prune(self, fgraph: FunctionGraph, node: Apply, reason: Any) -> None:
        for v in node.inputs:
            self._lost_client(fgraph, v)

    def on_change_input(self, fgraph: FunctionGraph, node: Any, i: int, r: Variable, new_r: Variable,
                        reason: Any) -> None:
        self.push(node)  # its input changed: the rules see a new node (only the users that changed: not every
        self._new_client(fgraph, new_r)  # user of a constant shared by hundreds of nodes)
        owner = new_r.owner  # rules on new_r's node may look at its users
        if owner is not None and owner in fgraph.apply_nodes:
            self.push(owner)
        self._lost_client(fgraph, r)


def record(fgraph: FunctionGraph, old: Variable, new: Variable, reason: str) -> None:
    """Log a replacement on the graph when it keeps a log (DebugMode reads it to name the culprit)."""
    log = getattr(fgraph, "rewrite_log", None)
    if log is not None:
        log.append((old, new, reason))


def _made_by_rule(fgraph: FunctionGraph, new: Variable) -> list[Variable]:
    """The outputs of the nodes a rule built for a replacement (those of `new`'s graph not yet in `fgraph`)."""
    made: list[Variable] = []
    stack = [new]
    seen: set[int] = set()
    variables = fgraph.variables
    while stack:
        var = stack.pop()
        node = var.owner
        if node is None or var in variables or id(node) in seen:
            continue
        seen.add(id(node))
        made.extend(node.outputs)
        stack.extend(node.inputs)
    return made


def replace_checked(fgraph: FunctionGraph, pairs: list[tuple[Variable, Variable]], reason: str) -> list[Variable]:
    """Replace each (old, new) pair after fitting the types; returns the variables put in (none: all refused)."""
    fitted = []
    for old, new in pairs:
        if new is old:
            continue
        new = fit_type(old, new, reason)
        if new is None or old not in fgraph.variables:
            continue
        fitted.append((old, new))
    done = []
    for old, new in fitted:
        if old not in fgraph.variables:  # pruned by an earlier pair (an unused output of the same node)
            continue
        made = _made_by_rule(fgraph, new)
        try:
            fgraph.replace(old, new, reason=reason)
        except InconsistencyError:
            continue
        for var in made:  # the nodes the rule built stand for `old`: where the user made it (Theano's copy_stack_trace)
            copy_trace(old, var)
        record(fgraph, old, new, reason)
        done.append(new)
    return done


def rule_failed(rule: Rule, node: Apply) -> None:
    """A rule raised while rewriting `node` (call from its except block): config.on_opt_error says what happens.

    As Theano's optimizers: the error is logged on theano.gof.opt unless 'ignore'; 'raise' (and any
    AssertionError) re-raises, 'pdb' opens the debugger, 'warn' and 'ignore' skip the rule for this node."""
    import logging
    import sys
    import traceback

    action = config.on_opt_error
    if action != "ignore":
        logger = logging.getLogger("theano.gof.opt")
        logger.error("Optimization failure due to: %s", rule.name)
        logger.error("node: %s", node)
        logger.error("TRACEBACK:")
        logger.error(traceback.format_exc())
    if action == "pdb":
        import pdb

        pdb.post_mortem(sys.exc_info()[2])
    elif action == "raise" or isinstance(sys.exc_info()[1], AssertionError):
        raise


@shares_one_trace
def rewrite_graph(fgraph: FunctionGraph, rules: Sequence[Rule], phase: str = "rewrite",
                  max_rewrites: int | None = None, merge: bool = True, settled: Collection[Rule] = (),
                  report: dict[str, Any] | None = None, max_per_rule: float | None = None) -> int:
    """Apply `rules` to `fgraph` until none applies (or the loop guard trips); returns the number of rewrites.

    Common subexpressions are merged as they appear (a MergeFeature runs along: the graph's
    `merge_feature` when the pipeline attached one), so rules see one variable for one value.
    `settled` names rules that an earlier phase ran to its fixed point on this very graph: a node whose
    rules are all settled is not visited unless a rewrite here touches it (the stabilize phase repeats the
    canonicalize rules, which have nothing left to do on the nodes no stabilize rule changes).
    `report`, when given, receives "fixpoint": False when the loop guard stopped the phase.
    `max_per_rule` bounds how often one rule may apply (Theano's EquilibriumOptimizer max_use_ratio): past it
    the phase stops, and `report` receives "max_used": the rule's name.
    """
    nodes = fgraph.toposort()
    index = RuleIndex(rules, set())
    for n in nodes:
        index.saw(n)
    if settled:
        fresh = [r for r in rules if r not in settled]
        keys = {k for r in fresh for k in r.roots}
        if any(not isinstance(k, tuple) and k in (Op, Elemwise) for k in keys):
            nodes = [n for n in nodes if any(r.base not in settled for r in index.rules_for(n))]
        else:  # the unsettled rules are filed under scalar op names and specific op classes: a cheap filter first
            names = {k[1] for k in keys if isinstance(k, tuple)}
            classes = tuple(k for k in keys if not isinstance(k, tuple))

            def unsettled(n: Apply) -> bool:
                op = n.op
                if isinstance(op, Elemwise) and getattr(op.scalar_op, "name", None) in names:
                    return True
                return isinstance(op, classes) and any(r.base not in settled for r in index.rules_for(n))

            nodes = [n for n in nodes if unsettled(n)]
    queue = _Queue(nodes, index)
    merger = getattr(fgraph, "merge_feature", None)
    own_merger = merger is None and merge
    if own_merger:
        merger = MergeFeature()
        fgraph.attach_feature(merger)
    fgraph.attach_feature(queue)
    limit = max_rewrites if max_rewrites is not None else 1000 + 30 * len(fgraph.apply_nodes)
    applied: Counter[str] = Counter()
    count = 0
    try:
        if merger is not None:
            _flush_merges(fgraph, merger, queue)
        while queue:
            node = queue.pop()
            if node not in fgraph.apply_nodes:
                continue
            changed = False
            for rule in index.rules_for(node):
                for var in node.outputs:
                    if var not in fgraph.clients:
                        continue
                    try:
                        result = rule.apply(var, fgraph)
                    except Exception:  # noqa: BLE001 - config.on_opt_error decides (rule_failed re-raises)
                        rule_failed(rule, node)
                        continue
                    if result is None:
                        continue
                    if isinstance(result, Revisit):
                        for n in result.nodes:
                            queue.push(n)
                        continue
                    pairs = _pairs(node, var, result)
                    if not pairs or all(n is o for o, n in pairs):
                        continue
                    if replace_checked(fgraph, pairs, rule.name):  # the queue hears of the nodes that changed
                        changed = True
                        applied[rule.name] += 1
                        count += 1
                        break
                if changed:
                    break
            if changed:
                if merger is not None:
                    _flush_merges(fgraph, merger, queue)
                if node in fgraph.apply_nodes:
                    queue.push(node)
                if max_per_rule is not None and applied[rule.name] > max_per_rule:
                    if report is not None:
                        report["fixpoint"] = False
                        report["max_used"] = rule.name
                    break
                if count > limit:
                    top = ", ".join(f"{n} x{k}" for n, k in applied.most_common(3))
                    warnings.warn(f"rewrite phase {phase!r} stopped after {count} rewrites (loop guard); "
                                  f"most applied: {top}")
                    if report is not None:
                        report["fixpoint"] = False
                    break
    finally:
        fgraph.remove_feature(queue)
        if own_merger:
            fgraph.remove_feature(merger)
    return count


def _flush_merges(fgraph: FunctionGraph, merger: MergeFeature, queue: _Queue) -> None:
    merger.flush(fgraph)  # the users that now read the kept node were queued by on_change_input
