"""Theano 1.0.5 pickles holding Scans with mit_mot outputs (the loops Theano's scan gradient builds): symbolic
gradients of scan RNNs and a compiled SGD training function of an Elman RNN, made by the real Theano
(golden/theano_pickles/make_mitmot_pickles.py), load and compute the oracle's values."""
import gzip
import os
import pickle
import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.graph_walks import io_toposort
from theano.frontend.ops.scan_mitmot import MitMotScan, MitMotScanInfo

HERE = os.path.join(os.path.dirname(__file__), "golden", "theano_pickles")
EXP = np.load(os.path.join(HERE, "expected_mitmot.npz"))
X, Y = EXP["input_x"], EXP["input_y"]
N_GRADS = 16  # outputs of the "grads" case (see make_mitmot_pickles.py)


def load(name, proto):
    with gzip.open(os.path.join(HERE, "mitmot_%s_p%d.pkl.gz" % (name, proto)), "rb") as fh:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pickle.load(fh, encoding="latin1")


def mitmot_nodes(outs):
    return [n for n in io_toposort([], list(outs)) if isinstance(n.op, MitMotScan)]


def check_grads(ins, outs):
    got = theano.function(ins, outs)(X, Y)
    assert len(got) == N_GRADS
    for k, g in enumerate(got):
        want = EXP["grads_%d" % k]
        assert g.dtype == want.dtype and g.shape == want.shape, (k, g.dtype, g.shape, want.shape)
        np.testing.assert_allclose(g, want, rtol=1e-10, atol=1e-13, err_msg="gradient output %d" % k)


@pytest.mark.parametrize("proto", [2, 5])
def test_scan_gradients_load_and_match_theano(proto):
    """Elman RNN (sit_sot), taps [-2, -1] with a per-step output (a mit_mot reading three taps and writing two),
    truncate_gradient=2 (buffers longer than the steps run: Theano zeroes their tail), and a second-order
    gradient (a mit_mot loop over a mit_mot loop)."""
    ins, outs = load("grads", proto)
    nodes = mitmot_nodes(outs)
    assert len(nodes) >= 4
    info = [n.op.info for n in nodes]
    assert any(i.tap_array[0] == (0, 2, 1) and i.mit_mot_out_slices == ((2, 1),) for i in info)
    assert any(i.tap_array[0] == (0, 1) and i.mit_mot_out_slices == ((1,),) for i in info)
    check_grads(ins, outs)


def test_loaded_gradient_differentiates_again():
    """theano.grad through a loaded mit_mot loop (JAX's reverse mode of its lowering) is the derivative: it matches
    the oracle's central differences of the loaded gradient (Theano 1.0.5's own symbolic gradient of its scan
    gradient, `grads_hess_Wh`, does not, here)."""
    ins, outs = load("grads", 5)
    g_wx = outs[1]  # d cost_elman / d Wx
    wh = [v for v in theano.gof.graph.inputs([g_wx]) if getattr(v, "name", None) == "Wh"][0]
    hess = theano.function(ins, T.grad((g_wx ** 2).sum(), wh))(X, Y)
    np.testing.assert_allclose(hess, EXP["grads_hess_Wh_fd"], rtol=1e-6, atol=1e-7)
    assert not np.allclose(EXP["grads_hess_Wh"], EXP["grads_hess_Wh_fd"], rtol=1e-3)  # Theano's differs


def test_loaded_gradient_graph_pickles_again_and_prints():
    ins, outs = load("grads", 5)
    text = theano.printing.debugprint(outs[2], file="str")  # constants Theano pickled have no tag.unique_value
    assert "for{cpu,grad_of_scan_fn}" in text and "TensorConstant{" in text
    ins2, outs2 = pickle.loads(pickle.dumps((ins, outs), -1))
    assert len(mitmot_nodes(outs2)) == len(mitmot_nodes(outs))
    check_grads(ins2, outs2)


def test_training_function_matches_theano_over_three_steps():
    """cPickle.dump(train_fn) of an Elman RNN trained by SGD (its updates hold the scan gradient): three calls give
    the oracle's costs, predictions and parameters; the loaded function pickles again with ours."""
    f = load("train", pickle.HIGHEST_PROTOCOL)
    assert isinstance(f, theano.compile.function_module.Function)
    for call in range(3):
        cost, pred = f(X, Y)
        np.testing.assert_allclose(cost, EXP["train_call%d_cost" % call], rtol=1e-10)
        np.testing.assert_allclose(pred, EXP["train_call%d_pred" % call], rtol=1e-10, atol=1e-13)
    shared = {i.variable.name: i.variable for i in f.maker.expanded_inputs if i.variable.name}
    for k in range(6):
        name = str(EXP["train_param_name_%d" % k])
        np.testing.assert_allclose(shared[name].get_value(), EXP["train_param_after_%d" % k], rtol=1e-10,
                                   atol=1e-13, err_msg=name)
    g = pickle.loads(pickle.dumps(f, -1))  # re-pickled with ours: its own copies of the parameters, same state
    want = f(X, Y, 0.05)  # the learning rate, an input with a default, given
    got = g(X, Y, 0.05)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert not np.array_equal(g(X, Y)[0], got[0])  # it keeps training


def _toy_mitmot(buf_len, out_tap):
    """A one-state mit_mot loop: reads the buffer at taps 0 and 1, writes tap `out_tap` with their sum + the
    sequence's slice."""
    s = T.dscalar("s")
    a0 = T.dscalar("a0")
    a1 = T.dscalar("a1")
    info = MitMotScanInfo(n_seqs=1, tap_array=((0, 1),), n_mit_mot=1, mit_mot_out_slices=((out_tap,),),
                          n_mit_sot=0, n_sit_sot=0, n_nit_sot=1, n_shared_outs=0, name="toy")
    op = MitMotScan([s, a0, a1], [a0 + a1 + s, a0 * 2], info)
    seq = T.dvector("seq")
    buf = T.dvector("buf")
    n = seq.shape[0]
    outs = op(n, seq, buf, n, return_list=True)
    return theano.function([seq, buf], outs), buf_len


def test_mitmot_semantics_against_a_loop():
    """Theano's perform: read rows (pos + tap) % S, write row pos + k, where pos = step - min tap."""
    f, _ = _toy_mitmot(5, 1)
    seq = np.array([1.0, 2.0, 3.0])
    buf = np.array([0.5, 1.0, 0.0, 4.0, 7.0])
    b = buf.copy()
    nit = []
    for i in range(3):
        x0, x1 = b[i], b[i + 1]
        nit.append(x0 * 2)
        b[i + 1] = x0 + x1 + seq[i]
    got_buf, got_nit = f(seq, buf)
    np.testing.assert_allclose(got_buf, b)
    np.testing.assert_allclose(got_nit, nit)
    assert np.array_equal(buf, [0.5, 1.0, 0.0, 4.0, 7.0])  # the input buffer is not overwritten


def test_mitmot_write_out_of_bounds_raises():
    f, _ = _toy_mitmot(3, 3)
    with pytest.raises(IndexError, match="out of bounds"):
        f(np.ones(3), np.zeros(3))
