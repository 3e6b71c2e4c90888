"""theano.scan against numpy loops: taps in both directions, several outputs, non-sequences (implicit ones
too), symbolic n_steps, go_backwards, until, updates and random streams inside the step, nested scans,
gradients (first and second order, truncate_gradient), R_op, map/reduce/foldl/foldr, errors."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.ops.scan import Scan
from theano.gradient import verify_grad
from theano.sandbox.rng_mrg import MRG_RandomStreams
from theano.tensor.shared_randomstreams import RandomStreams

RNG = np.random.RandomState(42)


def _rnn_numpy(x, h0, W, U):
    h, out = h0, []
    for t in range(x.shape[0]):
        h = np.tanh(x[t].dot(W) + h.dot(U))
        out.append(h)
    return np.array(out)


def _scan_nodes(f):
    return [n for n in f.maker.fgraph.toposort() if isinstance(n.op, Scan)]


def test_public_names():
    from theano import scan
    from theano.scan_module import until

    assert scan is theano.scan_module.scan and until is theano.scan_module.scan_utils.until
    from theano.scan_module.scan_op import Scan as S
    assert S is Scan


def test_rnn_values_and_one_loop():
    x, h0 = T.matrix("x"), T.vector("h0")
    W, U = theano.shared(RNG.randn(3, 4) * 0.5, name="W"), theano.shared(RNG.randn(4, 4) * 0.5, name="U")
    h, updates = theano.scan(lambda x_t, h: T.tanh(T.dot(x_t, W) + T.dot(h, U)), sequences=x, outputs_info=h0)
    assert not updates
    f = theano.function([x, h0], h)
    xv, h0v = RNG.randn(6, 3), RNG.randn(4)
    np.testing.assert_allclose(f(xv, h0v), _rnn_numpy(xv, h0v, W.get_value(), U.get_value()), rtol=1e-12)
    assert len(_scan_nodes(f)) == 1


def test_sequence_taps_and_output_taps():
    x, h0 = T.vector("x"), T.vector("h0")
    out, _ = theano.scan(lambda a, b, c, h1, h3: a + b * c + h1 - h3,
                         sequences=dict(input=x, taps=[-2, 0, 1]),
                         outputs_info=dict(initial=h0, taps=[-1, -3]))
    f = theano.function([x, h0], out)
    xv, h0v = np.arange(10.0), np.array([1.0, 2.0, 3.0])
    hist, ref = list(h0v), []
    for t in range(10 - 3):
        v = xv[t] + xv[t + 2] * xv[t + 3] + hist[-1] - hist[-3]
        hist.append(v)
        ref.append(v)
    np.testing.assert_allclose(f(xv, h0v), ref)


def test_several_outputs_with_none_entries_and_non_sequences():
    x = T.vector("x")
    k = T.scalar("k")

    def step(x_t, acc, k):
        return x_t * k, acc + x_t

    (scaled, acc), _ = theano.scan(step, sequences=x, outputs_info=[None, T.constant(0.0, dtype="float64")],
                                   non_sequences=k)
    f = theano.function([x, k], [scaled, acc])
    s, a = f(np.arange(5.0), 3.0)
    np.testing.assert_allclose(s, np.arange(5.0) * 3)
    np.testing.assert_allclose(a, np.cumsum(np.arange(5.0)))


def test_implicit_non_sequences_symbolic_and_shared():
    x, w = T.vector("x"), T.scalar("w")
    s = theano.shared(2.0)
    out, _ = theano.scan(lambda x_t: x_t * w + s, sequences=x)
    f = theano.function([x, w], out)
    np.testing.assert_allclose(f(np.arange(3.0), 10.0), np.arange(3.0) * 10 + 2)


def test_strict_mode_requires_shared_variables_listed():
    w = theano.shared(np.eye(2))
    x0 = T.vector("x0")
    out, _ = theano.scan(lambda x, w_: T.dot(x, w_), outputs_info=x0, non_sequences=[w], n_steps=3, strict=True)
    np.testing.assert_allclose(theano.function([x0], out[-1])(np.ones(2)), np.ones(2))
    with pytest.raises(theano.gof.fg.MissingInputError):
        theano.scan(lambda x: T.dot(x, w), outputs_info=x0, n_steps=3, strict=True)


def test_symbolic_n_steps_compiles_once_per_length():
    n = T.iscalar("n")
    out, _ = theano.scan(lambda h: h * 2, outputs_info=T.constant(1.0, dtype="float64"), n_steps=n)
    f = theano.function([n], out)
    np.testing.assert_allclose(f(3), [2, 4, 8])
    np.testing.assert_allclose(f(5), [2, 4, 8, 16, 32])
    np.testing.assert_allclose(f(3), [2, 4, 8])
    assert f.n_compilations == 2


def test_n_steps_shorter_than_sequence_and_shape_zero():
    x, n = T.vector("x"), T.iscalar("n")
    out, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=n)
    f = theano.function([x, n], out)
    np.testing.assert_allclose(f(np.arange(6.0), 4), np.arange(4.0) * 2)
    with pytest.raises(ValueError, match="shorter"):
        f(np.arange(3.0), 4)
    with pytest.raises(IndexError, match="negative number of step"):
        f(np.arange(3.0), -2)


def test_go_backwards_and_map_reduce_fold():
    x = T.vector("x")
    back, _ = theano.scan(lambda v, acc: acc * 10 + v, sequences=x, outputs_info=T.constant(0.0, dtype="float64"),
                          go_backwards=True)
    assert theano.function([x], back)(np.arange(3.0))[-1] == 210.0
    m, _ = theano.map(lambda v: v ** 2, x)
    r, _ = theano.reduce(lambda v, acc: acc + v, x, T.constant(0.0, dtype="float64"))
    fl, _ = theano.foldl(lambda v, acc: acc * 10 + v, x, T.constant(0.0, dtype="float64"))
    fr, _ = theano.foldr(lambda v, acc: acc * 10 + v, x, T.constant(0.0, dtype="float64"))
    f = theano.function([x], [m, r, fl, fr])
    mv, rv, flv, frv = f(np.arange(1.0, 4.0))
    np.testing.assert_allclose(mv, [1, 4, 9])
    assert rv == 6 and flv == 123 and frv == 321


def test_n_steps_one_applies_the_step_once_without_a_loop():
    x = T.vector("x")
    out, _ = theano.scan(lambda v, h: v + h, sequences=x, outputs_info=T.constant(1.0, dtype="float64"), n_steps=1)
    f = theano.function([x], out)
    np.testing.assert_allclose(f(np.array([5.0, 6.0])), [6.0])
    assert not _scan_nodes(f)


def test_until_truncates_outputs_to_the_steps_taken():
    k = T.scalar("k")
    out, _ = theano.scan(lambda p: (p * 2, theano.scan_module.until(p * 2 > k)),
                         outputs_info=T.constant(1.0, dtype="float64"), n_steps=100)
    f = theano.function([k], [out, out.shape[0]])
    v, n = f(10.0)
    np.testing.assert_allclose(v, [2, 4, 8, 16])
    assert n == 4
    np.testing.assert_allclose(f(1000.0)[0][-1], 1024.0)


def test_until_gradient():
    x = T.vector("x")
    out, _ = theano.scan(lambda v: (v ** 2, theano.scan_module.until(v > 5)), sequences=x)
    g = T.grad(out.sum(), x)
    f = theano.function([x], [out, g])
    xv = np.arange(10.0)
    o, gv = f(xv)
    np.testing.assert_allclose(o, xv[:7] ** 2)
    np.testing.assert_allclose(gv, np.concatenate([2 * xv[:7], np.zeros(3)]))


def test_updates_from_the_step_advance_every_call():
    x = T.vector("x")
    acc = theano.shared(0.0)
    out, upd = theano.scan(lambda v: (v * 2, {acc: acc + v}), sequences=x)
    assert list(upd) == [acc]
    f = theano.function([x], out, updates=upd)
    f(np.arange(4.0))
    f(np.arange(4.0))
    assert acc.get_value() == 12.0


@pytest.mark.parametrize("streams", [MRG_RandomStreams, RandomStreams])
def test_gibbs_chain_of_1000_steps_continues_between_calls(streams):
    srng = streams(seed=3)
    W = theano.shared(RNG.randn(6, 4) * 0.3)

    def gibbs(v):
        h = srng.binomial(size=(4,), p=T.nnet.sigmoid(T.dot(v, W)), dtype="float64")
        return srng.binomial(size=(6,), p=T.nnet.sigmoid(T.dot(h, W.T)), dtype="float64")

    chain, upd = theano.scan(gibbs, outputs_info=T.zeros((6,)), n_steps=1000)
    assert len(upd) >= 1
    f = theano.function([], chain, updates=upd)
    a, b = f(), f()
    assert a.shape == (1000, 6) and set(np.unique(a)) <= {0.0, 1.0}
    assert not np.array_equal(a, b)  # the random state advanced: the second call continues the chain
    assert len(_scan_nodes(f)) == 1


def test_draw_outside_the_step_passed_as_non_sequence():
    trng = RandomStreams(123)
    x = T.matrix("x")
    y = trng.binomial(size=x.shape, p=x)
    z, updates = theano.scan(lambda a: a, non_sequences=y, n_steps=2)
    f = theano.function([x], [y, z], updates=updates)
    xv = RNG.uniform(size=(5, 5))
    y1, z1 = f(xv)
    y2, z2 = f(xv)
    np.testing.assert_allclose([y1, y1], z1)
    np.testing.assert_allclose([y2, y2], z2)


def test_nested_scans_and_their_gradient():
    M = T.matrix("M")

    def row_sum(row):
        r, _ = theano.scan(lambda e, acc: acc + e * e, sequences=row, outputs_info=T.constant(0.0, dtype="float64"))
        return r[-1]

    s, _ = theano.scan(row_sum, sequences=M)
    f = theano.function([M], [s, T.grad(s.sum(), M)])
    mv = RNG.randn(3, 4)
    sv, gv = f(mv)
    np.testing.assert_allclose(sv, (mv ** 2).sum(axis=1))
    np.testing.assert_allclose(gv, 2 * mv)


def test_rnn_gradients_against_finite_differences():
    W0, U0 = RNG.randn(3, 4) * 0.4, RNG.randn(4, 4) * 0.4

    def cost(x, h0, W, U):
        h, _ = theano.scan(lambda x_t, h, W, U: T.tanh(T.dot(x_t, W) + T.dot(h, U)), sequences=x,
                           outputs_info=h0, non_sequences=[W, U])
        return (h ** 2).sum() + h[-1].sum()

    verify_grad(cost, [RNG.randn(5, 3), RNG.randn(4), W0, U0], rng=RNG)


def test_gradient_through_taps_and_shared_weights():
    W = theano.shared(0.7)

    def cost(x, h0):
        out, _ = theano.scan(lambda a, b, h1, h2: T.tanh(a * W + b + h1 * h2),
                             sequences=dict(input=x, taps=[-1, 1]), outputs_info=dict(initial=h0, taps=[-1, -2]))
        return out.sum()

    verify_grad(cost, [RNG.randn(7), RNG.randn(2)], rng=RNG)
    x, h0 = T.vector(), T.vector()
    gW = T.grad(cost(x, h0), W)
    assert theano.function([x, h0], gW)(RNG.randn(7), RNG.randn(2)).shape == ()


def test_truncate_gradient_keeps_only_the_last_steps():
    x, h0 = T.vector("x"), T.scalar("h0")
    w = T.scalar("w")
    h, _ = theano.scan(lambda x_t, h: h * w + x_t, sequences=x, outputs_info=h0, truncate_gradient=2)
    gx = T.grad(h[-1], x)
    f = theano.function([x, h0, w], gx)
    np.testing.assert_allclose(f(np.ones(5), 0.0, 0.5), [0, 0, 0, 0.5, 1.0])


def test_second_order_gradient_and_rop():
    W = theano.shared(RNG.randn(3, 3) * 0.5)
    X = T.matrix("X")
    hs, _ = theano.scan(lambda x_t, h: T.tanh(T.dot(h, W) + x_t), sequences=X, outputs_info=T.zeros((3,)))
    gW = T.grad(hs[-1].sum(), W)
    H = T.grad(gW.sum(), W)
    xv = RNG.randn(4, 3)
    eps = 1e-6
    fg = theano.function([X], gW.sum())
    Wv = W.get_value()
    num = np.zeros_like(Wv)
    for i in range(3):
        for j in range(3):
            d = np.zeros_like(Wv)
            d[i, j] = eps
            W.set_value(Wv + d)
            up = fg(xv)
            W.set_value(Wv - d)
            num[i, j] = (up - fg(xv)) / (2 * eps)
    W.set_value(Wv)
    np.testing.assert_allclose(theano.function([X], H)(xv), num, rtol=1e-5, atol=1e-7)
    # R_op: the directional derivative of every hidden state along V
    V = RNG.randn(3, 3)
    Rv = theano.function([X], T.Rop(hs, W, theano.shared(V)))(xv)
    f = theano.function([X], hs)
    W.set_value(Wv + eps * V)
    up = f(xv)
    W.set_value(Wv - eps * V)
    down = f(xv)
    W.set_value(Wv)
    np.testing.assert_allclose(Rv, (up - down) / (2 * eps), rtol=1e-5, atol=1e-7)


def test_loop_invariant_computation_moves_out_of_the_step():
    x = T.vector("x")
    A = T.matrix("A")
    out, _ = theano.scan(lambda v, A: T.dot(T.exp(A), T.ones_like(A[0])) * v, sequences=x, non_sequences=A)
    op = out.owner.op
    inner_ops = {type(n.op).__name__ for n in theano.gof.graph.io_toposort(op.inputs, op.outputs)}
    assert "Dot" in inner_ops  # the step as written (Theano's graph, debugprint)
    f = theano.function([x, A], out, mode=theano.compile.mode.get_default_mode().excluding("scanOp_pushout_seqs_ops"))
    (node,) = _scan_nodes(f)
    inner_ops = {type(n.op).__name__ for n in theano.gof.graph.io_toposort(node.op.inputs, node.op.outputs)}
    assert "Dot" not in inner_ops and "Dot22" not in inner_ops  # exp(A) . ones is computed once, outside
    Av = RNG.randn(2, 2)
    np.testing.assert_allclose(f(np.arange(3.0), Av), np.outer(np.arange(3.0), np.exp(Av).sum(axis=1)))


def test_errors_name_the_problem():
    x = T.vector("x")
    with pytest.raises(ValueError, match="dtype"):
        theano.scan(lambda v, h: v + h, sequences=x, outputs_info=T.constant(np.int32(0)))
    with pytest.raises(ValueError, match="No information about the number of steps"):
        theano.scan(lambda h: h + 1, outputs_info=T.constant(0.0))
    with pytest.raises(ValueError, match="smaller than 0"):
        theano.scan(lambda h: h, outputs_info=dict(initial=x, taps=[1]), n_steps=2)
    with pytest.raises(ValueError, match="n_steps must be an int"):
        theano.scan(lambda h: h, outputs_info=x, n_steps=T.scalar())
    h, _ = theano.scan(lambda v, h: T.concatenate([h, h]), sequences=x, outputs_info=x)
    with pytest.raises(ValueError, match="shape of its initial state"):
        theano.function([x], h)(np.ones(2))


def test_equal_scans_compare_equal_and_merge():
    x, y = T.vector(), T.vector()
    s1, _ = theano.scan(lambda v: v + 1, x)
    s2, _ = theano.scan(lambda v: v + 1, y)
    s3, _ = theano.scan(lambda v: v + 2, y)
    assert s1.owner.op == s2.owner.op and hash(s1.owner.op) == hash(s2.owner.op)
    assert s1.owner.op != s3.owner.op
    a, _ = theano.scan(lambda v: v + 1, x)
    # (without the pushout, which computes these elementwise maps outside any loop)
    f = theano.function([x], [s1 * 2, a * 3], mode=theano.compile.mode.get_default_mode().excluding("scanOp_pushout_seqs_ops"))
    assert len(_scan_nodes(f)) == 1


def test_last_value_only_needs_no_recompilation_for_a_new_trip_count():
    x, n = T.matrix("x"), T.iscalar("n")
    W = theano.shared(np.eye(3) * 0.5)
    h, _ = theano.scan(lambda x_t, h: T.tanh(T.dot(h, W) + x_t), sequences=x, outputs_info=T.zeros((3,)), n_steps=n)
    loss = h[-1].sum()
    f = theano.function([x, n], [loss, T.grad(loss, W)])
    (node,) = _scan_nodes(f)
    assert node.op.info.is_last_only(0)  # scan_save_mem: one value kept, not one per step
    xv = RNG.rand(10, 3)
    for k in (3, 5, 10, 4):
        lv, gv = f(xv, k)
        hh = np.zeros(3)
        for t in range(k):
            hh = np.tanh(hh.dot(W.get_value()) + xv[t])
        np.testing.assert_allclose(lv, hh.sum())
    assert f.n_compilations == 1
    with pytest.raises(ValueError, match="shorter"):
        f(xv, 11)
    with pytest.raises(IndexError, match="negative"):
        f(xv, -1)


def test_save_mem_keeps_per_step_outputs_that_are_read_whole():
    x = T.vector("x")
    h, _ = theano.scan(lambda v, h: h + v, sequences=x, outputs_info=T.constant(0.0, dtype="float64"))
    f = theano.function([x], [h[-1], h.sum()])
    (node,) = _scan_nodes(f)
    assert not node.op.info.is_last_only(0)
    np.testing.assert_allclose(f(np.arange(4.0)), [6.0, 10.0])
    g = theano.function([x], [h[-1], T.grad(h[-1] * 2, x)])
    assert _scan_nodes(g)[0].op.info.is_last_only(0)
    np.testing.assert_allclose(g(np.arange(4.0))[1], [2.0] * 4)


def test_gradient_through_a_random_draw_in_the_step_is_undefined():
    srng = RandomStreams(1)
    W = theano.shared(np.ones((3, 3)) * 0.1)
    x = T.matrix("x")
    out, _ = theano.scan(lambda v: srng.binomial(size=(3,), p=T.nnet.sigmoid(T.dot(v, W)), dtype="float64") + v,
                         sequences=x)
    with pytest.raises(theano.gradient.NullTypeGradError):
        T.grad(out.sum(), W)
    with pytest.raises(theano.gradient.NullTypeGradError):
        T.grad(out.sum(), x)
    # a draw whose parameters do not depend on what is differentiated is a constant for the gradient
    noisy, _ = theano.scan(lambda v: srng.binomial(size=(3,), p=0.5, dtype="float64") * T.dot(v, W), sequences=x)
    g = theano.function([x], T.grad(noisy.sum(), W))(np.ones((2, 3)))
    assert g.shape == (3, 3) and np.all(np.isfinite(g))


def test_inconsistent_broadcast_pattern_raises_in_the_gradient_as_in_theano():
    x = T.tensor3()
    y, _ = theano.scan(lambda x, prev_x: x + prev_x, sequences=x,
                       outputs_info=[dict(initial=T.constant(np.zeros((1, 10))))])
    with pytest.raises(TypeError, match="broadcast pattern"):
        T.grad(y.sum(), x)
    y, _ = theano.scan(lambda x, prev_x: x + prev_x, sequences=x,
                       outputs_info=[dict(initial=T.unbroadcast(T.constant(np.zeros((1, 10))), 0, 1))])
    T.grad(y.sum(), x)


def test_outputs_of_every_kind_computed_from_non_sequences_only():
    W, x1, x2 = T.scalar("W"), T.vector("x1"), T.scalar("x2")
    sh = theano.shared(2.0)
    [X1, X2, X3], updates = theano.scan(lambda a, b, c, w: [(w + 1.0, w + 2.0, w + 3.0), {sh: w + 4.0}], [],
                                        [dict(initial=x1, taps=[-1, -3]), x2, None], W, n_steps=5)
    f = theano.function([W, x1, x2], [X1, X2, X3], updates=updates)
    o1, o2, o3 = f(0.5, [0.0, 0.0, 0.0], 0.0)
    np.testing.assert_allclose(o1, [1.5] * 5)
    np.testing.assert_allclose(o2, [2.5] * 5)
    np.testing.assert_allclose(o3, [3.5] * 5)
    assert sh.get_value() == 4.5


def test_lstm_forward_and_gradient_against_numpy():
    n_in, n_hid = 3, 4
    Ws = {k: theano.shared(RNG.randn(n_in if k[0] == "W" else n_hid, n_hid) * 0.3, name=k)
          for k in ("Wi", "Wf", "Wo", "Wc", "Ui", "Uf", "Uo", "Uc")}
    x = T.matrix("x")
    sig = T.nnet.sigmoid

    def step(x_t, h, c):
        i = sig(T.dot(x_t, Ws["Wi"]) + T.dot(h, Ws["Ui"]))
        f = sig(T.dot(x_t, Ws["Wf"]) + T.dot(h, Ws["Uf"]))
        o = sig(T.dot(x_t, Ws["Wo"]) + T.dot(h, Ws["Uo"]))
        c_new = f * c + i * T.tanh(T.dot(x_t, Ws["Wc"]) + T.dot(h, Ws["Uc"]))
        return o * T.tanh(c_new), c_new

    (hs, cs), _ = theano.scan(step, sequences=x, outputs_info=[T.zeros((n_hid,)), T.zeros((n_hid,))])
    cost = (hs ** 2).sum() + cs[-1].sum()
    f = theano.function([x], [hs, cost, T.grad(cost, Ws["Uf"])])
    xv = RNG.randn(6, n_in)
    W = {k: v.get_value() for k, v in Ws.items()}

    def np_cost(W):
        s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
        h, c, out = np.zeros(n_hid), np.zeros(n_hid), []
        for t in range(6):
            i, fg, o = (s(xv[t] @ W["W" + g] + h @ W["U" + g]) for g in "ifo")
            c = fg * c + i * np.tanh(xv[t] @ W["Wc"] + h @ W["Uc"])
            h = o * np.tanh(c)
            out.append(h)
        return np.array(out), (np.array(out) ** 2).sum() + c.sum()

    hv, cv, gv = f(xv)
    ref_h, ref_c = np_cost(W)
    np.testing.assert_allclose(hv, ref_h, rtol=1e-10)
    np.testing.assert_allclose(cv, ref_c, rtol=1e-10)
    num = np.zeros_like(W["Uf"])
    for a in range(n_hid):
        for b in range(n_hid):
            up, down = dict(W), dict(W)
            up["Uf"] = W["Uf"].copy()
            up["Uf"][a, b] += 1e-6
            down["Uf"] = W["Uf"].copy()
            down["Uf"][a, b] -= 1e-6
            num[a, b] = (np_cost(up)[1] - np_cost(down)[1]) / 2e-6
    np.testing.assert_allclose(gv, num, rtol=1e-5, atol=1e-8)


def test_scan_inside_op_from_graph_and_op_from_graph_inside_scan():
    from theano.compile.builders import OpFromGraph

    v = T.vector("v")
    cums, _ = theano.scan(lambda e, acc: acc + e, sequences=v, outputs_info=T.constant(0.0, dtype="float64"))
    cumsum_op = OpFromGraph([v], [cums])
    a, b = T.vector("a"), T.vector("b")
    f = theano.function([a], [cumsum_op(a), T.grad(cumsum_op(a).sum(), a)])
    out, g = f(np.arange(4.0))
    np.testing.assert_allclose(out, np.cumsum(np.arange(4.0)))
    np.testing.assert_allclose(g, [4.0, 3.0, 2.0, 1.0])

    p, q = T.scalar("p"), T.scalar("q")
    affine = OpFromGraph([p, q], [p * 2.0 + q])
    res, _ = theano.scan(lambda e, acc: affine(acc, e), sequences=b, outputs_info=T.constant(0.0, dtype="float64"))
    f2 = theano.function([b], [res, T.grad(res[-1], b)])
    r, gb = f2(np.array([1.0, 1.0, 1.0]))
    np.testing.assert_allclose(r, [1.0, 3.0, 7.0])
    np.testing.assert_allclose(gb, [4.0, 2.0, 1.0])


def test_loops_over_the_same_trip_count_merge_into_one():
    x = T.vector("x")
    W = theano.shared(2.0)
    acc = theano.shared(0.0)
    a, _ = theano.scan(lambda v, h: h + v * W, sequences=x, outputs_info=T.constant(0.0, dtype="float64"))
    b, _ = theano.scan(lambda v: v ** 2, sequences=x)
    c, upd = theano.scan(lambda v: (v + 1, {acc: acc + v}), sequences=x)
    f = theano.function([x], [a, b[-1], c], updates=upd)
    assert len(_scan_nodes(f)) == 1
    av, bv, cv = f(np.arange(4.0))
    np.testing.assert_allclose(av, [0, 2, 6, 12])
    assert bv == 9.0 and acc.get_value() == 6.0
    np.testing.assert_allclose(cv, [1, 2, 3, 4])
    d, _ = theano.scan(lambda v, h: h * v, sequences=a, outputs_info=T.constant(1.0, dtype="float64"))
    g = theano.function([x], [a, d])  # d reads a: two loops
    assert len(_scan_nodes(g)) == 2


def test_the_host_shape_program_reads_shapes_not_the_loop():
    """The trip count and the shapes after the loop (a reshape of its outputs, in the gradient too) are computed
    from input shapes: the host never runs the loop or the matrix products that feed it."""
    E, W = theano.shared(RNG.randn(10, 4)), theano.shared(RNG.randn(4, 4) * 0.3)
    x = T.imatrix("x")
    xp = T.dot(E[x], W)
    h, _ = theano.scan(lambda xp_t, h: T.tanh(xp_t + h), sequences=xp, outputs_info=T.zeros((x.shape[1], 4)))
    cost = T.dot(h.reshape((-1, 4)), W).sum()
    f = theano.function([x], [cost] + T.grad(cost, [E, W]))
    f(np.array([[1, 2], [3, 4], [5, 6]], dtype="int32"))
    host_ops = {type(n.op).__name__ for n, _, _ in f._shape_program.steps}
    assert not host_ops & {"Scan", "Dot", "Dot22", "AdvancedSubtensor1"}, host_ops


def test_gradient_of_the_last_state_with_a_symbolic_trip_count_and_no_sequence():
    n, x0, w = T.iscalar("n"), T.scalar("x0"), T.scalar("w")
    h, _ = theano.scan(lambda h: h * w, outputs_info=x0, n_steps=n)
    f = theano.function([x0, w, n], [h[-1], T.grad(h[-1], w)])
    for k in (3, 5):
        v, g = f(2.0, 1.5, k)
        np.testing.assert_allclose([v, g], [2.0 * 1.5 ** k, 2.0 * k * 1.5 ** (k - 1)])
    fwd = theano.function([x0, w, n], h[-1])  # forward only: one while loop for every trip count
    assert fwd(2.0, 1.5, 3) == 2.0 * 1.5 ** 3 and fwd(2.0, 1.5, 4) == 2.0 * 1.5 ** 4
    assert fwd.n_compilations == 1
