"""Loading pickles written by the real Theano 1.0.5 (golden files made by golden/theano_pickles/make_pickles.py):
shared variables, symbolic graphs, compiled functions, random streams and pkl_utils zip files load into working
theano-xla objects whose values match the oracle's."""
import os
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.tensor as T
from theano.misc import pkl_utils

HERE = os.path.join(os.path.dirname(__file__), "golden", "theano_pickles")
EXP = np.load(os.path.join(HERE, "expected.npz"))
PROTOCOLS = (0, 2, 5)
PROTOCOL0_CASES = ("shared", "g_elemwise", "g_index", "f_train")  # make_pickles.py writes protocol 0 for these


def protocols(name):
    return [p for p in PROTOCOLS if p or name in PROTOCOL0_CASES]


def load(name, proto, encoding="ASCII"):
    with open(os.path.join(HERE, "%s_p%d.pkl" % (name, proto)), "rb") as fh:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pickle.load(fh, encoding=encoding)


def inputs_for(variables):
    return [EXP["input_" + v.name] for v in variables]


@pytest.mark.parametrize("proto", PROTOCOLS)
@pytest.mark.parametrize("encoding", ["ASCII", "latin1"])
def test_shared_variables(proto, encoding):
    W, s, i32, row, counter, spm, rstate = load("shared", proto, encoding)
    assert isinstance(W, theano.tensor.sharedvar.TensorSharedVariable)
    assert (W.name, W.type.dtype, W.broadcastable) == ("W", "float64", (False, False))
    assert W.tag.note == "weights"
    assert W.get_value().shape == (4, 3)
    assert isinstance(s, theano.tensor.sharedvar.ScalarSharedVariable) and s.get_value() == 1.5
    assert i32.dtype == "int32" and np.array_equal(i32.get_value(), np.arange(5))
    assert row.broadcastable == (True, False)
    with pytest.raises(TypeError):
        row.set_value(np.ones((2, 3)))  # the broadcastable pattern keeps
    assert counter.default_update is not None
    assert isinstance(spm.get_value(), sp.csr_matrix)
    assert np.array_equal(spm.get_value().toarray(), [[0, 1.0, 0], [2.0, 0, 3.0]])
    assert isinstance(rstate.get_value(), np.random.RandomState)
    assert rstate.get_value().rand() == np.random.RandomState(7).rand()
    # they work: a new function with updates, set_value, and a re-pickle with our package
    W.set_value(np.ones((4, 3)))
    f = theano.function([], W.sum(), updates=[(W, W * 2), (counter, counter + 5)])
    assert f() == 12.0 and np.array_equal(W.get_value(), 2 * np.ones((4, 3)))
    assert counter.get_value() == 5
    g = theano.function([], counter)  # the default update of the loaded variable applies
    g()
    assert counter.get_value() == 6
    W2, spm2 = pickle.loads(pickle.dumps((W, spm), -1))
    assert np.array_equal(W2.get_value(), W.get_value()) and W2.name == "W"
    assert np.array_equal(spm2.get_value().toarray(), spm.get_value().toarray())


GRAPHS = ["g_elemwise", "g_reduce", "g_dot", "g_index", "g_shape", "g_nnet", "g_scan"]


@pytest.mark.parametrize("name, proto", [(n, p) for n in GRAPHS for p in protocols(n)])
def test_symbolic_graphs(name, proto):
    ins, outs = load(name, proto, "latin1")
    f = theano.function(ins, outs, on_unused_input="ignore")
    got = f(*inputs_for(ins))
    for k, (g, o) in enumerate(zip(got, outs)):
        want = EXP["%s_%d" % (name, k)]
        assert g.dtype == want.dtype and o.dtype == want.dtype, (k, g.dtype, want.dtype)
        assert g.shape == want.shape, (k, g.shape, want.shape)
        np.testing.assert_allclose(g, want, rtol=1e-7, atol=1e-12, err_msg="%s output %d" % (name, k))
    # a loaded graph still grows: its gradient compiles
    if name in ("g_dot", "g_nnet"):
        cost = outs[1] if name == "g_nnet" else outs[0].sum()
        W = [v for v in theano.gof.graph.inputs([cost]) if getattr(v, "name", None) == "W"][0]
        assert theano.function(ins, T.grad(cost, W), on_unused_input="ignore")(*inputs_for(ins)).shape == (4, 3)


def _calls(f, args, n=2):
    out = []
    for _ in range(n):
        r = f(*args)
        if isinstance(r, dict):
            r = [r[k] for k in sorted(r)]
        out.append(r if isinstance(r, list) else [r])
    return out


@pytest.mark.parametrize("name, args, proto", [(n, a, p) for n, a in [("f_train", ["x"]), ("f_scan", ["x"]),
                                                                        ("f_keys", ["x"]), ("f_counter", [])]
                                               for p in protocols(n)])
def test_compiled_functions(name, args, proto):
    f = load(name, proto, "latin1")
    assert isinstance(f, theano.compile.function_module.Function)
    for call, outs in enumerate(_calls(f, [EXP["input_" + a] for a in args])):
        for k, got in enumerate(outs):
            want = EXP["%s_call%d_%d" % (name, call, k)]
            np.testing.assert_allclose(got, want, rtol=1e-7, err_msg="%s call %d output %d" % (name, call, k))
    if name == "f_train":  # the update of W applied twice, as in the oracle after its 1st call, the default kept
        W = [i.variable for i in f.maker.expanded_inputs if i.variable.name == "W"][0]
        assert W.get_value().shape == (4, 3)
        g = pickle.loads(pickle.dumps(f, -1))  # re-pickled with our package
        np.testing.assert_allclose(g(EXP["input_x"])[1], f(EXP["input_x"])[1], rtol=1e-12)


@pytest.mark.parametrize("proto", protocols("streams"))
def test_random_streams(proto):
    d = load("streams", proto, "latin1")
    a, b = d["fu"](), d["fu"]()
    assert a.shape == (3,) and not np.array_equal(a, b) and ((0 < a) & (a < 1)).all()
    assert d["fn"]().shape == (2,)
    mrg, rs = d["mrg"], d["rs"]
    assert theano.function([], mrg.uniform((4,)))().shape == (4,)
    assert theano.function([], rs.uniform((4,)))().shape == (4,)
    assert theano.function([], d["u"])().shape == (3,)


def test_pkl_utils_zip():
    with open(os.path.join(HERE, "pkl_utils_dump.zip"), "rb") as fh:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = pkl_utils.load(fh)
    assert d["W"].name == "W" and d["W"].get_value().shape == (4, 3)
    assert np.array_equal(d["arr"], np.arange(4.0))
    out = d["f"](EXP["input_x"])
    np.testing.assert_allclose(out, EXP["f_scan_call0_0"])
    assert sorted(np.load(os.path.join(HERE, "pkl_utils_dump.zip")).keys())[:2] == ["W", "array_0"]


def test_gpu_payloads_need_the_flag():
    import theano.gpuarray.type as gt

    old = theano.config.experimental.unpickle_gpu_on_cpu
    try:
        theano.config.experimental.unpickle_gpu_on_cpu = False
        with pytest.raises(ImportError, match="unpickle_gpu_on_cpu"):
            gt.GpuArray_unpickler(np.zeros(2, "float32"), None)
        theano.config.experimental.unpickle_gpu_on_cpu = True
        with pytest.warns(UserWarning, match="unpickle_gpu_on_cpu"):
            assert gt.GpuArray_unpickler(np.full(2, -42.0, "float32"), None)[0] == -42.0
    finally:
        theano.config.experimental.unpickle_gpu_on_cpu = old


@pytest.mark.parametrize("flag", [True, False])
def test_gpuarray_shared_variable(flag):
    old = theano.config.experimental.unpickle_gpu_on_cpu
    theano.config.experimental.unpickle_gpu_on_cpu = flag
    try:
        with open(os.path.join(HERE, "gpuarray_shared_p2.pkl"), "rb") as fh:
            if not flag:  # as Theano 1.0.5 without pygpu: an ImportError, here naming the flag
                with pytest.raises(ImportError, match="experimental.unpickle_gpu_on_cpu"):
                    pickle.load(fh)
                return
            with pytest.warns(UserWarning, match="Unpickling GpuArray as numpy.ndarray"):
                gW = pickle.load(fh)
    finally:
        theano.config.experimental.unpickle_gpu_on_cpu = old
    assert type(gW) is theano.tensor.sharedvar.TensorSharedVariable
    assert (gW.name, gW.dtype, gW.broadcastable) == ("gW", "float32", (False, False))
    assert np.array_equal(gW.get_value(), np.arange(6, dtype="float32").reshape(2, 3))
    f = theano.function([], gW.sum(), updates=[(gW, gW + 1)])
    assert f() == 15.0 and gW.get_value()[0, 0] == 1.0


def test_theano_sdist_gpuarray_payload():
    """theano/gpuarray/tests/GpuArray.pkl from the Theano 1.0.5 sdist (a Python 2 pickle of a pygpu array)."""
    old = theano.config.experimental.unpickle_gpu_on_cpu
    theano.config.experimental.unpickle_gpu_on_cpu = True
    try:
        with open(os.path.join(HERE, "theano_sdist_GpuArray.pkl"), "rb") as fh:
            with pytest.warns(UserWarning):
                mat = pkl_utils.CompatUnpickler(fh, encoding="latin1").load()
    finally:
        theano.config.experimental.unpickle_gpu_on_cpu = old
    assert isinstance(mat, np.ndarray) and mat[0] == -42.0


def test_lasagne_network_pickled_whole():
    """A Lasagne 0.1 MLP (dense, dropout with its random streams, softmax) pickled by Theano 1.0.5: its output
    matches Theano's and it trains (runs where Lasagne is importable, e.g. PYTHONPATH=<Lasagne-0.1 sdist>)."""
    lasagne = pytest.importorskip("lasagne")
    with open(os.path.join(HERE, "lasagne_mlp_p2.pkl"), "rb") as fh:
        net = pickle.load(fh)
    x = T.matrix("x")
    f = theano.function([x], lasagne.layers.get_output(net, x, deterministic=True))
    np.testing.assert_allclose(f(np.arange(8.0).reshape(2, 4)), np.load(os.path.join(HERE, "lasagne_mlp_out.npy")),
                               rtol=1e-7)
    params = lasagne.layers.get_all_params(net, trainable=True)
    assert [p.name for p in params] == ["W", "b", "W", "b"]
    loss = lasagne.layers.get_output(net, x).sum()
    before = params[0].get_value()
    theano.function([x], loss, updates=lasagne.updates.sgd(loss, params, 0.1))(np.ones((2, 4)))
    assert params[0].get_value().shape == before.shape


def test_loading_does_not_rebind_tensor_names_to_modules():
    """A Theano pickle names theano.tensor.var.TensorVariable; importing that module must not turn T.var (the
    variance) into the module, as a lazily imported submodule would."""
    import importlib

    importlib.import_module("theano.tensor.var")
    assert callable(T.var) and not isinstance(T.var, type(importlib))
    x = T.vector("x")
    assert theano.function([x], T.var(x))(np.array([1.0, 3.0])) == 1.0


def test_dtype_rules_with_parameters_pickle_by_value():
    """transfer_type/specific_out rules are objects: an op holding one (a Theano-loaded scalar op) pickles, and
    equal parameters give equal rules."""
    from theano.frontend import scalar

    for rule in (scalar.transfer_type(1), scalar.specific_out("int8"), scalar.upcast_out):
        back = pickle.loads(pickle.dumps(rule, -1))
        assert back == rule and hash(back) == hash(rule)
    assert scalar.transfer_type(1)("float32", "int16") == scalar.transfer_type(1)("float64", "int16")
    assert [t.dtype for t in scalar.transfer_type(1)("float32", "int16")] == ["int16"]
