"""theano.tests.unittest_tools is as strict as Theano 1.0.5's: each helper fails where upstream's fails.

The conformance run imports our unittest_tools into Theano's own test files, so a weaker helper would
count an upstream test as passed without checking what it checks there.
"""
from __future__ import annotations

from copy import copy

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof
from theano.frontend.ops.blas import Dot
from theano.tests import unittest_tools as utt

from helpers import Cube


class _Tester(utt.InferShapeTester):
    def runTest(self) -> None:  # a TestCase needs one method to be instantiated outside a runner
        pass


@pytest.fixture
def tester() -> _Tester:
    t = _Tester()
    t.setUp()
    return t


class _WrongShapeDot(Dot):
    """Dot's value (its lowering rule), but an infer_shape that mixes up the dimensions."""

    def infer_shape(self, node, shapes):
        return [(shapes[0][0], shapes[1][0])]


class _SelfShapeDot(Dot):
    """Dot whose infer_shape reads its own output's shape: correct, but the op stays in the shape graph."""

    def infer_shape(self, node, shapes):
        return [tuple(node.outputs[0].shape[i] for i in range(2))]


def test_compile_and_check_accepts_a_correct_infer_shape(tester: _Tester) -> None:
    x, y = T.dmatrix("x"), T.dmatrix("y")
    tester._compile_and_check([x, y], [T.dot(x, y)], [np.ones((2, 3)), np.ones((3, 4))], Dot)
    # the shape graph is built from infer_shape: no Dot in it
    shapes = theano.function([x, y], utt.inferred_shapes([x, y], [T.dot(x, y)]), on_unused_input="ignore")
    assert not any(isinstance(n.op, Dot) for n in shapes.maker.fgraph.toposort())
    assert list(shapes(np.ones((2, 3)), np.ones((3, 4)))[0]) == [2, 4]


def test_compile_and_check_uses_the_ops_infer_shape(tester: _Tester) -> None:
    x, y = T.dmatrix("x"), T.dmatrix("y")
    out = _WrongShapeDot()(x, y)
    with pytest.raises(AssertionError):  # (2, 4) computed, (2, 3) inferred
        tester._compile_and_check([x, y], [out], [np.ones((2, 3)), np.ones((3, 4))], _WrongShapeDot)


def test_check_topo_requires_the_op_absent_from_the_shape_graph(tester: _Tester) -> None:
    x, y = T.dmatrix("x"), T.dmatrix("y")
    out = _SelfShapeDot()(x, y)
    args = ([x, y], [out], [np.ones((2, 3)), np.ones((3, 4))], _SelfShapeDot)
    with pytest.raises(AssertionError):
        tester._compile_and_check(*args)
    tester._compile_and_check(*args, check_topo=False)  # the shapes themselves are right
    v = T.dvector("v")
    with pytest.raises(AssertionError):  # no infer_shape: the shape is read from the op's output
        tester._compile_and_check([v], [Cube()(v)], [np.ones(3)], Cube)
    tester._compile_and_check([v], [Cube()(v)], [np.ones(3)], Cube, check_topo=False)


def test_compile_and_check_requires_the_op_in_the_compiled_outputs(tester: _Tester) -> None:
    x = T.dmatrix("x")
    with pytest.raises(AssertionError):
        tester._compile_and_check([x], [x + 1], [np.ones((2, 3))], Dot)


class _IdHashed(Cube):
    """An op whose hash is its identity: copies hash differently, which test_hash must catch."""

    def __hash__(self) -> int:
        return id(self)


def test_op_contract_mixin_test_hash_and_test_eq() -> None:
    class Good(utt.T_OpContractMixin):
        ops = [Cube()]

        def clone(self, op):
            return type(op)()

    Good().test_hash()
    Good().test_eq()
    Good().test_name()

    class Bad(Good):
        ops = [_IdHashed()]

    with pytest.raises(AssertionError):
        Bad().test_hash()


def test_assert_allclose_tolerances_and_diagnostic() -> None:
    utt.assert_allclose(np.float64(1.0), np.float64(1.0 + 1e-9))
    with pytest.raises(utt.WrongValue):
        utt.assert_allclose(np.float64(1.0), np.float64(1.0 + 1e-4))
    utt.assert_allclose(np.float32(1.0), np.float32(1.0 + 5e-6))  # float32: 1e-5 relative
    with pytest.raises(utt.WrongValue) as err:
        utt.assert_allclose(np.ones(3), np.array([1.0, 1.0, 2.0]))
    text = str(err.value)
    assert text.startswith("WrongValue\n") and "Max Abs Diff:  1.0" in text and "rtol, atol: 1e-05 1e-08" in text
    utt.assert_allclose(np.ones(3), np.array([1.0, 1.0, 1.5]), atol=0.6)


def test_attempt_many_times_and_seeds() -> None:
    seeds = []

    @utt.AttemptManyTimes(n_attempts=3, n_req_successes=1)
    def flaky() -> None:
        seeds.append(utt.fetch_seed())
        assert len(seeds) == 2

    flaky()
    assert seeds == [666, 667] and theano.config.unittests.rseed == "666"

    @utt.AttemptManyTimes(n_attempts=2)
    def always_fails() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError):
        always_fails()
    assert utt.fetch_seed(42) == 42 and utt.seed_rng() == 666


def test_linker_equivalent_runs_the_graph() -> None:
    x, y = T.fscalars("xy")
    fn = copy(gof.DualLinker()).accept(gof.FunctionGraph([x, y], [x % y])).make_function()
    assert fn(-5, 3) == 1 and fn(5, -3) == -1  # Python's sign of mod
    d, r = divmod(x, y)
    fn2 = gof.PerformLinker().accept(gof.FunctionGraph([x, y], [d, r])).make_function()
    assert [float(v) for v in fn2(-5, 3)] == [-2.0, 1.0]


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64"])
def test_xor_values_of_the_excluded_upstream_test_xor(dtype: str) -> None:
    # the value half of Theano's test_bitwise::test_xor, excluded there for its in-place half
    x, y = T.vector(dtype=dtype), T.vector(dtype=dtype)
    fn = theano.function([x, y], x ^ y)
    left, right = np.array([0, 0, 1, 1], dtype=dtype), np.array([0, 1, 0, 1], dtype=dtype)
    v = fn(left, right)
    assert v.dtype == dtype and list(v) == [0, 1, 1, 0]
    assert list(left) == [0, 0, 1, 1]  # inputs are never overwritten here
