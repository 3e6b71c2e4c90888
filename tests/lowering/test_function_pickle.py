"""Pickling and copying compiled functions (pickle, copy, deepcopy, Function.copy), function_dump, pkl_utils."""

import copy
import io
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import In, function, shared
from theano.compile import DebugMode, function_dump
from theano.misc.pkl_utils import (PersistentNdarrayID, PersistentSharedVariableID, StripPickler, dump, load)


def _model():
    """A small training step: a function with updates and one reading the same shared variables."""
    x = T.dmatrix("x")
    w = shared(np.arange(6.0).reshape(3, 2), name="W")
    b = shared(np.zeros(2), name="b")
    cost = ((T.dot(x, w) + b) ** 2).sum()
    gw, gb = theano.grad(cost, [w, b])
    train = function([x], cost, updates=OrderedDict([(w, w - 0.01 * gw), (b, b - 0.01 * gb)]))
    predict = function([x], T.dot(x, w) + b)
    return x, w, b, train, predict


@pytest.mark.parametrize("protocol", [0, 2, -1])
def test_pickle_round_trip_values_and_updates(protocol):
    _, w, b, train, _ = _model()
    xv = np.linspace(-1, 1, 12).reshape(4, 3)
    train2 = pickle.loads(pickle.dumps(train, protocol))
    w2 = next(s for s in train2._shared if s.name == "W")  # the loaded function's own, with the pickled value
    assert w2 is not w and np.array_equal(w2.get_value(), w.get_value())
    assert train2(xv) == pytest.approx(float(train(xv)))
    # the loaded function's updates are still applied, to its own variables only
    assert np.allclose(w2.get_value(), w.get_value()) and not np.allclose(w2.get_value(), np.arange(6.0).reshape(3, 2))
    train2(xv)
    assert not np.allclose(w2.get_value(), w.get_value())


def test_functions_pickled_together_keep_sharing_shared_variables():
    _, w, b, train, predict = _model()
    xv = np.ones((2, 3))
    train2, predict2, w2 = pickle.loads(pickle.dumps([train, predict, w], -1))
    assert any(s is w2 for s in train2._shared) and any(s is w2 for s in predict2._shared)
    before = predict2(xv)
    train2(xv)
    after = predict2(xv)
    assert not np.allclose(before, after)  # predict2 sees train2's update of the shared W
    assert np.allclose(after, xv @ w2.get_value() + [s for s in predict2._shared if s is not w2][0].get_value())
    assert np.allclose(predict(xv), before)  # the original functions are untouched


def test_pickle_stores_each_shared_value_once():
    x = T.dvector("x")
    w = shared(np.ones(100_000), name="w")
    f = function([x], (x * w).sum(), updates={w: w * 2})
    g = function([x], (x + w).sum())
    data = pickle.dumps([f, g], -1)
    assert len(data) < 1.2 * w.get_value().nbytes


def test_pickle_keeps_givens_defaults_and_output_forms():
    data = shared(np.arange(20.0).reshape(10, 2), name="data")
    i = T.lscalar("i")
    x = T.dmatrix("x")
    batch = function([i], x.sum(axis=0), givens={x: data[i * 2:(i + 1) * 2]})
    a = T.dscalar("a")
    with_default = function([x, In(a, value=3.0, name="a")], {"scaled": x * a})
    b2, d2 = pickle.loads(pickle.dumps([batch, with_default]))
    assert np.array_equal(b2(3), batch(3)) and np.array_equal(b2(3), [12.0 + 14.0, 13.0 + 15.0])
    out = d2(np.ones((1, 2)))
    assert isinstance(out, dict) and np.array_equal(out["scaled"], [[3.0, 3.0]])
    assert np.array_equal(d2(np.ones((1, 2)), a=2.0)["scaled"], [[2.0, 2.0]])


def test_unpickle_reoptimized_when_flag_set():
    x = T.dvector("x")
    f = function([x], T.log(1 + T.exp(x)))
    s = pickle.dumps(f)
    old = theano.config.reoptimize_unpickled_function
    try:
        theano.config.reoptimize_unpickled_function = True
        g = pickle.loads(s)
    finally:
        theano.config.reoptimize_unpickled_function = old
    xv = np.array([-50.0, 0.0, 50.0])
    assert np.allclose(g(xv), f(xv))
    assert [type(n.op) for n in g.maker.fgraph.toposort()] == [type(n.op) for n in f.maker.fgraph.toposort()]


def test_pickle_deep_graph_and_debugmode_function():
    x = T.dvector("x")
    y = x
    for _ in range(2000):
        y = y * 1.0001 + 0.5
    f = function([x], y)
    assert np.allclose(pickle.loads(pickle.dumps(f, -1))(np.ones(2)), f(np.ones(2)))
    w = shared(np.ones(3), name="w")
    d = function([x], (x * w).sum(), updates={w: w + 1}, mode=DebugMode())
    d2 = pickle.loads(pickle.dumps(d))
    assert type(d2) is type(d) and d2(np.ones(3)) == 3.0 and d2(np.ones(3)) == 6.0


def test_deepcopy_is_independent():
    _, w, b, train, predict = _model()
    xv = np.ones((2, 3))
    memo = {}
    train2 = copy.deepcopy(train, memo)
    predict2 = copy.deepcopy(predict, memo)
    w2 = memo[id(w)]
    assert w2 is not w and any(s is w2 for s in predict2._shared)
    train2(xv)
    assert np.array_equal(w.get_value(), np.arange(6.0).reshape(3, 2))
    assert np.allclose(predict2(xv), xv @ w2.get_value() + memo[id(b)].get_value())


def test_copy_shares_shared_variables_and_returns_a_list():
    x = T.dvector("x")
    w = shared(np.ones(3), name="w")
    f = function([x], (x * w).sum(), updates={w: w + 1}, name="f")
    g = copy.copy(f)
    assert g.name == "f copy" and g.maker is not f.maker and g.maker.fgraph is not f.maker.fgraph
    out = g(np.ones(3))
    assert isinstance(out, list) and out[0] == 3.0  # as Theano's copy: the outputs as a list
    assert f(np.ones(3)) == 6.0  # g's update moved the shared w that f reads
    assert f.copy(name="other").name == "other"


def test_copy_delete_updates():
    x = T.fscalar("x")
    w = T.iscalar("w")
    y = shared(1, name="y")
    z = shared(2, name="z")
    ori = function([x], x + y + z, updates={z: z * 2})
    cpy = ori.copy(delete_updates=True)
    assert cpy(1)[0] == 4 and cpy(1)[0] == 4 and z.get_value() == 2
    assert ori(1) == 4 and z.get_value() == 4
    # the update's inputs become unused inputs of the copy: allowed
    ori = function([x, w], x, updates={z: z + w})
    assert ori.copy(delete_updates=True)(1.0, 5)[0] == 1.0 and z.get_value() == 4


def test_copy_swap_shared_variables():
    i = T.iscalar()
    x_list = shared(np.arange(10.0), name="x_list")
    x = T.dscalar("x")
    y = shared(1.0, name="y")
    z = shared(2.0, name="z")
    m = shared(0.0, name="m")
    y_rpl = shared(3.0, name="y_rpl")
    z_rpl = shared(4.0, name="z_rpl")
    ori = function([i], [x + y + z + m], updates=[(z, z + 1), (m, m + 2)], givens={x: x_list[i]})
    cpy = ori.copy(swap={y: y_rpl, z: z_rpl})
    assert ori(1)[0] == 1 + 1 + 2 + 0
    assert cpy(1)[0] == 1 + 3 + 4 + 2
    assert cpy(2)[0] == 2 + 3 + 5 + 4
    assert (m.get_value(), z.get_value(), z_rpl.get_value(), y.get_value(), y_rpl.get_value()) == (6, 3, 6, 1, 3)
    with pytest.raises(ValueError, match="SharedVariable: other not found"):
        ori.copy(swap={shared(1.0, name="other"): y_rpl})
    with pytest.raises(AssertionError, match="Type of given SharedVariable conflicts"):
        ori.copy(swap={y: shared(np.ones(2))})


def test_copy_swap_with_delete_updates_tutorial():
    # the Deep Learning Tutorial's test function from the training one (logistic_sgd.py)
    train_x = shared(np.arange(6.0).reshape(3, 2), name="train_x")
    test_x = shared(-np.arange(6.0).reshape(3, 2), name="test_x")
    i = T.iscalar("index")
    v = T.dvector("v")
    train = function([i], v.sum(), givens={v: train_x[i]}, updates={train_x: train_x + 0.1})
    test = train.copy(swap={train_x: test_x}, delete_updates=True)
    assert test(1)[0] == -5.0 and test(1)[0] == -5.0
    assert np.array_equal(test_x.get_value(), -np.arange(6.0).reshape(3, 2))
    assert train(1) == 5.0 and train(1) == pytest.approx(5.2)


def test_function_dump(tmp_path):
    x = T.dvector("x")
    w = shared(np.array([1.0, 2.0]), name="w")
    x.tag.test_value = np.ones(2)
    path = str(tmp_path / "fn.pkl")
    function_dump(path, [x], (x * w).sum(), updates={w: w * 3}, name="dumped")
    assert x.tag.test_value is not None  # stripping the pickle leaves the graph as it was
    with open(path, "rb") as f:
        d = pickle.load(f)
    assert set(d) >= {"inputs", "outputs", "updates", "givens", "mode", "name"} and d["name"] == "dumped"
    assert not hasattr(d["inputs"][0].tag, "test_value")
    f = theano.function(**d)
    assert f(np.ones(2)) == 3.0 and f(np.ones(2)) == 9.0
    assert theano.function_dump is function_dump
    with pytest.raises(AssertionError):
        function_dump(123, [x], x)


def test_pkl_utils_dump_load_parameters(tmp_path):
    # a Lasagne-style list of parameters: named shared variables, one name repeated, and a plain array
    params = [shared(np.full((2, 3), 1.5), name="W"), shared(np.zeros(3), name="b"), shared(np.ones(2), name="W")]
    path = tmp_path / "model.zip"
    with open(path, "wb") as f:
        dump((params, np.array(7)), f)
    arrays = np.load(path, allow_pickle=False)
    assert list(arrays.keys()) == ["W", "b", "W_2", "array_0", "pkl"]
    assert np.array_equal(arrays["W"], np.full((2, 3), 1.5)) and np.array_equal(arrays["W_2"], np.ones(2))
    with open(path, "rb") as f:
        loaded, seven = load(f)
    assert seven == 7 and [p.name for p in loaded] == ["W", "b", "W"]
    assert all(np.array_equal(p.get_value(), q.get_value()) for p, q in zip(params, loaded))
    assert loaded[0].type == params[0].type and loaded[0] is not params[0]


def test_pkl_utils_function_round_trip_and_options(tmp_path):
    x, w, b, train, predict = _model()
    buf = io.BytesIO()
    dump([train, predict, w], buf)
    buf.seek(0)
    train2, predict2, w2 = load(buf)
    xv = np.ones((2, 3))
    assert train2(xv) == pytest.approx(float(train(xv)))
    assert np.allclose(predict2(xv), xv @ w2.get_value() + b.get_value())
    with pytest.raises(ValueError, match="multiple shared variables with the name `W`"):
        dump([w, shared(1.0, name="W")], io.BytesIO(),
             persistent_id=lambda z: PersistentSharedVariableID(z, allow_duplicates=False))
    with pytest.raises(ValueError, match="unnamed shared variable"):
        dump([shared(1.0)], io.BytesIO(), persistent_id=lambda z: PersistentSharedVariableID(z, allow_unnamed=False))
    buf = io.BytesIO()
    dump([w], buf, persistent_id=PersistentNdarrayID)  # arrays by number, not by name
    assert zipfile.ZipFile(buf).namelist() == ["array_0", "pkl"]


def test_strip_pickler_removes_tags_only_from_the_pickle():
    m = T.matrix("m")
    m.tag.test_value = np.ones((2, 2), dtype=m.dtype)
    y = m * 2
    buf = io.BytesIO()
    StripPickler(buf, protocol=-1).dump(y)
    assert hasattr(m.tag, "test_value")
    y2 = pickle.loads(buf.getvalue())
    assert not hasattr(y2.owner.inputs[0].tag, "test_value")
    assert not hasattr(y2.tag, "trace")
    assert theano.function([y2.owner.inputs[0]], y2)(np.ones((1, 1), dtype=m.dtype))[0, 0] == 2


def test_pickle_scan_random_streams_and_opfromgraph_functions():
    from theano.sandbox.rng_mrg import MRG_RandomStreams

    x = T.dvector("x")
    r, _ = theano.scan(lambda a, acc: acc + a, sequences=x, outputs_info=T.constant(0.0, dtype="float64"))
    f = function([x], r)
    assert np.array_equal(pickle.loads(pickle.dumps(f, -1))(np.arange(4.0)), [0.0, 1.0, 3.0, 6.0])
    u = MRG_RandomStreams(1).uniform((3,))
    g = function([], u)
    g2 = pickle.loads(pickle.dumps(g, -1))
    first = g2()
    assert np.array_equal(first, g()) and not np.array_equal(g2(), first)  # the stream state came along
    ofg = theano.OpFromGraph([x], [x * 2])
    assert np.array_equal(pickle.loads(pickle.dumps(function([x], ofg(x))))(np.ones(2)), [2.0, 2.0])
