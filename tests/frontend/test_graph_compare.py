"""scan_utils.equal_computations and scan_utils.clone (frontend/graph_compare.py), as in Theano 1.0.5."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import theano
from theano import tensor as T
from theano.gof.graph import ancestors, io_connection_pattern
from theano.scan_module.scan_utils import clone, equal_computations
from theano.tensor.type_other import NoneConst


def test_same_graph_built_twice_is_equal() -> None:
    x, y = T.vectors("xy")
    assert equal_computations([T.exp(x) * y + 2], [T.exp(x) * y + 2])
    assert equal_computations([x + y], [x + y])


def test_different_ops_or_order_differ() -> None:
    x, y = T.vectors("xy")
    assert not equal_computations([x + y], [x * y])
    assert not equal_computations([x + y], [y + x])
    assert not equal_computations([T.exp(x)], [T.log(x)])


def test_constants_compared_by_value() -> None:
    x = T.vector("x")
    assert equal_computations([x + np.float64(1.5)], [x + T.constant(np.float64(1.5))])
    assert not equal_computations([x + 1.5], [x + 2.5])
    assert equal_computations([T.constant(3.0)], [T.constant(3.0)])
    assert not equal_computations([T.constant(3.0)], [T.constant(4.0)])


def test_none_const_and_multi_output() -> None:
    assert equal_computations([NoneConst], [NoneConst])
    m = T.matrix()
    assert equal_computations(T.max_and_argmax(m), T.max_and_argmax(m))
    mx, am = T.max_and_argmax(m)
    assert not equal_computations([mx], [am])


def test_inputs_matched_pairwise() -> None:
    x, y, a, b = T.vectors("xyab")
    assert not equal_computations([x * y + 1], [a * b + 1])
    assert equal_computations([x * y + 1], [a * b + 1], in_xs=[x, y], in_ys=[a, b])
    assert not equal_computations([x * y + 1], [a * b + 1], in_xs=[x, y], in_ys=[b, a])
    assert not equal_computations([x * y], [a * b], in_xs=[x, y], in_ys=[a])
    assert equal_computations([x], [a], in_xs=[x], in_ys=[a])
    assert not equal_computations([x], [a])


def test_leaf_against_computed_and_type_mismatch() -> None:
    x = T.vector("x")
    assert not equal_computations([x], [x * 1])
    assert not equal_computations([x * 1], [x])
    assert not equal_computations([T.exp(x)], [T.exp(T.fvector("f"))])
    with pytest.raises(AssertionError):
        equal_computations([x], [])


def test_long_chain_is_compared_without_recursion() -> None:
    x = T.vector("x")

    def chain(v: T.TensorVariable, n: int) -> T.TensorVariable:
        for _ in range(n):
            v = T.tanh(v)
        return v

    assert equal_computations([chain(x, 5000)], [chain(x, 5000)])
    assert not equal_computations([chain(x, 5000) + 1], [chain(T.exp(x), 4999) + 1])


def test_shared_subgraphs_are_compared_once() -> None:
    x = T.vector("x")
    a = T.exp(x)
    b = T.exp(x)
    for _ in range(60):  # each level reads the previous one twice: without a cache this is 2**60 work
        a = a * a
        b = b * b
    assert equal_computations([a], [b])


def test_clone_replaces_and_copies_every_node() -> None:
    x, y, z = T.vectors("xyz")
    e = T.exp(x) + y
    out = clone(e, replace={y: z})
    assert equal_computations([out], [T.exp(x) + z])
    old_nodes = {v.owner for v in ancestors([e]) if v.owner is not None}
    new_nodes = {v.owner for v in ancestors([out]) if v.owner is not None}
    assert not old_nodes & new_nodes  # a fresh copy, exp(x) included
    assert x in ancestors([out])  # inputs shared by default
    fn = theano.function([x, z], out)
    np.testing.assert_allclose(fn(np.zeros(2), np.ones(2)), [2.0, 2.0])


def test_clone_list_and_pairs() -> None:
    x, y = T.vectors("xy")
    outs = clone([x * 2, x + 1], replace=[(x, y)])
    assert isinstance(outs, list) and len(outs) == 2
    assert equal_computations(outs, [y * 2, y + 1])


def test_replacement_is_not_applied_inside_the_replacement() -> None:
    x = T.vector("x")
    e = T.exp(x)
    out = clone(e, replace={x: x * 2})
    assert equal_computations([out], [T.exp(x * 2)])


def test_share_inputs_false_clones_leaves() -> None:
    x = T.vector("x")
    s = theano.shared(np.ones(2), name="s")
    out = clone(x * s + 1.0, share_inputs=False)
    leaves = [v for v in ancestors([out]) if v.owner is None]
    assert x not in leaves and s not in leaves
    assert any(getattr(v, "name", None) == "s" for v in leaves)
    assert equal_computations([out], [x * s + 1.0], in_xs=[v for v in leaves if v.name in ("x", "s")],
                              in_ys=[x if v.name == "x" else s for v in leaves if v.name in ("x", "s")])


def test_clone_errors_and_deprecation() -> None:
    x = T.vector("x")
    with pytest.raises(ValueError, match="replace is neither a dictionary"):
        clone(x * 2, replace=3)
    with pytest.raises(TypeError):
        clone(T.exp(x), replace={x: T.matrix("m")})
    m = T.matrix("m")
    loose = clone(T.exp(x), replace={x: m}, strict=False)
    assert loose.ndim == 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clone(x * 2, copy_inputs=True)
    assert any("share_inputs" in str(w.message) for w in caught)


def test_io_connection_pattern() -> None:
    x, y, z = T.matrices("xyz")
    assert io_connection_pattern([x, y, z], [x * y, y * z, T.constant(1.0)]) == [
        [True, False, False], [True, True, False], [False, True, False]]
    # an op's own connection pattern is respected (a shape does not depend on values for gradients)
    d = theano.gradient.disconnected_grad(x) + y
    assert io_connection_pattern([x, y], [d]) == [[False], [True]]
