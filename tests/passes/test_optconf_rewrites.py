"""Theano 1.0.5 rewrites and behaviours found by test_opt.py's conformance failures: graphs as the oracle prints
them (Theano 1.0.5 run on the same code), values against numpy."""
import pickle

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.compile import optdb
from theano.compile.mode import OPT_FAST_RUN
from theano.gof import FunctionGraph
from theano.tensor.opt import local_dimshuffle_lift

NOOPT = theano.compile.Mode(optimizer=None)


def _ops(f):
    return [n.op for n in f.maker.fgraph.toposort()]


def test_split_into_one_piece_is_the_variable_asserted():
    x = T.matrix("x")
    splits = T.ivector("splits")
    one = T.split(x, splits, n_splits=1)
    assert isinstance(one, T.TensorVariable)  # Theano's Op call returns a single output unwrapped
    assert isinstance(T.split(x, splits, n_splits=2), list)
    f = theano.function([x, splits], one)
    # the oracle's graph: DeepCopyOp(Assert(Assert(x, eq(splits.shape[0], 1)), eq(x.shape[0], splits[0])))
    ops = _ops(f)
    assert type(ops[-1]).__name__ == "DeepCopyOp"
    assert [type(o).__name__ for o in ops].count("Assert") == 2
    assert not any(isinstance(o, T.Split) for o in ops)
    xv = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(f(xv, [4]), xv)
    with pytest.raises(AssertionError, match="Theano Assert failed"):
        f(xv, [3])
    with pytest.raises(AssertionError):
        f(xv, [2, 2])


def test_integer_products_are_canonical():
    x, y = T.vectors("xy")
    go = T.fill(T.minimum(x, y).sum(), 1)
    e = T.eq(go, x)
    f = theano.function([x, y], [(1 - e) * go, e * go])
    nodes = f.maker.fgraph.apply_nodes
    # the oracle: sub(1, eq(1, x)) and Cast{int8}(eq(1, x)); no mul by the int8 ones left
    assert len([n for n in nodes if type(getattr(n.op, "scalar_op", None)).__name__ == "Cast"]) == 1
    assert not [n for n in nodes if getattr(getattr(n.op, "scalar_op", None), "name", None) == "mul"]
    for a, b in ([1.0], [1.0]), ([1.0, 2.0], [1.0, 3.0]):
        o1, o2 = f(a, b)
        eq = np.equal(1, np.asarray(a))
        np.testing.assert_array_equal(o1, (1 - eq).astype("int8"))
        np.testing.assert_array_equal(o2, eq.astype("int8"))
        assert o1.dtype == o2.dtype == np.int8
    n = T.lscalar("n")
    g = theano.function([n], [n * 1, n * 2 * 3, -(-n) * 1, n * 0])
    assert g(7) == [7, 42, 7, 0]
    i8 = T.bscalar("i8")
    h = theano.function([i8], i8 * 100 * 3)  # 300 does not fit int8: left as written, wraps as numpy does
    assert h(np.int8(1)) == np.int8(1) * np.int8(100) * np.int8(3)


@pytest.mark.parametrize("ndim", [0, 1, 2, 3])
def test_tile_by_ones_is_the_input(ndim):
    m = T.matrix()
    f = theano.function([m], T.tile(m, (1,) * ndim))
    data = np.arange(4.0).reshape(2, 2)
    if ndim <= 2:
        assert [type(o).__name__ for o in _ops(f)] == ["DeepCopyOp"]
    else:
        assert isinstance(_ops(f)[0], T.DimShuffle) and len(_ops(f)) <= 2
    np.testing.assert_array_equal(f(data), np.tile(data, (1,) * ndim))


def test_sub_zeros_in_specialize():
    mode = theano.compile.get_default_mode().excluding(
        "canonicalize", "uncanonicalize", "ShapeOpt", "local_fill_to_alloc", "local_elemwise_alloc").including(
        "local_elemwise_sub_zeros")
    for v, val in ((T.scalar(), np.float64(0.3)), (T.matrix(), np.random.rand(3, 2))):
        f = theano.function([v], v - v, mode=mode)
        first = f.maker.fgraph.toposort()[0]
        assert first.op.scalar_op.name == "second" and isinstance(first.inputs[1], T.TensorConstant)
        np.testing.assert_array_equal(f(val), np.zeros_like(val))


def test_shape_vectors_compared_with_a_negative_number():
    x = T.vector("x")
    g = T.join(0, x.shape[0:], x.shape[0:1])
    f = theano.function([x], T.eq(g, -1))
    assert not any(isinstance(o, (T.Join, T.Elemwise)) for o in _ops(f))  # the oracle: no eq (its Alloc(False, 2))
    np.testing.assert_array_equal(f([3.0, 3.0]), [False, False])
    f0 = theano.function([x], T.eq(g, 0))  # 0 can be a length: kept
    np.testing.assert_array_equal(f0([]), [True, True])
    np.testing.assert_array_equal(f0([1.0]), [False, False])


def test_switches_on_one_condition_merge():
    mats = T.matrices("cabxy")
    c, a, b, x, y = mats
    s1, s2 = T.switch(c, a, b), T.switch(c, x, y)
    rng = np.random.RandomState(0)
    vals = [rng.rand(2, 3) > 0.5] + [rng.rand(2, 3) + 0.5 for _ in range(4)]
    vals[0] = vals[0].astype("float64")
    for op, ref in ((T.add, np.add), (T.mul, np.multiply), (T.true_div, np.true_divide), (T.pow, np.power),
                    (T.maximum, np.maximum), (T.lt, np.less)):
        g = FunctionGraph(mats, [op(s1, s2)])
        optdb.query(OPT_FAST_RUN).optimize(g)
        assert str(g).count("switch") == 1, str(g)
        f = theano.function(mats, op(s1, s2))
        want = ref(np.where(vals[0], vals[1], vals[2]), np.where(vals[0], vals[3], vals[4]))
        np.testing.assert_allclose(f(*vals), want)
    u, v = T.matrices("uv")
    g = FunctionGraph(mats + [u, v], [T.add(s1, s2, T.switch(c, u, v))])
    optdb.query(OPT_FAST_RUN).optimize(g)
    assert str(g).count("switch") == 1
    # int8 branches of float switches are left alone: ai + xi would compute (and overflow) in int8
    ci, ai, bi, xi = T.imatrix("ci"), T.bmatrix("ai"), T.matrix("bi"), T.bmatrix("xi")
    s3 = T.switch(ci, ai, bi)
    s4 = T.switch(ci, xi, T.matrix())
    g = FunctionGraph([ci, ai, bi, xi, s4.owner.inputs[2]], [s3 + s4])
    optdb.query(OPT_FAST_RUN).optimize(g)
    assert str(g).count("switch") == 2


def test_reduce_of_a_stack_with_a_transposed_part():
    vx, vy, vz = T.matrices("xyz")
    f = theano.function([vx, vy, vz], T.prod((vx, vy.T, vz), 0))
    ops = _ops(f)
    assert len(ops) <= 2 and isinstance(ops[-1], T.Elemwise) and not any(isinstance(o, T.Join) for o in ops)
    x = np.asarray([[1, 0], [3, 4]], dtype="float64")
    y = np.asarray([[4, 0], [2, 1]], dtype="float64")
    z = np.asarray([[5, 0], [1, 2]], dtype="float64")
    np.testing.assert_array_equal(f(x, y, z), np.prod((x, y.T, z), 0))


def test_sum_of_a_quotient_by_a_broadcast_denominator():
    a, b, c, d = T.matrix("a"), T.vector("b"), T.tensor3("c"), T.scalar("d")
    sums = [T.sum(a / b, axis=0), T.sum(a / b.dimshuffle(0, "x"), axis=1), T.sum(c / a.dimshuffle(1, "x", 0), axis=1),
            T.sum(c / b.dimshuffle(0, "x"), axis=(0, 2)), T.sum(T.sum(c, axis=1) / b, axis=0),
            T.sum(c / b.dimshuffle(0, "x", "x"), axis=(1, 2)), T.sum(a / d), T.sum(c / b.dimshuffle(0, "x"), axis=1)]
    rng = np.random.RandomState(1)
    vals = [rng.randn(2, 2), rng.randn(2), rng.randn(2, 2, 2), np.float64(rng.randn())]
    for i, s in enumerate(sums):
        f = theano.function([a, b, c, d], s, on_unused_input="ignore")
        g = theano.function([a, b, c, d], s, on_unused_input="ignore", mode=NOOPT)
        np.testing.assert_allclose(f(*vals), g(*vals), rtol=1e-12)
        if i < 7:  # every summed axis has length 1 in the denominator: one division of the sums
            assert f.maker.fgraph.toposort()[-1].op.scalar_op.name == "true_div", i
    # the last: b varies along the summed axis 1 -> unchanged
    assert isinstance(f.maker.fgraph.toposort()[-1].op, T.Sum)


def test_rebroadcast_axis_is_a_dict():
    m = T.matrix()
    f = theano.function([m], T.unbroadcast(T.addbroadcast(m, 0, 1), 1))
    nodes = [n for n in f.maker.fgraph.toposort() if isinstance(n.op, T.Rebroadcast)]
    assert len(nodes) == 1 and nodes[0].op.axis == {0: True}
    op = nodes[0].op
    assert pickle.loads(pickle.dumps(op)) == op and hash(pickle.loads(pickle.dumps(op))) == hash(op)
    assert str(T.Rebroadcast((1, True), (0, False))) == "Rebroadcast{0,1}"
    np.testing.assert_array_equal(f([[76.0]]), [[76.0]])
    with pytest.raises(ValueError):
        f([[1.0], [2.0]])


def test_dimshuffle_lift_is_recursive():
    v = T.vector(dtype="float64")
    m = T.matrix(dtype="float64")
    g = FunctionGraph([v, m], [((v + 42) * (m + 84)).T])
    new_g = FunctionGraph(g.inputs, [local_dimshuffle_lift.transform(g.outputs[0].owner)[0]])
    assert str(new_g) == (  # the oracle's text
        "[Elemwise{mul,no_inplace}(Elemwise{add,no_inplace}(InplaceDimShuffle{0,x}(<TensorType(float64, vector)>), "
        "InplaceDimShuffle{x,x}(TensorConstant{42})), Elemwise{add,no_inplace}(InplaceDimShuffle{1,0}"
        "(<TensorType(float64, matrix)>), InplaceDimShuffle{x,x}(TensorConstant{84})))]")
    f = theano.function([v, m], ((v + 42) * (m + 84)).T)
    vv, mv = np.arange(3.0), np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(f(vv, mv), ((vv + 42) * (mv + 84)).T)


def test_sigmoids_inside_products():
    x = T.vector()
    mode = theano.compile.get_default_mode().excluding("local_elemwise_fusion")
    f = theano.function([x], (T.fill(x, -1.0) * T.exp(x)) / ((1 + T.exp(x)) * (1 + T.exp(-x))), mode=mode)
    # the oracle: mul(-1, sigmoid(x), sigmoid(x)); the unstabilized quotient is inf / inf = nan above x = 709
    assert [n.op for n in f.maker.fgraph.toposort()] == [T.nnet.sigmoid, T.mul]
    xv = np.array([-800.0, -3.0, 0.0, 0.5, 3.0, 800.0])
    np.testing.assert_allclose(f(xv), -(1 / (1 + np.exp(-xv))) ** 2, rtol=1e-12)
    y, z = T.vectors("yz")
    g = theano.function([x, y, z], 3 * T.exp(x) * y / ((1 + T.exp(x)) * z))
    assert not any(n.op == T.exp for n in g.maker.fgraph.toposort())
    yv, zv = np.linspace(1, 2, 6), np.linspace(2, 3, 6)
    np.testing.assert_allclose(g(xv, yv, zv), 3 * yv / zv / (1 + np.exp(-xv)), rtol=1e-12)
    h = theano.function([x], T.exp(x) / ((2 + T.exp(x)) * (1 + T.exp(-x))))  # 2 + e^x is no sigmoid's
    assert any(n.op == T.exp for n in h.maker.fgraph.toposort())
    np.testing.assert_allclose(h(xv[1:-1]), np.exp(xv[1:-1]) / ((2 + np.exp(xv[1:-1])) * (1 + np.exp(-xv[1:-1]))))
    off = theano.compile.get_default_mode().excluding("local_exp_over_1_plus_exp")  # Theano's name: both halves off
    k = theano.function([x, y, z], 3 * T.exp(x) * y / ((1 + T.exp(x)) * z), mode=off)
    assert any(n.op == T.exp for n in k.maker.fgraph.toposort())


def test_rebroadcast_of_a_theano_pickle():
    """Theano 1.0.5 pickles Rebroadcast.axis as an OrderedDict: the loaded op prints, hashes and runs (before, its
    str raised TypeError: cannot unpack non-iterable int object)."""
    import os
    import warnings

    from theano.gof import graph

    here = os.path.join(os.path.dirname(__file__), "..", "frontend", "golden", "theano_pickles", "g_scan_p2.pkl")
    with open(here, "rb") as fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obj = pickle.load(fh, encoding="latin1")

    def flat(o):
        if isinstance(o, (list, tuple)):
            for i in o:
                yield from flat(i)
        elif hasattr(o, "owner"):
            yield o

    outs = list(flat(obj))
    ops = [n.op for n in graph.io_toposort(graph.inputs(outs), outs) if isinstance(n.op, T.Rebroadcast)]
    assert ops and all(str(op) == "Rebroadcast{0}" and op.axis == {0: False} for op in ops)
    assert len({hash(op) for op in ops}) == 1 and ops[0] == T.Rebroadcast((0, False))
