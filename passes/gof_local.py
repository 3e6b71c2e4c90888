"""Theano's local optimizers (theano.gof.opt): objects whose `transform(node)` proposes replacements for a node.

`transform(node)` returns False/None (no change), a list of replacements for `node.outputs` (None keeps one),
or a dict {old variable: new variable}. These are what libraries register with `register_canonicalize`,
`optdb['canonicalize'].register(...)` or run with `out2in`/`in2out`/`EquilibriumOptimizer`; they run on our
engine through `as_rule` (an engine Rule filed under the ops the optimizer tracks), and our own engine Rules
are usable where Theano expects a local optimizer through `RuleLocalOptimizer` (theano.tensor.opt's names).

A navigator sets `node.fgraph` before calling `transform`, as Theano's FunctionGraph did, so a transform can
look at `node.fgraph.clients`.
"""
from __future__ import annotations

import itertools
import sys
from typing import Any, Callable, Sequence

import numpy as np

from theano.frontend.graph import Apply, Constant, MethodNotDefined, Op, Variable
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.tag_trace import copy_trace
from theano.passes.engine import Revisit, Rule, _pairs, fit_type
from theano.passes.pattern import OpP

_ids = itertools.count()


class LocalOptimizer:
    """A rewrite of one node (theano.gof.opt.LocalOptimizer): subclasses define `transform(node)`."""

    def __hash__(self) -> int:
        if "_optimizer_idx" not in self.__dict__:
            self._optimizer_idx = next(_ids)
        return self._optimizer_idx

    def tracks(self) -> Sequence[Any] | None:
        """The ops (instances or classes) this optimizer applies to; None: any node."""
        return None

    def transform(self, node: Apply) -> Any:
        """Replacements for node.outputs (a list or dict), or False."""
        raise MethodNotDefined("transform", type(self), self.__class__.__name__)

    def add_requirements(self, fgraph: Any) -> None:
        """Features the optimizer needs on the graph (none here: our FunctionGraph validates every change)."""

    def print_summary(self, stream: Any = sys.stdout, level: int = 0, depth: int = -1) -> None:
        print(f"{' ' * level}{self.__class__.__name__} id={id(self)}", file=stream)

    # the engine's view: an engine Rule running this optimizer, filed under what it tracks
    def as_rule(self, name: str | None = None, tags: Any = (), check_types: bool = False) -> Rule:
        """This optimizer as an engine Rule (`check_types`: a replacement of another type is an error, not cast)."""
        name = name or getattr(self, "name", None) or getattr(self, "__name__", None) or str(self)
        tracked = self.tracks()

        def rhs(node: Apply, fgraph: Any) -> Any:
            if tracked and not _tracked(node, tracked):
                return None
            node.fgraph = fgraph
            out = self.transform(node)
            if not out:
                return None
            if isinstance(out, dict):
                out = {k: v for k, v in out.items() if k != "remove"}
            if check_types:
                _check_types(name, node, out)
            return out if isinstance(out, dict) else list(out)

        return Rule(OpP(Op, ...), rhs, name=name, tags=set(tags) | {name}, roots=track_keys(tracked))


def _tracked(node: Apply, tracks: Sequence[Any]) -> bool:
    op = node.op
    return any((isinstance(t, type) and isinstance(op, t)) or (not isinstance(t, type) and op == t) for t in tracks)


def track_keys(tracks: Sequence[Any] | None) -> list[Any]:
    """The engine index keys of what an optimizer tracks (an Elemwise by its scalar op; a class; else any op)."""
    if not tracks:
        return [Op]
    keys: list[Any] = []
    for t in tracks:
        if isinstance(t, Elemwise):
            keys.append(("E", t.scalar_op.name))
        elif isinstance(t, type):
            keys.append(t)
        elif isinstance(t, Op):
            keys.append(type(t))
        else:  # a scalar op or anything else: filed under every op, the transform decides
            return [Op]
    return keys


def _check_types(name: str, node: Apply, out: Any) -> None:
    """A replacement of another type: BadOptimization under on_opt_error='raise'; else the rule is skipped."""
    from theano.frontend.config import config
    from theano.passes.optdb import BadOptimization

    pairs = list(out.items()) if isinstance(out, dict) else list(zip(node.outputs, out))
    for old, new in pairs:
        if new is not None and getattr(new, "type", None) != old.type:
            message = (f"{name}: the type of the replacement must be the same as the type of the original "
                       f"variable ({old}: {old.type}, replacement {new}: {getattr(new, 'type', None)})")
            if config.on_opt_error == "raise":
                raise BadOptimization(message, old, new, name)
            raise TypeError(message)


class FromFunctionLocalOptimizer(LocalOptimizer):
    """A local optimizer made from a function `fn(node)` (what `@local_optimizer(tracks)` returns)."""

    def __init__(self, fn: Callable[[Apply], Any], tracks: Sequence[Any] | None = None, requirements: Any = ()):
        self.fn = fn
        self._tracks = list(tracks) if tracks is not None else None
        self.requirements = requirements
        self.__name__ = getattr(fn, "__name__", "local_optimizer")
        self.__doc__ = getattr(fn, "__doc__", None)

    def transform(self, node: Apply) -> Any:
        return self.fn(node)

    def tracks(self) -> Sequence[Any] | None:
        return self._tracks

    def __call__(self, node: Apply) -> Any:
        return self.fn(node)

    def __str__(self) -> str:
        return getattr(self, "__name__", "<FromFunctionLocalOptimizer instance>")


def local_optimizer(tracks: Sequence[Any] | None, inplace: bool = False,
                    requirements: Any = ()) -> Callable[[Callable[[Apply], Any]], FromFunctionLocalOptimizer]:
    """Decorator: a local optimizer from `fn(node)`; `tracks` lists the ops (or op classes) it applies to."""
    if tracks is not None:
        if len(tracks) == 0:
            raise ValueError("Use None instead of an empty list to apply to all nodes.", tracks)
        for t in tracks:
            if not (isinstance(t, Op) or (isinstance(t, type) and issubclass(t, Op))
                    or type(t).__name__.endswith("ScalarOp") or hasattr(t, "impl")):
                raise ValueError("Tracks are op classes or instances", t)

    def decorator(fn: Callable[[Apply], Any]) -> FromFunctionLocalOptimizer:
        return FromFunctionLocalOptimizer(fn, tracks, requirements)
    return decorator


class RuleLocalOptimizer(LocalOptimizer):
    """One of our engine Rules used where Theano expects a local optimizer (theano.tensor.opt's rewrites)."""

    def __init__(self, rule: Rule):
        self.rule = rule
        self.__name__ = rule.name

    def tracks(self) -> Sequence[Any] | None:
        return None

    def transform(self, node: Apply) -> Any:
        fgraph = getattr(node, "fgraph", None)
        if fgraph is None or node not in fgraph.apply_nodes:  # called on a node of no graph: the graph below it
            fgraph = _graph_below(node)
        for var in node.outputs:
            result = self.rule.apply(var, fgraph)
            if result is None or isinstance(result, Revisit):
                continue
            pairs = _pairs(node, var, result)
            fitted = {}
            for old, new in pairs:
                if new is old or new is None:
                    continue
                new = fit_type(old, new, self.rule.name)
                if new is not None:
                    fitted[old] = new
            if fitted:
                if len(node.outputs) == 1:
                    return [fitted[node.outputs[0]]]
                return fitted
        return False

    def as_rule(self, name: str | None = None, tags: Any = (), check_types: bool = False) -> Rule:
        return self.rule

    def __str__(self) -> str:
        return self.rule.name


def _graph_below(node: Apply) -> Any:
    """A FunctionGraph of `node`'s outputs and what computes them (for the rules' client counts), or None."""
    from theano.frontend.fgraph import FunctionGraph
    from theano.frontend.graph import graph_inputs

    try:
        leaves = [v for v in graph_inputs(node.outputs) if not isinstance(v, Constant)]
        return FunctionGraph(leaves, list(node.outputs), clone=False)
    except Exception:  # noqa: BLE001 - a graph FunctionGraph refuses (a cached constant): no client counts
        return None


def as_local_optimizer(obj: Any) -> LocalOptimizer:
    """A LocalOptimizer for `obj`: itself, an engine Rule wrapped, or a plain function of the node."""
    if isinstance(obj, LocalOptimizer):
        return obj
    if isinstance(obj, Rule):
        return RuleLocalOptimizer(obj)
    if callable(obj):
        return FromFunctionLocalOptimizer(obj, None)
    raise TypeError(f"expected a local optimizer (LocalOptimizer, engine Rule or function of a node), got {obj!r}")


class LocalOptGroup(LocalOptimizer):
    """Several local optimizers tried in turn on a node; the first that applies wins (or all, apply_all_opts)."""

    def __init__(self, *optimizers: Any, **kwargs: Any):
        if len(optimizers) == 1 and isinstance(optimizers[0], list):
            optimizers = tuple(optimizers[0])
        self.opts = [as_local_optimizer(o) for o in optimizers]
        self.reentrant = any(getattr(o, "reentrant", True) for o in self.opts)
        self.retains_inputs = all(getattr(o, "retains_inputs", False) for o in self.opts)
        self.apply_all_opts = kwargs.pop("apply_all_opts", False)
        self.profile = kwargs.pop("profile", False)

    def __str__(self) -> str:
        return getattr(self, "__name__", "LocalOptGroup(%s)" % ",".join(str(o) for o in self.opts))

    def tracks(self) -> Sequence[Any] | None:
        found: list[Any] = []
        for o in self.opts:
            t = o.tracks()
            if not t:
                return None
            found.extend(t)
        return found

    def transform(self, node: Apply) -> Any:
        if not self.opts:
            return False
        fgraph = getattr(node, "fgraph", None)
        repl: Any = False
        for opt in self.opts:
            tracks = opt.tracks()
            if tracks and not _tracked(node, tracks):
                continue
            new_repl = opt.transform(node)
            if not new_repl:
                continue
            if not self.apply_all_opts:
                return new_repl
            repl = new_repl
            outs = list(new_repl.values()) if isinstance(new_repl, dict) else list(new_repl)
            if len(outs) != 1 or outs[0] is None or outs[0].owner is None:
                return repl
            node = outs[0].owner  # apply the next optimizers to what this one made
            node.fgraph = fgraph
        return repl

    def add_requirements(self, fgraph: Any) -> None:
        for opt in self.opts:
            opt.add_requirements(fgraph)


class OpSub(LocalOptimizer):
    """Replaces `op1(*inputs)` by `op2(*inputs)` (theano.gof.opt.OpSub)."""

    reentrant = False  # no nodes it makes are ever op1
    retains_inputs = True

    def __init__(self, op1: Op, op2: Op, transfer_tags: bool = True):
        self.op1, self.op2, self.transfer_tags = op1, op2, transfer_tags

    def op_key(self) -> Op:
        return self.op1

    def tracks(self) -> list[Op]:
        return [self.op1]

    def transform(self, node: Apply) -> Any:
        if node.op != self.op1:
            return False
        repl = self.op2.make_node(*node.inputs)
        if self.transfer_tags:
            repl.tag = node.tag
            for output, new_output in zip(node.outputs, repl.outputs):
                new_output.tag = output.tag
        return repl.outputs

    def __str__(self) -> str:
        return f"{self.op1} -> {self.op2}"


class OpRemove(LocalOptimizer):
    """Removes `op(x)`, replacing its outputs by its inputs (theano.gof.opt.OpRemove)."""

    reentrant = False

    def __init__(self, op: Op):
        self.op = op

    def op_key(self) -> Op:
        return self.op

    def tracks(self) -> list[Op]:
        return [self.op]

    def transform(self, node: Apply) -> Any:
        if node.op != self.op:
            return False
        return node.inputs

    def __str__(self) -> str:
        return f"{self.op}(x) -> x"


class PatternSub(LocalOptimizer):
    """Replaces an input pattern by an output pattern, written as nested tuples (theano.gof.opt.PatternSub).

    `(op, sub, ...)` matches a node of `op` (by ==) whose inputs match the subpatterns; a string is a
    variable (the same string must match the same variable), a number or Constant a constant of that
    value, `{'pattern': p, 'constraint': fn(var)}` adds a condition. Inner nodes must have one client
    unless `allow_multiple_clients`. The output pattern is built the same way from what was matched.
    """

    def __init__(self, in_pattern: Any, out_pattern: Any, allow_multiple_clients: bool = False,
                 skip_identities_fn: Any = None, name: str | None = None, pdb: bool = False,
                 tracks: Any = (), get_nodes: Any = None, values_eq_approx: Any = None):
        self.in_pattern, self.out_pattern = in_pattern, out_pattern
        self.values_eq_approx = values_eq_approx
        if isinstance(in_pattern, (list, tuple)):
            self.op = in_pattern[0]
        elif isinstance(in_pattern, dict):
            self.op = in_pattern["pattern"][0]
        else:
            raise TypeError("The pattern to search for must start with a specific Op instance.")
        self.allow_multiple_clients = allow_multiple_clients
        self.skip_identities_fn = skip_identities_fn
        if name:
            self.__name__ = name
        self.pdb = pdb
        self._tracks = tracks
        self.get_nodes = get_nodes
        if tracks != () and not get_nodes:
            raise ValueError("PatternSub: give get_nodes along with tracks")

    def op_key(self) -> Any:
        return self.op

    def tracks(self) -> Any:
        return self._tracks if self._tracks != () else [self.op]

    def transform(self, node: Apply, get_nodes: bool = True) -> Any:
        if get_nodes and self.get_nodes is not None:
            for real_node in self.get_nodes(node):
                if real_node == "output":
                    continue
                real_node.fgraph = getattr(node, "fgraph", None)
                ret = self.transform(real_node, get_nodes=False)
                if ret:
                    return dict(zip(real_node.outputs, ret))
        if node.op != self.op:
            return False
        fgraph = getattr(node, "fgraph", None)
        captures: dict[str, Variable] = {}
        if not self._match(self.in_pattern, node.outputs[0], captures, True, fgraph):
            return False
        ret = self._build(self.out_pattern, captures)
        if self.values_eq_approx and isinstance(ret, Variable):
            ret.tag.values_eq_approx = self.values_eq_approx
        return [ret]

    def _match(self, pattern: Any, expr: Variable, u: dict, allow_multiple: bool, fgraph: Any) -> bool:
        saved = dict(u)
        if self._match_here(pattern, expr, u, allow_multiple, fgraph):
            return True
        u.clear()
        u.update(saved)
        if self.skip_identities_fn:
            equiv = self.skip_identities_fn(expr)
            if equiv is not None:
                return self._match(pattern, equiv, u, allow_multiple, fgraph)
        return False

    def _match_here(self, pattern: Any, expr: Variable, u: dict, allow_multiple: bool, fgraph: Any) -> bool:
        if isinstance(pattern, (list, tuple)):
            node = expr.owner
            if node is None or not (node.op == pattern[0]):
                return False
            if not allow_multiple and fgraph is not None and len(fgraph.clients.get(expr, ())) > 1:
                return False
            if len(pattern) - 1 != len(node.inputs):
                return False
            return all(self._match(p, v, u, self.allow_multiple_clients, fgraph)
                       for p, v in zip(pattern[1:], node.inputs))
        if isinstance(pattern, dict):
            if "pattern" not in pattern:
                raise KeyError(f"Malformed pattern: {pattern} (expected key 'pattern')")
            constraint = pattern.get("constraint", lambda expr: True)
            if not constraint(expr):
                return False
            return self._match(pattern["pattern"], expr, u,
                               pattern.get("allow_multiple_clients", allow_multiple), fgraph)
        if isinstance(pattern, str):
            have = u.get(pattern)
            if have is not None:
                return have is expr
            u[pattern] = expr
            return True
        if isinstance(pattern, (int, float)) and not isinstance(pattern, bool) and isinstance(expr, Constant):
            return bool(np.all(np.asarray(expr.data) == pattern))
        if isinstance(pattern, Constant) and isinstance(expr, Constant):
            return bool(pattern.equals(expr)) if hasattr(pattern, "equals") else pattern.signature() == expr.signature()
        return False

    def _build(self, pattern: Any, u: dict) -> Any:
        if isinstance(pattern, (list, tuple)):
            return pattern[0](*[self._build(p, u) for p in pattern[1:]])
        if isinstance(pattern, str):
            return u[pattern]
        if isinstance(pattern, (int, float)):
            return pattern
        return pattern.clone()

    def __str__(self) -> str:
        if getattr(self, "__name__", None):
            return self.__name__

        def pattern_to_str(pattern: Any) -> str:
            if isinstance(pattern, (list, tuple)):
                return "%s(%s)" % (pattern[0], ", ".join(pattern_to_str(p) for p in pattern[1:]))
            if isinstance(pattern, dict):
                return "%s subject to %s" % (pattern_to_str(pattern["pattern"]),
                                             pattern.get("constraint", "no conditions"))
            return str(pattern)
        return f"{pattern_to_str(self.in_pattern)} -> {pattern_to_str(self.out_pattern)}"

    __repr__ = __str__


def check_chain(r: Any, *chain: Any) -> bool:
    """Whether `r` is computed by chain[0] applied to chain[1]'s result, and so on (ops or op classes)."""
    if isinstance(r, Apply):
        r = r.outputs[0]
    for elem in chain:
        node = getattr(r, "owner", None)
        if node is None:
            return False
        if isinstance(elem, type):
            if not isinstance(node.op, elem):
                return False
        elif node.op != elem:
            return False
        if not node.inputs:
            return elem is chain[-1]
        r = node.inputs[0]
    return True


def copy_stack_trace(from_var: Any, to_var: Any) -> None:
    """Give `to_var` (a variable or list) the creation trace(s) of `from_var` (a variable or list)."""
    targets = to_var if isinstance(to_var, (list, tuple)) else [to_var]
    if not isinstance(from_var, (list, tuple)):
        for v in targets:
            copy_trace(from_var, v)
        return
    trace: list = []
    for v in from_var:
        t = list(getattr(v.tag, "trace", None) or [])
        if t and isinstance(t[0], tuple):  # one trace, not a list of traces
            t = [t]
        trace.extend(t)
    for v in targets:
        v.tag.__dict__.pop("trace_raw", None)
        v.tag.trace = list(trace)
