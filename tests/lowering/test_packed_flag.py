"""Off the CPU a call that returns numpy arrays reads its error flag and its scalar outputs (a cost) back in one
device-to-host transfer (lowering/runtime_checks.checked_program's `pack`). The packing is switched on here for
the CPU (PACK_SCALARS_SKIPPED_ON), so that its values, dtypes and error path are checked on every machine."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.lowering import function as function_module


@pytest.fixture
def packing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(function_module, "PACK_SCALARS_SKIPPED_ON", frozenset())


def build(floatX: str = "float64") -> tuple:
    rng = np.random.RandomState(0)
    w = theano.shared(rng.randn(5, 3).astype(floatX), name="w")
    x, y = T.matrix("x", dtype=floatX), T.ivector("y")
    p = T.nnet.softmax(T.dot(x, w))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])  # the labels are checked by the program
    gw = T.grad(cost, w)
    outs = [cost, p, y.sum(), T.eq(y[0], 1), cost.astype("float16"), (w ** 2).sum()]
    f = theano.function([x, y], outs, updates=[(w, w - np.asarray(0.1, floatX) * gw)])
    return f, w


def data(floatX: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1)
    return rng.randn(8, 5).astype(floatX), rng.randint(0, 3, 8).astype("int32")


@pytest.mark.parametrize("floatX", ["float64", "float32"])
def test_packed_outputs_equal_the_unpacked_ones(packing: None, floatX: str) -> None:
    f_packed, w_packed = build(floatX)
    assert [k for k, _, _ in f_packed._pack_layout] == [0, 2, 3, 4, 5]  # the 0-d outputs
    xv, yv = data(floatX)
    got = f_packed(xv, yv)
    function_module.PACK_SCALARS_SKIPPED_ON = frozenset({"cpu"})
    f_plain, w_plain = build(floatX)
    want = f_plain(xv, yv)
    assert f_plain._pack_layout == ()
    for g, w in zip(got, want):
        assert isinstance(g, np.ndarray) and g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g, w)
    np.testing.assert_array_equal(w_packed.get_value(), w_plain.get_value())
    got[0][...] = 0  # a fresh, writable array
    assert f_packed(xv, yv)[0] != 0


def test_a_failed_check_raises_and_commits_nothing(packing: None) -> None:
    f, w = build()
    xv, yv = data()
    w_before = w.get_value()
    bad = yv.copy()
    bad[3] = 9
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        f(xv, bad)
    assert f._pack_layout
    np.testing.assert_array_equal(w.get_value(), w_before)
    f(xv, yv)
    assert not np.array_equal(w.get_value(), w_before)


def test_without_checks_nothing_is_packed(packing: None) -> None:
    x = T.dvector("x")
    f = theano.function([x], [x.sum(), x * 2])
    s, d = f(np.arange(3.0))
    assert float(s) == 3.0 and d.tolist() == [0.0, 2.0, 4.0]
