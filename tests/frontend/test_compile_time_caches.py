"""The caches that keep theano.function's compile time down (issue 13) give what recomputing gives."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend import dtypes
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.graph import io_toposort


def _graphs() -> list[tuple[list, list]]:
    x, y = T.fvector("x"), T.fmatrix("y")
    w = theano.shared(np.ones((3, 3), dtype="float32"), name="w")
    chain = x
    for _ in range(20):
        chain = T.tanh(chain) * np.float32(0.9) + np.float32(0.1)
    h = T.tanh(T.dot(y, w))
    cost = T.mean(T.nnet.softmax(h)[T.arange(y.shape[0]), 0])
    mid = T.exp(x)
    return [([x], [chain]), ([y, w], [cost] + T.grad(cost, [w])), ([x], [chain, chain * 2, x]),
            ([mid], [T.log(mid) + 1])]  # an intermediate variable as input


@pytest.mark.parametrize("k", range(4))
def test_fresh_clone_toposort_is_the_clones_own(k: int) -> None:
    ins, outs = _graphs()[k]
    fg = FunctionGraph(ins, outs)
    assert fg.toposort() == io_toposort(fg.inputs, fg.outputs)
    assert list(fg.apply_nodes) == io_toposort(fg.inputs, fg.outputs)


def test_toposort_cache_follows_changes() -> None:
    x = T.fvector("x")
    fg = FunctionGraph([x], [T.exp(T.tanh(x)) * 2])
    first = fg.toposort()
    first.clear()  # the caller's list is its own
    assert len(fg.toposort()) == 4
    tanh_out = [n for n in fg.toposort() if "tanh" in str(n.op)][0].outputs[0]
    fg.replace(tanh_out, T.sin(fg.inputs[0]), reason="test")
    order = fg.toposort()
    assert order == io_toposort(fg.inputs, fg.outputs)
    assert any("sin" in str(n.op) for n in order) and not any("tanh" in str(n.op) for n in order)
    fg.outputs.append(fg.inputs[0] + 1)  # outputs changed in place: the cache notices
    fg._rebuild()
    assert fg.toposort() == io_toposort(fg.inputs, fg.outputs)


def test_check_dtype_cache_matches_numpy() -> None:
    for spec in ["float32", np.float32, np.dtype("int16"), "int8", bool, "bool", "complex64", float, "uint8"]:
        for _ in range(2):  # first computed, then from the cache
            assert dtypes.check_dtype(spec) == str(np.dtype(spec))
    with pytest.raises(TypeError, match="Unsupported dtype"):
        dtypes.check_dtype("U3")
    with pytest.raises(TypeError, match="Unsupported dtype"):
        dtypes.check_dtype("U3")  # still refused the second time (errors are not cached)


def test_upcast_cache_keyed_on_floatx_and_cast_policy() -> None:
    assert dtypes.upcast("float32", "int64") == "float64"
    with theano.config.change_flags(floatX="float32", cast_policy="numpy+floatX"):
        assert dtypes.upcast("float32", "int64") == "float32"
        assert dtypes.upcast("float32", "float64") == "float64"
    assert dtypes.upcast("float32", "int64") == "float64"
    with theano.config.change_flags(floatX="float32"):
        assert dtypes.check_dtype("floatX") == "float32"
    assert dtypes.check_dtype("floatX") == theano.config.floatX


def test_theano_function_pauses_the_gc_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from theano.passes import pipeline

    seen: list[bool] = []
    original = pipeline.optimize

    def spying(fgraph: FunctionGraph, mode: object, *args: object) -> object:
        seen.append(gc.isenabled())
        return original(fgraph, mode, *args)

    monkeypatch.setattr(pipeline, "optimize", spying)
    x = T.dvector("x")
    assert gc.isenabled()
    f = theano.function([x], T.exp(x))
    assert seen == [False] and gc.isenabled()
    assert np.allclose(f(np.zeros(2)), 1.0)
    with pytest.raises(TypeError):
        theano.function([x], "not a variable")
    assert gc.isenabled()  # back on after an error too
    gc.disable()
    try:
        theano.function([x], T.exp(x))
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
