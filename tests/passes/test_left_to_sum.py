"""A scaled term whose only user is a sum is left to the sum's canonizer (issue 13): same graphs, fewer rewrites."""
from __future__ import annotations

import numpy as np
import pytest

import theano.tensor as T
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.printing import debugprint
from theano.passes import algebra, engine, pipeline


def _cases() -> list[tuple[list, list]]:
    x, y, z = T.dvector("x"), T.dvector("y"), T.dvector("z")
    f = T.fvector("f")
    chain = f
    for _ in range(10):
        chain = T.tanh(chain) * np.float32(0.9) + np.float32(0.1)
    return [
        ([f], [chain]),
        ([x, y], [x * 0.9 + x, y * -2.0 + x, 3.0 * x - y * 2.0]),
        ([x, y, z], [(x * y) * 0.5 + z, x * 0.0 + y, x * 1.0 + y, x * -1.0 + y, T.exp(x) * 2.0 - T.exp(x) * 2.0]),
        ([x, y], [T.fill(x, y) * 3.0 + x, (x * 4.0 + y) * 2.0 + 1.0, -(x * 5.0)]),
        ([x, y], [x * np.inf + y, x / 2.0 + y, (x * 2.0) * 3.0 + (x * 2.0)]),
    ]


def _optimized(ins: list, outs: list, leave: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    if not leave:
        monkeypatch.setattr(algebra, "left_to_sum", lambda *a: None)
    try:
        fg = FunctionGraph(ins, outs)
        pipeline.optimize(fg, None)
    finally:
        monkeypatch.undo()
    return debugprint(fg, file="str")


@pytest.mark.parametrize("k", range(5))
def test_same_graph_as_canonicalizing_the_product_first(k: int, monkeypatch: pytest.MonkeyPatch) -> None:
    ins, outs = _cases()[k]
    assert _optimized(ins, outs, True, monkeypatch) == _optimized(ins, outs, False, monkeypatch)


def test_chain_takes_one_rewrite_per_sum(monkeypatch: pytest.MonkeyPatch) -> None:
    counts: dict[str, int] = {}
    original = engine.replace_checked

    def counting(fgraph: FunctionGraph, pairs: list, reason: str) -> list:
        done = original(fgraph, pairs, reason)
        if done:
            counts[reason] = counts.get(reason, 0) + 1
        return done

    monkeypatch.setattr(engine, "replace_checked", counting)
    ins, outs = _cases()[0]
    pipeline.optimize(FunctionGraph(ins, outs), None)
    assert counts.get("local_add_canonizer") == 10
    assert counts.get("local_mul_canonizer", 0) == 0  # each tanh * 0.9 was rebuilt by its sum, as 0.9 * tanh
