"""OpFromGraph (theano.compile.builders): values against numpy, inline expansion, gradients and their
overrides, R_op, infer_shape, shared variables, updates, nesting, printing and errors (Theano 1.0.5)."""
from __future__ import annotations

import io

import numpy as np
import pytest

import theano
from theano import tensor as T
from theano.compile.builders import OpFromGraph
from theano.gof.null_type import NullType
from theano.gradient import DisconnectedType, verify_grad

BOTH = pytest.mark.parametrize("inline", [False, True])
RNG = np.random.RandomState(1234)


def _ofg_nodes(fn: theano.compile.Function) -> list:
    return [n for n in fn.maker.fgraph.toposort() if isinstance(n.op, OpFromGraph)]


def _mat(*shape: int) -> np.ndarray:
    return RNG.rand(*shape)


@BOTH
def test_values_match_numpy_and_inline_leaves_no_op(inline: bool) -> None:
    x, y, z = T.matrices("xyz")
    op = OpFromGraph([x, y, z], [x + y * z], inline=inline)
    fn = theano.function([x, y, z], op(x, y, z) - op(y, z, x))
    xv, yv, zv = _mat(2, 3), _mat(2, 3), _mat(2, 3)
    np.testing.assert_allclose(fn(xv, yv, zv), (xv + yv * zv) - (yv + zv * xv))
    assert len(_ofg_nodes(fn)) == (0 if inline else 2)


def test_inline_and_not_inline_give_equal_values() -> None:
    a, b = T.matrices("ab")
    outs = {}
    for inline in (False, True):
        op = OpFromGraph([a, b], [T.dot(a, b), T.tanh(a).sum(axis=1)], inline=inline)
        d, s = op(a, b)
        outs[inline] = theano.function([a, b], [d * 2, s])(np.arange(6.0).reshape(2, 3), np.ones((3, 4)))
    for u, v in zip(outs[False], outs[True]):
        np.testing.assert_allclose(u, v)
    np.testing.assert_allclose(outs[False][0], 2 * np.arange(6.0).reshape(2, 3).dot(np.ones((3, 4))))


def test_optimizer_none_keeps_inline_op() -> None:
    x = T.vector("x")
    op = OpFromGraph([x], [x * 2], inline=True)
    fn = theano.function([x], op(x), mode=theano.Mode(optimizer=None))
    assert len(_ofg_nodes(fn)) == 1
    np.testing.assert_allclose(fn(np.arange(3.0)), [0.0, 2.0, 4.0])


@BOTH
def test_size_changes(inline: bool) -> None:
    x, y, z = T.matrices("xyz")
    op = OpFromGraph([x, y], [T.dot(x, y)], inline=inline)
    fn = theano.function([x, y, z], op(x, op(y, z)))
    xv, yv, zv = _mat(2, 3), _mat(3, 4), _mat(4, 5)
    res = fn(xv, yv, zv)
    assert res.shape == (2, 5)
    np.testing.assert_allclose(res, xv.dot(yv.dot(zv)))


@BOTH
def test_nested(inline: bool) -> None:
    x, y = T.vectors("xy")
    op_ft = OpFromGraph([x, y], [x + y, x - y], inline=inline)
    op_ift = OpFromGraph([x, y], [x / 2, y / 2], inline=inline)
    inner = OpFromGraph([x, y], [op_ift(*op_ft(x, y))[0] * 3], inline=inline)  # one used in another's graph
    xx, yy = T.vectors("xx", "yy")
    fn = theano.function([xx, yy], list(op_ift(*op_ft(xx, yy))) + [inner(xx, yy)])
    xv, yv = _mat(5), _mat(5)
    xv2, yv2, w = fn(xv, yv)
    np.testing.assert_allclose(xv2, (xv + yv) / 2)
    np.testing.assert_allclose(yv2, (xv - yv) / 2)
    np.testing.assert_allclose(w, 3 * (xv + yv) / 2)
    if inline:
        assert not _ofg_nodes(fn)


@BOTH
def test_grad_matches_numeric(inline: bool) -> None:
    x, y = T.matrices("xy")
    op = OpFromGraph([x, y], [T.tanh(x) * y + T.dot(x, y.T)], inline=inline)
    verify_grad(lambda a, b: op(a, b), [_mat(3, 3), _mat(3, 3)], rng=np.random.RandomState(0))


@BOTH
def test_grad_and_grad_of_grad(inline: bool) -> None:
    x, y, z = T.matrices("xyz")
    op = OpFromGraph([x, y, z], [x + y * z], inline=inline)
    f = op(x, y, z)
    f1 = f - T.grad(T.sum(f), y)
    f2 = f1 - T.grad(T.sum(f1), y)
    fn = theano.function([x, y, z], [f1, f2])
    ones = np.ones((2, 2))
    v1, v2 = fn(ones, ones * 3, ones * 5)
    np.testing.assert_allclose(v1, 11.0)
    np.testing.assert_allclose(v2, 6.0)


def test_second_order_verify_grad() -> None:
    x = T.vector("x")
    op = OpFromGraph([x], [T.sin(x) * x])
    verify_grad(lambda a: T.grad(T.sum(op(a)), a), [_mat(4)], rng=np.random.RandomState(1))


@BOTH
def test_grad_override_callable_and_op(inline: bool) -> None:
    x, y = T.vectors("xy")

    def go(inps: list, gs: list) -> list:
        a, b = inps
        (g,) = gs
        return [g * b * 2, g * a * 1.5]

    dedz = T.vector("dedz")
    op_mul_grad = OpFromGraph([x, y, dedz], go([x, y], [dedz]), inline=inline)
    xx, yy = T.vectors("xx", "yy")
    xv, yv = _mat(6), _mat(6)
    for override in (go, op_mul_grad):
        op = OpFromGraph([x, y], [x * y], grad_overrides=override, inline=inline)
        dx, dy = T.grad(T.sum(op(xx, yy)), [xx, yy])
        dxv, dyv = theano.function([xx, yy], [dx, dy])(xv, yv)
        np.testing.assert_allclose(dxv, yv * 2)
        np.testing.assert_allclose(dyv, xv * 1.5)


def test_grad_override_list_with_null_and_disconnected() -> None:
    x, w, b = T.vectors("xwb")

    def go1(inps: list, gs: list) -> T.TensorVariable:
        return gs[0] * inps[1] * 2

    op = OpFromGraph([x, w, b], [x * w + b], grad_overrides=[go1, "default", "default"])
    xx, ww, bb = T.vectors("xx", "ww", "bb")
    grads = T.grad(T.sum(op(xx, ww, bb)), [xx, ww, bb])
    xv, wv, bv = _mat(5), _mat(5), _mat(5)
    dx, dw, db = theano.function([xx, ww, bb], grads)(xv, wv, bv)
    np.testing.assert_allclose(dx, wv * 2)
    np.testing.assert_allclose(dw, xv)
    np.testing.assert_allclose(db, np.ones(5))

    op2 = OpFromGraph([x, w, b], [x * w + b], grad_overrides=[go1, NullType()(), DisconnectedType()()])
    dx2, dw2, db2 = T.grad(T.sum(op2(xx, ww, bb)), [xx, ww, bb], return_disconnected="Disconnected",
                           disconnected_inputs="ignore", null_gradients="return")
    assert isinstance(dx2.type, T.TensorType) and dx2.ndim == 1
    assert isinstance(dw2.type, NullType)
    assert isinstance(db2.type, DisconnectedType)
    assert op2.connection_pattern(None) == [[True], [True], [False]]


@BOTH
def test_lop_override(inline: bool) -> None:
    x = T.vector()
    y = 1.0 / (1.0 + T.exp(-x))

    def lop_ov(inps: list, outs: list, grads: list) -> list:
        return [2.0 * outs[0] * (1.0 - outs[0]) * grads[0]]

    y_, dedy = T.vector(), T.vector()
    op_lop_ov = OpFromGraph([x, y_, dedy], [2.0 * y_ * (1.0 - y_) * dedy], inline=inline)
    xx = T.vector()
    want = 2.0 * T.grad(T.sum(T.nnet.sigmoid(xx)), xx)
    xv = _mat(8)
    for ov in (lop_ov, op_lop_ov):
        op = OpFromGraph([x], [y], lop_overrides=ov, inline=inline)
        got = T.grad(T.sum(op(xx)), xx)
        a, b = theano.function([xx], [want, got])(xv)
        np.testing.assert_allclose(a, b)


def test_lop_and_grad_overrides_are_exclusive() -> None:
    x = T.vector()
    with pytest.raises(ValueError, match="mutually exclusive"):
        OpFromGraph([x], [x * 2], lop_overrides=lambda i, o, g: g, grad_overrides=lambda i, g: g)


@BOTH
def test_rop_default(inline: bool) -> None:
    a, m = T.vector(), T.matrix()
    op = OpFromGraph([a, m], [T.dot(a, m)], inline=inline)
    x, w, du = T.vector(), T.matrix(), T.vector()
    fn = theano.function([x, w, du], T.Rop(op(x, w), x, du))
    xv, wv, duv = _mat(5), _mat(5, 5), _mat(5)
    np.testing.assert_allclose(fn(xv, wv, duv), duv.dot(wv))


@BOTH
def test_rop_override(inline: bool) -> None:
    x, y = T.vectors("xy")

    def ro(inps: list, epts: list) -> list:
        return [epts[0] * inps[1] * 2.0 + inps[0] * epts[1] * 1.5]

    u, v = T.vectors("uv")
    op_rop = OpFromGraph([x, y, u, v], ro([x, y], [u, v]), inline=inline)
    xx, yy, du, dv = T.vectors("xx", "yy", "du", "dv")
    vals = _mat(4, 7)
    for override in (ro, op_rop):
        op = OpFromGraph([x, y], [x * y], rop_overrides=override, inline=inline)
        fn = theano.function([xx, yy, du, dv], T.Rop(op(xx, yy), [xx, yy], [du, dv]))
        np.testing.assert_allclose(fn(*vals), vals[0] * vals[3] * 1.5 + vals[1] * vals[2] * 2.0)


def test_connection_pattern() -> None:
    x, y, z = T.matrices("xyz")
    op1 = OpFromGraph([x, y, z], [x * y, y * z])
    assert op1.connection_pattern(None) == [[True, False], [True, True], [False, True]]
    m, n, p, q = T.matrices("mnpq")
    o1, o2 = op1(m, n, p)
    out1, out2 = op1(o1, q, o2)
    op2 = OpFromGraph([m, n, p, q], [out1, out2])
    assert op2.connection_pattern(None) == [[True, False], [True, True], [False, True], [True, True]]


def test_connection_pattern_override() -> None:
    x, y = T.vectors("xy")
    op = OpFromGraph([x, y], [y + T.round(y)], grad_overrides=lambda i, g: [g[0], theano.gradient.disconnected_type()],
                     connection_pattern=[[True], [False]], on_unused_input="ignore")
    g = theano.grad(op(x, y).sum(), x)
    out = g.eval({x: np.ones(5, dtype=x.dtype), y: np.ones(5, dtype=y.dtype)})
    np.testing.assert_allclose(out, np.ones(5))


def test_infer_shape_in_terms_of_outer_inputs() -> None:
    x, y = T.matrices("xy")
    op = OpFromGraph([x, y], [x + y, T.dot(x, y.T)])
    q, p = T.matrices("qp")
    node = op(q, p)[0].owner
    shapes = op.infer_shape(node, [(q.shape[0], q.shape[1]), (p.shape[0], p.shape[1])])
    fn = theano.function([q, p], [s for shp in shapes for s in shp])
    assert [int(v) for v in fn(np.ones((3, 4)), np.ones((5, 4)))] == [3, 4, 3, 5]
    # the compiled shape graph does not run the op itself
    fs = theano.function([q, p], op(q, p)[1].shape)
    assert not _ofg_nodes(fs)
    assert list(fs(np.ones((3, 4)), np.ones((5, 4)))) == [3, 5]


@BOTH
def test_shared_variable_inside(inline: bool) -> None:
    x, y, z = T.matrices("xyz")
    s = theano.shared(_mat(2, 2), name="s")
    op = OpFromGraph([x, y, z], [x + y * z + s], inline=inline)
    assert op.shared_inputs == [s]
    f = op(x, y, z)
    assert f.owner.inputs[-1] is s
    fn = theano.function([x, y, z], [f - op(y, z, x), f - T.grad(T.sum(f), y), f - T.grad(T.sum(f), s)])
    ones = np.ones((2, 2))
    d, gy, gs = fn(ones, ones * 3, ones * 5)
    np.testing.assert_allclose(d, 8.0)
    np.testing.assert_allclose(gy, 11.0 + s.get_value())
    np.testing.assert_allclose(gs, 15.0 + s.get_value())


@BOTH
def test_use_with_updates(inline: bool) -> None:
    x = T.vector("x")
    w = theano.shared(np.array([1.0, 2.0, 3.0]), name="w")
    op = OpFromGraph([x], [T.sum(x * w)], inline=inline)
    cost = op(x)
    fn = theano.function([x], cost, updates=[(w, w - 0.5 * T.grad(cost, w))])
    xv = np.array([1.0, -1.0, 2.0])
    assert float(fn(xv)) == pytest.approx(1.0 - 2.0 + 6.0)
    np.testing.assert_allclose(w.get_value(), [0.5, 2.5, 2.0])
    assert float(fn(xv)) == pytest.approx(0.5 - 2.5 + 4.0)


def test_value_dependent_inner_shapes_are_expanded() -> None:
    x, n = T.vector("x"), T.lscalar("n")
    op = OpFromGraph([x, n], [x[:n] * 2, T.arange(n)])
    assert op.has_value_dependent_shapes()
    xx, nn = T.vector("xx"), T.lscalar("nn")
    a, b = op(xx, nn)
    fn = theano.function([xx, nn], [a, b], mode=theano.Mode(optimizer=None))
    assert not _ofg_nodes(fn)
    av, bv = fn(np.arange(6.0), 4)
    np.testing.assert_allclose(av, [0.0, 2.0, 4.0, 6.0])
    assert list(bv) == [0, 1, 2, 3]
    av, _ = fn(np.arange(6.0), 2)
    assert av.shape == (2,)


def test_constant_and_unused_inputs() -> None:
    x, y = T.vectors("xy")
    xx, yy = T.vectors("xx", "yy")
    strict = OpFromGraph([x, y], [x * 3.0 + 1.0])  # Theano compiles the inner graph: y is an unused input
    with pytest.raises(theano.compile.UnusedInputError, match="index 1"):
        theano.function([xx, yy], strict(xx, yy))(np.zeros(3), np.zeros(3))
    op = OpFromGraph([x, y], [x * 3.0 + 1.0], on_unused_input="ignore")
    fn = theano.function([xx, yy], op(xx, yy))
    np.testing.assert_allclose(fn(np.arange(3.0), np.zeros(3)), [1.0, 4.0, 7.0])
    assert theano.grad(op(xx, yy).sum(), yy, disconnected_inputs="ignore").eval({yy: np.zeros(2)}).tolist() == [0, 0]


@theano.change_flags(compute_test_value="raise")
def test_compute_test_value() -> None:
    x = T.scalar("x")
    x.tag.test_value = np.array(1.0, dtype=x.dtype)
    op = OpFromGraph([x], [x ** 3])
    y = T.scalar("y")
    y.tag.test_value = np.array(2.0, dtype=y.dtype)
    f = op(y)
    assert float(f.tag.test_value) == 8.0
    assert float(T.grad(f, y).tag.test_value) == 12.0


def test_printing() -> None:
    x, y = T.vectors("xy")
    op = OpFromGraph([x, y], [x + y, x * y])
    assert str(op) == "OpFromGraph{inline=False}"
    assert str(OpFromGraph([x], [x], inline=True, name="myop")) == "myop{inline=True}"
    a, b = op(x, y)
    buf = io.StringIO()
    theano.printing.debugprint([a, b], file=buf)
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("OpFromGraph{inline=False}.0 [id A] ''")
    assert lines[1].strip() == "|x [id B]"
    assert lines[3].startswith("OpFromGraph{inline=False}.1 [id A] ''")


def test_errors() -> None:
    x, y = T.vectors("xy")
    op = OpFromGraph([x, y], [x + y])
    with pytest.raises(ValueError, match="Expected 2 inputs, got 1"):
        op(x)
    with pytest.raises(TypeError, match="input 1: cannot convert Type TensorType\\(float64, matrix\\)"):
        op(x, T.dmatrix())
    with pytest.raises(TypeError, match="outputs must be list"):
        OpFromGraph([x], x * 2)
    with pytest.raises(TypeError, match="updates and givens are not allowed here"):
        OpFromGraph([x], [x], updates=[])
    with pytest.raises(TypeError, match="inputs and outputs must be Variable instances"):
        OpFromGraph([x, 3], [x])
    bad = OpFromGraph([x, y], [x * y], grad_overrides=[lambda i, g: g[0]])
    with pytest.raises(ValueError, match="Need to override 2 gradients, got 1"):
        T.grad(T.sum(bad(x, y)), x)
    wrong = OpFromGraph([x, y], [x * y], grad_overrides=OpFromGraph([x], [x]))
    with pytest.raises(ValueError, match="expect overrider with 3 inputs, got 1"):
        T.grad(T.sum(wrong(x, y)), x)


def test_broadcastable_input_is_accepted() -> None:
    x = T.matrix("x")
    op = OpFromGraph([x], [x * 2])
    row = T.row("r")
    fn = theano.function([row], op(row))
    np.testing.assert_allclose(fn(np.ones((1, 3))), 2 * np.ones((1, 3)))


def test_facade_exports() -> None:
    import theano.compile
    import theano.compile.builders

    assert theano.OpFromGraph is OpFromGraph
    assert theano.compile.OpFromGraph is OpFromGraph
    x = T.vector()
    node = OpFromGraph([x], [x + 1], inline=True)(x).owner
    expand = theano.compile.builders.inline_ofg_expansion.transform
    assert expand(node)[0].owner.op == (x + 1).owner.op
    assert expand(OpFromGraph([x], [x + 1])(x).owner) is False
