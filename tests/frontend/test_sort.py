"""TopKOp / topk / argtopk / topk_and_argtopk (tensor/sort.py) against numpy, and sort with a symbolic axis."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.tensor.sort import TopKOp, argtopk, topk, topk_and_argtopk
from theano.tests import unittest_tools as utt

RNG = np.random.RandomState(10)


def _unique_values(shape: tuple, dtype: str = "float64") -> np.ndarray:
    return (RNG.permutation(int(np.prod(shape))) - 7).reshape(shape).astype(dtype)


def _expected(x: np.ndarray, k: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """numpy reference: the k largest (k > 0) or -k smallest, as a sorted set along axis."""
    order = np.argsort(x, axis=axis)
    n = x.shape[axis]
    idx = np.take(order, list(range(n - k, n)) if k > 0 else list(range(-k)), axis=axis)
    return np.sort(np.take_along_axis(x, idx, axis=axis), axis=axis), np.sort(idx, axis=axis)


@pytest.mark.parametrize("k", [1, 3, -1, -4, 5])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int8", "uint16"])
def test_topk_vector_values_and_indices(k: int, dtype: str) -> None:
    x = T.vector(dtype=dtype)
    yv, yi = topk_and_argtopk(x, k, sorted=False, idx_dtype="int32")
    f = theano.function([x], [yv, yi])
    xv = _unique_values((5,), dtype)
    gv, gi = f(xv)
    ev, ei = _expected(xv, k, 0)
    assert gv.dtype == np.dtype(dtype) and gi.dtype == np.dtype("int32")
    np.testing.assert_array_equal(np.sort(gv), ev)
    np.testing.assert_array_equal(np.sort(gi), ei)


@pytest.mark.parametrize("axis", [0, 1, -1, -3])
def test_topk_nd_each_axis(axis: int) -> None:
    x = T.dtensor3()
    xv = _unique_values((3, 4, 5))
    for k in (2, -2):
        gv = theano.function([x], topk(x, k, axis=axis, sorted=False))(xv)
        np.testing.assert_array_equal(np.sort(gv, axis=axis), _expected(xv, k, axis)[0])
        gi = theano.function([x], argtopk(x, k, axis=axis, sorted=False))(xv)
        np.testing.assert_array_equal(np.sort(gi, axis=axis), _expected(xv, k, axis)[1])


def test_symbolic_kth_goes_through_the_shape_program() -> None:
    x, k = T.dmatrix(), T.lscalar()
    f = theano.function([x, k], topk_and_argtopk(x, k, axis=1, sorted=False))
    xv = _unique_values((3, 6))
    for kv in (1, 4, -2, -6):
        gv, gi = f(xv, kv)
        assert gv.shape == (3, abs(kv))
        np.testing.assert_array_equal(np.sort(gv, axis=1), _expected(xv, kv, 1)[0])
        np.testing.assert_array_equal(np.sort(gi, axis=1), _expected(xv, kv, 1)[1])
    with pytest.raises(ValueError, match="kth cannot be zero"):
        f(xv, 0)
    with pytest.raises(ValueError, match="larger than the size"):
        f(xv, 7)


def test_axis_none_flattens_and_one_output_is_left_after_rewrites() -> None:
    x = T.dmatrix()
    f = theano.function([x], argtopk(x, 2, axis=None, sorted=False))
    nodes = [n for n in f.maker.fgraph.apply_nodes if isinstance(n.op, TopKOp)]
    assert len(nodes) == 1 and len(nodes[0].outputs) == 1 and not nodes[0].op.return_values
    xv = _unique_values((3, 4))
    np.testing.assert_array_equal(np.sort(f(xv)), np.sort(np.argsort(xv.ravel())[-2:]))


def test_topk_errors_and_printing() -> None:
    x = T.dvector()
    with pytest.raises(NotImplementedError):
        topk(x, 2)  # sorted=True is not implemented in Theano 1.0.5 either
    with pytest.raises(TypeError):
        TopKOp(idx_dtype="float32", sorted=False)
    with pytest.raises(ValueError):
        TopKOp(sorted=False, return_values=False, return_indices=False)
    with pytest.raises(IndexError):
        TopKOp(axis=2, sorted=False)(T.dmatrix(), 1)
    with pytest.raises(ValueError):
        TopKOp(sorted=False)(T.dscalar(), 1)
    assert str(TopKOp(axis=0, sorted=False)) == "TopKOp{axis=0, sorted=False}"


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_topk_grad(dtype: str) -> None:
    xv = _unique_values((3, 5), dtype) / 3
    utt.verify_grad(lambda a: topk(a, 2, axis=1, sorted=False), [xv], eps=1e-2 if dtype == "float32" else 1e-7)
    utt.verify_grad(lambda a: topk(a, -2, axis=0, sorted=False), [xv], eps=1e-2 if dtype == "float32" else 1e-7)


def test_topk_infer_shape() -> None:
    x = T.dtensor3()
    yv, yi = topk_and_argtopk(x, -3, axis=1, sorted=False, idx_dtype="int32")
    f = theano.function([x], [yv.shape, yi.shape])
    sv, si = f(_unique_values((2, 4, 5)))
    assert tuple(sv) == tuple(si) == (2, 3, 5)
    assert not any(isinstance(n.op, TopKOp) for n in f.maker.fgraph.apply_nodes)


def test_sort_with_a_symbolic_axis() -> None:
    a, axis = T.dmatrix(), T.scalar()
    f = theano.function([a, axis], [T.sort(a, axis), T.argsort(a, T.cast(axis, "int64"))])
    m = RNG.rand(3, 4)
    for ax in (0, 1, -1):
        s, i = f(m, ax)
        np.testing.assert_array_equal(s, np.sort(m, ax))
        np.testing.assert_array_equal(i, np.argsort(m, ax))
