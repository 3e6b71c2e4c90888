"""canonicalize: each rule gives the expected graph, and the same numbers as the unrewritten graph."""
import numpy as np

import theano
import theano.tensor as T
from theano.frontend.ops.shape import MakeVector, Shape_i

from rewrite_helpers import compare_modes, n_nodes, op_names, rewrite

RNG = np.random.RandomState(42)


def test_sums_collect_like_terms_and_cancel():
    x, y = T.dmatrix("x"), T.drow("y")
    cases = {
        "twice": ((x + y) + (x + y), {"mul", "add"}),  # 2 * (x + y)
        "cancel": (x + y - x, {"Alloc", "Shape_i"}),  # y broadcast back to x's shape (specialize: fill -> alloc)
        "zero": (x - x, {"Alloc", "Shape_i"}),  # zeros of x's shape
        "consts": (x + 1 + 2 + y - 3, {"add"}),  # x + y
        "coefs": (2 * x + 3 * x - y, {"mul", "sub"}),  # 5 * x - y
        "plus0": (x + 0, set()),
        "negneg": (-(-x), set()),
        "negsub": (-(x - y), {"sub"}),  # y - x
    }
    fg = rewrite([x, y], [c[0] for c in cases.values()])
    for (name, (_, ops)), out in zip(cases.items(), fg.outputs):
        assert op_names(out) - {"DimShuffle", "DeepCopyOp"} == ops, (name, op_names(out))
    twice = fg.outputs[0].owner
    assert twice.inputs[0].data == 2 and twice.inputs[1].owner.op == T.add
    assert n_nodes(fg.outputs[3]) == 1
    compare_modes([x, y], [c[0] for c in cases.values()], [RNG.randn(3, 4), RNG.randn(1, 4)])


def test_products_cancel_and_fold_constants():
    x, y = T.dmatrix("x"), T.drow("y")
    s = T.dscalar("s")
    cases = {
        "x_over_x": (x / x, {"Alloc", "Shape_i"}),
        "s_over_s": (s / s, set()),
        "xy_over_x": (x * y / x, {"Alloc", "Shape_i"}),
        "times1": (x * 1, set()),
        "times0": (x * 0, {"Alloc", "Shape_i"}),
        "consts": (2 * (3 * x) / 4, {"mul"}),  # 1.5 * x
        "negs": (-x * -y, {"mul"}),
        "inv": (1 / (1 / x), set()),
        "div_div": (x / (y / s), {"mul", "true_div"}),  # x * s / y
    }
    fg = rewrite([x, y, s], [c[0] for c in cases.values()])
    for (name, (_, ops)), out in zip(cases.items(), fg.outputs):
        assert op_names(out) - {"DimShuffle", "DeepCopyOp"} == ops, (name, op_names(out))
    assert fg.outputs[1].owner.inputs[0].data == 1.0  # DeepCopyOp(TensorConstant{1.0})
    assert fg.outputs[5].owner.inputs[0].data.item() == 1.5
    got = compare_modes([x, y, s], [c[0] for c in cases.values()], [RNG.rand(3, 4) + 0.5, RNG.rand(1, 4) + 0.5, 1.7])
    np.testing.assert_array_equal(got[0], np.ones((3, 4)))


def test_x_over_x_changes_the_value_at_zero_as_theano_documents():
    x = T.dscalar("x")
    f = theano.function([x], x / x)
    assert f(0.0) == 1.0
    assert np.isnan(theano.function([x], x / x, mode=theano.Mode(optimizer=None))(0.0))


def test_integer_and_float32_results_keep_their_dtype():
    i = T.bvector("i")
    f32 = T.fmatrix("f")
    outs = [i + i, i - i + 3, f32 * 2 * 0.5, f32 / f32, (f32 + 1) - f32]
    fg = rewrite([i, f32], outs)
    assert [o.dtype for o in fg.outputs] == ["int8", "int8", "float32", "float32", "float32"]
    compare_modes([i, f32], outs, [np.array([1, -3, 100], dtype="int8"), RNG.rand(2, 3).astype("float32")],
                  rtol=1e-6)


def test_exp_log_pow_identity_and_gradient_helpers_disappear():
    x = T.dvector("x")
    outs = [T.exp(T.log(x)), T.log(T.exp(x)), x ** 1, x ** 0, T.tensor_copy(x) + 1,
            theano.gradient.zero_grad(x) * 3, theano.gradient.grad_clip(x, -1, 1) + 1,
            theano.gradient.disconnected_grad(x) * 2, T.switch(T.gt(x, 0), x, x)]
    fg = rewrite([x], outs)
    names = [op_names(o) - {"DimShuffle", "DeepCopyOp"} for o in fg.outputs]
    assert names == [set(), set(), set(), {"Alloc", "Shape_i"}, {"add"}, {"mul"}, {"add"}, {"mul"}, set()]
    compare_modes([x], outs, [RNG.rand(5) + 0.1])


def test_fills_sink_and_disappear_in_gradients():
    x = T.dmatrix("x")
    cost = T.sum(T.tanh(x) ** 2) + T.mean(x)
    g = T.grad(cost, x)
    fg = rewrite([x], [g])
    assert "second" not in op_names(fg.outputs[0])
    compare_modes([x], [g], [RNG.randn(3, 4)])


def test_dimshuffles_merge_lift_and_vanish():
    x, y = T.dmatrix("x"), T.dmatrix("y")
    outs = [x.T.T, (x + y).T, x.dimshuffle(0, "x", 1).dimshuffle(0, 2), T.exp(x).dimshuffle(1, 0, "x")]
    fg = rewrite([x, y], outs)
    assert op_names(fg.outputs[0]) == {"DeepCopyOp"}
    lifted = fg.outputs[1].owner
    assert lifted.op == T.add and all(type(i.owner.op).__name__ == "DimShuffle" for i in lifted.inputs)
    assert op_names(fg.outputs[2]) == {"DeepCopyOp"}
    assert fg.outputs[3].owner.op == T.exp  # exp(x.dimshuffle(1, 0, 'x'))
    compare_modes([x, y], outs, [RNG.randn(2, 3), RNG.randn(2, 3)])


def test_useless_reshape_alloc_rebroadcast():
    x = T.dmatrix("x")
    r = T.drow("r")
    outs = [x.reshape(x.shape), x.reshape((x.shape[0], x.shape[1])), x.reshape((6,)).reshape((3, 2)),
            T.alloc(x, x.shape[0], x.shape[1]), T.unbroadcast(T.addbroadcast(x[:1], 0), 0),
            T.alloc(T.alloc(r, 5, r.shape[1]), 2, 5, r.shape[1])]
    fg = rewrite([x, r], outs)
    assert op_names(fg.outputs[0]) == op_names(fg.outputs[1]) == {"DeepCopyOp"}
    assert op_names(fg.outputs[2]) == {"Reshape"}
    assert op_names(fg.outputs[3]) == {"DeepCopyOp"}
    assert "Rebroadcast" not in op_names(fg.outputs[4])  # (the inner one's length-1 check goes with it)
    assert sum(1 for n in fg.apply_nodes if type(n.op).__name__ == "Alloc") == 1
    compare_modes([x, r], outs, [RNG.randn(3, 2), RNG.randn(1, 4)])


def test_reductions():
    x = T.dtensor3("x")
    r = T.drow("r")
    outs = [T.sum(r, axis=0), T.sum(T.sum(x, axis=0), axis=1), T.sum(-x, axis=2), T.max(r, axis=0),
            T.prod(T.addbroadcast(x[:, :1, :], 1), axis=1)]
    fg = rewrite([x, r], outs)
    assert op_names(fg.outputs[0]) == {"DimShuffle"}
    assert op_names(fg.outputs[1]) == {"Sum"} and fg.outputs[1].owner.op.axis == (0, 2)
    assert fg.outputs[2].owner.op == T.neg
    assert "MaxAndArgmax" not in op_names(fg.outputs[3])
    assert "Prod" not in op_names(fg.outputs[4])
    compare_modes([x, r], outs, [RNG.randn(2, 3, 4), RNG.randn(1, 5)])


def test_shape_rewrites_read_dims_from_the_inputs():
    x, y = T.dmatrix("x"), T.dmatrix("y")
    n = T.lscalar("n")
    z = T.zeros((n, 3))
    outs = [x.shape[1], (T.exp(x) + y).shape[0], z.shape[0] + z.shape[1], T.dot(x, y.T).shape, x.shape]
    fg = rewrite([x, y, n], outs)
    shape_i = fg.outputs[0].owner
    assert isinstance(shape_i.op, Shape_i) and shape_i.op.i == 1 and shape_i.inputs[0] is fg.inputs[0]
    assert isinstance(fg.outputs[1].owner.op, Shape_i) and fg.outputs[1].owner.inputs[0] in fg.inputs[:2]
    assert "Alloc" not in op_names(fg.outputs[2])  # n + 3: the zeros are never computed
    assert isinstance(fg.outputs[3].owner.op, MakeVector)
    assert {i.owner.inputs[0] for i in fg.outputs[3].owner.inputs} == {fg.inputs[0], fg.inputs[1]}
    assert "exp" not in op_names(fg.outputs[1]) and "dot" not in op_names(fg.outputs[3])
    got = compare_modes([x, y, n], outs, [RNG.randn(2, 3), RNG.randn(2, 3), 4])
    assert got[2] == 7


def test_host_shape_program_gets_shorter():
    data = theano.shared(RNG.randn(20, 3))
    i = T.lscalar("i")
    batch = data[i * 5:(i + 1) * 5]
    out = T.exp(batch) * 2
    out = out.reshape((out.shape[0] * out.shape[1],))  # reshape to a value-dependent shape
    fast = theano.function([i], out)
    slow = theano.function([i], out, mode=theano.Mode(optimizer=None))
    assert len(fast._shape_program.steps) < len(slow._shape_program.steps)
    compare_modes([i], [out], [1])
    fast(1)
    assert fast.n_compilations == 1 and fast(2).shape == (15,) and fast.n_compilations == 1


def test_sums_with_bool_terms_keep_numpy_values():
    """A sum with bool terms is left alone: 0 - b cannot become neg(b) (no bool negation), and b1 + b2 inside a
    wider sum must not become a bool add (logical or). Values as Theano 1.0.5 gives them."""
    b, b2 = T.TensorType("bool", (False,))("b"), T.TensorType("bool", (False,))("b2")
    z = T.zeros_like(b * 2)
    fn = theano.function([b, b2], [z - b, z - b - b2, z + b + b2, (b * 2) - b])
    got = fn(np.array([True, False, True]), np.array([True, True, False]))
    want = [[-1, 0, -1], [-2, -1, -1], [2, 1, 1], [1, 0, 1]]
    for g, w in zip(got, want):
        assert g.dtype == "int8"
        assert g.tolist() == w
