"""Theano's global optimizers (theano.gof.opt) over our engine and FunctionGraph.

An optimizer's `optimize(fgraph)` rewrites the graph in place. `SeqOptimizer` runs optimizers in turn,
`MergeOptimizer` is our merge pass, `EquilibriumOptimizer` runs local optimizers (passes/gof_local.py) to a
fixed point with our worklist engine (passes/engine.py), and `TopoOptimizer` (`in2out`/`out2in`) and
`OpKeyOptimizer` make the single walk over the nodes that Theano's navigators made: each node once, in order,
and the nodes a replacement creates too unless `ignore_newtrees`.
"""
from __future__ import annotations

import itertools
import logging
import sys
import traceback
from collections import deque
from typing import Any, Callable, Sequence

from theano.frontend.config import config
from theano.frontend.fgraph import FunctionGraph, InconsistencyError
from theano.frontend.graph import Apply, Constant, Variable, io_toposort
from theano.passes.engine import record, rewrite_graph
from theano.passes.gof_local import LocalOptimizer, as_local_optimizer
from theano.passes.merge import merge_pass

_logger = logging.getLogger("theano.gof.opt")
_ids = itertools.count()


class Optimizer:
    """A whole-graph rewrite (theano.gof.opt.Optimizer): `optimize(fgraph)` changes the graph in place."""

    def __hash__(self) -> int:
        if "_optimizer_idx" not in self.__dict__:
            self._optimizer_idx = next(_ids)
        return self._optimizer_idx

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def apply(self, fgraph: FunctionGraph) -> Any:
        """Rewrite `fgraph` (subclasses)."""

    def optimize(self, fgraph: FunctionGraph, *args: Any, **kwargs: Any) -> Any:
        """Add the optimizer's requirements to `fgraph`, then apply it."""
        self.add_requirements(fgraph)
        return self.apply(fgraph, *args, **kwargs)

    def __call__(self, fgraph: FunctionGraph) -> Any:
        return self.optimize(fgraph)

    def add_requirements(self, fgraph: FunctionGraph) -> None:
        """Features the optimizer needs (none: our FunctionGraph checks every replacement itself)."""

    def print_summary(self, stream: Any = sys.stdout, level: int = 0, depth: int = -1) -> None:
        name = getattr(self, "name", None)
        print(f"{' ' * level}{self.__class__.__name__} {name} id={id(self)}", file=stream)


class FromFunctionOptimizer(Optimizer):
    """An optimizer made from a function of the graph (what `@optimizer` returns)."""

    def __init__(self, fn: Callable[[FunctionGraph], Any], requirements: Sequence[Callable[[Any], None]] = ()):
        self.apply = fn  # type: ignore[method-assign]
        self.requirements = requirements

    def add_requirements(self, fgraph: FunctionGraph) -> None:
        for req in self.requirements:
            req(fgraph)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    @property
    def fn(self) -> Callable[..., Any]:
        return self.apply

    def __str__(self) -> str:
        return getattr(self, "__name__", "<FromFunctionOptimizer instance>")


def optimizer(f: Callable[[FunctionGraph], Any]) -> FromFunctionOptimizer:
    """Decorator: a global optimizer from a function of the FunctionGraph."""
    rval = FromFunctionOptimizer(f)
    rval.__name__ = f.__name__
    return rval


inplace_optimizer = optimizer  # no destroy handler to require: XLA assigns buffers


class SeqOptimizer(Optimizer, list):
    """Optimizers applied one after another (theano.gof.opt.SeqOptimizer)."""

    @staticmethod
    def warn(exc: BaseException, self: Any, optimizer: Any) -> None:
        """The default failure callback: log, and re-raise under config.on_opt_error='raise'."""
        _logger.error("SeqOptimizer apply %s", optimizer)
        _logger.error("Traceback:")
        _logger.error(traceback.format_exc())
        if config.on_opt_error == "raise":
            raise exc
        if config.on_opt_error == "pdb":
            import pdb

            pdb.post_mortem(sys.exc_info()[2])

    def __init__(self, *opts: Any, **kw: Any):
        if len(opts) == 1 and isinstance(opts[0], (list, tuple)):
            opts = tuple(opts[0])
        list.__init__(self, opts)
        self.failure_callback = kw.pop("failure_callback", None)
        if kw:
            raise TypeError(f"SeqOptimizer got unexpected keyword arguments {sorted(kw)}")

    __hash__ = Optimizer.__hash__
    __eq__ = Optimizer.__eq__
    __ne__ = Optimizer.__ne__

    def apply(self, fgraph: FunctionGraph) -> None:
        for opt in list(self):
            try:
                opt.optimize(fgraph)
            except AssertionError:
                raise
            except Exception as e:  # noqa: BLE001 - the failure callback decides
                if self.failure_callback is None:
                    raise
                self.failure_callback(e, self, opt)

    def __str__(self) -> str:
        return "SeqOpt(%s)" % list.__str__(self)

    def __repr__(self) -> str:
        return list.__repr__(self)


class MergeOptimizer(Optimizer):
    """Merges equal nodes and equal constants (our merge pass; theano.gof.opt.MergeOptimizer)."""

    def apply(self, fgraph: FunctionGraph) -> None:
        _merge_constants(fgraph)
        merge_pass(fgraph)

    def __str__(self) -> str:
        return self.__class__.__name__


merge_optimizer = MergeOptimizer()


def _merge_constants(fgraph: FunctionGraph) -> None:
    """Replace each constant by the first one of equal value (the kept one takes the last name, as in Theano)."""
    first: dict[Any, Constant] = {}
    for var in list(fgraph.variables):
        if not isinstance(var, Constant) or var not in fgraph.variables:
            continue
        key = _constant_key(var)
        if key is None:
            continue
        kept = first.setdefault(key, var)
        if kept is var or not fgraph.clients.get(var):
            continue
        if var.name:
            kept.name = var.name
        try:
            fgraph.replace(var, kept, reason="merge")
        except (InconsistencyError, TypeError, ValueError):
            continue
        record(fgraph, var, kept, "merge")


def _constant_key(v: Constant) -> Any:
    try:
        key = v.signature()
        hash(key)
        return key
    except Exception:  # noqa: BLE001 - an unhashable signature (a slice): not merged
        return None


def pre_constant_merge(vars: Any) -> list[Variable]:
    """Merge equal constants in the graphs of `vars` that are not yet in a FunctionGraph (inputs changed in place)."""
    if isinstance(vars, Variable):
        vars = [vars]
    const_of: dict[Any, Variable] = {}
    seen: set[int] = set()

    def canonical(v: Any) -> Any:
        if isinstance(v, Constant):
            key = _constant_key(v)
            if key is not None:
                return const_of.setdefault(key, v)
        return v

    stack = [v for v in vars if isinstance(v, Variable)]
    while stack:
        var = stack.pop()
        node = var.owner
        if node is None or id(node) in seen or hasattr(node, "fgraph"):
            continue
        seen.add(id(node))
        for i, inp in enumerate(node.inputs):
            node.inputs[i] = canonical(inp)
            stack.append(node.inputs[i])
    return [canonical(v) for v in vars]


def pre_greedy_local_optimizer(list_optimizations: Sequence[Any], out: Variable) -> Variable:
    """Apply local optimizers to the nodes computing `out` that are not in a FunctionGraph, inputs first (once
    each, no fixed point); returns what stands for `out` afterwards. Used to fold constants of index graphs."""
    opts = [as_local_optimizer(o) for o in list_optimizations]
    new_of: dict[Variable, Variable] = {}
    order = [n for n in io_toposort([], [out]) if not hasattr(n, "fgraph")] if out.owner is not None else []
    for node in order:
        for i, inp in enumerate(node.inputs):
            if inp in new_of:
                node.inputs[i] = new_of[inp]
        for opt in opts:
            tracks = opt.tracks()
            if tracks and not any((isinstance(t, type) and isinstance(node.op, t)) or node.op == t for t in tracks):
                continue
            ret = opt.transform(node)
            if not ret:
                continue
            pairs = ret.items() if isinstance(ret, dict) else zip(node.outputs, ret)
            for old, new in pairs:
                if new is not None and old is not new:
                    new_of[old] = new
            break
    return new_of.get(out, out)


# ---------------------------------------------------------------------------------------------- navigators


class _Importer:
    """A FunctionGraph feature that hands each imported node to a callback (the navigators' new trees)."""

    def __init__(self, callback: Callable[[Apply], None]):
        self.callback = callback

    def on_import(self, fgraph: FunctionGraph, node: Apply, reason: Any) -> None:
        self.callback(node)


def _name(opt: Any) -> str:
    return str(getattr(opt, "name", None) or getattr(opt, "__name__", None) or opt)


class NavigatorOptimizer(Optimizer):
    """Applies a local optimizer to nodes of the graph (the base of TopoOptimizer and OpKeyOptimizer)."""

    @staticmethod
    def warn(exc: BaseException, nav: Any, repl_pairs: Any, local_opt: Any, node: Any) -> None:
        """Failure callback: log the error; re-raise it under on_opt_error='raise' and for an AssertionError."""
        if config.on_opt_error != "ignore":
            _logger.error("Optimization failure due to: %s", local_opt)
            _logger.error("node: %s", node)
            _logger.error("TRACEBACK:")
            _logger.error(traceback.format_exc())
        if config.on_opt_error == "pdb":
            import pdb

            pdb.post_mortem(sys.exc_info()[2])
        elif isinstance(exc, AssertionError) or config.on_opt_error == "raise":
            raise exc

    @staticmethod
    def warn_inplace(exc: BaseException, nav: Any, repl_pairs: Any, local_opt: Any, node: Any) -> None:
        """Failure callback: as `warn`, but an InconsistencyError is ignored."""
        if isinstance(exc, InconsistencyError):
            return
        NavigatorOptimizer.warn(exc, nav, repl_pairs, local_opt, node)

    @staticmethod
    def warn_ignore(exc: BaseException, nav: Any, repl_pairs: Any, local_opt: Any, node: Any) -> None:
        """Failure callback: ignore every error."""

    def __init__(self, local_opt: Any, ignore_newtrees: Any = "auto", failure_callback: Any = None):
        self.local_opt = as_local_optimizer(local_opt) if local_opt is not None else None
        if ignore_newtrees == "auto":
            self.ignore_newtrees = not getattr(local_opt, "reentrant", True)
        else:
            self.ignore_newtrees = ignore_newtrees
        self.failure_callback = failure_callback

    def process_node(self, fgraph: FunctionGraph, node: Apply, lopt: Any = None) -> bool:
        """Ask `lopt` (default: this navigator's) for replacements of `node`'s outputs and make them; whether
        the graph changed."""
        lopt = lopt or self.local_opt
        node.fgraph = fgraph
        try:
            replacements = lopt.transform(node)
        except Exception as e:  # noqa: BLE001 - the failure callback decides
            if self.failure_callback is None:
                raise
            self.failure_callback(e, self, [(x, None) for x in node.outputs], lopt, node)
            return False
        if replacements is False or replacements is None:
            return False
        old_vars = node.outputs
        if isinstance(replacements, dict):
            replacements = {k: v for k, v in replacements.items() if k != "remove"}
            old_vars, replacements = list(replacements), list(replacements.values())
        elif not isinstance(replacements, (tuple, list)):
            raise TypeError(f"Optimizer {lopt} gave wrong type of replacement. Expected list or tuple. "
                            f"Got {replacements}")
        if len(old_vars) != len(replacements):
            raise ValueError(f"Optimizer {lopt} gave wrong number of replacements")
        for r, rnew in zip(old_vars, replacements):
            if rnew is None and fgraph.clients.get(r):
                raise ValueError("A local optimizer tried to remove a Variable that is used")
        pairs = [(r, rnew) for r, rnew in zip(old_vars, replacements) if rnew is not r and rnew is not None]
        if not pairs:
            return False
        reason = _name(lopt)
        try:
            for r, rnew in pairs:
                if r in fgraph.variables:
                    fgraph.replace(r, rnew, reason=reason)
                    record(fgraph, r, rnew, reason)
            return True
        except Exception as e:  # noqa: BLE001 - the failure callback decides
            if self.failure_callback is None:
                raise
            self.failure_callback(e, self, pairs, lopt, node)
            return False

    def add_requirements(self, fgraph: FunctionGraph) -> None:
        if self.local_opt is not None:
            self.local_opt.add_requirements(fgraph)


class TopoOptimizer(NavigatorOptimizer):
    """One walk over the nodes in topological order (or reverse), trying the local optimizer on each; the
    nodes a replacement creates are visited too unless `ignore_newtrees`."""

    def __init__(self, local_opt: Any, order: str = "in_to_out", ignore_newtrees: Any = False,
                 failure_callback: Any = None):
        if order not in ("out_to_in", "in_to_out"):
            raise ValueError("order must be 'out_to_in' or 'in_to_out'")
        self.order = order
        super().__init__(local_opt, ignore_newtrees, failure_callback)

    def apply(self, fgraph: FunctionGraph, start_from: Sequence[Variable] | None = None) -> int:
        q = deque(io_toposort(fgraph.inputs, start_from if start_from is not None else fgraph.outputs))
        current: list[Any] = [None]

        def importer(node: Apply) -> None:
            if node is not current[0]:
                q.append(node)

        feature = None if self.ignore_newtrees else _Importer(importer)
        if feature is not None:
            fgraph.attach_feature(feature)
        changed = 0
        try:
            while q:
                node = q.pop() if self.order == "out_to_in" else q.popleft()
                if node not in fgraph.apply_nodes:
                    continue
                current[0] = node
                changed += self.process_node(fgraph, node)
        finally:
            if feature is not None:
                fgraph.remove_feature(feature)
        return changed

    def __str__(self) -> str:
        return getattr(self, "__name__", "<TopoOptimizer instance>")


def _topo(order: str, local_opts: Sequence[Any], kwargs: dict) -> TopoOptimizer:
    name = kwargs.pop("name", None)
    if len(local_opts) > 1:
        from theano.passes.gof_local import LocalOptGroup

        lopt: Any = LocalOptGroup(*local_opts)
    else:
        (lopt,) = local_opts
        name = name or getattr(lopt, "__name__", None)
    kwargs.setdefault("failure_callback", TopoOptimizer.warn_inplace)
    ret = TopoOptimizer(lopt, order=order, **kwargs)
    if name:
        ret.__name__ = name
    return ret


def out2in(*local_opts: Any, **kwargs: Any) -> TopoOptimizer:
    """A TopoOptimizer of the local optimizers (grouped), from the outputs to the inputs."""
    return _topo("out_to_in", local_opts, kwargs)


def in2out(*local_opts: Any, **kwargs: Any) -> TopoOptimizer:
    """A TopoOptimizer of the local optimizers (grouped), from the inputs to the outputs."""
    return _topo("in_to_out", local_opts, kwargs)


class OpKeyOptimizer(NavigatorOptimizer):
    """Applies a local optimizer with an `op_key()` to the nodes of that op (last first)."""

    def __init__(self, local_opt: Any, ignore_newtrees: Any = False, failure_callback: Any = None):
        if not hasattr(local_opt, "op_key"):
            raise TypeError("LocalOptimizer for OpKeyOptimizer must have an 'op_key' method.")
        super().__init__(local_opt, ignore_newtrees, failure_callback)

    def apply(self, fgraph: FunctionGraph) -> None:
        op = self.local_opt.op_key()
        ops = list(op) if isinstance(op, (list, tuple)) else [op]
        q = [n for n in fgraph.toposort() if any(n.op == o for o in ops)]
        current: list[Any] = [None]

        def importer(node: Apply) -> None:
            if node is not current[0] and any(node.op == o for o in ops):
                q.append(node)

        feature = None if self.ignore_newtrees else _Importer(importer)
        if feature is not None:
            fgraph.attach_feature(feature)
        try:
            while q:
                node = q.pop()
                if node not in fgraph.apply_nodes:
                    continue
                current[0] = node
                self.process_node(fgraph, node)
        finally:
            if feature is not None:
                fgraph.remove_feature(feature)


class EquilibriumOptimizer(NavigatorOptimizer):
    """Local (and global) optimizers applied until none changes the graph, on our worklist engine.

    Each local optimizer may apply at most `max_use_ratio` times the number of nodes (default
    config.optdb.max_use_ratio); past that the optimizer stops and logs an error (raises under
    on_opt_error='raise'), as Theano's did. A local replacement of another type is an error of that
    optimizer (logged, or a BadOptimization under on_opt_error='raise'), never cast silently.
    """

    def __init__(self, optimizers: Sequence[Any], failure_callback: Any = None, ignore_newtrees: bool = True,
                 tracks_on_change_inputs: bool = False, max_use_ratio: float | None = None,
                 final_optimizers: Sequence[Any] | None = None, cleanup_optimizers: Sequence[Any] | None = None):
        super().__init__(None, ignore_newtrees=ignore_newtrees, failure_callback=failure_callback)
        self.local_optimizers_all: list[LocalOptimizer] = []
        self.global_optimizers: list[Optimizer] = []
        for opt in optimizers:
            if isinstance(opt, Optimizer):
                self.global_optimizers.append(opt)
            else:
                self.local_optimizers_all.append(as_local_optimizer(opt))
        self.final_optimizers = [as_local_optimizer(o) for o in final_optimizers or ()]
        self.cleanup_optimizers = [as_local_optimizer(o) for o in cleanup_optimizers or ()]
        self.max_use_ratio = max_use_ratio if max_use_ratio is not None else config.optdb.max_use_ratio
        self.tracks_on_change_inputs = tracks_on_change_inputs

    def get_local_optimizers(self) -> list[LocalOptimizer]:
        return list(self.local_optimizers_all) + list(self.final_optimizers) + list(self.cleanup_optimizers)

    @property
    def entries(self) -> list[tuple[str, Any]]:
        """(name, optimizer) of every optimizer, local then global (what a database query selected)."""
        return [(_name(o), o) for o in self.local_optimizers_all + self.global_optimizers]

    def add_requirements(self, fgraph: FunctionGraph) -> None:
        for opt in self.get_local_optimizers() + self.global_optimizers:
            opt.add_requirements(fgraph)

    def apply(self, fgraph: FunctionGraph) -> int:
        rules = [o.as_rule(_name(o), check_types=True) for o in self.local_optimizers_all]
        max_use = max(1.0, self.max_use_ratio * max(len(fgraph.apply_nodes), 1))
        total = 0
        for _ in range(1000):  # global optimizers and the local fixed point, until the graph stops changing
            version = fgraph._version
            for gopt in self.global_optimizers:
                try:
                    gopt.optimize(fgraph)
                except Exception as e:  # noqa: BLE001 - the failure callback decides
                    if self.failure_callback is None:
                        raise
                    self.failure_callback(e, self, None, gopt, None)
            report: dict[str, Any] = {"fixpoint": True}
            if rules:
                total += rewrite_graph(fgraph, rules, phase=_name(self), merge=False, report=report,
                                       max_per_rule=max_use)
            for extra in (self.final_optimizers, self.cleanup_optimizers):
                if extra:
                    nav = TopoOptimizer(extra[0] if len(extra) == 1 else _group(extra), ignore_newtrees=True,
                                        failure_callback=self.failure_callback)
                    total += nav.apply(fgraph)
            over = report.get("max_used")
            if over is not None:
                message = (f"EquilibriumOptimizer max'ed out by '{over}'. You can safely raise the current "
                           f"threshold of {self.max_use_ratio:f} with the theano flag 'optdb.max_use_ratio'.")
                if config.on_opt_error == "raise":
                    raise AssertionError(message)
                _logger.error(message)
                break
            if fgraph._version == version or not self.global_optimizers:
                break
        return total

    def __str__(self) -> str:
        return getattr(self, "__name__", "EquilibriumOptimizer(%s)" % [_name(o) for o in self.get_local_optimizers()])

    __repr__ = __str__


def _group(opts: Sequence[Any]) -> Any:
    from theano.passes.gof_local import LocalOptGroup

    return LocalOptGroup(*opts)
