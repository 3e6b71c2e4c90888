"""Theano's optimizer databases (theano.gof.optdb) and the global one, `theano.compile.optdb`.

A DB holds optimizers under names and tags; `query('+tag', '-tag', '&tag')` (or a `Query`) selects some and
returns one optimizer: a SeqOptimizer ordered by position (SequenceDB), an EquilibriumOptimizer
(EquilibriumDB), a LocalOptGroup (LocalGroupDB).

`optdb`, the global SequenceDB, is a view of our pipeline (passes/pipeline.py): its entries `merge1`,
`constant_folding`, `canonicalize`, `stabilize`, `specialize`, `scan_merge`, `scan_save_mem`, `merge2` are
our phases at Theano's positions, and the rewrite sets are `PhaseDB`s whose registrations join the phase's
rules. `optdb.register(name, optimizer, position, *tags)` adds a step that theano.function runs at that
position whenever the mode's query enables its tags; `optdb.query(q).optimize(fgraph)` runs exactly what
theano.function runs for that query (up to `q.position_cutoff`).
"""
from __future__ import annotations

import copy
import sys
from typing import Any

from theano.frontend.config import config
from theano.passes import pipeline
from theano.passes.engine import Rule
from theano.passes.gof_local import LocalOptGroup, LocalOptimizer, RuleLocalOptimizer
from theano.passes.gof_opt import EquilibriumOptimizer, MergeOptimizer, NavigatorOptimizer, Optimizer, \
    SeqOptimizer, TopoOptimizer


class Query:
    """Which optimizers a DB query selects: tags to include, require (all) and exclude, sub-queries per DB
    name, a position cutoff (SequenceDB) and extra (optimizer, position) pairs."""

    def __init__(self, include: Any, require: Any = None, exclude: Any = None, subquery: dict | None = None,
                 position_cutoff: float = float("inf"), extra_optimizations: list | None = None):
        self.include = dict.fromkeys(include)
        self.require = dict.fromkeys(require or ())
        self.exclude = dict.fromkeys(exclude or ())
        self.subquery = subquery or {}
        self.position_cutoff = position_cutoff
        self.extra_optimizations = list(extra_optimizations or [])

    def __str__(self) -> str:
        return ("Query{inc=%s,ex=%s,require=%s,subquery=%s,position_cutoff=%f,extra_opts=%s}" %
                (list(self.include), list(self.exclude), list(self.require), self.subquery, self.position_cutoff,
                 self.extra_optimizations))

    def _new(self, include: Any = None, require: Any = None, exclude: Any = None, extra: Any = None) -> "Query":
        return Query(include if include is not None else list(self.include),
                     require if require is not None else list(self.require),
                     exclude if exclude is not None else list(self.exclude),
                     self.subquery, self.position_cutoff,
                     extra if extra is not None else self.extra_optimizations)

    def including(self, *tags: str) -> "Query":
        return self._new(include=list(self.include) + list(tags))

    def excluding(self, *tags: str) -> "Query":
        return self._new(exclude=list(self.exclude) + list(tags))

    def requiring(self, *tags: str) -> "Query":
        return self._new(require=list(self.require) + list(tags))

    def register(self, *optimizations: Any) -> "Query":
        """A copy that also runs these (optimizer, position) pairs."""
        return self._new(extra=self.extra_optimizations + list(optimizations))

    def as_pipeline_query(self) -> pipeline.Query:
        return pipeline.Query(set(self.include), set(self.exclude), set(self.require))


def _parse_tags(tags: tuple, kwtags: dict) -> Query:
    if len(tags) >= 1 and isinstance(tags[0], Query):
        if len(tags) > 1 or kwtags:
            raise TypeError("If the first argument to query is a Query, there should be no other arguments.",
                            tags, kwtags)
        return tags[0]
    include = [t[1:] for t in tags if t.startswith("+")]
    require = [t[1:] for t in tags if t.startswith("&")]
    exclude = [t[1:] for t in tags if t.startswith("-")]
    if len(include) + len(require) + len(exclude) < len(tags):
        raise ValueError("All tags must start with one of the following characters: '+', '&' or '-'", tags)
    return Query(include=include, require=require, exclude=exclude, subquery=kwtags)


class DB:
    """Optimizers by name and tag (theano.gof.optdb.DB)."""

    def __hash__(self) -> int:
        return id(self)

    def __init__(self) -> None:
        self.__db__: dict[str, dict[Any, None]] = {}
        self._names: set[str] = set()
        self.name: str | None = None

    def register(self, name: str, obj: Any, *tags: str, **kwargs: Any) -> None:
        """Add `obj` under `name`, selected by `name`, its class name and `tags` (and the DB's own name)."""
        if not isinstance(obj, (DB, Optimizer, LocalOptimizer, Rule)):
            raise TypeError("Object cannot be registered in OptDB", obj)
        if name in self.__db__:
            raise ValueError("The name of the object cannot be an existing tag or the name of another existing "
                             "object.", obj, name)
        if kwargs:
            if set(kwargs) != {"use_db_name_as_tag"} or kwargs["use_db_name_as_tag"] is not False:
                raise TypeError(f"unexpected keyword arguments {kwargs}")
        elif self.name is not None:
            tags = tags + (self.name,)
        if not isinstance(obj, Rule):
            obj.name = name
        self.__db__[name] = {obj: None}
        self._names.add(name)
        self.__db__.setdefault(obj.__class__.__name__, {})[obj] = None
        self.add_tags(name, *tags)

    def add_tags(self, name: str, *tags: str) -> None:
        (obj,) = self.__db__[name]
        for tag in tags:
            if tag in self._names:
                raise ValueError("The tag of the object collides with a name.", obj, tag)
            self.__db__.setdefault(tag, {})[obj] = None

    def remove_tags(self, name: str, *tags: str) -> None:
        (obj,) = self.__db__[name]
        for tag in tags:
            if tag in self._names:
                raise ValueError("The tag of the object collides with a name.", obj, tag)
            self.__db__.get(tag, {}).pop(obj, None)

    def _select(self, q: Query) -> list[Any]:
        if not isinstance(q, Query):
            raise TypeError("Expected a Query.", q)
        chosen: dict[Any, None] = {}
        for tag in q.include:
            chosen.update(self.__db__.get(tag, {}))
        for tag in q.require:
            having = self.__db__.get(tag, {})
            chosen = {o: None for o in chosen if o in having}
        for tag in q.exclude:
            having = self.__db__.get(tag, {})
            chosen = {o: None for o in chosen if o not in having}
        out = []
        for obj in chosen:
            if isinstance(obj, DB):
                sub = q
                if q.extra_optimizations:
                    sub = copy.copy(q)
                    sub.extra_optimizations = []
                replacement = obj.query(q.subquery.get(obj.name, sub))
                replacement.name = obj.name
                out.append(replacement)
            else:
                out.append(obj)
        return out

    def __query__(self, q: Query) -> list[Any]:
        return self._select(q)

    def query(self, *tags: Any, **kwtags: Any) -> Any:
        return self.__query__(_parse_tags(tags, kwtags))

    def __getitem__(self, name: str) -> Any:
        found = self.__db__.get(name)
        if not found:
            raise KeyError(f"Nothing registered for '{name}'")
        if len(found) > 1:
            raise ValueError(f"More than one match for {name} (please use query)")
        return next(iter(found))

    def __contains__(self, name: str) -> bool:
        return name in self.__db__

    def print_summary(self, stream: Any = sys.stdout) -> None:
        print(f"{self.__class__.__name__} (id {id(self)})", file=stream)
        print("  names", self._names, file=stream)
        print("  db", self.__db__, file=stream)


class EquilibriumDB(DB):
    """A DB whose query is an EquilibriumOptimizer of the selected optimizers (`final_opt=`/`cleanup=`
    registrations run after the others, on each pass)."""

    def __init__(self, ignore_newtrees: bool = True, tracks_on_change_inputs: bool = False):
        super().__init__()
        self.ignore_newtrees = ignore_newtrees
        self.tracks_on_change_inputs = tracks_on_change_inputs
        self.__final__: dict[str, bool] = {}
        self.__cleanup__: dict[str, bool] = {}

    def register(self, name: str, obj: Any, *tags: str, **kwtags: Any) -> None:
        final_opt = kwtags.pop("final_opt", False)
        cleanup = kwtags.pop("cleanup", False)
        if final_opt and cleanup:
            raise ValueError("an optimizer is either final_opt or cleanup, not both")
        super().register(name, obj, *tags, **kwtags)
        self.__final__[name] = final_opt
        self.__cleanup__[name] = cleanup

    def query(self, *tags: Any, **kwtags: Any) -> EquilibriumOptimizer:
        opts = super().query(*tags, **kwtags)
        final = [o for o in opts if self.__final__.get(_entry_name(o), False)]
        cleanup = [o for o in opts if self.__cleanup__.get(_entry_name(o), False)]
        rest = [o for o in opts if o not in final and o not in cleanup]
        return EquilibriumOptimizer(rest, max_use_ratio=config.optdb.max_use_ratio,
                                    ignore_newtrees=self.ignore_newtrees,
                                    tracks_on_change_inputs=self.tracks_on_change_inputs,
                                    failure_callback=NavigatorOptimizer.warn_inplace,
                                    final_optimizers=final or None, cleanup_optimizers=cleanup or None)


def _entry_name(obj: Any) -> str | None:
    return getattr(obj, "name", None)


class SequenceDB(DB):
    """A DB whose query is a SeqOptimizer of the selected optimizers in order of their float positions."""

    seq_opt = SeqOptimizer

    def __init__(self, failure_callback: Any = SeqOptimizer.warn):
        super().__init__()
        self.__position__: dict[str, float] = {}
        self.failure_callback = failure_callback

    def register(self, name: str, obj: Any, position: Any, *tags: str) -> None:  # type: ignore[override]
        super().register(name, obj, *tags)
        if position == "last":
            self.__position__[name] = max(self.__position__.values()) + 1 if self.__position__ else 0
        elif isinstance(position, (int, float)) and not isinstance(position, bool):
            self.__position__[name] = position
        else:
            raise TypeError(f"the position of {name!r} must be a number or 'last', got {position!r}")

    def _ordered(self, tags: tuple, kwtags: dict) -> tuple[Query, list[Any], dict[str, float], float]:
        cutoff = kwtags.pop("position_cutoff", config.optdb.position_cutoff)
        q = _parse_tags(tags, kwtags)
        opts = self.__query__(q)
        positions = self.__position__
        if tags and isinstance(tags[0], Query):
            if getattr(q, "position_cutoff", None):
                cutoff = q.position_cutoff
            if q.extra_optimizations:
                positions = dict(positions)
                for extra_opt, position in q.extra_optimizations:
                    extra_opt.name = f"{extra_opt.__class__}_{id(extra_opt)}"
                    if position < cutoff:
                        opts.append(extra_opt)
                        positions[extra_opt.name] = position
        opts = [o for o in opts if positions[o.name] < cutoff]
        opts.sort(key=lambda o: (positions[o.name], o.name))
        return q, opts, positions, cutoff

    def query(self, *tags: Any, **kwtags: Any) -> SeqOptimizer:
        _, opts, _, _ = self._ordered(tags, dict(kwtags))
        kwargs = {"failure_callback": self.failure_callback} if self.failure_callback else {}
        ret = self.seq_opt(opts, **kwargs)
        if tags and hasattr(tags[0], "name"):
            ret.name = tags[0].name
        return ret

    def print_summary(self, stream: Any = sys.stdout) -> None:
        print(f"{self.__class__.__name__} (id {id(self)})", file=stream)
        print("  position", sorted(self.__position__.items(), key=lambda kv: kv[1]), file=stream)
        print("  names", self._names, file=stream)
        print("  db", self.__db__, file=stream)


class LocalGroupDB(DB):
    """A DB whose query is a LocalOptGroup (a local optimizer) of the selected local optimizers."""

    def __init__(self, apply_all_opts: bool = False, profile: bool = False, local_opt: Any = LocalOptGroup):
        super().__init__()
        self.failure_callback = None
        self.apply_all_opts = apply_all_opts
        self.profile = profile
        self.__position__: dict[str, float] = {}
        self.local_opt = local_opt

    def register(self, name: str, obj: Any, *tags: str, **kwargs: Any) -> None:
        position = kwargs.pop("position", "last")
        super().register(name, obj, *tags, **kwargs)
        if position == "last":
            self.__position__[name] = max(self.__position__.values()) + 1 if self.__position__ else 0
        else:
            self.__position__[name] = position

    def query(self, *tags: Any, **kwtags: Any) -> Any:
        opts = list(super().query(*tags, **kwtags))
        opts.sort(key=lambda o: (self.__position__[o.name], o.name))
        return self.local_opt(*opts, apply_all_opts=self.apply_all_opts, profile=self.profile)


class TopoDB(DB):
    """A DB whose query is a TopoOptimizer of another DB's (local) query."""

    def __init__(self, db: DB, order: str = "in_to_out", ignore_newtrees: bool = False, failure_callback: Any = None):
        super().__init__()
        self.db, self.order = db, order
        self.ignore_newtrees, self.failure_callback = ignore_newtrees, failure_callback

    def query(self, *tags: Any, **kwtags: Any) -> TopoOptimizer:
        return TopoOptimizer(self.db.query(*tags, **kwtags), self.order, self.ignore_newtrees, self.failure_callback)


class ProxyDB(DB):
    """Another DB under a second name (a DB cannot be registered twice in a SequenceDB)."""

    def __init__(self, db: DB):
        if not isinstance(db, DB):
            raise TypeError(f"ProxyDB wraps a DB, got {db!r}")
        super().__init__()
        self.db = db

    def query(self, *tags: Any, **kwtags: Any) -> Any:
        return self.db.query(*tags, **kwtags)


# ---------------------------------------------------------------------------------------------- the global optdb


class PhaseOptimizer(Optimizer):
    """A rewrite phase of our pipeline, restricted to the rules a query enables (what optdb['canonicalize']'s
    query gives)."""

    def __init__(self, phase: str, query: pipeline.Query):
        self.phase, self.query = phase, query

    def rules(self) -> list[Rule]:
        found: list[Rule] = []
        for p in pipeline.PHASES:
            if p.name == self.phase and p.run is None:
                found.extend(r for r in pipeline.enabled_rules(p.rules, self.query) if r not in found)
        return found

    def apply(self, fgraph: Any) -> int:
        rules = self.rules()
        return pipeline.rewrite_graph(fgraph, rules, phase=self.phase) if rules else 0

    def __str__(self) -> str:
        return f"PhaseOptimizer({self.phase})"

    __repr__ = __str__


class PhaseDB(EquilibriumDB):
    """One rewrite phase of the pipeline as Theano's EquilibriumDB: its rules are the entries (by rule name), a
    registration adds a rule to the phase (theano.function runs it), a query gives the phase's optimizer."""

    def __init__(self, phase: str):
        super().__init__(ignore_newtrees=False)
        self.phase = phase

    def _phase_rules(self) -> dict[str, Rule]:
        rules: dict[str, Rule] = {}
        for p in pipeline.PHASES:
            if p.name == self.phase and p.run is None:
                for r in p.rules:
                    rules.setdefault(r.name, r)
        return rules

    def register(self, name: str, obj: Any, *tags: str, **kwtags: Any) -> None:
        if name in self._phase_rules():
            raise ValueError("The name of the object cannot be an existing tag or the name of another existing "
                             "object.", obj, name)
        use_db_tag = kwtags.pop("use_db_name_as_tag", True)
        kwtags.pop("final_opt", None)
        kwtags.pop("cleanup", None)
        if kwtags:
            raise TypeError(f"unexpected keyword arguments {sorted(kwtags)}")
        all_tags = set(tags) | {name} | ({self.phase} if use_db_tag else set())
        if isinstance(obj, Optimizer):  # a global optimizer in a rewrite set: a step right after the phase
            DB.register(self, name, obj, *tags, use_db_name_as_tag=False)
            position = next(p.position for p in pipeline.PHASES if p.name == self.phase) + 0.001
            pipeline.EXTRA_STEPS.append(pipeline.Step(name, obj, position, tuple(all_tags)))
            return
        if isinstance(obj, Rule):
            rule = obj
            rule.tags |= all_tags
        elif isinstance(obj, LocalOptimizer):
            obj.name = name
            rule = obj.as_rule(name, all_tags)
        else:
            raise TypeError("Object cannot be registered in OptDB", obj)
        pipeline.register(rule, self.phase)

    def __contains__(self, name: str) -> bool:
        return name in self._phase_rules() or super().__contains__(name)

    def __getitem__(self, name: str) -> Any:
        rule = self._phase_rules().get(name)
        if rule is not None:
            return RuleLocalOptimizer(rule)
        return super().__getitem__(name)

    def unregister(self, name: str) -> None:
        """Remove the rule (or step) registered under `name` (ours: Theano's databases cannot remove)."""
        for p in pipeline.PHASES:
            if p.name == self.phase and p.run is None:
                p.rules = [r for r in p.rules if r.name != name]
        pipeline.EXTRA_STEPS[:] = [s for s in pipeline.EXTRA_STEPS if s.name != name]
        _forget(self, name)

    def query(self, *tags: Any, **kwtags: Any) -> PhaseOptimizer:  # type: ignore[override]
        q = _parse_tags(tags, kwtags)
        return PhaseOptimizer(self.phase, q.as_pipeline_query())


class PipelineOptimizer(SeqOptimizer):
    """What `optdb.query(q)` gives: the selected entries in order (a SeqOptimizer, for show), run the way
    theano.function runs them (one merge table for every phase, the phases' rules enabled by `q`)."""

    def __init__(self, opts: list[Any], query: Query, cutoff: float, extra: list[pipeline.Step]):
        super().__init__(opts)
        self.query, self.cutoff, self.extra = query, cutoff, extra

    def apply(self, fgraph: Any) -> None:
        pipeline.run_phases(fgraph, self.query.as_pipeline_query(), position_cutoff=self.cutoff, extra=self.extra)


_PHASE_ENTRIES = {"merge": ("merge1", "merge2"), "constant_folding": ("constant_folding",),
                  "canonicalize": ("canonicalize",), "stabilize": ("stabilize",), "specialize": ("specialize",),
                  "scan_merge": ("scan_merge",), "scan_save_mem": ("scan_save_mem",)}


class OptDB(SequenceDB):
    """theano.compile.optdb: the pipeline's phases at Theano's positions, and the users' own steps."""

    def __init__(self) -> None:
        super().__init__()
        self._building = True
        seen: dict[str, int] = {}
        for phase in pipeline.PHASES:
            k = seen.get(phase.name, 0)
            seen[phase.name] = k + 1
            names = _PHASE_ENTRIES.get(phase.name, (phase.name,))
            name = names[min(k, len(names) - 1)]
            if phase.run is None:
                obj: Any = PhaseDB(phase.name)
                tags = ("fast_run", "fast_compile", phase.name + "_db")
            elif phase.name == "merge":
                obj = MergeOptimizer()
                tags = ("fast_run", "fast_compile", "merge")
            else:
                obj = _RunPhase(phase)
                tags = tuple(t for t in phase.tags if t != phase.name) or ("fast_run",)
            self.register(name, obj, phase.position, *tags)
        self._building = False

    def register(self, name: str, obj: Any, position: Any, *tags: str) -> None:  # type: ignore[override]
        super().register(name, obj, position, *tags)
        if not self._building and not isinstance(obj, DB):  # a user's step: theano.function runs it too
            pipeline.EXTRA_STEPS.append(pipeline.Step(name, obj, self.__position__[name], tuple(tags)))

    def unregister(self, name: str) -> None:
        """Remove the step registered under `name` (ours: Theano's databases cannot remove)."""
        pipeline.EXTRA_STEPS[:] = [s for s in pipeline.EXTRA_STEPS if s.name != name]
        self.__position__.pop(name, None)
        _forget(self, name)

    def query(self, *tags: Any, **kwtags: Any) -> PipelineOptimizer:  # type: ignore[override]
        q, opts, positions, cutoff = self._ordered(tags, dict(kwtags))
        extra = [pipeline.Step(o.name, o, positions[o.name]) for o in opts if o.name not in self.__position__]
        ret = PipelineOptimizer(opts, q, cutoff, extra)
        if tags and hasattr(tags[0], "name"):
            ret.name = tags[0].name
        return ret


def _forget(db: DB, name: str) -> None:
    """Drop `name` and its object from every tag of `db`."""
    found = db.__db__.pop(name, {})
    db._names.discard(name)
    for members in db.__db__.values():
        for obj in found:
            members.pop(obj, None)


class _RunPhase(Optimizer):
    """A whole-graph phase of the pipeline (scan_merge, scan_save_mem) as an optimizer."""

    def __init__(self, phase: pipeline.Phase):
        self.phase = phase

    def apply(self, fgraph: Any) -> None:
        self.phase.run(fgraph, None)

    def __str__(self) -> str:
        return self.phase.name


optdb = OptDB()
