"""Phases skip the rules an earlier phase left at their fixed point (issue 13): same graphs, fewer visits."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.printing import debugprint
from theano.passes import engine, pipeline


def _graphs() -> list[tuple[list, list]]:
    x, y = T.dmatrix("x"), T.ivector("y")
    w = theano.shared(np.ones((3, 4)), name="w")
    p = T.nnet.softmax(T.dot(x, w))
    nll = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    v = T.dvector("v")
    chain = v
    for _ in range(30):
        chain = T.tanh(chain) * 0.9 + 0.1
    return [([x, y], [nll] + T.grad(nll, [w])),
            ([v], [T.log(1 + T.exp(v)), T.log(1 - T.nnet.sigmoid(v)), (v * v) / v + (v - v)]),
            ([v], [chain, T.sum(chain ** 2)])]


def _optimized(ins: list, outs: list, settled_skipping: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    fg = FunctionGraph(ins, outs)
    if not settled_skipping:
        full = engine.rewrite_graph
        monkeypatch.setattr(pipeline, "rewrite_graph", lambda g, rules, **kw: full(g, rules, **{**kw, "settled": ()}))
    try:
        pipeline.optimize(fg, None)
    finally:
        monkeypatch.undo()
    return debugprint(fg, file="str")


@pytest.mark.parametrize("k", range(3))
def test_same_graph_as_visiting_every_node(k: int, monkeypatch: pytest.MonkeyPatch) -> None:
    ins, outs = _graphs()[k]
    assert _optimized(ins, outs, True, monkeypatch) == _optimized(ins, outs, False, monkeypatch)


def test_stabilize_visits_only_nodes_with_unsettled_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    ins, outs = _graphs()[2]  # tanh, mul, add only: no stabilize rule is filed under them
    tried: dict[str, int] = {}
    original = engine.Rule.apply

    def counting(self: engine.Rule, var: object, fgraph: object) -> object:
        tried[self.name] = tried.get(self.name, 0) + 1
        return original(self, var, fgraph)

    monkeypatch.setattr(engine.Rule, "apply", counting)
    phases: list[tuple[str, int]] = []
    full = engine.rewrite_graph

    def recording(g: FunctionGraph, rules: list, **kw: object) -> int:
        before = sum(tried.values())
        n = full(g, rules, **kw)
        phases.append((str(kw.get("phase")), sum(tried.values()) - before))
        return n

    monkeypatch.setattr(pipeline, "rewrite_graph", recording)
    pipeline.optimize(FunctionGraph(ins, outs), None)
    visits = dict(phases)
    assert visits["canonicalize"] > 90  # every node is tried there
    assert visits["stabilize"] == 0  # nothing for stabilize's own rules, and the canonicalize rules are settled


def test_loop_guard_reports_no_fixpoint() -> None:
    from theano.passes.pattern import P, x

    v = T.dvector("v")
    report: dict = {"fixpoint": True}
    engine.rewrite_graph(FunctionGraph([v], [T.exp(v) + 1]), [], phase="empty", report=report)
    assert report["fixpoint"] is True
    rules = [engine.Rule(P.sin(x), P.cos(x), name="sin_to_cos"), engine.Rule(P.cos(x), P.sin(x), name="cos_to_sin")]
    with pytest.warns(UserWarning, match="loop guard"):
        engine.rewrite_graph(FunctionGraph([v], [T.sin(v)]), rules, max_rewrites=20, report=report)
    assert report["fixpoint"] is False  # the pipeline then treats no rule as settled
