"""The phase order of the rewrite pipeline, as one explicit list, and which rules a mode enables.

`optimize(fgraph, mode)` runs each enabled phase in order, then wraps outputs that are inputs or
constants in DeepCopyOp as Theano does. Rules and phases carry tags (their set names, `fast_run`,
`fast_compile`); a mode's optimizer (`fast_run`, `fast_compile`, `merge`, None) and its
`including`/`excluding`/`requiring` tags select them, as Theano's optimizer queries do.
"""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import Constant
from theano.passes.shapes import SPECIALIZE_RULES as SPECIALIZE_SHAPE_RULES
from theano.passes import canonicalize, constant_folding, specialize, stabilize, uncanonicalize
from theano.passes.engine import Rule, rewrite_graph
from theano.passes.merge import MergeFeature, merge_pass
from theano.passes.subtensor_rewrites import SERIALIZE_RULES
from theano.passes.builders import expand_op_from_graph  # issue 11: OpFromGraph
from theano.passes.scan_rewrites import scan_merge, scan_save_mem  # issue 11: scan
from theano.passes.scan_inputs import scan_clean_inputs, scan_pushout_nonseqs, scan_pushout_seqs
from theano.passes.scan_buffers import scan_unbuffer


@dataclass
class Phase:
    """One step of the pipeline: a named set of rules run to a fixed point, or a whole-graph pass."""

    name: str
    rules: Sequence[Rule] = ()
    run: Callable[[FunctionGraph, Any], None] | None = None
    tags: tuple[str, ...] = ()
    position: float = 0.0  # where it sits in Theano's optdb (theano.compile.optdb, passes/gof_optdb.py)


PHASES: list[Phase] = [
    Phase("merge", run=merge_pass, tags=("merge", "fast_run", "fast_compile"), position=0),
    Phase("scan_unbuffer", run=scan_unbuffer, tags=("scan_unbuffer", "scan", "fast_run", "fast_compile"), position=0.5),
    Phase("constant_folding", rules=constant_folding.RULES, position=0.9),
    Phase("pre_local_IncSubtensor_serialize", rules=SERIALIZE_RULES, position=0.99),
    Phase("canonicalize", rules=canonicalize.RULES, position=1),
    Phase("stabilize", rules=stabilize.RULES + canonicalize.RULES, position=1.5),
    Phase("specialize", rules=specialize.RULES + SPECIALIZE_SHAPE_RULES, position=2),  # Theano tracks Shape_i there too
    Phase("scan_clean_inputs", run=scan_clean_inputs, tags=("remove_constants_and_unused_inputs_scan",
                                                              "scanOp_remove_constants_and_unused_inputs0", "scan",
                                                              "fast_run"), position=2.02),
    Phase("scan_pushout_nonseqs", run=scan_pushout_nonseqs, tags=("scanOp_pushout_nonseqs_ops", "scan", "fast_run"),
          position=2.03),
    Phase("scan_pushout_seqs", run=scan_pushout_seqs, tags=("scanOp_pushout_seqs_ops", "scan", "fast_run"),
          position=2.04),
    Phase("scan_merge", run=scan_merge, tags=("scan_merge", "fast_run"), position=2.05),  # issue 11
    Phase("scan_save_mem", run=scan_save_mem, tags=("scan_save_mem", "fast_run"), position=2.06),  # issue 11
    Phase("uncanonicalize", rules=uncanonicalize.RULES, position=3),  # tensor/opt_uncanonicalize.py (+ register_uncanonicalize)
    Phase("merge", run=merge_pass, tags=("merge", "fast_run", "fast_compile"), position=49),
]


@dataclass
class Step:
    """A user's global optimizer registered in theano.compile.optdb: run at its position when its tags are on."""

    name: str
    optimizer: Any
    position: float
    tags: tuple[str, ...] = ()


EXTRA_STEPS: list[Step] = []  # filled by optdb.register (passes/gof_optdb.py)

_BASE_TAGS = {
    "fast_run": {"fast_run"}, "o4": {"fast_run"}, "o3": {"fast_run"}, "o2": {"fast_run"},
    "unsafe": {"fast_run", "unsafe"}, "fast_compile": {"fast_compile"}, "o1": {"fast_compile"},
    "merge": {"merge"}, "None": set(), "none": set(),
}


@dataclass
class Query:
    """Tags that enable rules (`include`), disable them (`exclude`) and that rules must all carry (`require`)."""

    include: set = field(default_factory=set)
    exclude: set = field(default_factory=set)
    require: set = field(default_factory=set)

    def enables(self, names: set) -> bool:
        return bool(names & self.include) and not names & self.exclude and self.require <= names


def query_of(mode: Any) -> Query:
    """The Query a Mode (or None / an optimizer name) stands for."""
    if mode is None:
        return Query({"fast_run"})
    theano_query = getattr(mode, "__dict__", {}).get("_query")  # Mode._optimizer set to a theano.gof.Query
    if theano_query is not None:
        return Query(set(theano_query.include), set(theano_query.exclude), set(theano_query.require))
    opt = getattr(mode, "optimizer", mode)
    if opt is None:
        opt = "None"
    base = _BASE_TAGS.get(str(opt))
    if base is None:
        raise ValueError(f"unknown optimizer {opt!r}; expected one of {sorted(k for k in _BASE_TAGS if k != 'none')}")
    return Query(set(base) | set(getattr(mode, "included", ())), set(getattr(mode, "excluded", ())),
                 set(getattr(mode, "required", ())))


def enabled_rules(rules: Sequence[Rule], query: Query) -> list[Rule]:
    return [r for r in rules if query.enables(r.tags | {r.name})]


def all_rules() -> list[Rule]:
    """Every registered rule, once (for documentation and tests)."""
    seen: dict[str, Rule] = {}
    for phase in PHASES:
        for r in phase.rules:
            seen.setdefault(r.name, r)
    return list(seen.values())


def register(rule: Rule, phase: str = "canonicalize") -> Rule:
    """Add `rule` to the named rule phase (its name joins the rule's tags, as do `fast_run` by default)."""
    targets = [p for p in PHASES if p.name == phase and p.run is None]
    if not targets:
        raise ValueError(f"no rule phase named {phase!r}; phases: {[p.name for p in PHASES if p.run is None]}")
    if not rule.tags:
        rule.tags = {phase, "fast_run"}
    for p in targets:
        p.rules = list(p.rules) + [rule]
    return rule


def unregister(rule: Rule) -> None:
    """Remove `rule` from every phase it was added to."""
    for p in PHASES:
        if rule in p.rules:
            p.rules = [r for r in p.rules if r is not rule]


def optimize(fgraph: FunctionGraph, mode: Any, timings: dict[str, float] | None = None) -> FunctionGraph:
    """Run the mode's phases on `fgraph`, then protect outputs that alias inputs or constants.

    `timings`, when given, receives the seconds spent per phase name (benchmarks/rewrite_throughput.py).
    """
    # The cyclic GC stays off while the passes run: the graph being rewritten is all live, so a collection in
    # the middle only rescans it (and a big process heap with it); the garbage is collected right after.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _optimize(fgraph, mode, timings)
    finally:
        if gc_was_enabled:
            gc.enable()


def _optimize(fgraph: FunctionGraph, mode: Any, timings: dict[str, float] | None) -> FunctionGraph:
    if getattr(mode, "record_rewrites", False):  # DebugMode: keep the graph as written, and log every rewrite
        fgraph.unrewritten = fgraph.clone()
        fgraph.rewrite_log = []
    user = getattr(mode, "optimizer", None)
    if hasattr(user, "optimize"):  # Mode(optimizer=<a Theano optimizer object>): it alone rewrites the graph
        user.optimize(fgraph)
    else:
        cutoff = getattr(getattr(mode, "__dict__", {}).get("_query"), "position_cutoff", None)
        run_phases(fgraph, query_of(mode), position_cutoff=cutoff or float("inf"), timings=timings, mode=mode)
    insert_deep_copies(fgraph)
    return fgraph


def run_phases(fgraph: FunctionGraph, query: Query, position_cutoff: float = float("inf"),
               extra: Sequence[Step] = (), timings: dict[str, float] | None = None, mode: Any = None) -> None:
    """Run the phases (and the users' optdb steps, `extra` ones too) that `query` enables, in position order,
    those before `position_cutoff` only (what theano.function and `theano.compile.optdb.query(...)` run)."""
    clock = time.perf_counter
    steps = sorted([*PHASES, *EXTRA_STEPS, *extra], key=lambda p: p.position)  # stable: phases keep their order
    steps = [p for p in steps if p.position < position_cutoff]
    if mode is None:
        mode = query
    expand_op_from_graph(fgraph, query)  # issue 11: OpFromGraph inline / value-dependent expansion, first
    merger = None
    merging = query.enables({"merge", "fast_run", "fast_compile"})
    start = clock()
    if merging:  # one CSE table serves every phase
        merger = MergeFeature()
        fgraph.attach_feature(merger)
        fgraph.merge_feature = merger
    if timings is not None:
        timings["merge"] = timings.get("merge", 0.0) + clock() - start
    settled: frozenset = frozenset()  # rules at their fixed point on the graph as it is now
    try:
        for phase in steps:
            start = clock()
            version = getattr(fgraph, "_version", None)  # None: a graph that does not count its changes
            if isinstance(phase, Step):
                if query.enables(set(phase.tags) | {phase.name}):
                    phase.optimizer.optimize(fgraph)
                    settled = frozenset()
            elif phase.run is not None:
                if query.enables(set(phase.tags) | {phase.name}):
                    phase.run(fgraph, mode)
                if version is None or fgraph._version != version:
                    settled = frozenset()
            elif phase.name not in query.exclude:
                rules = enabled_rules(phase.rules, query)
                if rules:
                    report = {"fixpoint": True}
                    rewrite_graph(fgraph, rules, phase=phase.name, merge=merging, settled=settled, report=report)
                    if not report["fixpoint"]:
                        settled = frozenset()
                    elif version is None or fgraph._version != version:
                        settled = frozenset(rules)
                    else:
                        settled = settled | frozenset(rules)
            if timings is not None:
                timings[phase.name] = timings.get(phase.name, 0.0) + clock() - start
    finally:
        if merger is not None:
            fgraph.remove_feature(merger)
            del fgraph.merge_feature


def insert_deep_copies(fgraph: FunctionGraph) -> None:
    """Outputs that are inputs or constants get a DeepCopyOp, so callers own what they receive."""
    from theano.frontend.ops.compile_ops import deep_copy_op

    for i, out in enumerate(list(fgraph.outputs)):
        if out.owner is None or isinstance(out, Constant) or output_is_view(fgraph, i):
            fgraph.change_input("output", i, deep_copy_op(out), reason="insert_deep_copies")


def _view_root(v: Any) -> Any:
    """The variable `v` is a view of, through ops that declare a view_map (Subtensor, Assert, ...)."""
    while v.owner is not None:
        view_map = getattr(v.owner.op, "view_map", None) or {}
        k = v.owner.outputs.index(v)
        if len(view_map.get(k, ())) != 1:
            break
        v = v.owner.inputs[view_map[k][0]]
    return v


def output_is_view(fgraph: FunctionGraph, i: int) -> bool:
    """Theano's insert_deepcopy: output i (not an update) is a view of a graph input that is not updated, or of
    the value a later output also views (then the caller would receive two aliased arrays)."""
    updates = getattr(fgraph, "update_mapping", None) or {}
    out = fgraph.outputs[i]
    if i in updates or out.owner is None:
        return False
    root = _view_root(out)
    if root is out:
        return False
    if root.owner is None:
        return root not in {fgraph.inputs[k] for k in updates.values()}
    return any(_view_root(o) is root for j, o in enumerate(fgraph.outputs) if j > i and j not in updates)
