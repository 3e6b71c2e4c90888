"""scan_utils' general helpers, against the values Theano 1.0.5 gives for the same calls (/tmp/theano-ref)."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T
from theano.gof import graph
from theano.scan_module import scan_utils as su


def test_safe_new_keeps_the_type_and_tags_the_name():
    x = T.matrix("x")
    n = su.safe_new(x, "_copy")
    assert n.name == "x_copy" and n.type == x.type and n is not x
    assert su.safe_new(T.vector(), dtype="float32").type == T.fvector().type
    c = su.safe_new(T.constant(np.int32(3), name="c"), dtype="int64")
    assert isinstance(c, T.TensorConstant) and c.dtype == "int64" and c.data == 3


def test_hash_and_nan_inf_none():
    assert su.hash_listsDictsTuples([1, (2, 3), {4: 5}]) == hash(1) ^ hash(2) ^ hash(3) ^ hash(4) ^ hash(5)
    got = [su.isNaN_or_Inf_or_None(v) for v in (None, np.nan, np.inf, 3, T.constant(np.inf), T.constant(2.0),
                                                   T.vector())]
    assert got == [True, True, True, False, True, False, False]


def test_expand_empty_adds_rows():
    y = T.vector("y")
    f = theano.function([y], su.expand_empty(y, 2))
    out = f(np.ones(3))
    assert out.shape == (5,) and np.array_equal(out[:3], np.ones(3))
    assert su.expand_empty(y, 0) is y


def test_infer_shape_uses_the_given_shapes():
    x, y = T.matrix("x"), T.vector("y")
    out = T.dot(x, x.T).sum(axis=0) + y
    (shp,) = su.infer_shape([out], [x, y], [(5, 4), None])
    assert len(shp) == 1
    assert theano.function([], shp[0])() == 5  # from the given shape of x: no input needed


def test_reconstruct_graph_and_forced_replace():
    x, y = T.matrix("x"), T.vector("y")
    out = T.dot(x, x.T).sum(axis=0) + y
    new_in, new_out = su.reconstruct_graph([x, y], [out], "_r")
    assert [v.name for v in new_in] == ["x_r", "y_r"]
    assert x not in graph.inputs(new_out) and set(new_in) <= set(graph.inputs(new_out))
    s = T.nnet.sigmoid(y)
    z = T.vector("z")
    r = su.forced_replace(s * (1 - s), T.nnet.sigmoid(y), z)
    assert y not in graph.inputs([r])
    assert np.allclose(theano.function([z], r)(np.array([2.0])), [-2.0])
    assert su.forced_replace(None, s, z) is None
