"""scan_utils.map_variables: replacements in plain graphs, inside scans and OpFromGraph (Theano 1.0.5 semantics)."""
from __future__ import annotations

import sys

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gof import graph
from theano.scan_module.scan_utils import map_variables


def _replacer(v):
    return getattr(v.tag, "replacement", v)


def test_inner_node_replaced_and_original_untouched():
    a, b, c = T.scalars("a", "b", "c")
    ab = a + b
    ab.tag.replacement = a * b
    u = ab + c
    v, = map_variables(_replacer, [u])
    assert u.owner.inputs == [ab, c]
    f = theano.function([a, b, c], [u, v])
    assert [float(r) for r in f(2.0, 3.0, 4.0)] == [9.0, 10.0]


def test_replacement_may_use_the_variable_it_replaces():
    a = T.scalar("a")
    b = T.exp(a)
    b.tag.replacement = b * 2  # the old b inside its own replacement
    out, = map_variables(_replacer, [b + 1])
    assert np.isclose(theano.function([a], out)(0.0), 3.0)


def test_each_variable_goes_through_the_replacer_once():
    a = T.scalar("a")
    b = a * 2
    out = b + b
    calls = []

    def count(v):
        calls.append(v)
        return v

    new, = map_variables(count, [out])
    assert new is out  # nothing replaced: the same graph
    assert len(calls) == len(set(calls)) and set(calls) >= {a, b, out}


def test_scan_non_sequence_leaf_replaced():
    x = T.vector("x")
    y, z = T.scalars("y", "z")
    y.tag.replacement = z
    s, _ = theano.scan(lambda x_t: x_t * y, sequences=x)
    s2, = map_variables(_replacer, [s])
    f = theano.function([x, y, z], [s, s2])
    r = f(np.array([1.0, 2.0, 3.0]), 1.0, 2.0)
    assert np.array_equal(r[0], [1, 2, 3]) and np.array_equal(r[1], [2, 4, 6])


def test_scan_inner_replacement_brings_outer_variables_in_as_non_sequences():
    x = T.vector("x")
    k = T.scalar("k")
    w = theano.shared(np.float64(3.0), name="w")

    def step(x_t, acc):
        r = acc + x_t
        r.tag.replacement = (acc - x_t) * k * w
        return r

    s, _ = theano.scan(step, sequences=x, outputs_info=[np.array(0.0)])
    s2, = map_variables(_replacer, [s])
    node, node2 = s.owner.inputs[0].owner, s2.owner.inputs[0].owner  # (scan returns its buffer past the initial state)
    assert node2.op.info.n_nonseq == node.op.info.n_nonseq + 2 and node2.inputs[-2:] == [k, w]
    r = theano.function([x, k], s2)(np.array([1.0, 2.0]), 0.5)
    want, acc = [], 0.0
    for v in (1.0, 2.0):
        acc = (acc - v) * 0.5 * 3.0
        want.append(acc)
    assert np.allclose(r, want)


def test_scan_replacement_with_updated_shared_variable_raises():
    x = T.vector("x")
    counter = theano.shared(0, name="counter")
    counter.update = counter + 1

    def step(x_t, acc):
        r = acc + x_t
        r.tag.replacement = counter * (acc - x_t)
        return r

    s, _ = theano.scan(step, sequences=x, outputs_info=[np.array(0.0)])
    with pytest.raises(NotImplementedError, match="counter"):
        map_variables(_replacer, [s])


def test_opfromgraph_inner_graph_mapped():
    outer = T.scalar("outer")
    a, b = T.scalars("a", "b")
    r = a + b
    r.tag.replacement = outer * (a - b)
    c, d = T.scalars("c", "d")
    u = theano.OpFromGraph([a, b], [r])(c, d)
    v, = map_variables(_replacer, [u])
    assert v.owner.inputs[:3] == [c, d, outer]
    f = theano.function([c, d, outer], [u, v])
    assert [float(t) for t in f(5.0, 2.0, 2.0)] == [7.0, 6.0]


def test_deep_chain_is_iterative():
    x = T.vector("x")
    out = x
    for _ in range(3000):
        out = T.tanh(out) * 2
    y = T.vector("y")
    x.tag.replacement = y
    limit = sys.getrecursionlimit()
    new, = map_variables(_replacer, [out])
    assert graph.inputs([new])[0] is y and x not in graph.inputs([new]) and sys.getrecursionlimit() == limit


def test_nested_scan_replacement_lifts_outer_variables_through_both_loops():
    A = T.matrix("A")
    k = T.scalar("k")

    def outer_step(row, acc):
        def inner_step(e, s):
            r = s + e
            r.tag.replacement = s + e * k
            return r

        inner, _ = theano.scan(inner_step, sequences=row, outputs_info=T.zeros_like(acc))
        return acc + inner[-1]

    r, _ = theano.scan(outer_step, sequences=A, outputs_info=T.constant(np.float64(0)))
    r2, = map_variables(_replacer, [r])
    assert r2.owner.inputs[0].owner.inputs[-1] is k  # a new non-sequence of the outer loop, passed on to the inner one
    out = theano.function([A, k], [r, r2])(np.arange(6.0).reshape(2, 3), 10.0)
    assert np.allclose(out[0], [3.0, 15.0]) and np.allclose(out[1], [30.0, 150.0])
