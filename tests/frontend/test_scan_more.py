"""Scan: Theano's accessors (fn, inner_seqs, ...), the input-cleaning and pushout rewrites, merged until loops,
the connection pattern through the step, and the scan() errors Theano raises (values against numpy)."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.fgraph import MissingInputError
from theano.frontend.ops.scan import Scan
from theano.gradient import NullTypeGradError


def _scans(f):
    return [n for n in f.maker.fgraph.toposort() if isinstance(n.op, Scan)]


def _elemwise_nodes(fgraph):
    return [n for n in fgraph.toposort() if isinstance(n.op, T.Elemwise)]


def test_fn_is_the_compiled_optimized_step():
    W1, W2, h0 = T.matrix("W1"), T.matrix("W2"), T.vector("h0")
    o, _ = theano.scan(lambda h, W1, W2: T.dot(h, W1 + W2), outputs_info=h0, non_sequences=[W1, W2], n_steps=5)
    f = theano.function([h0, W1, W2], o)
    (node,) = _scans(f)
    fn = node.op.fn
    assert fn is node.op.fn  # compiled once
    assert not _elemwise_nodes(fn.maker.fgraph)  # W1 + W2 is computed once, outside the loop
    assert all(c.value is None for c in fn.input_storage)
    rng = np.random.RandomState(0)
    vh, v1, v2 = rng.rand(2), rng.rand(2, 2), rng.rand(2, 2)
    expected = [vh]
    for _ in range(5):
        expected.append(expected[-1].dot(v1 + v2))
    np.testing.assert_allclose(f(vh, v1, v2), expected[1:])
    # one step through fn: the inner inputs are the previous h and the hoisted W1 + W2
    ins = [vh] + [v1 + v2] * (len(node.op.inputs) - 1)
    np.testing.assert_allclose(fn(*ins)[0] if isinstance(fn(*ins), list) else fn(*ins), vh.dot(v1 + v2))


def test_unused_and_repeated_inputs_are_removed():
    W, v, vv = T.matrix("W"), T.ivector("v"), T.matrix("vv")
    cases = [
        theano.scan(lambda i, _, W: W[i], sequences=v, non_sequences=[W[0], W])[0],
        theano.scan(lambda i, W, _, _2: W[i], sequences=v, non_sequences=[W, W[0], W[0]])[0],
        theano.scan(lambda i, _, W: W[i], sequences=[v, v], non_sequences=W)[0],
        theano.scan(lambda _, i, _2, W: W[i], sequences=[vv, v, vv[0]], non_sequences=W)[0],
    ]
    vW = np.arange(9.0).reshape(3, 3)
    for out in cases:
        f = theano.function([W, v, vv], out, on_unused_input="ignore")
        np.testing.assert_allclose(f(vW, [1, 2], np.zeros((3, 3))), vW[[1, 2]])
        (node,) = _scans(f)
        assert len(node.inputs[1:]) == len(set(node.inputs[1:]))
        assert len(node.op.inner_seqs(node.op.inputs)) == 1 and len(node.op.outer_seqs(node)) == 1
        assert len(node.op.inner_non_seqs(node.op.inputs)) == 1 and len(node.op.outer_non_seqs(node)) == 1


def test_constant_non_sequence_moves_into_the_step():
    x = T.vector("x")
    c = T.constant(np.asarray(3.0))
    out, _ = theano.scan(lambda v, h, c: h * c + v, sequences=x, outputs_info=T.constant(0.0, dtype="float64"),
                         non_sequences=c)
    f = theano.function([x], out)
    (node,) = _scans(f)
    assert node.op.outer_non_seqs(node) == []
    np.testing.assert_allclose(f(np.array([1.0, 2.0, 3.0])), [1.0, 5.0, 18.0])


def test_a_given_non_sequence_the_step_ignores_still_counts_as_used():
    # Theano's scan keeps it as an input until its rewrites: theano.function does not call it unused
    X, Y = T.matrix("X"), T.matrix("Y")
    out, _ = theano.scan(lambda i, X, Y: X.sum() + i, sequences=T.arange(3), non_sequences=[X, Y])
    f = theano.function([X, Y], out)
    np.testing.assert_allclose(f(np.ones((2, 2)), np.ones((1, 1))), [4.0, 5.0, 6.0])


def test_loop_of_an_invariant_value_becomes_an_alloc():
    h0, W1, W2 = T.vector("h0"), T.matrix("W1"), T.matrix("W2")
    o, _ = theano.scan(lambda h, W1, W2: T.dot(h, W1 + W2), non_sequences=[h0, W1, W2], n_steps=5)
    f = theano.function([h0, W1, W2], o)
    assert not _scans(f)
    rng = np.random.RandomState(1)
    vh, v1, v2 = rng.rand(2), rng.rand(2, 2), rng.rand(2, 2)
    np.testing.assert_allclose(f(vh, v1, v2), np.tile(vh.dot(v1 + v2), (5, 1)))


def test_elementwise_map_is_vectorized_outside_the_loop():
    m, w = T.matrix("m"), T.vector("w")
    r, _ = theano.scan(lambda a, b, w: a * w + T.exp(b), sequences=[m, m[::-1]], non_sequences=w)
    f = theano.function([m, w], r)
    assert not _scans(f)
    vm, vw = np.arange(6.0).reshape(3, 2), np.array([1.0, 2.0])
    np.testing.assert_allclose(f(vm, vw), vm * vw + np.exp(vm[::-1]))
    back, _ = theano.scan(lambda a: a * 2, sequences=m, go_backwards=True)
    np.testing.assert_allclose(theano.function([m], back)(vm), vm[::-1] * 2)
    # the rewrite can be excluded by its Theano name: the loop stays, same values
    mode = theano.compile.mode.get_default_mode().excluding("scanOp_pushout_seqs_ops")
    g = theano.function([m, w], r, mode=mode)
    assert len(_scans(g)) == 1
    np.testing.assert_allclose(g(vm, vw), vm * vw + np.exp(vm[::-1]))


def test_vectorized_map_keeps_the_trip_count_checks():
    x, n = T.vector("x"), T.iscalar("n")
    out, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=n)
    f = theano.function([x, n], out)
    assert not _scans(f)
    np.testing.assert_allclose(f(np.arange(6.0), 4), np.arange(4.0) * 2)
    with pytest.raises(ValueError, match="shorter"):
        f(np.arange(3.0), 4)
    with pytest.raises(IndexError, match="negative number of step"):
        f(np.arange(3.0), -2)


def test_until_loops_with_the_same_condition_merge():
    x = T.vector("x")
    o1, _ = theano.scan(lambda x_t: (x_t + 1, theano.scan_module.until(x_t > 3)), x)
    o2, _ = theano.scan(lambda x_t: (x_t + 2, theano.scan_module.until(x_t > 3)), x)
    o3, _ = theano.scan(lambda x_t: (x_t + 3, theano.scan_module.until(x_t > 2)), x)
    f = theano.function([x], [o1, o2, o3])
    assert len(_scans(f)) == 2  # o3 stops elsewhere
    vx = np.zeros(50)
    vx[23], vx[10] = 4.0, 2.5
    a, b, c = f(vx)
    np.testing.assert_allclose(a, vx[:24] + 1)
    np.testing.assert_allclose(b, vx[:24] + 2)
    np.testing.assert_allclose(c, vx[:11] + 3)


def test_an_initial_value_the_step_ignores_is_disconnected():
    x0, y0, z0 = T.vector("x0"), T.vector("y0"), T.vector("z0")
    [x, y, z], _ = theano.scan(lambda a, b, c: (a ** 2, b, a + 1), outputs_info=[x0, y0, z0], n_steps=3)
    cost = (x + y + z).sum()
    gx0, gy0 = T.grad(cost, [x0, y0])
    with pytest.raises(ValueError):
        T.grad(cost, z0)
    with pytest.raises(ValueError):
        T.grad(x.sum(), y0)
    f = theano.function([x0, y0, z0], [gx0, gy0])
    vx, vy = np.array([0.5, 1.5]), np.array([1.0, 2.0])
    g = f(vx, vy, np.zeros(2))
    # x_t = x0^(2^t): d/dx0 sum_t (x_t + (x_{t-1} + 1)) over t = 1..3
    dx = sum(2 ** t * vx ** (2 ** t - 1) for t in (1, 2, 3)) + sum(2 ** t * vx ** (2 ** t - 1) for t in (0, 1, 2))
    np.testing.assert_allclose(g[0], dx)
    np.testing.assert_allclose(g[1], np.full(2, 3.0))


def test_gradient_through_a_nested_scan_drawing_random_numbers_is_undefined():
    srng = T.shared_randomstreams.RandomStreams(3)
    inp = T.matrix()
    norm = inp / T.sum(inp, axis=0)

    def outer(i):
        pooled, upd = theano.scan(lambda j: inp + srng.multinomial(n=1, pvals=norm.T), sequences=T.arange(inp.shape[0]))
        return pooled + srng.binomial(size=pooled.shape), upd

    out, _ = theano.scan(outer, sequences=[T.arange(inp.shape[0])])
    with pytest.raises(NullTypeGradError):
        T.grad(out.sum(), inp)


def test_update_reading_an_unlisted_input_raises_missing_input():
    c, inc = theano.shared(0.0), T.scalar("inc")
    with pytest.raises(MissingInputError, match="non_sequences"):
        theano.scan(lambda: (T.zeros(()), {c: c + inc}), n_steps=20)
    # listed, it works
    _, upd = theano.scan(lambda inc: (T.zeros(()), {c: c + inc}), non_sequences=inc, n_steps=20)
    theano.function([inc], [], updates=upd)(0.5)
    assert c.get_value() == 10.0


def test_expanded_inputs_list_the_shared_storage():
    x, s = T.vector("x"), theano.shared(np.array([1.0, 2.0]), name="s")
    f = theano.function([x], x + s)
    ins = f.maker.expanded_inputs
    assert [i.variable for i in ins] == [x, s]
    assert ins[0].value is None
    np.testing.assert_allclose(ins[1].value.data, [1.0, 2.0])
    ins[1].value.data = np.array([3.0, 4.0])
    np.testing.assert_allclose(f([1.0, 1.0]), [4.0, 5.0])


@pytest.mark.parametrize("fold", ["reduce", "foldl", "foldr"])
def test_fold_value_and_gradient(fold):
    x = theano.shared(np.random.RandomState(2).uniform(size=(10,)))
    o, _ = getattr(theano, fold)(lambda v, acc: acc + v, x, T.constant(np.asarray(0.0)))
    np.testing.assert_allclose(theano.function([], o)(), x.get_value().sum())
    np.testing.assert_allclose(theano.function([], T.grad(o, x))(), np.ones(10))


def test_savemem_marks_the_loops_it_examined():
    state, n = T.vector("state"), T.iscalar("n")
    out, _ = theano.scan(lambda h: 2 * h, outputs_info=state, n_steps=n)
    f = theano.function([state, n], [out[:-2], out[-1]])
    (node,) = _scans(f)
    assert node.op._scan_savemem_visited
    a, b = f(np.ones(3), 4)
    np.testing.assert_allclose(a, [[2.0] * 3, [4.0] * 3])
    np.testing.assert_allclose(b, [16.0] * 3)


def test_map_of_a_vector_times_an_invariant_matrix_is_one_matrix_product():
    X, W, b, u = T.matrix("X"), T.matrix("W"), T.vector("b"), T.vector("u")
    r, _ = theano.scan(lambda x, W, b, u: [T.tanh(T.dot(x, W) + b), T.dot(W, x) * 2, T.dot(x, u)], sequences=X,
                       non_sequences=[W, b, u])
    f = theano.function([X, W, b, u], r)
    assert not _scans(f)
    rng = np.random.RandomState(0)
    vX, vW, vb, vu = rng.rand(4, 3), rng.rand(3, 3), rng.rand(3), rng.rand(3)
    a, c, d = f(vX, vW, vb, vu)
    np.testing.assert_allclose(a, np.tanh(vX.dot(vW) + vb))
    np.testing.assert_allclose(c, 2 * vX.dot(vW.T))
    np.testing.assert_allclose(d, vX.dot(vu))
    # a step whose dot reads the previous state stays a loop
    h, _ = theano.scan(lambda x, h, W: T.dot(h, W) + x, sequences=X, outputs_info=T.zeros((3,)), non_sequences=W)
    g = theano.function([X, W], h)
    assert len(_scans(g)) == 1
