"""Deep graphs at the default recursion limit (issue 9): a 10,000-op chain builds, differentiates, walks, prints,
pickles, clones, rewrites and lowers; smaller chains of each shape compile and run against numpy.

Nothing may recurse once per graph level. XLA's own CPU compile of a chain grows faster than linearly (a
3,000-op chain takes ~10 s in hand-written JAX too), so at 10,000 ops the test stops at JAX's trace and
lowering to StableHLO, which runs our whole interpreter; the XLA compile, the gradient and the run are checked on 300-op
chains of every shape. benchmarks/deep_graphs.py times every stage at 10k, 30k and 100k ops.
"""
from __future__ import annotations

import copy
import pickle
import sys

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gof import graph
from theano.lowering.device import x64_scope

N = 10_000
SMALL = 300
DEFAULT_LIMIT = 1000  # Python's default recursion limit: nothing here may raise it
C = 0.999


def tanh_chain(n: int) -> tuple:
    """x -> tanh -> * c -> + c -> tanh ...: n ops, one graph level each; and its numpy value function."""
    x = T.dvector("x")
    c = T.constant(np.float64(C))
    out = x
    for _ in range(n // 3):
        out = T.tanh(out) * c + c

    def ref(v: np.ndarray) -> np.ndarray:
        for _ in range(n // 3):
            v = np.tanh(v) * C + C
        return v
    return x, out, ref


def alternating_chain(n: int) -> tuple:
    """Alternating op kinds: sin, exp of a negative square, sqrt(1 + .), neg, abs (each bounded)."""
    x = T.dvector("x")
    steps = [(T.sin, np.sin), (lambda v: T.exp(-T.sqr(v)), lambda v: np.exp(-v * v)),
             (lambda v: T.sqrt(1 + v), lambda v: np.sqrt(1 + v)), (T.neg, np.negative), (abs, np.abs)]
    out = x
    for k in range(n):
        out = steps[k % len(steps)][0](out)

    def ref(v: np.ndarray) -> np.ndarray:
        for k in range(n):
            v = steps[k % len(steps)][1](v)
        return v
    return x, out, ref


def long_sum(n: int) -> tuple:
    """x*0 + x*1 + ... : n/2 terms added one by one (n ops, n/2 levels of add)."""
    x = T.dvector("x")
    out = x * np.float64(0.0)
    for k in range(1, n // 2):
        out = out + x * np.float64(k % 7)
    return x, out, lambda v: v * sum(k % 7 for k in range(n // 2))


def index_chain(n: int) -> tuple:
    """Subtensor and DimShuffle in turn: x[::-1].dimshuffle('x', 0)[0] * c, n ops, on a vector."""
    x = T.dvector("x")
    out = x
    for _ in range(n // 4):
        out = out[::-1].dimshuffle("x", 0)[0] * np.float64(C)

    def ref(v: np.ndarray) -> np.ndarray:
        return v[::(-1) ** (n // 4)] * C ** (n // 4)
    return x, out, ref


CHAINS = [tanh_chain, alternating_chain, long_sum, index_chain]


@pytest.fixture(scope="module")
def deep() -> tuple:
    x, out, _ = tanh_chain(N)
    return x, out, T.grad(out.sum(), x)


def test_recursion_limit_is_the_default() -> None:
    assert sys.getrecursionlimit() == DEFAULT_LIMIT


def test_deep_chain_walks_and_clones(deep: tuple) -> None:
    x, out, g = deep
    nodes = graph.io_toposort([x], [out])
    assert len(nodes) == 5 * (N // 3)  # per level: tanh, mul, add and two broadcasts of the scalar constant
    assert nodes[-1] is out.owner and sum(x in n.inputs for n in nodes) == 1
    assert graph.inputs([out])[0] is x
    assert len(graph.ancestors([out])) == len(nodes) + 2  # every output, x and the constant
    assert len(graph.io_toposort([x], [g])) > 2 * len(nodes)
    y = T.dvector("y")
    cloned = theano.clone(out, replace={x: y})
    assert graph.inputs([cloned])[0] is y and len(graph.io_toposort([y], [cloned])) == len(nodes)
    assert sys.getrecursionlimit() == DEFAULT_LIMIT


def test_deep_chain_prints(deep: tuple) -> None:
    x, out, _ = deep
    text = theano.printing.debugprint(out, file="str")
    lines = text.splitlines()
    assert len(lines) == 7 * (N // 3) + 1  # a line per node (5 a level), per constant operand (2), and x
    assert lines[0].startswith("Elemwise{add,no_inplace}") and [ln.lstrip(" |")[:6] for ln in lines].count("x [id ") == 1
    small = tanh_chain(3000)[1]  # pp's text of a chain is built in n^2 characters: a shorter chain
    assert theano.printing.pp(small).count("tanh(") == 1000
    assert "x" in theano.printing.min_informative_str(out)


def test_deep_chain_pickles_and_deepcopies(deep: tuple) -> None:
    x, out, _ = deep
    out2, x2 = pickle.loads(pickle.dumps([out, x], protocol=pickle.HIGHEST_PROTOCOL))
    nodes, nodes2 = graph.io_toposort([x], [out]), graph.io_toposort([x2], [out2])
    assert [n.op for n in nodes] == [n.op for n in nodes2]
    assert graph.inputs([out2])[0] is x2 and x2.name == "x"
    copied = copy.deepcopy(out)
    assert copied is not out and len(graph.io_toposort([], [copied])) == len(graph.io_toposort([], [out]))


def test_deep_chain_rewrites_and_lowers(deep: tuple) -> None:
    """theano.function runs the FAST_RUN rewrites and our lowering builds the program; JAX traces it to
    StableHLO (the XLA compile of 10k ops is too slow for a test; smaller chains run below)."""
    x, out, _ = deep
    f = theano.function([x], out)
    assert 0 < len(f.maker.fgraph.apply_nodes) <= N
    with x64_scope():
        text = f._jitted.lower((), np.zeros(2)).as_text()
    assert text.count("tanh") >= N // 3
    assert sys.getrecursionlimit() == DEFAULT_LIMIT


@pytest.mark.parametrize("build", CHAINS[1:], ids=lambda b: b.__name__)
def test_chain_shapes_build_walk_and_pickle_deep(build) -> None:
    x, out, _ = build(N)
    assert len(graph.io_toposort([x], [out])) >= N - 2
    again = pickle.loads(pickle.dumps(out))
    assert [n.op for n in graph.io_toposort([], [again])] == [n.op for n in graph.io_toposort([], [out])]


@pytest.mark.parametrize("build", CHAINS, ids=lambda b: b.__name__)
def test_chain_shapes_compile_and_run(build) -> None:
    x, out, ref = build(SMALL)
    g = T.grad(out.sum(), x)
    f = theano.function([x], [out, g])
    v = np.array([0.3, -0.7, 1.1])
    value, grad = f(v)
    np.testing.assert_allclose(value, ref(v), rtol=1e-10, atol=1e-12)
    eps = 1e-6
    numeric = [(ref(v + eps * e).sum() - ref(v - eps * e).sum()) / (2 * eps) for e in np.eye(3)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)
