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
