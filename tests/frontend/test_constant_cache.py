"""Theano 1.0.5's small-constant cache and the graphs reshape/flatten build, against Theano's own output.

The expected debugprint texts were printed by the real Theano 1.0.5 (/tmp/theano-ref) for the same
expressions; the identity cases follow tensor.basic.constant's rule (one-element [u]int or float
constants in [-10, 10], keyed by type and value, not name).
"""
from __future__ import annotations

import io

import numpy as np
import pytest

import theano
import theano.tensor as T


def _debugprint(outs) -> str:
    buf = io.StringIO()
    theano.printing.debugprint(outs, file=buf)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines())


@pytest.mark.parametrize("make", [
    lambda: T.constant(2), lambda: T.constant(0.5), lambda: T.constant(-10), lambda: T.constant(10),
    lambda: T.constant(np.int64(3)), lambda: T.constant(True), lambda: T.constant(np.float64(-0.0)), lambda: T.constant(np.float32(1.5)),
    lambda: T.constant(np.array([[2]])), lambda: T.constant(np.uint8(7)),
])
def test_small_constants_are_one_node(make):
    assert make() is make()


@pytest.mark.parametrize("make", [
    lambda: T.constant(11), lambda: T.constant(-11), lambda: T.constant(10.5), lambda: T.constant([1, 2]),
    lambda: T.constant(np.float64("nan")), lambda: T.constant(np.bool_(True)),
    lambda: T.constant(np.complex128(1)),
])
def test_other_constants_are_fresh(make):
    assert make() is not make()


def test_cache_key_is_type_and_value_not_name(own_cache):
    a = T.constant(3, name="a")
    assert a.name == "a" and len(own_cache) == 1
    assert T.constant(3, name="b") is a  # Theano returns the cached node, with the name of the first build
    assert T.constant(3, dtype="int64") is not a  # int8 vs int64
    assert T.constant([3]) is not a and T.constant([3]).broadcastable == (True,)
    neg = T.constant(np.float64(-0.0))  # kept apart from 0.0 (Theano's signature merges them)
    assert neg is not T.constant(np.float64(0.0)) and np.signbit(neg.data)


def test_disabled_cache_builds_fresh_constants():
    T.constant.enable = False
    try:
        assert T.constant(2) is not T.constant(2)
    finally:
        T.constant.enable = True


def test_shared_constant_debugprint_matches_theano():
    x = T.vector("x")
    assert _debugprint(x * 2 + 2) == """\
Elemwise{add,no_inplace} [id A] ''
 |Elemwise{mul,no_inplace} [id B] ''
 | |x [id C]
 | |InplaceDimShuffle{x} [id D] ''
 |   |TensorConstant{2} [id E]
 |InplaceDimShuffle{x} [id F] ''
   |TensorConstant{2} [id E]"""


def test_shared_constant_in_several_functions_computes():
    x = T.vector("x")
    y = x * 2 + 2
    f = theano.function([x], [y, y - 2, x ** 2])
    g = theano.function([x], x / 2)
    v = np.array([1.0, -3.0], dtype=theano.config.floatX)
    got = f(v)
    np.testing.assert_allclose(got[0], [4.0, -4.0])
    np.testing.assert_allclose(got[1], [2.0, -6.0])
    np.testing.assert_allclose(got[2], [1.0, 9.0])
    np.testing.assert_allclose(g(v), [0.5, -1.5])


def test_mixed_shape_list_casts_python_ints_as_theano():
    x = T.matrix("x")
    y = x.reshape((x.shape[0], 1000, -1))
    assert y.ndim == 3 and x.reshape((x.shape[0], 1)).broadcastable == (False, True)
    assert _debugprint(y) == """\
Reshape{3} [id A] ''
 |x [id B]
 |MakeVector{dtype='int64'} [id C] ''
   |Subtensor{int64} [id D] ''
   | |Shape [id E] ''
   | | |x [id B]
   | |Constant{0} [id F]
   |Elemwise{Cast{int64}} [id G] ''
   | |TensorConstant{1000} [id H]
   |Elemwise{Cast{int64}} [id I] ''
     |TensorConstant{-1} [id J]"""
    v = np.arange(6000, dtype=x.dtype).reshape(2, 3000)
    assert theano.function([x], y)(v).shape == (2, 1000, 3)


def test_flatten_graph_matches_theano():
    t = T.tensor3("t")
    assert _debugprint([t.flatten(2), t.flatten(3)]) == """\
Reshape{2} [id A] ''
 |t [id B]
 |MakeVector{dtype='int64'} [id C] ''
   |Subtensor{int64} [id D] ''
   | |Subtensor{:int64:} [id E] ''
   | | |Shape [id F] ''
   | | | |t [id B]
   | | |Constant{1} [id G]
   | |Constant{0} [id H]
   |Elemwise{Cast{int64}} [id I] ''
     |TensorConstant{-1} [id J]
Reshape{3} [id K] ''
 |t [id B]
 |MakeVector{dtype='int64'} [id L] ''
   |Subtensor{int64} [id M] ''
   | |Subtensor{:int64:} [id N] ''
   | | |Shape [id O] ''
   | | | |t [id B]
   | | |Constant{2} [id P]
   | |Constant{0} [id Q]
   |Subtensor{int64} [id R] ''
   | |Subtensor{:int64:} [id N] ''
   | |Constant{1} [id S]
   |Elemwise{Cast{int64}} [id T] ''
     |TensorConstant{-1} [id J]"""
    v = np.arange(24, dtype=t.dtype).reshape(2, 3, 4)
    f = theano.function([t], [t.flatten(2), t.flatten(3), t.flatten(1)])
    for got, ref in zip(f(v), [v.reshape(2, 12), v, v.ravel()]):
        np.testing.assert_array_equal(got, ref)


def test_flatten_broadcastable_pattern():
    x = T.TensorType("float64", (False, True, True))("x")
    z = T.TensorType("float64", (True, False, False))("z")
    assert x.flatten(2).broadcastable == (False, True)
    assert z.flatten(2).broadcastable == (True, False)


def test_constant_values_handed_out_are_copies():
    """get_scalar_constant_value / extract_constant return copies (as Theano's): changing one in place must not
    change the constant, which the cache shares with every later graph that uses the same number."""
    c = T.constant(3)
    d = T.extract_constant(c)
    d += 1
    assert T.extract_constant(c) == 3 and T.constant(3).data == 3
    e = T.get_scalar_constant_value(T.stack([1, 2, 3])[2])
    e += 1
    assert T.get_scalar_constant_value(T.stack([1, 2, 3])[2]) == 3
