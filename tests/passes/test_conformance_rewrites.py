"""Theano 1.0.5 rewrites found missing by its own tests (greedy distributor, transpose through dot, join of one):
Theano's graphs and the same values."""
import numpy as np

import theano
import theano.tensor as T
from theano import gof
from theano.frontend.fgraph import FunctionGraph
from theano.printing import pprint
from theano.tensor.opt import local_greedy_distributor, local_lift_transpose_through_dot, mul_canonizer, out2in


def _distribute(outputs, inputs):
    g = FunctionGraph(inputs, outputs)
    mul_canonizer.optimize(g)
    gof.TopoOptimizer(gof.LocalOptGroup(local_greedy_distributor), order="out_to_in").optimize(g)
    return pprint(g.outputs[0])


def test_greedy_distributor_saves_operations_as_theano():
    a, b, x, z = T.matrices("abxz")
    assert _distribute([(a / z + b / x) * x * z], [a, b, x, z]) == "((a * x) + (b * z))"
    assert _distribute([(a / x + b) * x], [a, b, x]) == "(a + (b * x))"
    assert _distribute([(a + b) * x], [a, b, x]) == "((a + b) * x)"  # saves nothing: left alone


def test_greedy_distributor_in_a_function_keeps_the_values():
    a, b, x, z = T.matrices("abxz")
    f = theano.function([a, b, x, z], (a / z + b / x) * x * z)
    ops = [n.op for n in f.maker.fgraph.toposort()]
    assert not any(getattr(getattr(op, "scalar_op", None), "name", None) == "true_div" for op in ops)
    vals = [np.random.RandomState(k).rand(2, 3) + 0.5 for k in range(4)]
    np.testing.assert_allclose(f(*vals), (vals[0] / vals[3] + vals[1] / vals[2]) * vals[2] * vals[3])


def test_lift_transpose_through_dot():
    a, b = T.matrices("ab")
    g = FunctionGraph([a, b], [T.dot(a, b).T])
    out2in(local_lift_transpose_through_dot).optimize(g)
    assert str(g) == "[dot(InplaceDimShuffle{1,0}(b), InplaceDimShuffle{1,0}(a))]"
    v = T.vector("v")
    g = FunctionGraph([v, b], [T.dot(v, b)])  # not a matrix product: untouched
    out2in(local_lift_transpose_through_dot).optimize(g)
    assert str(g) == "[dot(v, b)]"
    f = theano.function([a, b], T.dot(a, b).T)
    av, bv = np.random.rand(2, 3), np.random.rand(3, 4)
    np.testing.assert_allclose(f(av, bv), av.dot(bv).T)


def test_join_of_one_tensor_is_the_tensor():
    a = theano.shared(np.random.rand(1, 4, 1), broadcastable=(True, False, True))
    joined = T.Join()(0, a)
    assert joined.broadcastable == (True, False, True)
    f = theano.function([], joined, mode=theano.compile.get_default_mode().excluding("constant_folding"))
    assert not any(isinstance(n.op, T.Join) for n in f.maker.fgraph.toposort())
    np.testing.assert_array_equal(f(), a.get_value())


def test_greedy_distributor_does_not_read_a_reduction_as_a_product_or_a_sum():
    """prod(v) and sum(v) have scalar ops mul/add, but are not products or sums of their input: the ratio of
    two prods of shapes (Theano's test_bn running-variance factor m / (m - 1)) keeps its reductions."""
    x, s = T.tensor3("x"), T.tensor3("s")
    m = T.cast(T.prod(x.shape) / T.prod(s.shape), "float64")
    q = T.cast(T.sum(x) / (T.sum(s) + 1), "float64")
    f = theano.function([x, s], [(m / (m - 1)) * x * 0.3, q * x])
    X, S = np.random.RandomState(0).randn(4, 3, 2), np.ones((1, 3, 2))
    a, b = f(X, S)
    np.testing.assert_allclose(a, (4 / 3) * X * 0.3)
    np.testing.assert_allclose(b, X.sum() / (S.sum() + 1) * X)
