"""DebugMode's checks of users' numpy `perform` ops (undeclared in-place writes and views) and of NaN/Inf
inputs, as Theano 1.0.5's DebugMode (compile/tests/test_debugmode.py)."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof
from theano.compile import debugmode


class _AddWritesInput(gof.Op):
    """c = a; c += b: writes into its first input without a destroy_map."""

    def make_node(self, a, b):
        return gof.Apply(self, [a, b], [a.type()])

    def perform(self, node, inp, out):
        a, b = inp
        out[0][0] = a
        out[0][0] += b


class _ReturnsInput(gof.Op):
    """Returns its second input itself (a view), declared or not by view_map."""

    def __init__(self, declared: bool = False):
        super().__init__()
        if declared:
            self.view_map = {0: [1]}

    def make_node(self, a, b):
        return gof.Apply(self, [a, b], [b.type()])

    def perform(self, node, inp, out):
        out[0][0] = inp[1]


class _OverlappingOutputs(gof.Op):
    """Two outputs that are overlapping views of one fresh array."""

    def make_node(self, a):
        return gof.Apply(self, [a], [a.type(), a.type()])

    def perform(self, node, inp, out):
        r = inp[0] * 1
        out[0][0] = r
        out[1][0] = r[::-1]

    def infer_shape(self, node, shapes):
        return [shapes[0], shapes[0]]


def test_undeclared_inplace_write_is_bad_destroy_map():
    x, y = T.dvectors("x", "y")
    f = theano.function([x, y], _AddWritesInput()(x, y), mode="DEBUG_MODE")
    with pytest.raises(debugmode.BadDestroyMap, match="destroy_map") as info:
        f([1, 2], [3, 4])
    assert info.value.idx == 0


def test_undeclared_view_is_bad_view_map_and_a_declared_one_is_fine():
    x, y = T.dvectors("x", "y")
    f = theano.function([x, y], _ReturnsInput()(x, y), mode="DEBUG_MODE")
    with pytest.raises(debugmode.BadViewMap, match="view_map"):
        f([1, 2], [3, 4])
    g = theano.function([x, y], _ReturnsInput(declared=True)(x, y), mode="DEBUG_MODE")
    np.testing.assert_array_equal(g([1, 2], [3, 4]), [3, 4])


def test_aliased_outputs_bad_only_when_both_are_used_later():
    x = T.dvector("x")
    a, b = _OverlappingOutputs()(x)
    bad = theano.function([x], a * 2 + b * 2, mode="DEBUG_MODE")
    with pytest.raises(debugmode.BadViewMap, match="share memory"):
        bad([1.0, 2.0, 3.0])
    ok_outputs = theano.function([x], [a, b], mode="DEBUG_MODE")  # outputs of the function are never overwritten
    r0, r1 = ok_outputs([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(r1, [3.0, 2.0, 1.0])
    ok_shadow = theano.function([x], a * 2, mode="DEBUG_MODE")  # b is not used: nothing can overwrite a through it
    np.testing.assert_array_equal(ok_shadow([1.0, 2.0, 3.0]), [2.0, 4.0, 6.0])


def test_check_isfinite_refuses_nan_inputs_and_can_be_switched_off():
    x = T.dvector("x")
    mode = theano.compile.mode.predefined_modes["DEBUG_MODE"]
    old = mode.check_isfinite
    try:
        f = theano.function([x], (x + 2) * 5, mode="DEBUG_MODE")
        np.testing.assert_allclose(f([1.0]), [15.0])
        with pytest.raises(debugmode.InvalidValueError, match="input 0"):
            f(np.log([3.0, -4.0, 5.0]))
        with pytest.raises(debugmode.InvalidValueError):
            f(np.asarray([1.0, 1.0]) / 0)
        mode.check_isfinite = False  # the registered DEBUG_MODE instance is the one the function reads
        assert np.isinf(f(np.asarray([1.0, 1.0]) / 0)).all()
    finally:
        mode.check_isfinite = old
    lenient = theano.function([x], (x + 2) * 5, mode=debugmode.DebugMode(check_isfinite=False))
    assert np.isnan(lenient([np.nan]))[0]


def test_theano_names_of_debugmode_errors():
    for name in ("BadDestroyMap", "BadViewMap", "BadThunkOutput", "StochasticOrder", "BadOptimization",
                 "InvalidValueError"):
        assert issubclass(getattr(debugmode, name), debugmode.DebugModeError)


class _AddOffByHalf(gof.Op):
    """a + b + 0.5: a wrong replacement for a + b."""

    __props__ = ()

    def make_node(self, a, b):
        return gof.Apply(self, [a, b], [a.type()])

    def perform(self, node, inp, out):
        out[0][0] = inp[0] + inp[1] + 0.5

    def infer_shape(self, node, shapes):
        return [shapes[0]]


def _db(name, fn):
    edb = gof.EquilibriumDB()
    edb.register(name, gof.local_optimizer([T.add])(fn), "all")
    return edb.query("+all")


def test_user_optimizer_in_debugmode_is_blamed_by_name():
    a, b = T.dvectors("a", "b")
    opt = _db("insert_broken_add", lambda node: [_AddOffByHalf()(*node.inputs)] if node.op == T.add else False)
    f = theano.function([a, b], a + b, mode=debugmode.DebugMode(optimizer=opt))
    assert any(isinstance(n.op, _AddOffByHalf) for n in f.maker.fgraph.toposort())
    with pytest.raises(debugmode.BadOptimization) as info:
        f([1.0, 2.0, 3.0], [2, 3, 4])
    assert info.value.reason == "insert_broken_add"
    assert isinstance(info.value, theano.gof.toolbox.BadOptimization)


def test_user_optimizer_that_breaks_shapes_is_named_in_the_error():
    a, b = T.dvectors("a", "b")

    def bigger_b(node):
        inputs = list(node.inputs)
        if inputs[-1].owner is None:
            inputs[-1] = T.concatenate((inputs[-1], inputs[-1]))
            return [node.op(*inputs)]
        return False

    f = theano.function([a, b], a + b, mode=debugmode.DebugMode(optimizer=_db("insert_bigger_b_add", bigger_b)))
    with pytest.raises(ValueError, match="insert_bigger_b_add"):
        f([1.0, 2.0, 3.0], [2, 3, 4])


def test_user_optimizer_of_another_type_raises_with_on_opt_error_raise():
    a, b = T.dvectors("a", "b")
    opt = _db("insert_bad_dtype", lambda node: [node.outputs[0].astype("float32")]
              if node.inputs[-1].owner is None else False)
    with theano.change_flags(on_opt_error="raise"):
        with pytest.raises(theano.gof.toolbox.BadOptimization, match="insert_bad_dtype"):
            theano.function([a, b], a + b, mode=debugmode.DebugMode(optimizer=opt, stability_patience=1))
    with theano.change_flags(on_opt_error="ignore"):  # otherwise the replacement is skipped
        f = theano.function([a, b], a + b, mode=debugmode.DebugMode(optimizer=opt, stability_patience=1))
    np.testing.assert_array_equal(f([1.0], [2.0]), [3.0])


def test_unstable_user_optimizer_is_stochastic_order():
    flip = [False]

    def sometimes(node):
        flip[0] = not flip[0]
        return [_AddOffByHalf()(*node.inputs)] if flip[0] else False

    a, b = T.dvectors("a", "b")
    with pytest.raises(debugmode.StochasticOrder):
        theano.function([a, b], a + b, mode=debugmode.DebugMode(optimizer=_db("sometimes", sometimes),
                                                                stability_patience=3))


def test_equilibrium_db_query_tags():
    edb = gof.EquilibriumDB()
    one = gof.local_optimizer([T.add])(lambda node: False)
    two = gof.local_optimizer([T.add])(lambda node: False)
    edb.register("one", one, "fast_run", "x")
    edb.register("two", two, "fast_run")
    assert "one" in edb and edb["one"] is one
    assert [n for n, _ in edb.query("+fast_run").entries] == ["one", "two"]
    assert [n for n, _ in edb.query("+fast_run", "-x").entries] == ["two"]
    assert [n for n, _ in edb.query("+one").entries] == ["one"]
    with pytest.raises(ValueError):
        edb.register("one", one)
    with pytest.raises(ValueError, match="must start with"):  # as Theano: a tag without +, & or -
        edb.query("one")


class _HeadAndTail(gof.Op):
    """Outputs a (declared view) and a[1:], with no infer_shape: the second output is shorter than the input."""

    view_map = {0: [0], 1: [0]}

    def make_node(self, a, b):
        return gof.Apply(self, [a, b], [a.type(), a.type()])

    def perform(self, node, inp, out):
        out[0][0] = inp[0]
        out[1][0] = inp[0][1:]


def test_perform_ops_without_infer_shape_get_their_shapes_from_the_op_by_op_run():
    x, y = T.dvectors("x", "y")
    good = _ReturnsInput(declared=True)
    f = theano.function([x, y], good(x, y) * 2, mode="DEBUG_MODE")  # output shaped as y, not as x
    np.testing.assert_array_equal(f([1.0, 5.0, 1.0], [3.0, 4.0, 2.0, 1.0, 4.0]), [6.0, 8.0, 4.0, 2.0, 8.0])
    np.testing.assert_array_equal(f([1.0], [2.0, 3.0]), [4.0, 6.0])  # another shape: recompiled with it
    r0, r1 = theano.function([x, y], _HeadAndTail()(x, y), mode="DEBUG_MODE")([1.0, 2.0, 3.0, 4.0], [5.0])
    np.testing.assert_array_equal(r0, [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(r1, [2.0, 3.0, 4.0])
