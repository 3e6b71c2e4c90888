"""Scan fixes found while building jacobian/hessian on scan: per-step index checks and integer sequences."""
from __future__ import annotations

import numpy as np

import theano
import theano.tensor as T
from theano.frontend.graph import ancestors


def test_output_shape_of_a_step_indexing_with_the_sequence_is_known_without_running_the_loop():
    X = T.dmatrix("X")
    out, _ = theano.scan(lambda i, X: X[i] * 2, sequences=T.arange(X.shape[0]), non_sequences=X)
    node = out.owner
    shapes = node.op.infer_shape(node, [tuple(v.shape[d] for d in range(v.ndim)) for v in node.inputs])
    # the row length is X's, not read back from the loop's own output (which would run the loop on the host)
    assert not any(node.outputs[0] in set(ancestors([e])) for e in shapes[0][1:])
    Xv = np.arange(12.0).reshape(4, 3)
    np.testing.assert_allclose(theano.function([X], out)(Xv), 2 * Xv)


def test_gradient_through_a_scan_over_an_integer_sequence():
    x = T.dvector("x")
    out, _ = theano.scan(lambda i, x: x[i] ** 2 * x[0], sequences=T.arange(x.shape[0]), non_sequences=x)
    g = theano.grad(out.sum(), x)
    xv = np.array([1.5, -2.0, 0.5])
    expect = 2 * xv * xv[0]
    expect[0] += np.sum(xv ** 2)
    np.testing.assert_allclose(theano.function([x], g)(xv), expect)


def test_a_step_reshaping_to_a_loop_invariant_shape_compiles():
    # grad through flatten reshapes to Shape(X): the step measures X itself instead of reading a hoisted
    # shape vector as a value (XLA needs the step's shapes fixed)
    X = T.dmatrix("X")
    J = theano.gradient.jacobian(T.flatten(T.tanh(X.T)) * 2, X)
    Xv = np.arange(6.0).reshape(2, 3) / 6
    out = theano.function([X], J)(Xv)
    expect = np.zeros((6, 2, 3))
    for r in range(6):
        j, i = divmod(r, 2)  # row r of flatten(X.T) is X[i, j]
        expect[r, i, j] = 2 * (1 - np.tanh(Xv[i, j]) ** 2)
    np.testing.assert_allclose(out, expect, atol=1e-12)


def test_a_step_reshaping_to_the_shape_of_a_value_it_computes_compiles():
    # grad of cumsum reshapes to Shape(a 1-d value computed in the step): the inner shape program reads that
    # value's symbolic shape instead of computing the value on the host
    x = T.dvector("x")
    J = theano.gradient.jacobian(T.cumsum(x ** 2), x)
    xv = np.linspace(-1.0, 1.0, 5)
    np.testing.assert_allclose(theano.function([x], J)(xv), np.tril(np.ones((5, 5))) * (2 * xv))
