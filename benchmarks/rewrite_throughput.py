#!/usr/bin/env python
"""Rewrite-engine throughput and gradient-graph sizes.

    python benchmarks/rewrite_throughput.py            # nodes/s of the FAST_RUN pipeline on large graphs,
                                                       # and the tanh chain's time per phase
    python benchmarks/rewrite_throughput.py --sizes    # node counts of MLP gradients before/after rewriting

The engine's cost grows linearly with the graph: each graph below is built at two sizes and the
rewrite time per node should stay about the same. Not a test (no timing is asserted anywhere).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Callable

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402
from theano.frontend.fgraph import FunctionGraph  # noqa: E402
from theano.passes.pipeline import optimize  # noqa: E402


def chain_of_adds(n: int) -> tuple[list, list]:
    """x + y0 + y1 + ... : one long sum (flattened into one node)."""
    x = T.dvector("x")
    ys = [T.dvector("y%d" % i) for i in range(8)]
    out = x
    for i in range(n):
        out = out + ys[i % 8]
    return [x] + ys, [out]


def elementwise_mix(n: int) -> tuple[list, list]:
    """A long mix of unary and binary elementwise ops, with logs of exps and x/x to cancel."""
    x = T.dmatrix("x")
    y = T.dmatrix("y")
    out = x
    for i in range(n // 5):
        t = T.exp(out) if i % 3 else T.tanh(out)
        out = T.log(T.exp(t)) * y / y + (out - out) + t * 2
    return [x, y], [out]


def mlp_gradient(layers: int, width: int = 16) -> tuple[list, list]:
    """Gradient of a tanh MLP's softmax cross-entropy with respect to all weights (layers deep)."""
    x = T.dmatrix("x")
    y = T.ivector("y")
    rng = np.random.RandomState(0)
    params = []
    h = x
    for k in range(layers):
        W = theano.shared(rng.randn(width, width) * 0.1, name="W%d" % k)
        b = theano.shared(np.zeros(width), name="b%d" % k)
        params += [W, b]
        z = T.dot(h, W) + b
        h = T.tanh(z) if k < layers - 1 else T.nnet.softmax(z)
    cost = -T.mean(T.log(h)[T.arange(y.shape[0]), y])
    grads = T.grad(cost, params)
    return [x, y] + params, [cost] + grads


def tanh_chain(n: int) -> tuple[list, list]:
    """n x (tanh, multiply by a constant, add a constant) on a float32 vector: 3n ops the rules touch."""
    x = T.fvector("x")
    out = x
    for _ in range(n):
        out = T.tanh(out) * np.float32(1.5) + np.float32(0.25)
    return [x], [out]


def time_rewrite(build: Callable[[int], tuple[list, list]], n: int) -> tuple[int, int, float]:
    inputs, outputs = build(n)
    fg = FunctionGraph(inputs, outputs, clone=True)
    before = len(fg.apply_nodes)
    start = time.perf_counter()
    optimize(fg, theano.compile.mode.get_mode("FAST_RUN"))
    elapsed = time.perf_counter() - start
    return before, len(fg.apply_nodes), elapsed


def phase_breakdown(n: int = 500, repeats: int = 3) -> None:
    """FAST_RUN passes on the tanh chain (the issue-8 target: <= 0.2 s for n=500), best of `repeats`, per phase."""
    best: dict[str, float] | None = None
    for _ in range(repeats):
        inputs, outputs = tanh_chain(n)
        fg = FunctionGraph(inputs, outputs, clone=True)
        before = len(fg.apply_nodes)
        timings: dict[str, float] = {}
        start = time.perf_counter()
        optimize(fg, theano.compile.mode.get_mode("FAST_RUN"), timings=timings)
        timings["total"] = time.perf_counter() - start
        if best is None or timings["total"] < best["total"]:
            best = timings
    assert best is not None
    print("tanh chain x%d (float32 vector): %d nodes -> %d, FAST_RUN passes %.3f s"
          % (n, before, len(fg.apply_nodes), best["total"]))
    for name, sec in best.items():
        if name != "total":
            print("    %-18s %8.3f s" % (name, sec))


def throughput() -> None:
    time_rewrite(mlp_gradient, 2)  # warm-up: imports and first-use caches
    phase_breakdown()
    print("%-22s %8s %8s %9s %12s" % ("graph", "nodes", "after", "seconds", "nodes/s"))
    for name, build, sizes in [("chain of adds", chain_of_adds, (1000, 5000)),
                               ("elementwise mix", elementwise_mix, (1000, 5000)),
                               ("MLP gradient (layers)", mlp_gradient, (20, 100))]:
        for n in sizes:
            before, after, sec = time_rewrite(build, n)
            print("%-22s %8d %8d %9.3f %12.0f" % (name, before, after, sec, before / sec))


def count_nodes(layers: int) -> tuple[int, int]:
    """(nodes with optimizer=None, nodes with FAST_RUN) of an MLP training function (cost + gradients)."""
    inputs, outputs = mlp_gradient(layers)
    explicit = [v for v in inputs if not hasattr(v, "get_value")]
    sizes = []
    for mode in (theano.Mode(optimizer=None), theano.compile.mode.get_mode("FAST_RUN")):
        f = theano.function(explicit, outputs, mode=mode)
        sizes.append(len(f.maker.fgraph.apply_nodes))
    return sizes[0], sizes[1]


def sizes() -> None:
    print("%-30s %10s %10s" % ("function (cost + all gradients)", "None", "FAST_RUN"))
    for layers, label in ((1, "logistic regression (1 layer)"), (2, "MLP, 1 hidden layer"),
                          (3, "MLP, 2 hidden layers (3-layer)")):
        before, after = count_nodes(layers)
        print("%-30s %10d %10d" % (label, before, after))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", action="store_true", help="print gradient graph sizes instead of throughput")
    args = parser.parse_args()
    if args.sizes:
        sizes()
    else:
        throughput()


if __name__ == "__main__":
    main()
