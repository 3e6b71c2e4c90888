"""The scan node's outer layout is Theano 1.0.5's (frontend/scan_buffers.py): buffers that hold the initial state,
nit_sot sizes, var_mappings and connection_pattern in Theano's numbering; compiled, it is the unbuffered loop."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T
from theano.scan_module.scan_op import Scan


def _scan_nodes(f):
    return [n for n in f.maker.fgraph.toposort() if isinstance(n.op, Scan)]


def test_recurrent_outputs_are_buffers_sliced_past_the_initial_state():
    x, seq = T.scalar(), T.vector()
    (out1, out2), _ = theano.scan(lambda a, b, c: (a + b, b + c), sequences=seq, outputs_info=[x, T.zeros_like(x)])
    assert isinstance(out1.owner.op, T.subtensor.Subtensor) and isinstance(out1.owner.inputs[0].owner.op, Scan)
    b1, b2 = out1.owner.inputs[0], out2.owner.inputs[0]
    f = theano.function([x, seq], [b1, b2, b1[:-1], out1])
    v1, v2, head, o1 = f(5.0, np.arange(4.0))
    e1, e2 = [5.0], [0.0]
    for s in range(4):
        e1, e2 = e1 + [e1[-1] + s], e2 + [e2[-1] + e1[-1]]
    np.testing.assert_allclose(v1, e1)
    np.testing.assert_allclose(v2, e2)
    np.testing.assert_allclose(head, e1[:-1])
    np.testing.assert_allclose(o1, e1[1:])
    assert not any(type(n.op).__name__ == "AllocEmpty" for n in f.maker.fgraph.toposort())  # the loop runs unbuffered


def test_last_value_of_the_buffer_and_its_gradient():
    A, B = T.matrix("A"), T.matrix("B")
    S, _ = theano.scan(lambda x1, x2, u: u + T.dot(x1, x2), sequences=[A.dimshuffle(0, 1, "x"), B.dimshuffle(0, "x", 1)],
                       outputs_info=[T.zeros_like(A)])
    last = S.owner.inputs[0][-1]
    f = theano.function([A, B], [last, T.grad(last.sum(), A)])
    rng = np.random.RandomState(3)
    va, vb = rng.rand(4, 4), rng.rand(4, 4)
    value, grad = f(va, vb)
    np.testing.assert_allclose(value, va.T.dot(vb))
    np.testing.assert_allclose(grad, np.tile(vb.sum(axis=1)[:, None], (1, 4)))  # d sum(A.T B) / dA_ij = sum_k B_ik


def test_var_mappings_in_theanos_numbering():
    seq, nseq = T.vector(), T.scalar()
    counter = theano.shared(np.float64(0.0))

    def step(s, m3, m1, sit, nseq):
        total = s + m3 + m1 + sit + nseq
        return [total, total, total], {counter: counter + 1}

    outs, _ = theano.scan(step, sequences=seq, non_sequences=nseq,
                          outputs_info=[dict(initial=T.vector(), taps=[-3, -1]), T.scalar(), None])
    m = outs[0].owner.inputs[0].owner.op.var_mappings
    # (Theano 1.0.5's own test, test_oinp_iinp_iout_oout_mappings: a random state in place of the counter)
    assert m["inner_inp_from_outer_inp"] == {0: [], 1: [0], 2: [1, 2], 3: [3], 4: [4], 5: [], 6: [5]}
    assert m["outer_out_from_outer_inp"] == {0: -1, 1: -1, 2: 0, 3: 1, 4: 3, 5: 2, 6: -1}
    assert m["outer_inp_from_inner_out"] == {0: 2, 1: 3, 2: 5, 3: 4}
    assert m["inner_inp_from_outer_out"] == {0: [1, 2], 1: [3], 2: [], 3: [4]}


def test_connection_pattern_rows_follow_the_outer_inputs():
    def inner(i1, i2, i3, i4, i5, i6):
        total = i1 + i2 + i3 + i4 + i5 + i6
        return total, total, total, total, total, total

    inits = [T.vector(), T.vector(), T.matrix(), T.matrix()]
    outs, _ = theano.scan(inner, n_steps=10, outputs_info=[None, None, inits[0], inits[1],
                                                             dict(initial=inits[2], taps=[-2, -1]),
                                                             dict(initial=inits[3], taps=[-2, -1])])
    node = outs[0].owner  # a nit_sot output is the scan's output itself
    assert node.op.connection_pattern(node) == [[j in (1, 2, 3, 4)] * 6 for j in range(7)]
    g = theano.function(inits[1:2] + inits[:1] + inits[2:], theano.grad(outs[0].sum(), inits[1]),
                        on_unused_input="ignore")
    assert g(np.ones(2), np.ones(2), np.ones((2, 2)), np.ones((2, 2))).shape == (2,)


def test_scan_merge_belongs_to_set():
    inps, state = T.vector(), T.scalar()
    y1, _ = theano.scan(lambda x, y: x * y, sequences=inps, outputs_info=state, n_steps=5)
    y2, _ = theano.scan(lambda x, y: (x + y, theano.scan_module.until(x > 0)), sequences=inps, outputs_info=state,
                        n_steps=5)
    y3, _ = theano.scan(lambda x, y: x + y, sequences=inps, outputs_info=state, n_steps=5)
    n1, n2, n3 = (v.owner.inputs[0].owner for v in (y1, y2, y3))
    merge = theano.scan_module.scan_opt.ScanMerge()
    assert not merge.belongs_to_set(n1, [n2]) and not merge.belongs_to_set(n2, [n1])
    assert merge.belongs_to_set(n3, [n1])
