"""Run-time parts of the gof/test-helper API: op parameters reaching perform (EnumList, ParamsType), Op.make_thunk,
RecordMode/Record (theano.tests.record) and PdbBreakpoint (theano.tests.breakpoint) with a stand-in debugger."""
from __future__ import annotations

import io
import sys

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import scalar
from theano.gof import Apply, COp, EnumList, Op, ParamsType, utils
from theano.gof.graph import NoParams


class _Arith(Op):
    __props__ = ("op_chosen",)
    params_type = EnumList(("ADD", "+"), ("SUB", "-"), ctype="unsigned long long")

    def __init__(self, choose_op):
        self.op_chosen = choose_op

    def get_params(self, node):
        return self.op_chosen

    def make_node(self, a, b):
        return Apply(self, [scalar.as_scalar(a), scalar.as_scalar(b)], [scalar.float64()])

    def perform(self, node, inputs, outputs, op):
        a, b = inputs
        outputs[0][0] = np.float64(a + b if op == self.params_type.ADD else a - b)


class _Quadratic(COp):
    __props__ = ("a", "b", "c")
    params_type = ParamsType(a=T.TensorType("float64", ()), b=scalar.Scalar("float64"), c=theano.Generic())

    def __init__(self, a, b, c):
        super().__init__("never_read.c", "APPLY_SPECIFIC(f)")
        self.a, self.b, self.c = a, b, c

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def perform(self, node, inputs, output_storage, coefficients):
        x = inputs[0]
        output_storage[0][0] = coefficients.a * x ** 2 + coefficients.b * x + coefficients.c


def test_enum_params_reach_perform_in_a_compiled_function():
    a, b = scalar.int32(), scalar.int32()
    f = theano.function([a, b], [_Arith("+")(a, b), _Arith("-")(a, b)])
    assert f(12, 15) == [27.0, -3.0]
    assert _Arith("+")(a, b).owner.run_params() == "+"
    assert _Arith("+")(a, b).owner.params_type.filter("+") == 0


def test_params_type_op_gets_its_fields_from_its_attributes():
    x = T.dmatrix()
    y = _Quadratic(2, 3, -7)(x)
    assert y.owner.run_params().b == 3.0
    v = np.random.RandomState(0).randn(4, 5)
    np.testing.assert_allclose(theano.function([x], y)(v), 2 * v ** 2 + 3 * v - 7)


def test_ops_without_params_and_without_perform():
    x = T.dvector()
    node = T.exp(x).owner
    assert node.run_params() is NoParams
    with pytest.raises(utils.MethodNotDefined):
        node.op.perform(node, [np.ones(2)], [[None]])


def test_make_thunk_runs_perform_or_the_lowering_rule():
    class IncOne(Op):
        __props__ = ()

        def make_node(self, i):
            i = scalar.as_scalar(i)
            return Apply(self, [i], [i.type()])

        def perform(self, node, inputs, outputs):
            outputs[0][0] = inputs[0] + 1

    i = scalar.int32("i")
    for o, expected in ((IncOne()(i), 4), ):
        storage = {i: [np.int32(3)], o: [None]}
        computed = {i: [True], o: [False]}
        thunk = o.owner.op.make_thunk(o.owner, storage, computed, no_recycling=[])
        assert not thunk() and computed[o][0] and storage[o][0] == expected
    x = T.dvector("x")
    e = T.exp(x)
    storage = {x: [np.zeros(2)], e: [None]}
    computed = {x: [True], e: [False]}
    e.owner.op.make_thunk(e.owner, storage, computed, [])()
    np.testing.assert_allclose(storage[e][0], np.ones(2))


def test_make_thunk_of_a_c_only_op_fails_when_run():
    class IncOneC(Op):
        __props__ = ()

        def make_node(self, i):
            i = scalar.as_scalar(i)
            return Apply(self, [i], [i.type()])

        def c_code(self, node, name, inputs, outputs, sub):
            return "%s = %s + 1;" % (outputs[0], inputs[0])

    i = scalar.int32("i")
    o = IncOneC()(i)
    thunk = o.owner.op.make_thunk(o.owner, {i: [np.int32(3)], o: [None]}, {i: [True], o: [False]}, [])
    with pytest.raises(utils.MethodNotDefined):
        thunk()


def test_record_mode_replays_and_detects_a_different_run():
    from theano.tests.record import MismatchError, Record, RecordMode

    out = io.StringIO()
    x = T.dvector("x")
    f = theano.function([x], T.exp(x) * 2, mode=RecordMode(Record(file_object=out)), name="f")
    f(np.arange(3.0))
    text = out.getvalue()
    assert text.startswith("Function f has ") and "Node 0:" in text and "Outputs: " in text
    replay = theano.function([x], T.exp(x) * 2, mode=RecordMode(Record(file_object=io.StringIO(text), replay=True)),
                             name="f")
    replay(np.arange(3.0))  # the same values: no mismatch
    other = theano.function([x], T.exp(x) * 2, mode=RecordMode(Record(file_object=io.StringIO(text), replay=True)),
                            name="f")
    with pytest.raises(MismatchError, match="Non-determinism detected"):
        other(np.arange(3.0) + 1)
    # theano.function names a function after its line, as Theano; pfunc leaves it unnamed
    unnamed = theano.compile.pfunc([x], T.exp(x), mode=RecordMode(Record(file_object=io.StringIO())))
    with pytest.raises(ValueError, match="Un-named functions"):
        unnamed(np.ones(2))


def test_hex_digest_has_strides_and_shape():
    from theano.printing import hex_digest

    d = hex_digest(np.zeros((2, 3)))
    assert d.endswith("|strides=[24,8]|shape=[2,3]") and len(d.split("|")[0]) == 64


def test_pdb_breakpoint_stops_only_when_the_condition_holds_and_returns_edited_values(monkeypatch, capsys):
    import pdb

    from theano.tests.breakpoint import PdbBreakpoint

    stops = []

    def fake_set_trace():
        frame = sys._getframe(1)
        stops.append(frame.f_locals["self"].name)
        frame.f_locals["monitored"][0][...] = 5.0  # the user edits a monitored value in the debugger

    monkeypatch.setattr(pdb, "set_trace", fake_set_trace)
    monkeypatch.setattr("theano.frontend.ops.breakpoint._debugger", lambda: pdb)
    x = T.dvector("x")
    s = T.dscalar("s")
    bp = PdbBreakpoint("sum too high")
    mx, ms = bp(T.gt(x.sum(), 10), x, s)
    assert str(bp) == "PdbBreakpoint{name='sum too high'}"
    assert bp.connection_pattern(mx.owner) == [[False, False], [True, False], [False, True]]
    f = theano.function([x, s], [mx * 2, ms + 1])
    low = f(np.ones(3), 1.0)
    assert stops == [] and np.allclose(low[0], 2.0) and low[1] == 2.0
    high = f(np.ones(20), 1.0)
    assert stops == ["sum too high"]
    assert np.allclose(high[0], 10.0) and high[1] == 2.0
    assert "Conditional breakpoint 'sum too high' activated" in capsys.readouterr().out
    g = theano.grad(mx.sum(), x)
    np.testing.assert_allclose(theano.function([x, s], g)(np.ones(3), 0.0), np.ones(3))
